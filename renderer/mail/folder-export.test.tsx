// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { IpcError } from '../../shared/ipc/client';
import { useTestRoot } from '../test-root.test-support';
import { FolderExport } from './folder-export';
import { fakeMailClient } from './mail.test-support';

const view = useTestRoot();
const button = () => view.host.querySelector('button')!;

describe('exporting a folder', () => {
  it('asks for the folder’s export, says it is busy, then how many messages were saved', async () => {
    let finish: (value: { saved: boolean; messages: number }) => void = () => undefined;
    const fake = fakeMailClient({ 'mail.exportFolder': () => new Promise((resolve) => (finish = resolve)) });
    await act(async () => view.root.render(<FolderExport client={fake.client} folderId={7} label="Inbox" />));
    await act(async () => button().click());
    expect(fake.callsOf('mail.exportFolder')).toEqual([{ folderId: 7 }]);
    expect(button().textContent).toBe('Exporting…');
    expect(button().disabled).toBe(true);
    await act(async () => finish({ saved: true, messages: 1234 }));
    expect(view.host.querySelector('[role="status"]')?.textContent).toBe(
      'Inbox was saved as an mbox file (1,234 messages).',
    );
    expect(button().disabled).toBe(false);
  });

  it('says so when no file was chosen, and why an export failed', async () => {
    let answer: () => { saved: boolean; messages: number } = () => ({ saved: false, messages: 0 });
    const fake = fakeMailClient({ 'mail.exportFolder': () => answer() });
    await act(async () => view.root.render(<FolderExport client={fake.client} folderId={7} label="Inbox" />));
    await act(async () => button().click());
    expect(view.host.querySelector('[role="status"]')?.textContent).toBe('Not exported: no file was chosen.');
    answer = () => {
      throw new IpcError('CONNECTION_FAILED', 'The connection to the mail server was lost during the export.');
    };
    await act(async () => button().click());
    expect(view.host.querySelector('[role="alert"]')?.textContent).toBe(
      'Inbox was not exported: The connection to the mail server was lost during the export.',
    );
  });
});
