import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadAppConfig } from './app-config';

let configDir: string | undefined;
afterEach(async () => {
  vi.unstubAllEnvs();
  if (configDir) await rm(configDir, { recursive: true, force: true });
  configDir = undefined;
});

async function loadWithProvider(manageAccessUrl: string) {
  configDir = await mkdtemp(path.join(tmpdir(), 'harbor-config-'));
  const provider = {
    id: 'example',
    label: 'Example',
    issuer: 'https://auth.example',
    clientId: 'harbor-desktop',
    manageAccessUrl,
    imap: { host: 'imap.example', port: 993, security: 'tls' },
  };
  await writeFile(path.join(configDir, 'config.json'), JSON.stringify({ providers: [provider] }));
  return loadAppConfig(configDir);
}

describe('a configured provider', () => {
  it('keeps an https: manage-access page', async () => {
    const config = await loadWithProvider('https://auth.example/account/apps');
    expect(config.providers[0]?.manageAccessUrl).toBe('https://auth.example/account/apps');
  });

  it.each(['http://auth.example/apps', 'javascript:alert(1)', 'file:///etc/passwd', 'mailto:admin@example'])(
    'refuses the manage-access page %s',
    async (url) => {
      await expect(loadWithProvider(url)).rejects.toThrow(/providers\.0\.manageAccessUrl .*https: URL/);
    },
  );
});

describe('client secrets', () => {
  async function load(file: unknown) {
    configDir = await mkdtemp(path.join(tmpdir(), 'harbor-config-'));
    await writeFile(path.join(configDir, 'config.json'), JSON.stringify(file));
    return loadAppConfig(configDir);
  }

  it('default to none', async () => {
    expect((await load({})).clientSecrets).toEqual({});
  });

  it('come from the file, like client IDs', async () => {
    const config = await load({ clientIds: { google: 'id' }, clientSecrets: { google: 'file-secret' } });
    expect(config.clientSecrets).toEqual({ google: 'file-secret' });
  });

  it('come from HARBOR_CLIENT_SECRET_<PROVIDER>, which overrides the file', async () => {
    vi.stubEnv('HARBOR_CLIENT_SECRET_GOOGLE', 'env-secret');
    vi.stubEnv('HARBOR_CLIENT_SECRET_YAHOO', 'yahoo-secret');
    vi.stubEnv('HARBOR_CLIENT_ID_GOOGLE', 'env-id');
    const config = await load({ clientSecrets: { google: 'file-secret' } });
    expect(config.clientSecrets).toEqual({ google: 'env-secret', yahoo: 'yahoo-secret' });
    expect(config.clientIds).toMatchObject({ google: 'env-id' });
    expect(config.clientIds).not.toHaveProperty('yahoo');
  });

  it('refuse an empty secret without repeating the file', async () => {
    await expect(load({ clientSecrets: { google: '' } })).rejects.toThrow(/clientSecrets\.google/);
  });
});

describe('trusted certificate files', () => {
  async function loadWithCa(caFile: string) {
    configDir = await mkdtemp(path.join(tmpdir(), 'harbor-config-'));
    await writeFile(path.join(configDir, 'config.json'), JSON.stringify({ extraTrustedCaFiles: [caFile] }));
    return loadAppConfig(configDir);
  }

  it('are read when they are regular files', async () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const folder = await mkdtemp(path.join(tmpdir(), 'harbor-ca-'));
    await writeFile(path.join(folder, 'ca.pem'), pem);
    try {
      expect((await loadWithCa(path.join(folder, 'ca.pem'))).extraCa).toEqual([pem]);
    } finally {
      await rm(folder, { recursive: true });
    }
  });

  // Reading a FIFO waits for a writer: start-up would hang for good.
  it('are refused, naming the path, and without waiting, when they are a FIFO', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'harbor-ca-'));
    const fifo = path.join(folder, 'ca.pem');
    execFileSync('mkfifo', [fifo]);
    try {
      await expect(loadWithCa(fifo)).rejects.toThrow(
        new RegExp(`^The trusted certificate file ${fifo} named in .*config\\.json is not a regular file`),
      );
    } finally {
      await rm(folder, { recursive: true });
    }
  }, 5_000);

  it.each(['/dev/null', '/tmp'])('are refused when they are a device or a folder (%s)', async (caFile) => {
    await expect(loadWithCa(caFile)).rejects.toThrow(`The trusted certificate file ${caFile} named in`);
  });
});
