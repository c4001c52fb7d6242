// A small seeded pseudo-random generator (sfc32) so generated mail is the same bytes for the
// same seed on every machine. Never Math.random: test data has to be reproducible.

/** FNV-1a over a string, used to turn a seed plus a label (e.g. the owner's address) into state. */
function hashString(text: string, basis = 0x811c9dc5): number {
  let hash = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

const HEX_PAIRS = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, label = '') {
    const key = `${seed}:${label}`;
    this.a = hashString(key, 0x9e3779b9);
    this.b = hashString(key, 0x243f6a88);
    this.c = hashString(key, 0xb7e15162);
    this.d = 1;
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Pick by weight: `[[value, weight], ...]`. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, weight] of entries) total += weight;
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = entries[entries.length - 1];
    if (!last) throw new Error('weighted pick from an empty list');
    return last[0];
  }

  /** Log-uniform in [min, max]: many small values, a long tail of large ones. */
  logUniform(min: number, max: number): number {
    return Math.round(min * Math.pow(max / min, this.next()));
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) {
      const word = this.nextUint32();
      out +=
        HEX_PAIRS[word & 0xff]! +
        HEX_PAIRS[(word >>> 8) & 0xff]! +
        HEX_PAIRS[(word >>> 16) & 0xff]! +
        HEX_PAIRS[word >>> 24]!;
    }
    return out.length === length ? out : out.slice(0, length);
  }

  bytes(length: number): Buffer {
    const words = new Uint32Array(Math.ceil(length / 4));
    for (let i = 0; i < words.length; i++) words[i] = this.nextUint32();
    return Buffer.from(words.buffer, 0, length);
  }
}
