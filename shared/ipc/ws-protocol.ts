import { z } from 'zod';

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
