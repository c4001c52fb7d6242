import { describe, expect, it } from 'vitest';
import { providerPresets } from '../auth/provider-presets';
import { autoconfigUrls, discoverFromAddress, MAX_AUTOCONFIG_BYTES, type DiscoveryDependencies } from './discover';
import type { DiscoveryFetch } from './https-text';
import type { MxRecord } from './provider-match';

const autoconfig = `<clientConfig version="1.1"><emailProvider id="example.org">
<incomingServer type="imap"><hostname>imap.example.org</hostname><port>993</port><socketType>SSL</socketType></incomingServer>
<outgoingServer type="smtp"><hostname>smtp.example.org</hostname><port>465</port><socketType>SSL</socketType></outgoingServer>
</emailProvider></clientConfig>`;

type Route = (url: string, signal: AbortSignal) => Response | Promise<Response>;

function setup(
  mx: Record<string, MxRecord[]>,
  routes: Record<string, Route>,
  overrides: Partial<DiscoveryDependencies> = {},
) {
  const requested: string[] = [];
  const lookedUp: string[] = [];
  const fetch: DiscoveryFetch = async (url, init) => {
    requested.push(url);
    expect(init.redirect).toBe('manual');
    const route = routes[url];
    if (!route) throw new TypeError('fetch failed');
    return route(url, init.signal);
  };
  const dependencies: DiscoveryDependencies = {
    resolver: {
      resolveMx: async (domain) => {
        lookedUp.push(domain);
        const records = mx[domain];
        if (!records) throw Object.assign(new Error(`queryMx ENOTFOUND ${domain}`), { code: 'ENOTFOUND' });
        return records;
      },
    },
    autoconfigBase: null,
    fetch,
    providers: providerPresets,
    ...overrides,
  };
  return { dependencies, requested, lookedUp };
}

const xml =
  (body: string, init: ResponseInit = {}) =>
  () =>
    new Response(body, { status: 200, ...init });
const firstUrl = (email: string) => autoconfigUrls(email, email.split('@')[1] ?? '', null)[0] ?? '';

