// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { IpcError } from '../../shared/ipc/client';
import type { ServerCertificate } from '../../shared/mail-models';
import type { ServerProbeResult } from '../../shared/models';
import { fakeMailClient } from '../mail/mail.test-support';
import { OtherServer } from './other-server';
import { useTestRoot } from '../test-root.test-support';

const fingerprintOf = (seed: number) =>
  Array.from({ length: 32 }, (_, index) => ((index * seed) % 256).toString(16).padStart(2, '0'))
    .join(':')
    .toUpperCase();
const server = { host: 'mail.home.test', port: 993, security: 'tls' } as const;
const selfSigned: ServerCertificate = {
  host: server.host,
  port: server.port,
  fingerprint256: fingerprintOf(7),
  subject: 'CN=home',
  issuer: 'CN=home',
  validFrom: '2025-01-01T00:00:00.000Z',
  validTo: '2035-01-01T00:00:00.000Z',
  problem: 'untrusted',
  reason: 'The certificate of mail.home.test:993 is not trusted: it is self-signed.',
};
const changed: ServerCertificate = {
  ...selfSigned,
  fingerprint256: fingerprintOf(11),
  problem: 'changed',
  reason: 'The certificate of mail.home.test:993 changed since you trusted it.',
};
const probed: ServerProbeResult = {
  host: server.host,
  port: server.port,
  tls: { protocol: 'TLSv1.3', authorized: true },
  capabilities: ['IMAP4rev1', 'AUTH=PLAIN'],
  authMechanisms: ['PLAIN'],
  oauth: null,
};
const refused = (reason: string) => new IpcError('TLS_FAILED', reason);

const view = useTestRoot();

const button = (name: string) =>
  [...view.host.querySelectorAll('button')].find((candidate) => candidate.textContent === name) ?? null;
const block = () => view.host.querySelector('.certificate-exception');

/** Answers each call with the next of `answers` (a value, or an error to throw). */
function inTurn<T>(...answers: Array<T | Error>) {
  return () => {
    const next = answers.shift();
    if (next === undefined) throw new Error('no more answers in this test');
    if (next instanceof Error) throw next;
    return next;
  };
}

async function render(fake: ReturnType<typeof fakeMailClient>, onSignedIn?: (accountId: string) => void) {
  await act(async () =>
    view.root.render(
      <OtherServer
        client={fake.client}
        onSignIn={() => undefined}
        onSignedIn={onSignedIn}
        prefill={{ email: 'carol@home.test', imap: server }}
      />,
    ),
  );
}

const click = async (name: string) => {
  const target = button(name);
  if (!target) throw new Error(`no button "${name}"`);
  await act(async () => target.click());
};

