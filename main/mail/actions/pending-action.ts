import { z } from 'zod';

// What the queue remembers of one server change, as stored in pending_actions.payload (JSON). Each
// action touches one folder of one account, addressed by UID under the UIDVALIDITY the store knew
// when the user acted: if the server's UIDVALIDITY differs by replay time, the UIDs mean other
// messages and the action is dropped.

const uid = z.number().int().positive();
const folder = z.object({ mailboxId: z.number().int().positive(), path: z.string(), uidValidity: z.number().int() });

/** The user's before-state of one message, to put back if the server refuses the change. */
const previousFlags = z.object({ uid, seen: z.boolean(), flagged: z.boolean() });

export const flagsPayload = folder.extend({
  uids: z.array(uid).min(1),
  seen: z.boolean().optional(),
  flagged: z.boolean().optional(),
  previous: z.array(previousFlags),
});

export const movePayload = folder.extend({
  uids: z.array(uid).min(1),
  target: z.object({ mailboxId: z.number().int().positive(), path: z.string() }),
});

/** Permanent deletion (UID STORE \Deleted + UID EXPUNGE) of exactly these UIDs. */
export const expungePayload = folder.extend({ uids: z.array(uid).min(1) });

export type FlagsPayload = z.infer<typeof flagsPayload>;
export type MovePayload = z.infer<typeof movePayload>;
export type ExpungePayload = z.infer<typeof expungePayload>;

export type ActionBody =
  | { kind: 'flags'; payload: FlagsPayload }
  | { kind: 'move'; payload: MovePayload }
  | { kind: 'expunge'; payload: ExpungePayload };

export type PendingAction = ActionBody & {
  id: number;
  accountId: string;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number | null;
  lastError: string | null;
};

const payloadSchemas = { flags: flagsPayload, move: movePayload, expunge: expungePayload } as const;

/** Reads a stored row back; a row this version cannot read yields null (it is then dropped). */
export function parseActionBody(kind: string, payloadJson: string): ActionBody | null {
  if (!Object.hasOwn(payloadSchemas, kind)) return null;
  let json: unknown;
  try {
    json = JSON.parse(payloadJson);
  } catch {
    return null;
  }
  const parsed = payloadSchemas[kind as keyof typeof payloadSchemas].safeParse(json);
  return parsed.success ? ({ kind, payload: parsed.data } as ActionBody) : null;
}
