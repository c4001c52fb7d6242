import { randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Draft } from '../../../shared/compose-models';
import { AppError } from '../../../shared/errors';
import type { Address } from '../../../shared/mail-models';
import type { DraftFile } from './draft-repository';

export interface BuiltMessage {
  /** Without angle brackets, as the store keeps Message-IDs. */
  messageId: string;
  envelope: { from: string; to: string[] };
  raw: Uint8Array;
}

export interface Sender {
  /** The address in From. */
  email: string;
  displayName: string | null;
  /** The signed-in address, for the envelope (MAIL FROM); `email` when not given. */
  accountEmail?: string;
}

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1) || 'harbor.invalid';
const formatted = (addresses: Address[]) => addresses.map(({ name, address }) => ({ name, address }));

/** A Message-ID of our own, on the sender's domain: fixed when the message is built, never again. */
export const newMessageId = (email: string) => `${randomUUID()}@${domainOf(email)}`;

const noRecipients = () => new AppError('INVALID_INPUT', 'Add at least one recipient before sending.');

const compose = (draft: Draft, files: DraftFile[], sender: Sender, options: { messageId: string; date: Date }) =>
  new MailComposer({
    from: { name: sender.displayName ?? '', address: sender.email },
    envelope: {
      from: sender.accountEmail ?? sender.email,
      to: [...draft.to, ...draft.cc, ...draft.bcc].map((each) => each.address),
    },
    to: formatted(draft.to),
    cc: formatted(draft.cc),
    bcc: formatted(draft.bcc),
    subject: draft.subject,
    text: draft.text,
    html: draft.html ?? undefined,
    messageId: `<${options.messageId}>`,
    date: options.date,
    inReplyTo: draft.inReplyTo ? `<${draft.inReplyTo}>` : undefined,
    references: draft.references.length ? draft.references.map((id) => `<${id}>`) : undefined,
    attachments: files.map((file) => ({
      filename: file.filename,
      contentType: file.contentType,
      content: Buffer.from(file.content),
    })),
  }).compile();

/**
 * The message as it goes on the wire, built once: text only, or multipart/alternative with the
 * HTML, plus attachments. Bcc is left out of the headers and kept in the envelope.
 */
export async function buildMessage(
  draft: Draft,
  files: DraftFile[],
  sender: Sender,
  options: { messageId: string; date: Date },
): Promise<BuiltMessage> {
  const recipients = [...draft.to, ...draft.cc, ...draft.bcc];
  if (!recipients.length) throw noRecipients();
  const node = compose(draft, files, sender, options);
  const envelope = node.getEnvelope();
  const raw = await node.build();
  return {
    messageId: options.messageId,
    envelope: { from: envelope.from || sender.accountEmail || sender.email, to: envelope.to },
    raw: new Uint8Array(raw),
  };
}

/** The header that names a draft in the server's Drafts folder, so older versions can be found. */
export const draftKeyHeader = 'X-Harbor-Draft';

/**
 * One version of a draft as a message of its own: recipients optional, Bcc kept (it is the
 * user's own copy); for the server's Drafts folder, with the draft's key in a header.
 */
export async function buildDraftMessage(
  draft: Draft,
  files: DraftFile[],
  sender: Sender,
  options: { messageId: string; date: Date; draftKey?: string },
): Promise<Uint8Array> {
  const node = compose(draft, files, sender, options);
  node.keepBcc = true;
  if (options.draftKey !== undefined) node.setHeader(draftKeyHeader, options.draftKey);
  return new Uint8Array(await node.build());
}
