import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { Client } from '../../shared/ipc/client';
import type { ListView } from '../../shared/mail-models';
import { MailListPages } from './mail-list-pages';

/**
 * The paged list for one view. A new view gets a new set of pages, so replies to an older view
 * (a search typed further since) land in pages nobody shows; so does switching between one row per
 * conversation and one row per message.
 */
export function useMailList(client: Client, view: ListView, conversations = false): MailListPages {
  const key = JSON.stringify(view);
  const pages = useMemo(
    () =>
      new MailListPages((offset, limit) =>
        client.call('mail.list', { view: JSON.parse(key), offset, limit, conversations }),
      ),
    [client, key, conversations],
  );
  useSyncExternalStore(pages.subscribe, pages.getVersion);

  useEffect(
    () =>
      client.on('mail.changed', ({ folderIds }) => {
        const shown: ListView = JSON.parse(key);
        if (shown.kind !== 'folder' || folderIds.includes(shown.folderId)) pages.refresh();
      }),
    [client, key, pages],
  );
  return pages;
}
