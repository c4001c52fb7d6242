/** An IMAP sequence set for ascending or descending UIDs: [1,2,3,7,9,10] -> "1:3,7,9:10". */
export function uidSet(uids: readonly number[]): string {
  const sorted = [...uids].sort((a, b) => a - b);
  if (sorted.length === 0) return '';
  const parts: string[] = [];
  let start = sorted[0] as number;
  let end = start;
  for (const uid of sorted.slice(1)) {
    if (uid === end || uid === end + 1) {
      end = uid;
      continue;
    }
    parts.push(start === end ? `${start}` : `${start}:${end}`);
    start = end = uid;
  }
  parts.push(start === end ? `${start}` : `${start}:${end}`);
  return parts.join(',');
}

/** The UIDs in batches of `size`, newest (highest) first, each batch ascending. */
export function newestFirstBatches(uids: readonly number[], size: number): number[][] {
  const descending = [...uids].sort((a, b) => b - a);
  const batches: number[][] = [];
  for (let i = 0; i < descending.length; i += size) batches.push(descending.slice(i, i + size).reverse());
  return batches;
}

/** Elements of `a` not in `b`; both ascending. */
export function missingFrom(a: readonly number[], b: readonly number[]): number[] {
  const present = new Set(b);
  return a.filter((uid) => !present.has(uid));
}
