import type { Db } from './database';
import { indexedText } from './search-text';

/** SQL, or a step that needs JavaScript; it runs inside the migration's transaction. */
export type Migration = string | ((db: Db) => void);

/**
 * The schema, as an ordered list: migration N is `migrations[N - 1]` and `PRAGMA user_version`
 * holds the number of migrations applied. Append only; never edit one that has shipped.
 */
export const migrations: readonly Migration[] = [
  // 1: accounts and the activity log.
  `
  CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    provider_id TEXT NOT NULL,
    email TEXT NOT NULL,
    display_name TEXT,
    issuer TEXT NOT NULL,
    client_id TEXT NOT NULL,
    scopes TEXT NOT NULL,
    imap_host TEXT NOT NULL,
    imap_port INTEGER NOT NULL,
    imap_security TEXT NOT NULL CHECK (imap_security IN ('tls', 'starttls')),
    smtp_host TEXT NOT NULL,
    smtp_port INTEGER NOT NULL,
    smtp_security TEXT NOT NULL CHECK (smtp_security IN ('tls', 'starttls')),
    created_at INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'needs-sign-in')),
    status_reason TEXT,
    last_refresh_at INTEGER,
    access_expires_at INTEGER
  ) STRICT;

  -- No foreign key to accounts: the entries recorded when an account is signed out must outlive
  -- its row. Deleting an account deletes its earlier entries explicitly (account-repository.ts).
  CREATE TABLE activity (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    account_id TEXT,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL
  ) STRICT;
  CREATE INDEX activity_by_account ON activity (account_id, id);
  `,
  // 2: how an account signs in: OAuth tokens, or an app password kept in the keychain.
  `
  ALTER TABLE accounts ADD COLUMN auth_kind TEXT NOT NULL DEFAULT 'oauth' CHECK (auth_kind IN ('oauth', 'password'));
  `,
  // 3: the local mail store: folders, messages, bodies, conversations, the search index, and
  // the queue of actions awaiting the server.
  `
  CREATE TABLE mailboxes (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    name TEXT NOT NULL,
    delimiter TEXT,
    role TEXT,
    selectable INTEGER NOT NULL DEFAULT 1,
    uid_validity INTEGER,
    uid_next INTEGER,
    highest_modseq INTEGER,
    synced_down_to_uid INTEGER,
    server_count INTEGER NOT NULL DEFAULT 0,
    -- Kept by the triggers below: messages not hidden, and of those the unseen ones.
    total INTEGER NOT NULL DEFAULT 0,
    unread INTEGER NOT NULL DEFAULT 0,
    UNIQUE (account_id, path)
  ) STRICT;

  CREATE TABLE threads (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    message_count INTEGER NOT NULL DEFAULT 0,
    -- The first message's subject without Re:/Fwd: prefixes, lower case: the fallback link.
    subject_key TEXT NOT NULL
  ) STRICT;
  CREATE INDEX threads_by_subject ON threads (account_id, subject_key);

  -- Every Message-ID a conversation's messages carry or reference, so a message arriving later
  -- (a reply, or the original after its reply) finds the conversation.
  CREATE TABLE thread_keys (
    account_id TEXT NOT NULL,
    message_id TEXT NOT NULL,
    thread_id INTEGER NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    PRIMARY KEY (account_id, message_id)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX thread_keys_by_thread ON thread_keys (thread_id);

  -- A message's id orders it by date, newest first: (2^33 - 1 - Date in seconds) * 2^20 + a
  -- sequence within that second (date-ordered-ids.ts). Lists and the search index (rowid = id)
  -- walk ids upwards and stop after a page, instead of sorting every match by date.
  CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL,
    mailbox_id INTEGER NOT NULL REFERENCES mailboxes (id) ON DELETE CASCADE,
    uid INTEGER NOT NULL,
    message_id TEXT,
    in_reply_to TEXT,
    refs TEXT NOT NULL DEFAULT '[]',
    thread_id INTEGER NOT NULL REFERENCES threads (id),
    subject TEXT NOT NULL DEFAULT '',
    from_name TEXT NOT NULL DEFAULT '',
    from_address TEXT NOT NULL DEFAULT '',
    to_json TEXT NOT NULL DEFAULT '[]',
    cc_json TEXT NOT NULL DEFAULT '[]',
    reply_to_json TEXT NOT NULL DEFAULT '[]',
    date INTEGER,
    seen INTEGER NOT NULL DEFAULT 0,
    flagged INTEGER NOT NULL DEFAULT 0,
    flags TEXT NOT NULL DEFAULT '[]',
    size INTEGER NOT NULL DEFAULT 0,
    snippet TEXT NOT NULL DEFAULT '',
    has_attachments INTEGER NOT NULL DEFAULT 0,
    modseq INTEGER,
    has_body INTEGER NOT NULL DEFAULT 0,
    -- Moved or deleted locally, awaiting the server: left out of every list and count.
    hidden INTEGER NOT NULL DEFAULT 0,
    UNIQUE (mailbox_id, uid)
  ) STRICT;
  CREATE INDEX messages_by_folder ON messages (mailbox_id, hidden);
  CREATE INDEX messages_by_thread ON messages (thread_id);
  CREATE INDEX messages_by_message_id ON messages (account_id, message_id);

  CREATE TABLE bodies (
    message_id INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
    text TEXT,
    html TEXT
  ) STRICT;

  CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    content_id TEXT,
    inline INTEGER NOT NULL DEFAULT 0,
    part TEXT,
    -- Inline images only; other content is fetched from the server when saved.
    content BLOB
  ) STRICT;
  CREATE INDEX attachments_by_message ON attachments (message_id);

  -- rowid = messages.id. Contentless: the text lives in messages and bodies; the delete trigger
  -- below keeps the index in step however a message goes (removal, folder or account deletion).
  CREATE VIRTUAL TABLE message_search USING fts5 (
    subject, sender, recipients, body,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
  );

  CREATE TRIGGER messages_counted_on_insert AFTER INSERT ON messages BEGIN
    UPDATE mailboxes SET total = total + (new.hidden = 0), unread = unread + (new.hidden = 0 AND new.seen = 0)
      WHERE id = new.mailbox_id;
    UPDATE threads SET message_count = message_count + 1 WHERE id = new.thread_id;
  END;
  CREATE TRIGGER messages_counted_on_delete AFTER DELETE ON messages BEGIN
    UPDATE mailboxes SET total = total - (old.hidden = 0), unread = unread - (old.hidden = 0 AND old.seen = 0)
      WHERE id = old.mailbox_id;
    UPDATE threads SET message_count = message_count - 1 WHERE id = old.thread_id;
    DELETE FROM threads WHERE id = old.thread_id AND message_count = 0;
    DELETE FROM message_search WHERE rowid = old.id;
  END;
  CREATE TRIGGER messages_counted_on_update AFTER UPDATE OF seen, hidden, mailbox_id ON messages BEGIN
    UPDATE mailboxes SET total = total - (old.hidden = 0), unread = unread - (old.hidden = 0 AND old.seen = 0)
      WHERE id = old.mailbox_id;
    UPDATE mailboxes SET total = total + (new.hidden = 0), unread = unread + (new.hidden = 0 AND new.seen = 0)
      WHERE id = new.mailbox_id;
  END;
  CREATE TRIGGER messages_change_thread AFTER UPDATE OF thread_id ON messages
    WHEN old.thread_id IS NOT new.thread_id BEGIN
    UPDATE threads SET message_count = message_count - 1 WHERE id = old.thread_id;
    UPDATE threads SET message_count = message_count + 1 WHERE id = new.thread_id;
  END;

  CREATE TABLE remote_content_senders (
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    address TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (account_id, address)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE pending_actions (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    -- null: as soon as possible.
    next_attempt_at INTEGER,
    last_error TEXT
  ) STRICT;
  CREATE INDEX pending_actions_by_account ON pending_actions (account_id, id);
  `,
  // 4: sending: local drafts with their attachments, and the outbox of built messages.
  `
  CREATE TABLE drafts (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    mode TEXT NOT NULL,
    to_json TEXT NOT NULL DEFAULT '[]',
    cc_json TEXT NOT NULL DEFAULT '[]',
    bcc_json TEXT NOT NULL DEFAULT '[]',
    subject TEXT NOT NULL DEFAULT '',
    html TEXT,
    text TEXT NOT NULL DEFAULT '',
    in_reply_to TEXT,
    refs TEXT NOT NULL DEFAULT '[]',
    source_message_id INTEGER,
    saved_at INTEGER NOT NULL,
    -- Bumped on every save; the server copy is current when server_revision equals it.
    revision INTEGER NOT NULL DEFAULT 1,
    server_revision INTEGER,
    server_saved_at INTEGER
  ) STRICT;
  CREATE INDEX drafts_by_account ON drafts (account_id, saved_at);

  CREATE TABLE draft_attachments (
    id INTEGER PRIMARY KEY,
    draft_id INTEGER NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    content BLOB NOT NULL
  ) STRICT;
  CREATE INDEX draft_attachments_by_draft ON draft_attachments (draft_id);

  -- A message built once (fixed Message-ID) and stored before any network use.
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    -- The draft stays (hidden from the drafts list) until sent, so undo and edit give it back.
    draft_id INTEGER REFERENCES drafts (id) ON DELETE SET NULL,
    message_id TEXT NOT NULL,
    envelope_from TEXT NOT NULL,
    envelope_to TEXT NOT NULL,
    raw BLOB NOT NULL,
    subject TEXT NOT NULL,
    to_json TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'retrying', 'possiblySent', 'failed', 'sent')),
    send_at INTEGER NOT NULL,
    next_attempt_at INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    error_json TEXT,
    created_at INTEGER NOT NULL,
    sent_at INTEGER
  ) STRICT;
  CREATE INDEX outbox_by_account ON outbox (account_id, state);
  `,
  // 5: certificates the user chose to trust, pinned to their fingerprint, one per host:port.
  `
  CREATE TABLE trusted_certificates (
    host TEXT NOT NULL,
    port INTEGER NOT NULL,
    fingerprint256 TEXT NOT NULL,
    subject TEXT NOT NULL,
    pem TEXT NOT NULL,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (host, port)
  ) STRICT;
  `,
  // 6: a cheaper, faster search index. Prefix indexes for 2, 3 and 4 characters made indexing a
  // body cost 0.87 ms of CPU, and a one-letter prefix (the first key of search-as-you-type) still
  // scanned every term starting with it: 50-150 ms on 30,000 messages. Indexes for 1 and 2
  // characters cost 0.64 ms a body and answer every prefix length within a few ms; longer
  // prefixes are a short range scan. automerge 16 merges segments less often while bodies stream
  // in. The index is rebuilt from the stored messages with the columns searchColumns() gives.
  `
  DROP TABLE message_search;
  CREATE VIRTUAL TABLE message_search USING fts5 (
    subject, sender, recipients, body,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2'
  );
  INSERT INTO message_search (message_search, rank) VALUES ('automerge', 16);
  INSERT INTO message_search (rowid, subject, sender, recipients, body)
  SELECT m.id, m.subject, trim(m.from_name || ' ' || m.from_address),
    coalesce((
      SELECT group_concat(trim(json_extract(a.value, '$.name') || ' ' || json_extract(a.value, '$.address')), ' ')
      FROM (SELECT value FROM json_each(m.to_json) UNION ALL SELECT value FROM json_each(m.cc_json)) AS a
    ), ''),
    coalesce(b.text, '')
  FROM messages m LEFT JOIN bodies b ON b.message_id = m.id
  ORDER BY m.id;
  `,
  // 7: one outbox item per draft until it is sent, so two sends of one draft cannot both go out.
  // Duplicates an earlier race left behind: a waiting one goes if another is older or already on the
  // wire; of two already on the wire, the later lets go of the draft.
  `
  DELETE FROM outbox
  WHERE draft_id IS NOT NULL AND state IN ('queued', 'retrying', 'failed') AND EXISTS (
    SELECT 1 FROM outbox AS other
    WHERE other.draft_id = outbox.draft_id AND other.id <> outbox.id AND other.state <> 'sent'
      AND (other.state IN ('sending', 'possiblySent') OR other.id < outbox.id)
  );
  UPDATE outbox SET draft_id = NULL
  WHERE draft_id IS NOT NULL AND state <> 'sent' AND EXISTS (
    SELECT 1 FROM outbox AS other
    WHERE other.draft_id = outbox.draft_id AND other.state <> 'sent' AND other.id < outbox.id
  );
  CREATE UNIQUE INDEX outbox_one_per_draft ON outbox (draft_id) WHERE state <> 'sent';
  `,
  // 8: copies of drafts that are to leave an account's Drafts folder on the server (the draft was
  // sent, discarded or moved to another account), kept until the server has let them go, so a
  // draft that left while the account was offline does not stay there for good.
  `
  CREATE TABLE server_draft_removals (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    -- No foreign key: a discarded draft's row is gone while its copies are still on the server.
    draft_id INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX server_draft_removals_by_account ON server_draft_removals (account_id, draft_id);
  `,
  // 9: a sent message's copy in the Sent folder is owed until the server has it (IMAP may be away when
  // the message goes out): when it is next tried (null: nothing owed), how often it was tried, and why
  // the last try failed. The row and its bytes stay until then.
  `
  ALTER TABLE outbox ADD COLUMN sent_copy_due INTEGER;
  ALTER TABLE outbox ADD COLUMN sent_copy_attempts INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE outbox ADD COLUMN sent_copy_error TEXT;
  `,
  // 10: a store that held mail before deleted rows were overwritten with zeros (secure_delete) may
  // keep old text in free pages: the next account deletion rebuilds it once (erase-deleted-text.ts).
  // An account or an activity entry means mail was here once; a new store has neither.
  `
  INSERT INTO settings (key, value)
  SELECT 'store.free-pages-may-hold-text', '1'
  WHERE EXISTS (SELECT 1 FROM accounts) OR EXISTS (SELECT 1 FROM activity);
  `,
  // 11: words inside runs of Chinese, Japanese, Korean and Thai letters are found (search-text.ts). Rows
  // whose text indexedText() changes are indexed again; the others already hold the same tokens.
  reindexSegmentedText,
  // 12: who the person sends as: per account its own address (primary) and aliases, each with a name
  // for From and a signature; and which of them a draft is from. An account already here starts
  // with its own address and the name its sign-in gave.
  `
  CREATE TABLE identities (
    id INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    address TEXT NOT NULL COLLATE NOCASE,
    name TEXT NOT NULL DEFAULT '',
    is_primary INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
    signature_format TEXT NOT NULL DEFAULT 'plain' CHECK (signature_format IN ('plain', 'rich')),
    signature_text TEXT NOT NULL DEFAULT '',
    signature_html TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    UNIQUE (account_id, address)
  ) STRICT;
  INSERT INTO identities (account_id, address, name, is_primary, created_at)
  SELECT id, email, coalesce(display_name, ''), 1, created_at FROM accounts;
  ALTER TABLE drafts ADD COLUMN from_address TEXT;
  `,
  // 13: drafts that are always editable. server_message_id: the Message-ID of the draft's version in
  // the server's Drafts folder now, so opening that copy resumes the draft. origin_json: the message in
  // Drafts the draft was opened from (another client's, or another installation's), which its first
  // version replaces; a removal request carries it too, for a draft that leaves before that.
  `
  ALTER TABLE drafts ADD COLUMN server_message_id TEXT;
  ALTER TABLE drafts ADD COLUMN origin_json TEXT;
  ALTER TABLE server_draft_removals ADD COLUMN origin_json TEXT;
  `,
  // 14: the list by conversation (conversation-list.ts). A conversation shows in a folder at its
  // newest visible message there, its head; the triggers keep one row per folder and conversation
  // naming it, so a page of conversations is a walk of heads in id order (newest first) that stops
  // after the page, as a page of messages is. A head is recomputed from messages_by_folder_thread
  // when a message of its conversation comes, goes, is hidden or changes folder or conversation.
  `
  CREATE INDEX messages_by_folder_thread ON messages (mailbox_id, hidden, thread_id);

  CREATE TABLE conversation_heads (
    head_id INTEGER PRIMARY KEY,
    mailbox_id INTEGER NOT NULL,
    thread_id INTEGER NOT NULL,
    UNIQUE (mailbox_id, thread_id)
  ) STRICT;
  CREATE INDEX conversation_heads_by_folder ON conversation_heads (mailbox_id);

  INSERT INTO conversation_heads (head_id, mailbox_id, thread_id)
  SELECT min(id), mailbox_id, thread_id FROM messages WHERE hidden = 0 GROUP BY mailbox_id, thread_id;

  CREATE TRIGGER conversation_head_on_insert AFTER INSERT ON messages WHEN new.hidden = 0 BEGIN
    DELETE FROM conversation_heads WHERE mailbox_id = new.mailbox_id AND thread_id = new.thread_id AND head_id > new.id;
    INSERT OR IGNORE INTO conversation_heads (head_id, mailbox_id, thread_id) VALUES (new.id, new.mailbox_id, new.thread_id);
  END;
  CREATE TRIGGER conversation_head_on_delete AFTER DELETE ON messages WHEN old.hidden = 0 BEGIN
    DELETE FROM conversation_heads WHERE head_id = old.id;
    INSERT OR IGNORE INTO conversation_heads (head_id, mailbox_id, thread_id)
    SELECT min(id), old.mailbox_id, old.thread_id FROM messages
    WHERE mailbox_id = old.mailbox_id AND hidden = 0 AND thread_id = old.thread_id HAVING count(*) > 0;
  END;
  CREATE TRIGGER conversation_head_on_update AFTER UPDATE OF hidden, mailbox_id, thread_id ON messages BEGIN
    DELETE FROM conversation_heads WHERE head_id = old.id;
    INSERT OR IGNORE INTO conversation_heads (head_id, mailbox_id, thread_id)
    SELECT min(id), old.mailbox_id, old.thread_id FROM messages
    WHERE mailbox_id = old.mailbox_id AND hidden = 0 AND thread_id = old.thread_id HAVING count(*) > 0;
    DELETE FROM conversation_heads
    WHERE new.hidden = 0 AND mailbox_id = new.mailbox_id AND thread_id = new.thread_id AND head_id > new.id;
    INSERT OR IGNORE INTO conversation_heads (head_id, mailbox_id, thread_id)
    SELECT new.id, new.mailbox_id, new.thread_id WHERE new.hidden = 0;
  END;
  `,
  // 15: a message's iCalendar part, its S/MIME or OpenPGP protection, and the answer the user sent to
  // its invitation from here. Stored bodies with such parts are read again by the next body pass.
  `
  ALTER TABLE bodies ADD COLUMN calendar TEXT;
  ALTER TABLE bodies ADD COLUMN protection TEXT;
  ALTER TABLE messages ADD COLUMN invitation_answer TEXT;
  UPDATE messages SET has_body = 0
  WHERE has_body = 1 AND id IN (
    SELECT message_id FROM attachments WHERE lower(content_type) IN (
      'text/calendar', 'application/ics', 'application/pkcs7-signature', 'application/x-pkcs7-signature',
      'application/pgp-signature', 'application/pkcs7-mime', 'application/x-pkcs7-mime', 'application/pgp-encrypted'
    )
  );
  `,
  // 16: one message, one copy (message-identity.ts). object_id: the message's identity in its account
  // (X-GM-MSGID, EMAILID, or the guarded Message-ID fallback). content_id: the rows of one identity
  // share one content, named by the id of the first of them, which stays its name when that row goes
  // (date-ordered-ids.ts never hands it out again while it is in use). The content's body and
  // attachments are stored once, under one of its rows, and handed to another row when that one goes;
  // its search-index row has rowid = content_id and goes with the last of its rows.
  `
  ALTER TABLE messages ADD COLUMN object_id TEXT;
  ALTER TABLE messages ADD COLUMN content_id INTEGER;
  UPDATE messages SET content_id = id;
  CREATE INDEX messages_by_object ON messages (account_id, object_id) WHERE object_id IS NOT NULL;
  CREATE INDEX messages_by_content ON messages (content_id);

  CREATE TRIGGER content_kept_on_delete BEFORE DELETE ON messages
    WHEN EXISTS (SELECT 1 FROM messages WHERE content_id = old.content_id AND id <> old.id) BEGIN
    UPDATE bodies SET message_id = (SELECT min(id) FROM messages WHERE content_id = old.content_id AND id <> old.id)
      WHERE message_id = old.id;
    UPDATE attachments SET message_id = (SELECT min(id) FROM messages WHERE content_id = old.content_id AND id <> old.id)
      WHERE message_id = old.id;
  END;

  DROP TRIGGER messages_counted_on_delete;
  CREATE TRIGGER messages_counted_on_delete AFTER DELETE ON messages BEGIN
    UPDATE mailboxes SET total = total - (old.hidden = 0), unread = unread - (old.hidden = 0 AND old.seen = 0)
      WHERE id = old.mailbox_id;
    UPDATE threads SET message_count = message_count - 1 WHERE id = old.thread_id;
    DELETE FROM threads WHERE id = old.thread_id AND message_count = 0;
    DELETE FROM message_search WHERE rowid = coalesce(old.content_id, old.id)
      AND NOT EXISTS (SELECT 1 FROM messages WHERE content_id = old.content_id);
  END;
  `,
];

