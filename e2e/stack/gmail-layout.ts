// The Gmail shape of a Dovecot mailbox: INBOX and labels at the top, the system folders under
// `[Gmail]/`. Every message has one home: INBOX, or a hidden backing folder under `Store/` (a
// namespace nobody lists): Archive for mail without the Inbox label, Sent, Drafts, Spam, Trash.
// Every `[Gmail]/` folder is a Dovecot virtual mailbox: All Mail is the union of the homes
// except Spam and Trash (so it really holds every message once, as Gmail's does, and a message
// moved into it from INBOX is archived), Starred is every flagged one. Labels (Important and the
// user's own folders) hold hardlinked copies of the home message: same GUID, hence same X-GM-MSGID.

export interface GmailSystemFolder {
  /** Name under `[Gmail]/`. */
  name: string;
  /** RFC 6154 special use, or Gmail's own `\Important`. */
  specialUse: string;
  /** The hidden backing folder (`Store/<backing>`); none for the views over many folders. */
  backing?: string;
  /** How this folder shows in X-GM-LABELS; none for folders that are not labels (All Mail, Spam, Trash). */
  label?: string;
}

export const GMAIL_PREFIX = '[Gmail]/';
export const GMAIL_STORE_PREFIX = 'Store/';

export const GMAIL_SYSTEM_FOLDERS: readonly GmailSystemFolder[] = [
  { name: 'All Mail', specialUse: '\\All', backing: 'Archive' },
  { name: 'Starred', specialUse: '\\Flagged', label: '\\Starred' },
  { name: 'Sent Mail', specialUse: '\\Sent', backing: 'Sent', label: '\\Sent' },
  { name: 'Drafts', specialUse: '\\Drafts', backing: 'Drafts', label: '\\Draft' },
  { name: 'Important', specialUse: '\\Important', backing: 'Important', label: '\\Important' },
  { name: 'Spam', specialUse: '\\Junk', backing: 'Spam' },
  { name: 'Trash', specialUse: '\\Trash', backing: 'Trash' },
];

/** The homes whose union is All Mail (Spam and Trash stay out of it, as at Gmail). */
export const ALL_MAIL_HOMES = ['INBOX', 'Store/Archive', 'Store/Sent', 'Store/Drafts'];

/** The dovecot.conf part for a Gmail-shaped account (the virtual plugin must be loaded). */
export function renderGmailMailSection(): string {
  const systemMailboxes = GMAIL_SYSTEM_FOLDERS.map(
    (folder) => `  mailbox "${folder.name}" {
    special_use = ${folder.specialUse}
    auto = subscribe
  }`,
  ).join('\n');
  const backingMailboxes = GMAIL_SYSTEM_FOLDERS.filter((folder) => folder.backing)
    .map(
      (folder) => `  mailbox ${folder.backing} {
    auto = create
  }`,
    )
    .join('\n');
  return `mail_plugins = $mail_plugins virtual
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
  prefix =
}
namespace gmail {
  separator = /
  prefix = ${GMAIL_PREFIX}
  location = virtual:~/virtual
  subscriptions = no
${systemMailboxes}
}
namespace store {
  separator = /
  prefix = ${GMAIL_STORE_PREFIX}
  location = maildir:~/Store
  hidden = yes
  list = no
  subscriptions = no
${backingMailboxes}
}`;
}

/** Each `[Gmail]/` folder's dovecot-virtual file, by folder name. */
export function gmailVirtualFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const folder of GMAIL_SYSTEM_FOLDERS) {
    // A `!` line names where saves go and is itself one of the mailboxes shown.
    const saveTo = folder.backing ? `!${GMAIL_STORE_PREFIX}${folder.backing}` : undefined;
    const union = folder.name === 'All Mail' || !saveTo ? ALL_MAIL_HOMES : [];
    const lines = [...(saveTo ? [saveTo] : []), ...union.filter((name) => `!${name}` !== saveTo)];
    const search = folder.specialUse === '\\Flagged' ? 'flagged' : 'all';
    files.set(folder.name, `${lines.join('\n')}\n  ${search}\n`);
  }
  return files;
}