describe('discovery from an email address', () => {
  it('knows a provider by its domain without any network request', async () => {
    const { dependencies, requested, lookedUp } = setup({}, {});
    expect(await discoverFromAddress('Ann@GMail.com', dependencies)).toEqual({
      kind: 'provider',
      providerId: 'google',
    });
    expect(requested).toEqual([]);
    expect(lookedUp).toEqual([]);
  });

  it('knows the servers of app-password providers, SMTP on its own host, without any network request', async () => {
    const { dependencies, requested, lookedUp } = setup({}, {});
    expect(await discoverFromAddress('ann@icloud.com', dependencies)).toEqual({
      kind: 'servers',
      imap: { host: 'imap.mail.me.com', port: 993, security: 'tls' },
      smtp: { host: 'smtp.mail.me.com', port: 587, security: 'starttls' },
      source: 'known',
    });
    for (const address of ['ann@me.com', 'ann@Mac.com'])
      expect(await discoverFromAddress(address, dependencies)).toMatchObject({ imap: { host: 'imap.mail.me.com' } });
    for (const address of ['bob@aol.com', 'bob@aol.co.uk', 'bob@aol.de', 'bob@aim.com'])
      expect(await discoverFromAddress(address, dependencies)).toMatchObject({
        imap: { host: 'imap.aol.com' },
        smtp: { host: 'smtp.aol.com', port: 465 },
      });
    expect(requested).toEqual([]);
    expect(lookedUp).toEqual([]);
  });

  it('then by MX host, before asking for an autoconfig file', async () => {
    const { dependencies, requested } = setup(
      { 'corp.example': [{ exchange: 'corp-example.mail.protection.outlook.com', priority: 0 }] },
      { [firstUrl('a@corp.example')]: xml(autoconfig) },
    );
    expect(await discoverFromAddress('a@corp.example', dependencies)).toEqual({
      kind: 'provider',
      providerId: 'microsoft',
    });
    expect(requested).toEqual([]);
  });

  it('does not offer a provider the app does not have', async () => {
    const { dependencies } = setup(
      { 'corp.example': [{ exchange: 'aspmx.l.google.com', priority: 1 }] },
      {},
      { providers: providerPresets.filter((preset) => preset.id !== 'google') },
    );
    expect(await discoverFromAddress('a@corp.example', dependencies)).toEqual({ kind: 'manual' });
  });

  it('then the autoconfig file: autoconfig.<domain> first, then the well-known location', async () => {
    const email = 'ann+tag@example.org';
    const [first, second] = autoconfigUrls(email, 'example.org', null);
    expect(first).toBe('https://autoconfig.example.org/mail/config-v1.1.xml?emailaddress=ann%2Btag%40example.org');
    expect(second).toBe('https://example.org/.well-known/autoconfig/mail/config-v1.1.xml');
    const { dependencies, requested } = setup({}, { [second ?? '']: xml(autoconfig) });
    expect(await discoverFromAddress(email, dependencies)).toEqual({
      kind: 'servers',
      imap: { host: 'imap.example.org', port: 993, security: 'tls' },
      smtp: { host: 'smtp.example.org', port: 465, security: 'tls' },
      source: 'autoconfig',
    });
    expect(requested).toEqual([first, second]);
  });

  it('asks only the configured autoconfig base when there is one', async () => {
    const base = 'https://127.0.0.1:8443/autoconfig/';
    const url = 'https://127.0.0.1:8443/autoconfig/example.org/mail/config-v1.1.xml?emailaddress=a%40example.org';
    const { dependencies, requested } = setup({}, { [url]: xml(autoconfig) }, { autoconfigBase: base });
    expect((await discoverFromAddress('a@example.org', dependencies)).kind).toBe('servers');
    expect(requested).toEqual([url]);
  });

  it('follows redirects to https only', async () => {
    const email = 'a@example.org';
    const moved = 'https://config.example.net/example.org.xml';
    const redirect = (location: string) => () => new Response(null, { status: 301, headers: { location } });
    const toHttps = setup({}, { [firstUrl(email)]: redirect(moved), [moved]: xml(autoconfig) });
    expect((await discoverFromAddress(email, toHttps.dependencies)).kind).toBe('servers');

    const toHttp = setup({}, { [firstUrl(email)]: redirect('http://config.example.net/x.xml') });
    expect(await discoverFromAddress(email, toHttp.dependencies)).toEqual({ kind: 'manual' });
    expect(toHttp.requested.some((url) => url.startsWith('http:'))).toBe(false);

    const loop = setup({}, { [firstUrl(email)]: redirect(firstUrl(email)) });
    expect(await discoverFromAddress(email, loop.dependencies)).toEqual({ kind: 'manual' });
    expect(loop.requested.length).toBeLessThan(10);
  });

  it('never asks over http, even when configured to', async () => {
    const { dependencies, requested } = setup({}, {}, { autoconfigBase: 'http://127.0.0.1:8080' });
    expect(await discoverFromAddress('a@example.org', dependencies)).toEqual({ kind: 'manual' });
    expect(requested).toEqual([]);
  });

  it('gives up on huge, slow, failed or unusable answers and asks the person', async () => {
    const email = 'a@example.org';
    const huge = `<clientConfig>${' '.repeat(MAX_AUTOCONFIG_BYTES)}</clientConfig>`;
    const streamedHuge = () => {
      const chunk = new Uint8Array(16 * 1024).fill(0x20);
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          sent += 1;
          if (sent > 1_000) controller.close();
          else controller.enqueue(chunk);
        },
      });
      return new Response(body, { status: 200 });
    };
    const slow: Route = (_url, signal) =>
      new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    for (const route of [
      xml(huge),
      streamedHuge,
      slow,
      xml(autoconfig, { status: 404 }),
      xml('<html><body>Not here</body></html>'),
      xml(autoconfig.replace(/SSL/g, 'plain')),
      () => new Response(new Uint8Array([0x3c, 0xff, 0xfe]), { status: 200 }),
    ]) {
      const { dependencies } = setup({}, { [firstUrl(email)]: route }, { autoconfigTimeoutMs: 200 });
      expect(await discoverFromAddress(email, dependencies)).toEqual({ kind: 'manual' });
    }
  });

  it('refuses what is not an address, in plain words', async () => {
    const { dependencies } = setup({}, {});
    for (const bad of ['no-at-sign', 'a@localhost', 'a@exa mple.org', 'a@']) {
      await expect(discoverFromAddress(bad, dependencies)).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: expect.stringContaining('does not look like an email address'),
      });
    }
  });
});
