import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../errors';
import type { ServerProbeResult } from '../models';
import { createClient, IpcError } from './client';
import { createMemoryTransport } from './memory-transport';
import { createEmitter, serve, type ServiceImpl } from './serve';

const probeResult: ServerProbeResult = {
  host: 'imap.example.com',
  port: 993,
  tls: { protocol: 'TLSv1.3', authorized: true },
  capabilities: ['IMAP4rev1', 'AUTH=OAUTHBEARER'],
  authMechanisms: ['OAUTHBEARER'],
  oauth: null,
};

// Only the methods these tests call; the contract layer is the same for every method.
function services(overrides: Partial<ServiceImpl> = {}): ServiceImpl {
  return {
    'app.info': async () => ({ name: 'Harbor Mail', version: '1.0.0', host: 'browser' }),
    'providers.list': async () => [],
    'servers.probe': async () => probeResult,
    'links.open': async () => ({ opened: true }),
    ...overrides,
  } as ServiceImpl;
}

function setup(overrides: Partial<ServiceImpl> = {}, onUnexpectedError = vi.fn()) {
  const { client, host } = createMemoryTransport();
  serve(services(overrides), host, { onUnexpectedError });
  return { api: createClient(client), raw: client, emitter: createEmitter(host), onUnexpectedError };
}

describe('the IPC contract', () => {
  it('answers a valid call with the typed value', async () => {
    const { api } = setup();
    await expect(api.call('app.info', {})).resolves.toEqual({ name: 'Harbor Mail', version: '1.0.0', host: 'browser' });
  });

  it('applies input defaults before the service sees the input', async () => {
    const probe = vi.fn(async () => probeResult);
    const { api } = setup({ 'servers.probe': probe });
    await api.call('servers.probe', { host: ' imap.example.com ', port: 993 });
    expect(probe).toHaveBeenCalledWith({ host: 'imap.example.com', port: 993, security: 'tls' });
  });

  it('refuses invalid input with INVALID_INPUT and never calls the service', async () => {
    const probe = vi.fn(async () => probeResult);
    const { raw } = setup({ 'servers.probe': probe });
    const reply = await raw.invoke('servers.probe', { host: 'imap.example.com', port: 70000 });
    expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((reply as { error: { message: string } }).error.message).toContain('port');
    expect(probe).not.toHaveBeenCalled();
  });

  it('refuses unknown extra fields on strict inputs', async () => {
    const { raw } = setup();
    await expect(raw.invoke('links.open', { url: 'https://a.example', extra: 1 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });

  it('answers UNKNOWN_METHOD for a name outside the contract', async () => {
    const { raw } = setup();
    await expect(raw.invoke('secrets.dump', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD' },
    });
  });

  it('passes an AppError through as code and message', async () => {
    const { api } = setup({
      'links.open': async () => {
        throw new AppError('FORBIDDEN_URL', 'Links of type "smb" are not opened.');
      },
    });
    const error = await api.call('links.open', { url: 'smb://host/share' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpcError);
    expect(error).toMatchObject({ code: 'FORBIDDEN_URL', message: 'Links of type "smb" are not opened.' });
  });

  it('hides the message of an unexpected error and reports it to the host', async () => {
    const onUnexpectedError = vi.fn();
    const { api } = setup(
      {
        'providers.list': async () => {
          throw new Error('refresh_token=abc123 leaked');
        },
      },
      onUnexpectedError,
    );
    const error = (await api.call('providers.list', {}).catch((e: unknown) => e)) as IpcError;
    expect(error.code).toBe('INTERNAL');
    expect(error.message).not.toContain('abc123');
    expect(onUnexpectedError).toHaveBeenCalledWith('providers.list', expect.any(Error));
  });

  it('treats a reply that breaks the contract as a bug, not as data', async () => {
    const { api } = setup({ 'app.info': async () => ({ name: 'x', version: '1', host: 'toaster' }) as never });
    await expect(api.call('app.info', {})).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('delivers valid events and stops after unsubscribe', () => {
    const { api, emitter } = setup();
    const seen: string[] = [];
    const unsubscribe = api.on('servers.probeStep', (payload) => seen.push(payload.step));
    emitter.emit('servers.probeStep', { host: 'h', port: 1, step: 'connecting' });
    unsubscribe();
    emitter.emit('servers.probeStep', { host: 'h', port: 1, step: 'done' });
    expect(seen).toEqual(['connecting']);
  });

  it('refuses to emit an event that breaks its schema', () => {
    const { emitter } = setup();
    expect(() => emitter.emit('servers.probeStep', { host: 'h', port: 1, step: 'exploded' as never })).toThrow();
  });
});

describe('the client side of the contract', () => {
  function clientOver(reply: unknown) {
    return createClient({ invoke: async () => reply, subscribe: () => () => undefined });
  }

  it('rejects a reply that is not an envelope', async () => {
    await expect(clientOver('surprise').call('app.info', {})).rejects.toMatchObject({ code: 'PROTOCOL_ERROR' });
  });

  it('rejects a value that breaks the method output schema', async () => {
    await expect(clientOver({ ok: true, value: { name: 1 } }).call('app.info', {})).rejects.toMatchObject({
      code: 'PROTOCOL_ERROR',
    });
  });

  it('drops events whose payload breaks the schema', () => {
    let deliver: (payload: unknown) => void = () => undefined;
    const api = createClient({
      invoke: async () => null,
      subscribe: (_event, listener) => {
        deliver = listener;
        return () => undefined;
      },
    });
    const seen: unknown[] = [];
    api.on('servers.probeStep', (payload) => seen.push(payload));
    deliver({ host: 'h', port: 'not a number', step: 'done' });
    deliver({ host: 'h', port: 1, step: 'done' });
    expect(seen).toEqual([{ host: 'h', port: 1, step: 'done' }]);
  });
});
