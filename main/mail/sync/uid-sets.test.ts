import { describe, expect, it } from 'vitest';
import { missingFrom, newestFirstBatches, uidSet } from './uid-sets';

describe('UID sets', () => {
  it('packs runs into ranges', () => {
    expect(uidSet([9, 1, 2, 3, 7, 10])).toBe('1:3,7,9:10');
    expect(uidSet([5])).toBe('5');
    expect(uidSet([])).toBe('');
  });

  it('batches newest first, every UID exactly once', () => {
    const uids = [1, 2, 3, 5, 8, 13, 21];
    const batches = newestFirstBatches(uids, 3);
    expect(batches).toEqual([[8, 13, 21], [2, 3, 5], [1]]);
    expect(batches.flat().sort((a, b) => a - b)).toEqual(uids);
  });

  it('finds what one side lacks', () => {
    expect(missingFrom([1, 2, 3, 4], [2, 4, 6])).toEqual([1, 3]);
  });
});
