import { _electron as electron } from '@playwright/test';
import { installedElectronBinary } from '../../app/electron-binary';
import { expect, test } from './fixtures';

// Runs where the Electron binary is installed. Where it is not (as on machines that cannot
// download it), the test is reported as skipped, never as passed.
test.skip(!installedElectronBinary(), 'The Electron binary is not installed on this machine.');

test('the Electron app checks the Sandbox IMAP server end to end', async ({ sandbox }) => {
  const app = await electron.launch({
    args: ['.'],
    env: { ...process.env, HARBOR_CONFIG_DIR: sandbox.facts.configDir },
  });
  try {
    const window = await app.firstWindow();
    expect(window.url()).toBe('app://harbor/index.html');
    await window.getByLabel('IMAP server').fill('127.0.0.1');
    await window.getByLabel('Port').fill(String(sandbox.facts.imap.port));
    await window.getByRole('button', { name: 'Check server' }).click();
    await expect(window.getByRole('status', { name: 'Server check' })).toContainText(
      `${sandbox.facts.issuer}/.well-known/openid-configuration`,
    );
    const reachable = await window.evaluate(() => ({
      require: typeof (globalThis as Record<string, unknown>).require,
      process: typeof (globalThis as Record<string, unknown>).process,
    }));
    expect(reachable).toEqual({ require: 'undefined', process: 'undefined' });
  } finally {
    await app.close();
  }
});
