// Discovery from an email address against real network servers on loopback: a DNS responder for
// MX records and HTTPS autoconfig servers with certificates from a per-run test CA, reached
// through the app's own wiring (config.json → services → `setup.discover`).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadAppConfig } from '../../main/config/app-config';
import { createTrustedFetch } from '../../main/auth/trusted-fetch';
import { providerPresets } from '../../main/auth/provider-presets';
import { discoverFromAddress } from '../../main/discovery/discover';
import { createMxResolver } from '../../main/discovery/mx-resolver';
import { createSessionSecretStore } from '../../main/secrets/session-secret-store';
import { startAppServices, type AppServices } from '../stack/app-services';
import { createTestCa } from '../stack/test-ca';
import { startMxDnsServer, type MxDnsServer } from './mx-dns-server';

const autoconfigXml = `<?xml version="1.0"?>
<clientConfig version="1.1">
  <emailProvider id="files.test">
    <incomingServer type="imap">
      <hostname>imap.%EMAILDOMAIN%</hostname><port>143</port><socketType>STARTTLS</socketType>
    </incomingServer>
    <incomingServer type="imap">
      <hostname>imap.%EMAILDOMAIN%</hostname><port>993</port><socketType>SSL</socketType>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.files.test</hostname><port>587</port><socketType>STARTTLS</socketType>
    </outgoingServer>
  </emailProvider>
</clientConfig>`;

let dir: string;
let dns: MxDnsServer;
let trusted: https.Server;
let untrusted: https.Server;
let plain: http.Server;
const trustedRequests: string[] = [];
const plainRequests: string[] = [];
let caPem: string;
let app: AppServices;

