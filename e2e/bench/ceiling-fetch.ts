import type { FetchQueryObject, ImapFlow } from 'imapflow';
import { HEADER_QUERY } from '../../main/mail/sync/header-record';

// The ceiling: what imapflow alone gets out of the server, with nothing parsed or stored.

async function timedFetch(client: ImapFlow, query: FetchQueryObject): Promise<{ messages: number; seconds: number }> {
  const lock = await client.getMailboxLock('INBOX');
  try {
    const started = performance.now();
    let messages = 0;
    for await (const message of client.fetch('1:*', query)) if (message.uid) messages++;
    return { messages, seconds: (performance.now() - started) / 1000 };
  } finally {
    lock.release();
  }
}

async function withSession<T>(connect: () => Promise<ImapFlow>, use: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = await connect();
  try {
    return await use(client);
  } finally {
    await client.logout();
  }
}

/** One FETCH 1:* of exactly the fields the header sync asks for (login not timed). */
export const bareHeaderFetch = (connect: () => Promise<ImapFlow>) =>
  withSession(connect, (client) => timedFetch(client, HEADER_QUERY));

/** One FETCH 1:* of every message's full source (login not timed). */
export const bareSourceFetch = (connect: () => Promise<ImapFlow>) =>
  withSession(connect, (client) => timedFetch(client, { uid: true, source: true }));
