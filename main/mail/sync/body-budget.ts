/** Bytes of message source asked for in one body-pass FETCH, by the sizes the server announced. */
export const BODY_BATCH_BYTES = 16 * 1024 * 1024;

/**
 * A message whose announced size is above this keeps its body on the server during the body pass;
 * it is fetched when the message is opened.
 */
export const BODY_CEILING_BYTES = 25 * 1024 * 1024;

/** Bytes of message source being parsed at once. */
export const PARSE_BYTES_IN_FLIGHT = 32 * 1024 * 1024;

export interface SizedUid {
  uid: number;
  size: number;
}

/**
 * The messages in order, cut into FETCH batches of at most `maxCount` messages and `maxBytes`
 * (a message larger than that goes alone).
 */
export function sizedBatches(messages: SizedUid[], maxBytes: number, maxCount: number): SizedUid[][] {
  const batches: SizedUid[][] = [];
  let batch: SizedUid[] = [];
  let bytes = 0;
  for (const message of messages) {
    if (batch.length > 0 && (batch.length >= maxCount || bytes + message.size > maxBytes)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(message);
    bytes += message.size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}
