import type { MessageStructureObject } from 'imapflow';
import type { BodyRecord } from '../store/mail-store-types';

/**
 * How to fetch a message without the attachments the store never keeps: its header, every part's
 * MIME header, and the content of the parts kept (text, inline images, attached messages shown
 * inline). The attachments' bytes stay on the server until the user saves one.
 */
export interface BodyWithoutAttachmentsPlan {
  structure: MessageStructureObject;
  /** BODY[] sections besides the header, as imapflow's `bodyParts` takes them. */
  sections: string[];
  /** Parts left on the server, with their decoded size estimated from BODYSTRUCTURE. */
  leftOnServer: Map<string, number>;
}

/** Below this many bytes left on the server, the whole message is fetched in one go. */
const WORTH_LEAVING_BYTES = 32 * 1024;

const isMultipart = (part: MessageStructureObject) => part.type.toLowerCase().startsWith('multipart/');
const isAttachment = (part: MessageStructureObject) => part.disposition?.toLowerCase() === 'attachment';

/** What parseBody keeps the content of: text bodies, cid: images, and message parts that are not attachments. */
function contentKept(part: MessageStructureObject): boolean {
  const type = part.type.toLowerCase();
  // message/*: nested messages and reports' status parts are shown (shown-body.ts).
  if (type.startsWith('text/') || type.startsWith('message/')) return !isAttachment(part);
  return type.startsWith('image/') && Boolean(part.id);
}

/** Base64 carries 57 bytes in each 78-byte line; other encodings are counted as they are. */
function decodedSize(part: MessageStructureObject): number {
  const size = part.size ?? 0;
  return part.encoding?.toLowerCase() === 'base64' ? Math.round((size * 57) / 78) : size;
}

/** Null when the message is a single part, lacks a boundary, or leaves too little on the server. */
export function planBodyWithoutAttachments(structure: MessageStructureObject): BodyWithoutAttachmentsPlan | null {
  const sections: string[] = [];
  const leftOnServer = new Map<string, number>();
  let leftBytes = 0;
  const walk = (node: MessageStructureObject): boolean => {
    if (!node.parameters?.boundary || !node.childNodes?.length) return false;
    for (const child of node.childNodes) {
      if (!child.part) return false;
      sections.push(`${child.part}.MIME`);
      if (isMultipart(child)) {
        if (!walk(child)) return false;
      } else if (contentKept(child)) {
        sections.push(child.part);
      } else {
        leftOnServer.set(child.part, decodedSize(child));
        leftBytes += child.size ?? 0;
      }
    }
    return true;
  };
  if (!isMultipart(structure) || !walk(structure) || leftBytes < WORTH_LEAVING_BYTES) return null;
  return { structure, sections, leftOnServer };
}

/**
 * The message rebuilt from what the plan fetched, the parts left on the server empty, so that
 * mailparser reads the same tree with the same part numbers. Null when a section is missing.
 */
export function assembleBodyWithoutAttachments(
  plan: BodyWithoutAttachmentsPlan,
  header: Buffer,
  sections: Map<string, Buffer>,
): Buffer | null {
  const chunks: Buffer[] = [header];
  const section = (key: string) => sections.get(key.toLowerCase());
  const emit = (node: MessageStructureObject): boolean => {
    const boundary = node.parameters!.boundary!;
    for (const child of node.childNodes!) {
      const mimeHeader = section(`${child.part}.MIME`);
      if (!mimeHeader) return false;
      chunks.push(Buffer.from(`--${boundary}\r\n`), mimeHeader);
      if (isMultipart(child)) {
        if (!emit(child)) return false;
      } else if (!plan.leftOnServer.has(child.part!)) {
        const content = section(child.part!);
        if (!content) return false;
        chunks.push(content);
      }
      chunks.push(Buffer.from('\r\n'));
    }
    chunks.push(Buffer.from(`--${boundary}--\r\n`));
    return true;
  };
  return emit(plan.structure) ? Buffer.concat(chunks) : null;
}

/** Attachments left on the server were parsed empty: their sizes come from the structure. */
export function withServerSizes(body: BodyRecord, leftOnServer: Map<string, number>): BodyRecord {
  return {
    ...body,
    attachments: body.attachments.map((attachment) => {
      const size = attachment.part === null ? undefined : leftOnServer.get(attachment.part);
      return size === undefined ? attachment : { ...attachment, size };
    }),
  };
}
