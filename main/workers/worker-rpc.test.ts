import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { createRpcPeer } from './worker-rpc';

const channels: MessageChannel[] = [];
afterEach(() => channels.splice(0).forEach((channel) => channel.port1.close()));

type Loose = { [method: string]: (args: object) => unknown };

function pair(left: Record<string, (args: never) => unknown>, right: Record<string, (args: never) => unknown>) {
  const channel = new MessageChannel();
  channels.push(channel);
  return { left: createRpcPeer<Loose>(channel.port1, left), right: createRpcPeer<Loose>(channel.port2, right) };
}

describe('worker rpc', () => {
  it('calls both ways and carries notices', async () => {
    const notices: unknown[] = [];
    const { left, right } = pair(
      { double: async ({ n }: { n: number }) => n * 2 },
      { greet: ({ name }: { name: string }) => `hello ${name}` },
    );
    right.onNotice((name, payload) => notices.push([name, payload]));
    expect(await right.call('double', { n: 21 })).toBe(42);
    expect(await left.call('greet', { name: 'bob' })).toBe('hello bob');
    left.notify('changed', { folderIds: [1] });
    await expect.poll(() => notices).toEqual([['changed', { folderIds: [1] }]]);
  });

  it('passes an AppError through and hides any other error', async () => {
    const { right } = pair(
      {
        refused: async () => {
          throw new AppError('SIGN_IN_REQUIRED', 'Sign in again.');
        },
        leaky: async () => {
          throw new Error('token=abc123 leaked');
        },
      },
      {},
    );
    await expect(right.call('refused', {})).rejects.toMatchObject({
      code: 'SIGN_IN_REQUIRED',
      message: 'Sign in again.',
    });
    const leaked = await right.call('leaky', {}).catch((error: AppError) => error);
    expect(leaked).toMatchObject({ code: 'INTERNAL' });
    expect(String((leaked as AppError).message)).not.toContain('abc123');
    await expect(right.call('missing', {})).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' });
  });

  it('fails pending calls when the other side is gone', async () => {
    const { right } = pair({ never: () => new Promise(() => undefined) }, {});
    const call = right.call('never', {});
    right.failPending(new AppError('INTERNAL', 'The mail engine stopped.'));
    await expect(call).rejects.toMatchObject({ message: 'The mail engine stopped.' });
  });
});
