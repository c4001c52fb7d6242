// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import type { FolderSummary } from '../../shared/mail-models';
import { useTestRoot } from '../test-root.test-support';
import { fakeMailClient } from './mail.test-support';
import { useFolders } from './use-folders';

const view = useTestRoot();

const inbox = (unread: number): FolderSummary => ({
  id: 1,
  accountId: 'acct:alice',
  path: 'INBOX',
  name: 'INBOX',
  depth: 0,
  role: 'inbox',
  unread,
  total: 10,
});

function Counts({ client }: { client: Parameters<typeof useFolders>[0] }) {
  const { folders } = useFolders(client);
  return <p>{folders === null ? 'loading' : folders.map((folder) => `${folder.path}:${folder.unread}`).join(' ')}</p>;
}

describe('useFolders', () => {
  it('shows the newest answer even when an older one arrives after it', async () => {
    const answers: Array<(folders: FolderSummary[]) => void> = [];
    const fake = fakeMailClient({
      'mail.folders': () => new Promise<FolderSummary[]>((resolve) => answers.push(resolve)),
    });
    await act(async () => view.root.render(<Counts client={fake.client} />));
    await act(async () => fake.emit('mail.changed', { accountId: 'acct:alice', folderIds: [1] }));
    expect(answers).toHaveLength(2);
    await act(async () => answers[1]!([inbox(3)]));
    await act(async () => answers[0]!([inbox(5)]));
    expect(view.host.textContent).toBe('INBOX:3');
  });

  it('loads again when an account comes or goes, and when the mail engine runs again', async () => {
    let unread = 5;
    const fake = fakeMailClient({ 'mail.folders': () => [inbox(unread)] });
    await act(async () => view.root.render(<Counts client={fake.client} />));
    expect(view.host.textContent).toBe('INBOX:5');
    unread = 4;
    await act(async () => fake.emit('accounts.changed', {}));
    expect(view.host.textContent).toBe('INBOX:4');
    unread = 2;
    await act(async () => fake.emit('mail.engineState', { state: 'restarting' }));
    expect(view.host.textContent).toBe('INBOX:4');
    await act(async () => fake.emit('mail.engineState', { state: 'running' }));
    expect(view.host.textContent).toBe('INBOX:2');
  });
});
