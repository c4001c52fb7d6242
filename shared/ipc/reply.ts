import { z } from 'zod';
import { errorCodes, type AppErrorShape } from '../errors';

export const replySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z.object({ code: z.enum(errorCodes), message: z.string() }),
  }),
]);

export type Reply<T = unknown> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

export function failure(code: AppErrorShape['code'], message: string): Reply<never> {
  return { ok: false, error: { code, message } };
}
