/**
 * A draft as another mail program leaves it in the Drafts folder: multipart/mixed with a text part
 * and an attachment, a Message-ID of its own and no header of Harbor Mail's. For APPEND with \Draft.
 */
export function foreignDraft(draft: {
  from: string;
  to: string;
  subject: string;
  text: string;
  attachment: { filename: string; content: Buffer };
}): { raw: string; messageId: string } {
  const id = `${Date.now()}.${Math.random().toString(36).slice(2)}`;
  const messageId = `draft-${id}@other-client.test`;
  const boundary = `part-${id}`;
  const base64 = draft.attachment.content.toString('base64').replace(/.{1,76}/g, '$&\r\n');
  const raw = [
    `From: ${draft.from}`,
    `To: ${draft.to}`,
    `Subject: ${draft.subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${messageId}>`,
    'User-Agent: Other Mail Client 1.0',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    draft.text,
    `--${boundary}`,
    `Content-Type: application/octet-stream; name="${draft.attachment.filename}"`,
    `Content-Disposition: attachment; filename="${draft.attachment.filename}"`,
    'Content-Transfer-Encoding: base64',
    '',
    base64.trimEnd(),
    `--${boundary}--`,
    '',
  ].join('\r\n');
  return { raw, messageId };
}
