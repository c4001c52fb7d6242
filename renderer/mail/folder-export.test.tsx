// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import type { Client } from '../../shared/ipc/client';
import { IpcError } from '../../shared/ipc/client';
import { useTestRoot } from '../test-root.test-support';
import { FolderExportNotice, useFolderExport } from './folder-export';
import { ListActionsMenu } from './list-actions-menu';
import { fakeMailClient } from './mail.test-support';

// "Export as mbox…" in the list header's "More list actions" menu, and what it says afterwards.

const view = useTestRoot();

function ListHeader({ client, folderId }: { client: Client; folderId: number | null }) {
  const folderExport = useFolderExport(client, folderId, 'Inbox');
  return (
    <>
      <ListActionsMenu folderExport={folderExport} />
      <FolderExportNotice notice={folderExport?.notice ?? null} />
    </>
  );
}

const moreButton = () => view.host.querySelector<HTMLButtonElement>('button[aria-label="More list actions"]');
const exportItem = () => document.querySelector<HTMLElement>('[role="menuitem"]');

async function openMenu() {
  await act(async () => {
    moreButton()!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
  });
}

async function chooseExport() {
  await openMenu();
  await act(async () => exportItem()!.click());
}

describe('exporting a folder', () => {
  it('asks for the folder’s export, says it is busy, then how many messages were saved', async () => {
    let finish: (value: { saved: boolean; messages: number }) => void = () => undefined;
    const fake = fakeMailClient({ 'mail.exportFolder': () => new Promise((resolve) => (finish = resolve)) });
    await act(async () => view.root.render(<ListHeader client={fake.client} folderId={7} />));
    await chooseExport();
    expect(fake.callsOf('mail.exportFolder')).toEqual([{ folderId: 7 }]);
    await openMenu();
    expect(exportItem()?.textContent).toBe('Exporting…');
    expect(exportItem()?.getAttribute('aria-disabled')).toBe('true');
    await act(async () => finish({ saved: true, messages: 1234 }));
    expect(view.host.querySelector('[role="status"]')?.textContent).toBe(
      'Inbox was saved as an mbox file (1,234 messages).',
    );
    expect(exportItem()?.textContent).toBe('Export as mbox…');
    expect(exportItem()?.hasAttribute('aria-disabled')).toBe(false);
  });

  it('says so when no file was chosen, and why an export failed', async () => {
    let answer: () => { saved: boolean; messages: number } = () => ({ saved: false, messages: 0 });
    const fake = fakeMailClient({ 'mail.exportFolder': () => answer() });
    await act(async () => view.root.render(<ListHeader client={fake.client} folderId={7} />));
    await chooseExport();
    expect(view.host.querySelector('[role="status"]')?.textContent).toBe('Not exported: no file was chosen.');
    answer = () => {
      throw new IpcError('CONNECTION_FAILED', 'The connection to the mail server was lost during the export.');
    };
    await chooseExport();
    expect(view.host.querySelector('[role="alert"]')?.textContent).toBe(
      'Inbox was not exported: The connection to the mail server was lost during the export.',
    );
  });

  it('keeps what it said to the folder it ran for, and offers nothing where no single folder is listed', async () => {
    const fake = fakeMailClient({ 'mail.exportFolder': () => ({ saved: false, messages: 0 }) });
    await act(async () => view.root.render(<ListHeader client={fake.client} folderId={7} />));
    await chooseExport();
    expect(view.host.querySelector('[role="status"]')).not.toBeNull();
    await act(async () => view.root.render(<ListHeader client={fake.client} folderId={8} />));
    expect(view.host.querySelector('[role="status"]')).toBeNull();
    await act(async () => view.root.render(<ListHeader client={fake.client} folderId={null} />));
    expect(moreButton()).toBeNull();
  });
});