function reindexSegmentedText(db: Db): void {
  interface Row {
    id: number;
    subject: string;
    sender: string;
    recipients: string;
    body: string;
  }
  const page = db.prepare<[number], Row>(`
    SELECT m.id, m.subject, trim(m.from_name || ' ' || m.from_address) AS sender,
      coalesce((
        SELECT group_concat(trim(json_extract(a.value, '$.name') || ' ' || json_extract(a.value, '$.address')), ' ')
        FROM (SELECT value FROM json_each(m.to_json) UNION ALL SELECT value FROM json_each(m.cc_json)) AS a
      ), '') AS recipients,
      coalesce(b.text, '') AS body
    FROM messages m LEFT JOIN bodies b ON b.message_id = m.id
    WHERE m.id > ? ORDER BY m.id LIMIT 500
  `);
  const reindex = db.prepare<Row>(`
    INSERT OR REPLACE INTO message_search (rowid, subject, sender, recipients, body)
    VALUES (@id, @subject, @sender, @recipients, @body)
  `);
  for (let rows = page.all(0); rows.length > 0; rows = page.all(rows.at(-1)!.id)) {
    for (const row of rows) {
      const indexed = {
        id: row.id,
        subject: indexedText(row.subject),
        sender: indexedText(row.sender),
        recipients: indexedText(row.recipients),
        body: indexedText(row.body),
      };
      const changed = (['subject', 'sender', 'recipients', 'body'] as const).some((key) => indexed[key] !== row[key]);
      if (changed) reindex.run(indexed);
    }
  }
}
