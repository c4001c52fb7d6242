import { randomUUID } from 'node:crypto';
import type { FlagsPayload } from './pending-action';

// Undo ids live in memory only: they are good for a short while after the user acted, so a
// restart may forget them. Each names the queued move actions one user command created; once a
// move ran on the server, what it did (folders and UID pairs) is kept for the same while so the
// move can be reversed. A flag change (read, star) keeps the flags it replaced instead.

export const undoWindowMs = 30_000;

export interface CompletedMove {
  accountId: string;
  sourceMailboxId: number;
  targetMailboxId: number;
  /** [UID in the source, UID in the target] as the server reported (COPYUID). */
  uidPairs: [number, number][];
}

export interface UndoRegistry {
  /** `flagChanges`: the flag actions of the command, whose `previous` flags an undo puts back. */
  register(actionIds: number[], flagChanges?: FlagsPayload[]): string;
  /**
   * The move actions of a live undo id, each with its completed move when it ran already, and
   * its flag changes; the id is used up. null when unknown or expired.
   */
  take(
    undoId: string,
  ): { moves: { actionId: number; move: CompletedMove | undefined }[]; flagChanges: FlagsPayload[] } | null;
  /** Remembers a completed move, if a live undo id covers it. */
  completed(actionId: number, move: CompletedMove): void;
}

export function createUndoRegistry(now: () => number): UndoRegistry {
  const entries = new Map<string, { actionIds: number[]; flagChanges: FlagsPayload[]; expiresAt: number }>();
  const moves = new Map<number, CompletedMove>();

  const prune = () => {
    const at = now();
    for (const [undoId, entry] of entries) {
      if (entry.expiresAt > at) continue;
      entries.delete(undoId);
      for (const id of entry.actionIds) moves.delete(id);
    }
  };
  const covered = (actionId: number) => [...entries.values()].some((entry) => entry.actionIds.includes(actionId));

  return {
    register(actionIds, flagChanges = []) {
      prune();
      const undoId = randomUUID();
      entries.set(undoId, { actionIds, flagChanges, expiresAt: now() + undoWindowMs });
      return undoId;
    },
    take(undoId) {
      prune();
      const entry = entries.get(undoId);
      if (!entry) return null;
      entries.delete(undoId);
      const taken = entry.actionIds.map((actionId) => {
        const move = moves.get(actionId);
        moves.delete(actionId);
        return { actionId, move };
      });
      return { moves: taken, flagChanges: entry.flagChanges };
    },
    completed(actionId, move) {
      prune();
      if (covered(actionId)) moves.set(actionId, move);
    },
  };
}
