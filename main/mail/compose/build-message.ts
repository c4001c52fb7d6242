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
  email: string;
  displayName: string | null;
}

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1) || 'harbor.invalid';
const formatted = (addresses: Address[]) => addresses.map(({ name, address }) => ({ name, address }));

/** A Message-ID of our own, on the sender's domain: fixed when the message is built, never again. */
export const newMessageId = (email: string) => `${randomUUID()}@${domainOf(email)}`;

const noRecipients = () => new AppError('INVALID_INPUT', 'Add at least one recipient before sending.');

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
  const composer = new MailComposer({
    from: { name: sender.displayName ?? '', address: sender.email },
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
  });
  const node = composer.compile();
  const envelope = node.getEnvelope();
  const raw = await node.build();
  return {
    messageId: options.messageId,
    envelope: { from: envelope.from || sender.email, to: envelope.to },
    raw: new Uint8Array(raw),
  };
}
