import { describe, expect, it, vi } from 'vitest';
import { contract, type EventName } from '../../shared/ipc/contract';
import { passwordProviderId } from '../../shared/server-provider';
import { createAccountRepository } from '../accounts/account-repository';
import { createSessionSecretStore } from '../secrets/session-secret-store';
import { openDatabase } from '../store/database';
import { createServices } from './create-services';
import { recordingMailEngine } from './recording-mail-engine.test-support';

const imap = { host: 'mail.example', port: 993, security: 'tls' } as const;

function setup() {
  const db = openDatabase(':memory:');
  const events: { event: EventName; payload: unknown }[] = [];
  const open = vi.fn(async () => undefined);
  const engine = recordingMailEngine();
  const services = createServices({
    config: {
      configDir: '/nonexistent',
      providers: [],
      clientIds: {},
      clientSecrets: {},
      extraCa: [],
      discovery: { dnsServers: null, autoconfigBaseUrl: null },
      remoteImages: { allowPrivateNetwork: false },
      sendRateLimit: { messages: 30, perSeconds: 60 },
      undoSendSeconds: 5,
    },
    host: 'browser',
    version: 'test',
    // As the real emitter: every payload must pass the contract.
    emitter: { emit: (event, payload) => events.push({ event, payload: contract.events[event].parse(payload) }) },
    opener: { open },
    db,
    secrets: { store: createSessionSecretStore(), warning: null },
    bringToFront: () => undefined,
    startMailEngine: () => engine,
    saveFile: async () => false,
    log: () => undefined,
  });
  const accounts = createAccountRepository(db);
  const add = (email: string, authKind: 'oauth' | 'password') =>
    accounts.upsertOnSignIn(
      {
        providerId: passwordProviderId(imap.host),
        email,
        displayName: null,
        issuer: '',
        clientId: '',
        scopes: [],
        imap,
        smtp: imap,
        authKind,
      },
      1,
    );
  return { services, events, open, add };
}

describe('auth.signInAgain', () => {
  it('refuses an app-password account in plain words, with no browser opened', async () => {
    const t = setup();
    const carol = t.add('carol@mail.example', 'password');
    await expect(t.services['auth.signInAgain']({ accountId: carol.id })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/new app password/),
    });
    expect(t.open).not.toHaveBeenCalled();
  });

  it('says so for an account that is not set up', async () => {
    const t = setup();
    await expect(t.services['auth.signInAgain']({ accountId: 'sandbox:nobody@harbor.test' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('activity.recorded', () => {
  it('names only the account an entry was recorded for', async () => {
    const t = setup();
    const carol = t.add('carol@mail.example', 'password');
    await t.services['auth.signOut']({ accountId: carol.id });
    const recorded = t.events.filter(({ event }) => event === 'activity.recorded');
    expect(recorded.length).toBeGreaterThan(0);
    for (const { payload } of recorded) expect(payload).toEqual({ accountId: carol.id });
  });
});
