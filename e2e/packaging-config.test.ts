import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// electron-builder.yml cannot be exercised on machines without the Electron binary, so it is
// checked against electron-builder's own schema and for the protections it must keep.
const require = createRequire(import.meta.url);
const { load } = require('js-yaml') as { load(text: string): Record<string, unknown> };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, debugLogger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

async function packagingConfig() {
  return load(await readFile('electron-builder.yml', 'utf8'));
}

describe('electron-builder.yml', () => {
  it('is valid for electron-builder', async () => {
    await expect(validateConfiguration(await packagingConfig(), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('turns off the fuses that would let anyone run the app as Node or inspect it', async () => {
    expect((await packagingConfig()).electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
    });
  });

  it('ships only the built app, with native modules unpacked from asar', async () => {
    const config = await packagingConfig();
    expect(config.files).toEqual(expect.arrayContaining(['dist/app/**', 'dist/renderer/**']));
    expect(JSON.stringify(config.files)).not.toMatch(/e2e|browser-host|\.ts/);
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(['node_modules/better-sqlite3/**', 'node_modules/keytar/**']),
    );
  });

  it('builds AppImage and deb, dmg, and nsis', async () => {
    const config = (await packagingConfig()) as Record<string, { target: string[] }>;
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.win?.target).toEqual(['nsis']);
  });
});
