import { simpleParser, type Attachment } from 'mailparser';
import type { AttachmentRecord, BodyRecord } from '../store/mail-store-types';
import { messageIds } from './header-record';

const SNIPPET_LENGTH = 200;

/** First words of the text, whitespace collapsed, for the message list; reads no further than it needs. */
export function snippetOf(text: string | null): string {
  let snippet = '';
  for (const [word] of (text ?? '').matchAll(/\S+/g)) {
    snippet = snippet ? `${snippet} ${word}` : word;
    if (snippet.length >= SNIPPET_LENGTH) break;
  }
  return snippet.slice(0, SNIPPET_LENGTH);
}

/** Only inline images referenced by Content-ID keep their bytes (cid: works offline); others are fetched on demand. */
function toAttachmentRecord(attachment: Attachment): AttachmentRecord {
  const contentId = attachment.contentId?.replace(/^<|>$/g, '') || null;
  const inline = contentId !== null && attachment.contentType.toLowerCase().startsWith('image/');
  return {
    filename: attachment.filename ?? '',
    contentType: attachment.contentType,
    size: attachment.size,
    contentId,
    inline,
    part: attachment.partId ?? null,
    content: inline ? new Uint8Array(attachment.content) : null,
  };
}

/**
 * A full message source parsed into what the store keeps: text, the HTML as the sender wrote it
 * (the renderer sanitizes it; cid: links stay so it can map them to inline images), a snippet,
 * References, and the attachments' descriptions.
 */
export async function parseBody(source: Uint8Array): Promise<BodyRecord> {
  const parsed = await simpleParser(Buffer.from(source.buffer, source.byteOffset, source.byteLength), {
    keepCidLinks: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    checksumAlgo: false,
  });
  const text = parsed.text ?? null;
  const references = Array.isArray(parsed.references) ? parsed.references : [parsed.references ?? ''];
  return {
    text,
    html: parsed.html || null,
    snippet: snippetOf(text),
    references: references.flatMap((value) => messageIds(value)),
    attachments: parsed.attachments.map(toAttachmentRecord),
  };
}
