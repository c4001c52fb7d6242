import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The import rules are part of the architecture, so they are tested like code.
const eslint = new ESLint();

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? 'fatal');
}

describe('import boundaries', () => {
  it.each([
    'main/some-service.ts',
    'main/ipc/electron-something.ts',
    'renderer/some-view.ts',
    'shared/some-model.ts',
    'e2e/some-spec.ts',
  ])("refuses import 'electron' in %s", async (file) => {
    expect(await ruleIds("import 'electron';\n", file)).toContain('no-restricted-imports');
  });

  it('refuses a dynamic import of electron outside app/', async () => {
    expect(await ruleIds("export const load = () => import('electron');\n", 'main/lazy.ts')).toContain(
      'no-restricted-syntax',
    );
  });

  it.each(['app/some-window.ts', 'app/ipc/electron-something.ts'])('allows electron in %s', async (file) => {
    expect(await ruleIds("import 'electron';\n", file)).toEqual([]);
  });

  it.each([
    [
      'renderer/view.ts',
      "import { createServices } from '../main/services/create-services';\nexport const x = createServices;\n",
    ],
    [
      'shared/model.ts',
      "import { createServices } from '../main/services/create-services';\nexport const x = createServices;\n",
    ],
    [
      'main/service.ts',
      "import { guardSession } from '../app/security/session-guards';\nexport const x = guardSession;\n",
    ],
  ])('refuses a cross-boundary import in %s', async (file, code) => {
    expect(await ruleIds(code, file)).toContain('import/no-restricted-paths');
  });

  it.each(['shared/model.ts', 'renderer/view.ts'])('refuses Node built-ins in %s', async (file) => {
    expect(await ruleIds("import fs from 'node:fs';\nexport const x = fs;\n", file)).toContain('no-restricted-imports');
  });

  it.each([
    [
      'main/service.ts',
      "import { openTestStore } from './mail/store/mail-store.test-support';\nexport const x = openTestStore;\n",
    ],
    ['renderer/view.ts', "import { mountRoot } from './test-root.test-support';\nexport const x = mountRoot;\n"],
    ['app/window.ts', "import { messages } from '../renderer/hostile.fixtures';\nexport const x = messages;\n"],
  ])('refuses a test helper in production code: %s', async (file, code) => {
    expect(await ruleIds(code, file)).toContain('no-restricted-imports');
  });

  it.each([
    [
      'main/service.test.ts',
      "import { openTestStore } from './mail/store/mail-store.test-support';\nexport const x = openTestStore;\n",
    ],
    [
      'main/other.test-support.ts',
      "import { openTestStore } from './mail/store/mail-store.test-support';\nexport const x = openTestStore;\n",
    ],
  ])('allows test helpers in tests: %s', async (file, code) => {
    expect((await ruleIds(code, file)).filter((id) => id === 'no-restricted-imports')).toEqual([]);
  });

  it('allows main/ to import shared/', async () => {
    expect(
      await ruleIds("import { AppError } from '../shared/errors';\nexport const x = AppError;\n", 'main/x.ts'),
    ).toEqual([]);
  });
});
