import type { MessageStructureObject } from 'imapflow';
import { describe, expect, it } from 'vitest';
import type { BodyRecord } from '../store/mail-store-types';
import {
  assembleBodyWithoutAttachments,
  planBodyWithoutAttachments,
  withServerSizes,
} from './body-without-attachments';

const leaf = (part: string, type: string, extra: Partial<MessageStructureObject> = {}): MessageStructureObject => ({
  part,
  type,
  size: 100,
  encoding: '7bit',
  ...extra,
});

const mixed = (childNodes: MessageStructureObject[], boundary = 'outer'): MessageStructureObject => ({
  type: 'multipart/mixed',
  parameters: { boundary },
  childNodes,
});

const pdf = (part: string, size = 78_000) =>
  leaf(part, 'application/pdf', { size, encoding: 'base64', disposition: 'attachment' });

describe('planBodyWithoutAttachments', () => {
  it('fetches headers, text, cid images and inline messages, and leaves attachments on the server', () => {
    const plan = planBodyWithoutAttachments(
      mixed([
        {
          part: '1',
          type: 'multipart/alternative',
          parameters: { boundary: 'inner' },
          childNodes: [leaf('1.1', 'text/plain'), leaf('1.2', 'text/html')],
        },
        leaf('2', 'image/png', { id: '<logo@example.org>', encoding: 'base64' }),
        leaf('3', 'message/rfc822'),
        leaf('4', 'text/csv', { disposition: 'attachment', size: 1_000 }),
        leaf('5', 'image/jpeg', { size: 3_900, encoding: 'base64', disposition: 'inline' }),
        pdf('6'),
      ]),
    );
    expect(plan?.sections).toEqual([
      '1.MIME',
      '1.1.MIME',
      '1.1',
      '1.2.MIME',
      '1.2',
      '2.MIME',
      '2',
      '3.MIME',
      '3',
      '4.MIME',
      '5.MIME',
      '6.MIME',
    ]);
    expect(plan?.leftOnServer).toEqual(
      new Map([
        ['4', 1_000],
        ['5', 2_850],
        ['6', 57_000],
      ]),
    );
  });

  it('fetches the whole message when little would stay on the server, or the tree cannot be rebuilt', () => {
    expect(planBodyWithoutAttachments(mixed([leaf('1', 'text/plain'), pdf('2', 20_000)]))).toBeNull();
    expect(planBodyWithoutAttachments(pdf('1'))).toBeNull();
    expect(planBodyWithoutAttachments({ ...mixed([leaf('1', 'text/plain'), pdf('2')]), parameters: {} })).toBeNull();
  });
});

describe('assembleBodyWithoutAttachments', () => {
  const plan = planBodyWithoutAttachments(mixed([leaf('1', 'text/plain'), pdf('2')]))!;
  const header = Buffer.from('Subject: report\r\nContent-Type: multipart/mixed; boundary="outer"\r\n\r\n');
  const sections = new Map([
    ['1.mime', Buffer.from('Content-Type: text/plain\r\n\r\n')],
    ['1', Buffer.from('see attached')],
    [
      '2.mime',
      Buffer.from('Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="a.pdf"\r\n\r\n'),
    ],
  ]);

  it('rebuilds the tree with the parts left on the server empty', () => {
    expect(assembleBodyWithoutAttachments(plan, header, sections)?.toString()).toBe(
      `${header}--outer\r\n${sections.get('1.mime')}see attached\r\n--outer\r\n${sections.get('2.mime')}\r\n--outer--\r\n`,
    );
  });

  it('gives up when the server left out a section', () => {
    const missing = new Map(sections);
    missing.delete('1');
    expect(assembleBodyWithoutAttachments(plan, header, missing)).toBeNull();
  });
});

it('withServerSizes sizes the attachments left on the server from the structure', () => {
  const body: BodyRecord = {
    text: 'x',
    html: null,
    snippet: 'x',
    references: [],
    attachments: [
      {
        filename: 'a.pdf',
        contentType: 'application/pdf',
        size: 0,
        contentId: null,
        inline: false,
        part: '2',
        content: null,
      },
      {
        filename: 'b.txt',
        contentType: 'text/plain',
        size: 5,
        contentId: null,
        inline: false,
        part: '3',
        content: null,
      },
    ],
  };
  expect(withServerSizes(body, new Map([['2', 57_000]])).attachments.map((a) => a.size)).toEqual([57_000, 5]);
});