function type(input: HTMLInputElement, value: string) {
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  setValue.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('a server whose certificate is refused while setting it up', () => {
  it('shows the certificate main saw, pins exactly it on request, and checks the server again', async () => {
    const fake = fakeMailClient({
      'servers.probe': inTurn<ServerProbeResult>(refused(selfSigned.reason), probed),
      'servers.inspectCertificate': () => selfSigned,
      'servers.trustCertificate': () => ({}),
    });
    await render(fake);
    await click('Check server');

    expect(fake.callsOf('servers.inspectCertificate')).toEqual([{ ...server, protocol: 'imap' }]);
    const text = block()!.textContent;
    expect(text).toContain(`${selfSigned.reason} SHA-256 fingerprint: ${selfSigned.fingerprint256}`);
    expect(text).toContain('Issued to CN=home by CN=home, valid from');
    expect(text).toContain('2025');
    expect(text).toContain('2035');

    await click('Trust this certificate');
    expect(fake.callsOf('servers.trustCertificate')).toEqual([
      { ...server, protocol: 'imap', fingerprint256: selfSigned.fingerprint256 },
    ]);
    expect(fake.callsOf('servers.probe')).toEqual([
      { ...server, email: 'carol@home.test' },
      { ...server, email: 'carol@home.test' },
    ]);
    expect(block()).toBeNull();
    expect(view.host.querySelector('.probe-report.ok')?.textContent).toContain('mail.home.test:993 answers securely');
  });

  it('asks again, saying so, when the server later shows another certificate', async () => {
    const fake = fakeMailClient({
      'servers.probe': inTurn<ServerProbeResult>(refused(selfSigned.reason), refused(changed.reason)),
      'servers.inspectCertificate': inTurn(selfSigned, changed),
      'servers.trustCertificate': () => ({}),
    });
    await render(fake);
    await click('Check server');
    await click('Trust this certificate');

    expect(fake.callsOf('servers.inspectCertificate')).toHaveLength(2);
    const text = block()!.textContent;
    expect(text).toContain(`${changed.reason} SHA-256 fingerprint: ${changed.fingerprint256}`);
    expect(text).toContain('Trust the new certificate only if you know the server changed it.');
  });

  it('trusts nothing when the user declines, and keeps the refusal in view', async () => {
    const fake = fakeMailClient({
      'servers.probe': inTurn<ServerProbeResult>(refused(selfSigned.reason)),
      'servers.inspectCertificate': () => selfSigned,
    });
    await render(fake);
    await click('Check server');
    await click('Don’t trust it');

    expect(block()).toBeNull();
    expect(fake.callsOf('servers.trustCertificate')).toEqual([]);
    expect(view.host.querySelector('.probe-report.failed')?.textContent).toContain(selfSigned.reason);
  });

  it('offers no exception for a certificate main will not trust, nor for failures other than TLS', async () => {
    const expired = 'The certificate of mail.home.test:993 has expired, so it cannot be trusted by exception.';
    const fake = fakeMailClient({
      'servers.probe': inTurn<ServerProbeResult>(
        refused('The certificate of mail.home.test:993 is not trusted: it has expired.'),
        new IpcError('CONNECTION_FAILED', 'Nothing answers at mail.home.test:993.'),
      ),
      'servers.inspectCertificate': () => {
        throw refused(expired);
      },
    });
    await render(fake);
    await click('Check server');
    expect(block()?.textContent).toBe(expired);
    expect(button('Trust this certificate')).toBeNull();

    await click('Check server');
    expect(block()).toBeNull();
    expect(fake.callsOf('servers.inspectCertificate')).toHaveLength(1);
  });
});

describe('an app-password sign-in refused for the certificate', () => {
  it('offers the exception and signs in again with the same password once it is trusted', async () => {
    const signedIn: string[] = [];
    const fake = fakeMailClient({
      'servers.probe': () => probed,
      'auth.signInWithPassword': inTurn<{ accountId: string }>(refused(changed.reason), { accountId: 'acct:carol' }),
      'servers.inspectCertificate': () => changed,
      'servers.trustCertificate': () => ({}),
    });
    await render(fake, (accountId) => signedIn.push(accountId));
    await click('Check server');
    await act(async () => type(view.host.querySelector('input[type=password]')!, 'app-password-1'));
    await click('Sign in with app password');

    expect(view.host.querySelector('.app-password [role=alert]')?.textContent).toBe(changed.reason);
    expect(block()!.textContent).toContain(changed.fingerprint256);
    await click('Trust this certificate');

    expect(fake.callsOf('servers.trustCertificate')).toEqual([
      { ...server, protocol: 'imap', fingerprint256: changed.fingerprint256 },
    ]);
    const attempt = {
      email: 'carol@home.test',
      password: 'app-password-1',
      imap: server,
      smtp: { host: server.host, port: 465, security: 'tls' },
    };
    expect(fake.callsOf('auth.signInWithPassword')).toEqual([attempt, attempt]);
    expect(signedIn).toEqual(['acct:carol']);
  });
});

describe('an app-password sign-in to a provider whose SMTP server has a name of its own', () => {
  it('sends the SMTP server, port and security the person entered', async () => {
    const fake = fakeMailClient({
      'servers.probe': () => probed,
      'auth.signInWithPassword': () => ({ accountId: 'acct:carol' }),
    });
    await render(fake, () => undefined);
    await click('Check server');
    const form = view.host.querySelector('.app-password')!;
    const field = (label: string) =>
      [...form.querySelectorAll('label')]
        .find((candidate) => candidate.textContent?.startsWith(label))!
        .querySelector('input, select')!;
    expect((field('SMTP server') as HTMLInputElement).value).toBe(server.host);
    await act(async () => {
      type(field('SMTP server') as HTMLInputElement, 'smtp.home.test');
      type(field('SMTP port') as HTMLInputElement, '587');
      const select = field('SMTP security') as HTMLSelectElement;
      select.value = 'starttls';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      type(form.querySelector('input[type=password]')!, 'app-password-1');
    });
    await click('Sign in with app password');
    expect(fake.callsOf('auth.signInWithPassword')).toEqual([
      {
        email: 'carol@home.test',
        password: 'app-password-1',
        imap: server,
        smtp: { host: 'smtp.home.test', port: 587, security: 'starttls' },
      },
    ]);
  });
});

describe('a check the person cancels', () => {
  /** A call that stays open until the test ends it, as a slow server would keep it. */
  function pending<T>() {
    let end: (outcome: T | Error) => void = () => undefined;
    const answer = () =>
      new Promise<T>((resolve, reject) => {
        end = (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome));
      });
    return { answer, end: (outcome: T | Error) => act(async () => end(outcome)) };
  }
  const cancelled = (message: string) => new IpcError('SIGN_IN_CANCELLED', message);

  it('offers Cancel while the server check runs, asks main to cancel, and goes back to the form', async () => {
    const probe = pending<ServerProbeResult>();
    const fake = fakeMailClient({
      'servers.probe': probe.answer,
      'servers.cancelCheck': () => ({ cancelled: true }),
    });
    await render(fake);
    expect(button('Cancel')).toBeNull();
    await click('Check server');

    expect(view.host.querySelector('.probe-report')?.textContent).toContain('Checking mail.home.test:993');
    expect(button('Check server')?.disabled).toBe(true);
    await click('Cancel');
    expect(fake.callsOf('servers.cancelCheck')).toEqual([{}]);

    await probe.end(cancelled('The server check was cancelled.'));
    expect(view.host.querySelector('.probe-report')).toBeNull();
    expect(button('Cancel')).toBeNull();
    expect(button('Check server')?.disabled).toBe(false);
  });

  it('offers Cancel while the app password is checked, and shows no error once it is cancelled', async () => {
    const signIn = pending<{ accountId: string }>();
    const signedIn: string[] = [];
    const fake = fakeMailClient({
      'servers.probe': () => probed,
      'auth.signInWithPassword': signIn.answer,
      'servers.cancelCheck': () => ({ cancelled: true }),
    });
    await render(fake, (accountId) => signedIn.push(accountId));
    await click('Check server');
    await act(async () => type(view.host.querySelector('input[type=password]')!, 'app-password-1'));
    expect(button('Cancel')).toBeNull();
    await click('Sign in with app password');

    expect(button('Checking the app password…')?.disabled).toBe(true);
    await click('Cancel');
    expect(fake.callsOf('servers.cancelCheck')).toEqual([{}]);

    await signIn.end(cancelled('The sign-in was cancelled; nothing was saved.'));
    expect(view.host.querySelector('.app-password [role=alert]')).toBeNull();
    expect(button('Cancel')).toBeNull();
    expect(button('Sign in with app password')?.disabled).toBe(false);
    expect(signedIn).toEqual([]);
  });
});
