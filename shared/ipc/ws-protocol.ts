import { z } from 'zod';
import { addAttachmentInput } from '../compose-models';

// Frames of the WebSocket transport used by the browser host (development and tests only).
export const wsSubprotocol = 'harbor-ipc.v1';
/** The per-run token travels as a second offered subprotocol: `harbor-token.<hex>`. */
export const wsTokenPrefix = 'harbor-token.';

export const clientFrame = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  method: z.string().max(100),
  input: z.unknown(),
});
export type ClientFrame = z.infer<typeof clientFrame>;

export const serverFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('reply'), id: z.number().int(), reply: z.unknown() }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);
export type ServerFrame = z.infer<typeof serverFrame>;

function maxLength(schema: z.ZodString): number {
  if (schema.maxLength === null) throw new Error('An attachment field has no maximum length.');
  return schema.maxLength;
}

/**
 * The largest call the contract allows is compose.addAttachment at its limits: base64 (one byte a
 * character) and a file name and type in which JSON escapes every character to six bytes (\u0000).
 * The Electron host carries that much, so the browser host must too; a larger frame is refused.
 */
function largestCallBytes(): number {
  const { filename, contentType, dataBase64 } = addAttachmentInput.shape;
  const envelope = JSON.stringify({
    type: 'call',
    id: Number.MAX_SAFE_INTEGER,
    method: 'compose.addAttachment',
    input: {
      draftId: Number.MAX_SAFE_INTEGER,
      filename: '\u0000'.repeat(maxLength(filename)),
      contentType: '\u0000'.repeat(maxLength(contentType)),
      dataBase64: '',
    },
  });
  return envelope.length + maxLength(dataBase64);
}

/** The largest frame (bytes) the browser host accepts from a page; the page sends none larger. */
export const maxFrameBytes = largestCallBytes();
