import { describe, expect, it } from 'vitest';
import { sizedBatches } from './body-budget';

const sized = (...sizes: number[]) => sizes.map((size, index) => ({ uid: 100 - index, size }));
const uidsOf = (batches: { uid: number }[][]) => batches.map((batch) => batch.map(({ uid }) => uid));

describe('body-pass batches', () => {
  it('cut by bytes, in order; a message above the byte bound goes alone', () => {
    expect(uidsOf(sizedBatches(sized(4, 4, 4, 20, 1, 9, 2), 10, 100))).toEqual([[100, 99], [98], [97], [96, 95], [94]]);
  });

  it('cut by count too', () => {
    expect(uidsOf(sizedBatches(sized(1, 1, 1, 1, 1), 100, 2))).toEqual([[100, 99], [98, 97], [96]]);
  });
});
