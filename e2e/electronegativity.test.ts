import dns from 'node:dns';
import { copyFile, cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { acceptedFindings, excludedChecks, failingSeverity } from './electronegativity.config';

// Electronegativity (static checks for Electron misconfigurations) over the built app and its
// sources. It runs offline: the release lookup is excluded and name resolution is refused, so its
// attempt to fetch translations fails at once and it falls back to the bundled English texts.

interface Finding {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name: string; value: number };
  confidence: { name: string };
  description: string;
}

interface ScanResult {
  issues: Finding[];
  errors: { file: string; message: string; tolerable: boolean }[];
}

type Electronegativity = (options: {
  input: string;
  excludeFromScan: string[];
  electronVersionOverride: string;
}) => Promise<ScanResult>;

const require = createRequire(import.meta.url);
const electronegativity = require('@doyensec/electronegativity') as Electronegativity;
const { severity } = require('@doyensec/electronegativity/dist/finder/attributes') as {
  severity: Record<string, { value: number }>;
};
const root = path.resolve(import.meta.dirname, '..');
const electronVersion = (require('electron/package.json') as { version: string }).version;

let workDir: string;
const refusedLookups: string[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'electronegativity-'));
  vi.spyOn(dns, 'lookup').mockImplementation(((hostname: string, ...rest: unknown[]) => {
    refusedLookups.push(hostname);
    const callback = rest.at(-1) as (error: Error) => void;
    process.nextTick(() => callback(Object.assign(new Error(`offline scan: ${hostname}`), { code: 'ENOTFOUND' })));
  }) as unknown as typeof dns.lookup);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await rm(workDir, { recursive: true, force: true });
});

async function scan(input: string): Promise<ScanResult> {
  return electronegativity({
    input,
    excludeFromScan: excludedChecks.map(({ check }) => check),
    electronVersionOverride: electronVersion,
  });
}

/**
 * Electronegativity reads only .js/.ts/.html files, so the .cjs bundles are copied under a .js
 * name, next to the built renderer. Returns the copy's directory and a map back to dist/ names.
 */
async function builtAppCopy(): Promise<{ dir: string; originalName: (file: string) => string }> {
  const distApp = path.join(root, 'dist', 'app');
  const bundles = (await readdir(distApp).catch(() => [])).filter((name) => name.endsWith('.cjs'));
  if (!bundles.includes('main.cjs') || !bundles.includes('preload.cjs')) {
    throw new Error('dist/app/main.cjs and dist/app/preload.cjs are missing: run `npm run build` first.');
  }
  const dir = path.join(workDir, 'built');
  await cp(path.join(root, 'dist', 'renderer'), path.join(dir, 'renderer'), { recursive: true });
  await cp(distApp, path.join(dir, 'app'), { recursive: true, filter: (source) => !source.endsWith('.cjs') });
  await Promise.all(
    bundles.map((name) => copyFile(path.join(distApp, name), path.join(dir, 'app', name.replace(/\.cjs$/, '.js')))),
  );
  return {
    dir,
    originalName: (file) =>
      path
        .join('dist', path.relative(dir, file))
        .replace(/^dist\/app\/(.*)\.js$/, (whole: string, name: string) =>
          bundles.includes(`${name}.cjs`) ? `dist/app/${name}.cjs` : whole,
        ),
  };
}

function failing(result: ScanResult, relativeName: (file: string) => string): string[] {
  return result.issues
    .filter((issue) => issue.severity.value >= severity[failingSeverity]!.value)
    .map((issue) => ({ ...issue, file: relativeName(issue.file) }))
    .filter((issue) => !acceptedFindings.some(({ id, file }) => id === issue.id && file === issue.file))
    .map((issue) => `${issue.id} in ${issue.file}:${issue.location.line} — ${issue.description}`);
}

function unparsed(result: ScanResult): string[] {
  return result.errors.filter((error) => !error.tolerable).map((error) => `${error.file}: ${error.message}`);
}

describe('Electronegativity', () => {
  it('finds a window without context isolation (the scan is live)', async () => {
    const dir = path.join(workDir, 'insecure');
    await mkdir(dir);
    await writeFile(
      path.join(dir, 'window.js'),
      "const { BrowserWindow } = require('electron');\n" +
        'new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });\n',
    );
    const ids = (await scan(dir)).issues.filter((issue) => issue.severity.name === 'HIGH').map((issue) => issue.id);
    expect(ids).toContain('CONTEXT_ISOLATION_JS_CHECK');
  }, 60_000);

  it('reports no high-severity finding in the built app (dist/app bundles and dist/renderer)', async () => {
    const built = await builtAppCopy();
    const result = await scan(built.dir);
    expect(unparsed(result)).toEqual([]);
    expect(failing(result, built.originalName)).toEqual([]);
  }, 180_000);

  it('reports no high-severity finding in the app/ sources, and every accepted one is still there', async () => {
    const result = await scan(path.join(root, 'app'));
    expect(unparsed(result)).toEqual([]);
    expect(failing(result, (file) => path.relative(root, file))).toEqual([]);
    const found = result.issues.map((issue) => `${issue.id} ${path.relative(root, issue.file)}`);
    for (const { id, file } of acceptedFindings) expect(found).toContain(`${id} ${file}`);
  }, 60_000);

  it('reached for nothing but its translation file, and was refused', () => {
    expect(new Set(refusedLookups)).toEqual(new Set(['electronegativity-i18n.s3.us-west-2.amazonaws.com']));
  });
});
