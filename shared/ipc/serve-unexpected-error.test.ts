import { describe, expect, it } from 'vitest';
import { createClient } from './client';
import { createMemoryTransport } from './memory-transport';
import { serve, type ServiceImpl } from './serve';

// An unexpected error reaches only the host's log (onUnexpectedError), so its reply must not send
// people to the activity log, where nothing about it is written.
describe('the reply to an unexpected error', () => {
  it('says where the failure was written, and not the activity log', async () => {
    const { client, host } = createMemoryTransport();
    const impl = {
      'app.info': async () => {
        throw new Error('a bug');
      },
    } as Partial<ServiceImpl> as ServiceImpl;
    serve(impl, host, { onUnexpectedError: () => undefined });
    const error = (await createClient(client)
      .call('app.info', {})
      .catch((reason: unknown) => reason)) as Error;
    expect(error).toMatchObject({ code: 'INTERNAL' });
    expect(error.message).toMatch(/written to the app's output \(the terminal it was started from/);
    expect(error.message).not.toMatch(/details are in the activity log/);
  });
});
