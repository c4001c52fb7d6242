import type { ListPage, MessageRow } from '../../shared/mail-models';

export type LoadPage = (offset: number, limit: number) => Promise<ListPage>;
type FlagPatch = Partial<Pick<MessageRow, 'unread' | 'flagged'>>;

interface Page {
  rows: MessageRow[];
  generation: number;
}

/**
 * The pages of one list view that have been fetched, for a list too long to load whole.
 * Only the pages the screen needs are fetched; a refresh keeps showing the old rows until
 * their new version arrives, and a reply from before the latest refresh is dropped.
 * Rows acted on (archived, deleted, moved) are hidden at once, before the store catches up.
 */
export class MailListPages {
  total: number | null = null;
  error: string | null = null;
  private version = 0;
  private generation = 0;
  private wanted: [number, number] = [0, 0];
  private readonly pages = new Map<number, Page>();
  private readonly inFlight = new Set<string>();
  private readonly hidden = new Set<number>();
  private readonly patches = new Map<number, FlagPatch>();
  private readonly listeners = new Set<() => void>();
  private hiddenPositionsCache: number[] | null = null;

  constructor(
    private readonly load: LoadPage,
    readonly pageSize = 100,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  /** How many rows the list shows: the store's total less the rows hidden by an action. */
  get count(): number {
    return this.total === null ? 0 : Math.max(0, this.total - this.hiddenPositions().length);
  }

  /** Rows `first`..`last` (as shown) are on screen: fetch the pages they fall in that are missing or old. */
  ensure(first: number, last: number): void {
    this.wanted = [first, last];
    const start = Math.floor(this.toStoreIndex(first) / this.pageSize);
    const end = Math.floor(this.toStoreIndex(Math.max(first, last)) / this.pageSize);
    for (let page = start; page <= end; page++) {
      if (this.pages.get(page)?.generation !== this.generation) this.fetch(page);
    }
  }

  /** The stored messages changed: fetch the pages on screen again, keeping the rest until needed. */
  refresh(): void {
    this.generation++;
    const [first, last] = this.wanted;
    const start = Math.floor(this.toStoreIndex(first) / this.pageSize);
    const end = Math.floor(this.toStoreIndex(last) / this.pageSize);
    for (const page of this.pages.keys()) if (page < start || page > end) this.pages.delete(page);
    this.changed();
    this.ensure(first, last);
  }

  rowAt(index: number): MessageRow | undefined {
    const storeIndex = this.toStoreIndex(index);
    const row = this.pages.get(Math.floor(storeIndex / this.pageSize))?.rows[storeIndex % this.pageSize];
    const patch = row && this.patches.get(row.id);
    return row && patch ? { ...row, ...patch } : row;
  }

  /** Where a loaded, shown row is in the list, or null; a conversation's row is found by any of its messages. */
  indexOf(id: number): number | null {
    for (const [page, { rows }] of this.pages) {
      const at = rows.findIndex((row) => row.id === id || row.conversation?.messageIds.includes(id));
      if (at >= 0) return this.rowHidden(rows[at]!) ? null : this.toShownIndex(page * this.pageSize + at);
    }
    return null;
  }

  /** Whether an action took this message out of the list a moment ago. */
  hides(id: number): boolean {
    return this.hidden.has(id);
  }

  /** A conversation's row leaves the list once all its messages are hidden. */
  private rowHidden(row: MessageRow): boolean {
    return (row.conversation?.messageIds ?? [row.id]).every((id) => this.hidden.has(id));
  }

  hide(ids: number[]): void {
    for (const id of ids) this.hidden.add(id);
    this.changed();
  }

  unhide(ids: number[]): void {
    for (const id of ids) this.hidden.delete(id);
    this.changed();
  }

  /** Shows a flag change at once; kept until a fetched page agrees with it. */
  patch(id: number, patch: FlagPatch): void {
    this.patches.set(id, { ...this.patches.get(id), ...patch });
    this.changed();
  }

  unpatch(id: number): void {
    this.patches.delete(id);
    this.changed();
  }

  private fetch(page: number): void {
    const generation = this.generation;
    const key = `${generation}:${page}`;
    if (this.inFlight.has(key)) return;
    this.inFlight.add(key);
    this.load(page * this.pageSize, this.pageSize).then(
      (reply) => {
        this.inFlight.delete(key);
        if (generation !== this.generation) return;
        this.pages.set(page, { rows: reply.rows, generation });
        this.total = reply.total;
        this.error = null;
        for (const row of reply.rows) this.dropPatchIfStored(row);
        this.changed();
      },
      (reason: unknown) => {
        this.inFlight.delete(key);
        if (generation !== this.generation) return;
        this.error = reason instanceof Error ? reason.message : 'The messages could not be loaded.';
        this.changed();
      },
    );
  }

  private dropPatchIfStored(row: MessageRow): void {
    const patch = this.patches.get(row.id);
    if (!patch) return;
    const agrees = (patch.unread ?? row.unread) === row.unread && (patch.flagged ?? row.flagged) === row.flagged;
    if (agrees) this.patches.delete(row.id);
  }

  /** Store positions, ascending, of loaded rows that are hidden. */
  private hiddenPositions(): number[] {
    if (this.hiddenPositionsCache) return this.hiddenPositionsCache;
    const positions: number[] = [];
    if (this.hidden.size > 0) {
      for (const [page, { rows }] of this.pages) {
        rows.forEach((row, at) => this.rowHidden(row) && positions.push(page * this.pageSize + at));
      }
      positions.sort((a, b) => a - b);
    }
    this.hiddenPositionsCache = positions;
    return positions;
  }

  private toStoreIndex(shown: number): number {
    let index = shown;
    for (const position of this.hiddenPositions()) {
      if (position > index) break;
      index++;
    }
    return index;
  }

  private toShownIndex(storeIndex: number): number {
    return storeIndex - this.hiddenPositions().filter((position) => position < storeIndex).length;
  }

  private changed(): void {
    this.hiddenPositionsCache = null;
    this.version++;
    for (const listener of this.listeners) listener();
  }
}
