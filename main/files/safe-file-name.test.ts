import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { safeFileName } from './safe-file-name';
import { saveToFolder } from './save-to-folder';

describe('safeFileName', () => {
  it.each([
    ['report.pdf', 'report.pdf'],
    ['../../.ssh/authorized_keys', 'authorized_keys'],
    ['..\\..\\Windows\\evil.exe', 'evil.exe'],
    ['.bashrc', 'bashrc'],
    ['invoice\u202Efdp.exe', 'invoice_fdp.exe'],
    ['a<b>:c|d?.txt', 'a_b__c_d_.txt'],
    ['CON', 'attachment'],
    ['nul.txt', 'attachment'],
    ['', 'attachment'],
    ['...', 'attachment'],
  ])('%j becomes %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it('keeps the extension of a very long name', () => {
    const name = safeFileName(`${'x'.repeat(500)}.docx`);
    expect(name.length).toBe(200);
    expect(name.endsWith('.docx')).toBe(true);
  });
});

describe('saveToFolder', () => {
  it('never overwrites and never leaves the folder', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'harbor-save-'));
    onTestFinished(() => rm(folder, { recursive: true, force: true }));
    const first = await saveToFolder(folder, '../notes.txt', new TextEncoder().encode('one'));
    const second = await saveToFolder(folder, 'notes.txt', new TextEncoder().encode('two'));
    expect(path.dirname(first)).toBe(folder);
    expect(path.basename(second)).toBe('notes (1).txt');
    expect(await readFile(first, 'utf8')).toBe('one');
    expect((await readdir(folder)).sort()).toEqual(['notes (1).txt', 'notes.txt']);
  });
});
