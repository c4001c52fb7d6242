// STORE X-GM-LABELS on the Gmail-shaped Dovecot: the Inbox label is the message's home (taking it
// off moves the message from INBOX to the hidden Archive, which is what archiving is at Gmail),
// Starred is \Flagged on the home copy, Important and the user's labels are copies in their folders.
import { GMAIL_STORE_PREFIX } from './gmail-layout';
import { gmailLabels, type GmailLabelIndex } from './gmail-label-index';
import type { Dovecot } from './types';

export type LabelOperation = 'add' | 'remove' | 'replace';

const ARCHIVE = `${GMAIL_STORE_PREFIX}Archive`;
/** Labels that name where a message came from, not something a client can put on or take off. */
const FIXED = new Set(['\\Sent', '\\Draft']);

function labelFolder(label: string): string {
  return label === '\\Important' ? `${GMAIL_STORE_PREFIX}Important` : label;
}

export async function changeLabels(
  dovecot: Dovecot,
  user: string,
  index: GmailLabelIndex,
  guid: string,
  operation: LabelOperation,
  labels: string[],
): Promise<void> {
  const facts = index.byGuid.get(guid);
  if (!facts) throw new Error(`no message with GUID ${guid}`);
  const current = gmailLabels(index, guid);
  const wanted = new Set(labels.map(normalise));
  const toAdd = operation === 'remove' ? [] : [...wanted].filter((label) => !current.includes(label));
  const toRemove =
    operation === 'add' ? [] : operation === 'remove' ? [...wanted] : current.filter((label) => !wanted.has(label));
  const inHome = ['mailbox', facts.home, 'guid', guid];
  for (const label of [...toAdd, ...toRemove]) {
    const adding = toAdd.includes(label);
    if (FIXED.has(label)) continue;
    if (label === '\\Inbox') {
      if (adding && facts.home === ARCHIVE) await dovecot.doveadm(['move', '-u', user, 'INBOX', ...inHome]);
      if (!adding && facts.home === 'INBOX') await dovecot.doveadm(['move', '-u', user, ARCHIVE, ...inHome]);
    } else if (label === '\\Starred') {
      await dovecot.doveadm(['flags', adding ? 'add' : 'remove', '-u', user, '\\Flagged', ...inHome]);
    } else {
      const folder = labelFolder(label);
      if (adding) {
        await dovecot.doveadm(['mailbox', 'create', '-u', user, folder]).catch(() => undefined);
        await dovecot.doveadm(['copy', '-u', user, folder, ...inHome]);
      } else if (facts.folders.includes(folder)) {
        await dovecot.doveadm(['expunge', '-u', user, 'mailbox', folder, 'guid', guid]);
      }
    }
  }
}

/** Gmail accepts system labels in any case (`\inbox`); user labels keep theirs. */
function normalise(label: string): string {
  const system = ['\\Inbox', '\\Starred', '\\Important', '\\Sent', '\\Draft'].find(
    (name) => name.toLowerCase() === label.toLowerCase(),
  );
  return system ?? label;
}
