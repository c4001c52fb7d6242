import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAppConfig } from './app-config';

let configDir: string | undefined;
afterEach(async () => {
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