const baseOf = (server: https.Server | http.Server, scheme: 'https' | 'http') =>
  `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function listen<S extends http.Server | https.Server>(server: S): Promise<S> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'harbor-discovery-'));
  const ca = await createTestCa(path.join(dir, 'ca'));
  const otherCa = await createTestCa(path.join(dir, 'other-ca'));
  caPem = ca.caPem;
  const certificate = await ca.issue('autoconfig', ['IP:127.0.0.1']);
  const stranger = await otherCa.issue('autoconfig', ['IP:127.0.0.1']);
  dns = await startMxDnsServer({
    'workspace.test': [
      { exchange: 'aspmx.l.google.com', priority: 1 },
      { exchange: 'alt1.aspmx.l.google.com', priority: 5 },
    ],
    'm365.test': [{ exchange: 'm365-test.mail.protection.outlook.com', priority: 0 }],
    'lookalike.test': [{ exchange: 'mx.notgoogle.com', priority: 10 }],
    'nothing.test': [],
  });
  plain = await listen(
    http.createServer((request, response) => {
      plainRequests.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'application/xml' }).end(autoconfigXml);
    }),
  );
  trusted = await listen(
    https.createServer({ cert: certificate.certPem, key: certificate.keyPem }, (request, response) => {
      const url = request.url ?? '';
      trustedRequests.push(url);
      if (url.startsWith('/files.test/mail/config-v1.1.xml?emailaddress=')) {
        response.writeHead(200, { 'content-type': 'application/xml' }).end(autoconfigXml);
      } else if (url.startsWith('/moved.test/')) {
        response.writeHead(302, { location: `${baseOf(plain, 'http')}/moved.test/mail/config-v1.1.xml` }).end();
      } else if (url.startsWith('/huge.test/')) {
        response.writeHead(200, { 'content-type': 'application/xml' });
        response.end(`<clientConfig>${'<x/>'.repeat(100_000)}</clientConfig>`);
      } else {
        response.writeHead(404).end();
      }
    }),
  );
  untrusted = await listen(
    https.createServer({ cert: stranger.certPem, key: stranger.keyPem }, (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/xml' }).end(autoconfigXml);
    }),
  );

  // The app's own configuration path: config.json names the DNS server, the autoconfig base and the CA.
  const configDir = path.join(dir, 'config');
  await writeFile(path.join(dir, 'ca.pem'), ca.caPem);
  await mkdir(configDir);
  await writeFile(
    path.join(configDir, 'config.json'),
    JSON.stringify({
      extraTrustedCaFiles: [path.join(dir, 'ca.pem')],
      discovery: { dnsServers: [dns.address], autoconfigBaseUrl: baseOf(trusted, 'https') },
    }),
  );
  app = await startAppServices({ configDir, secrets: createSessionSecretStore() });
});

afterAll(async () => {
  await app?.close();
  await dns?.close();
  for (const server of [trusted, untrusted, plain]) {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

const discover = (email: string) => app.client.call('setup.discover', { email });

/** Discovery with the same DNS server and CA but another autoconfig base. */
const discoverWithBase = (email: string, autoconfigBase: string) =>
  discoverFromAddress(email, {
    resolver: createMxResolver({ servers: [dns.address] }),
    autoconfigBase,
    fetch: createTrustedFetch({ extraCa: [caPem] }),
    providers: providerPresets,
  });

describe('discovery from an email address, over the network', () => {
  it('sends a domain whose MX hosts are Google to Google', async () => {
    expect(await discover('ann@workspace.test')).toEqual({ kind: 'provider', providerId: 'google' });
    expect(dns.questions).toContain('workspace.test 15');
  });

  it('sends a domain whose MX host is Microsoft 365 mail protection to Microsoft', async () => {
    expect(await discover('ann@M365.test')).toEqual({ kind: 'provider', providerId: 'microsoft' });
  });

  it('reads the servers from the autoconfig file over verified HTTPS', async () => {
    expect(await discover('ann@files.test')).toEqual({
      kind: 'servers',
      imap: { host: 'imap.files.test', port: 993, security: 'tls' },
      smtp: { host: 'smtp.files.test', port: 587, security: 'starttls' },
      source: 'autoconfig',
    });
    expect(dns.questions).toContain('files.test 15');
    expect(trustedRequests).toContain('/files.test/mail/config-v1.1.xml?emailaddress=ann%40files.test');
  });

  it('asks the person when neither MX nor autoconfig says anything', async () => {
    expect(await discover('ann@nothing.test')).toEqual({ kind: 'manual' });
    expect(await discover('ann@lookalike.test')).toEqual({ kind: 'manual' });
    expect(await discover('ann@unknown.test')).toEqual({ kind: 'manual' });
  });

  it('knows the built-in providers by domain without asking DNS', async () => {
    const before = dns.questions.length;
    expect(await discover('ann@outlook.com')).toEqual({ kind: 'provider', providerId: 'microsoft' });
    expect(dns.questions.length).toBe(before);
  });

  it('refuses autoconfig over http: as configured, and as a redirect', async () => {
    expect(await discoverWithBase('ann@files.test', baseOf(plain, 'http'))).toEqual({ kind: 'manual' });
    expect(await discover('ann@moved.test')).toEqual({ kind: 'manual' });
    expect(trustedRequests.some((url) => url.startsWith('/moved.test/'))).toBe(true);
    expect(plainRequests).toEqual([]);

    const configDir = path.join(dir, 'http-config');
    await mkdir(configDir);
    await writeFile(
      path.join(configDir, 'config.json'),
      JSON.stringify({ discovery: { autoconfigBaseUrl: baseOf(plain, 'http') } }),
    );
    await expect(loadAppConfig(configDir)).rejects.toThrow(ConfigError);
  });

  it('refuses an autoconfig server whose certificate is not trusted, and an oversized file', async () => {
    expect(await discoverWithBase('ann@files.test', baseOf(untrusted, 'https'))).toEqual({ kind: 'manual' });
    expect(await discover('ann@huge.test')).toEqual({ kind: 'manual' });
  });

  it('says in plain words when the address is not one', async () => {
    await expect(discover('ann@localhost')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
