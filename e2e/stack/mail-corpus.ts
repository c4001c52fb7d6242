// A deterministic generator of a realistic mailbox for one owner: personal conversations
// (replies carry In-Reply-To/References, the owner's replies land in Sent), mailing lists,
// newsletters, notifications, spam, drafts; several charsets and transfer encodings; a few
// percent of large messages with attachments. Messages come out oldest first, one at a time,
// so 100k messages need no more memory than one message plus a few dozen open threads.
import { attachmentsOfSize, FillerPool, makeAttachment, type Attachment } from './mail-attachments';
import { automatedContent } from './mail-automated';
import {
  AUTOMATED_SENDERS,
  MAILING_LISTS,
  PEOPLE,
  type AutomatedSender,
  type MailingList,
  type Person,
} from './mail-cast';
import { CHARSET_LABEL, encodeHeaderText, type MailCharset } from './mail-charsets';
import { letterHtml, letterText, writeLetter, type HtmlDialect } from './mail-letters';
import {
  attachmentPart,
  encodeBodyText,
  formatMailbox,
  formatMailboxList,
  formatMailDate,
  multipart,
  renderMessage,
  textPart,
  type HeaderField,
  type Mailbox,
  type MimePart,
  type TransferEncoding,
} from './mail-mime';
import { SeededRandom } from './mail-random';
import { traceHeaders } from './mail-trace-headers';
import { fillTemplate, LANGUAGES, type Language, type LanguagePack } from './mail-vocabulary';
import type { StackUser } from './types';

export type MailFolder = 'INBOX' | 'Sent' | 'Archive' | 'Drafts' | 'Trash' | 'Junk';

export const MAIL_FOLDERS: readonly MailFolder[] = ['INBOX', 'Sent', 'Archive', 'Drafts', 'Trash', 'Junk'];

export interface GeneratedMessage {
  raw: Buffer;
  /** With angle brackets, as in the header: `<...@domain>`. */
  messageId: string;
  /** The Date header, whole seconds. Non-decreasing across the sequence. */
  date: Date;
  folder: MailFolder;
  /** IMAP system flags: \Seen, \Answered, \Flagged, \Draft. */
  flags: string[];
  /** Message-ID of the conversation's first message (the message's own for a single one). */
  threadId: string;
  inReplyTo?: string;
  hasAttachment: boolean;
  subject: string;
  /** Addresses only, no display names. */
  from: string;
  to: string[];
  cc: string[];
}

export interface GenerateOptions {
  count: number;
  seed: number;
  owner: StackUser;
  /**
   * Known people (for example the other seeded users) who take part in about half of the
   * owner's personal conversations; the rest are with the built-in cast.
   */
  correspondents?: Mailbox[];
  startDate?: Date;
  endDate?: Date;
}

export const DEFAULT_START_DATE = new Date('2023-07-01T00:00:00Z');
export const DEFAULT_END_DATE = new Date('2025-07-01T00:00:00Z');

/** Share of messages of 100 KB to 1 MB carrying attachments. */
const LARGE_MESSAGE_RATE = 0.03;
const SMALL_ATTACHMENT_RATE = 0.05;
const MAX_REFERENCES = 12;

interface Thread {
  rootId: string;
  /** Subject without reply prefix, list tag included. */
  subject: string;
  list?: MailingList;
  /** Everyone in the conversation except the owner. */
  others: Person[];
  references: string[];
  lastId: string;
  lastFrom: Person;
  lastText: string;
  lastDate: Date;
  depth: number;
}

interface PendingReply {
  due: number;
  thread: Thread;
  from: Person;
}

type PersonalKind = 'personal' | 'owner' | 'list' | 'draft';

interface PlannedMessage {
  kind: PersonalKind | AutomatedSender['kind'];
  from: Person | AutomatedSender;
  to: Mailbox[];
  cc: Mailbox[];
  subject: string;
  language: Language;
  text: string;
  /** HTML alternative; `{charset}` stands for the part's charset label. */
  html?: string;
  headers: HeaderField[];
  attachments: Attachment[];
  inReplyTo?: string;
  references: string[];
  threadId?: string;
}

function asPerson(mailbox: Mailbox): Person {
  return { name: mailbox.name, email: mailbox.email, language: 'en', utcOffset: 0 };
}

function domainOf(email: string): string {
  return email.slice(email.indexOf('@') + 1);
}

interface EncodedBodies {
  charset: MailCharset;
  text: Buffer;
  html?: Buffer;
}

/** The bodies in one of the sender's charsets, or in UTF-8 when they do not fit it. */
function encodeBodies(random: SeededRandom, pack: LanguagePack, text: string, html?: string): EncodedBodies {
  const preferred = random.weighted(pack.charsets);
  const attempt = (charset: MailCharset): EncodedBodies | null => {
    const textBytes = encodeBodyText(text, charset);
    if (!textBytes) return null;
    if (html === undefined) return { charset, text: textBytes };
    const htmlBytes = encodeBodyText(html.replace('{charset}', CHARSET_LABEL[charset]), charset);
    return htmlBytes ? { charset, text: textBytes, html: htmlBytes } : null;
  };
  return attempt(preferred) ?? (attempt('utf-8') as EncodedBodies);
}

function chooseEncoding(random: SeededRandom, charset: MailCharset, subtype: 'plain' | 'html'): TransferEncoding {
  switch (charset) {
    case 'us-ascii':
      return '7bit';
    case 'iso-2022-jp':
      return subtype === 'plain' || random.chance(0.5) ? '7bit' : 'base64';
    case 'utf-8':
      return subtype === 'html'
        ? random.weighted<TransferEncoding>([
            ['quoted-printable', 3],
            ['base64', 1],
          ])
        : random.weighted<TransferEncoding>([
            ['quoted-printable', 5],
            ['base64', 2],
            ['8bit', 3],
          ]);
    case 'iso-8859-1':
    case 'windows-1252':
      return subtype === 'html'
        ? 'quoted-printable'
        : random.weighted<TransferEncoding>([
            ['quoted-printable', 3],
            ['8bit', 2],
          ]);
    case 'koi8-r':
      return subtype === 'html'
        ? random.weighted<TransferEncoding>([
            ['quoted-printable', 1],
            ['base64', 1],
          ])
        : random.weighted<TransferEncoding>([
            ['8bit', 3],
            ['base64', 2],
          ]);
  }
}

const MAILERS = [
  'Apple Mail (2.3774.500.171)',
  'Microsoft Outlook 16.0',
  'Roundcube Webmail/1.6.7',
  'Evolution 3.50.2',
];

export function* generateMessages(opts: GenerateOptions): Generator<GeneratedMessage> {
  const random = new SeededRandom(opts.seed, opts.owner.email);
  const pool = new FillerPool(random);
  const generatorTag = random.hex(8);
  const owner: Person = { name: opts.owner.name, email: opts.owner.email, language: 'en', utcOffset: 0 };
  const correspondents = (opts.correspondents ?? []).filter((c) => c.email !== owner.email).map(asPerson);
  const start = (opts.startDate ?? DEFAULT_START_DATE).getTime();
  const end = (opts.endDate ?? DEFAULT_END_DATE).getTime();
  if (!(end > start)) throw new Error('endDate must be after startDate');
  const slot = (end - start) / Math.max(1, opts.count);
  const pending: PendingReply[] = [];
  let counter = 0;

  const pickCounterpart = (): Person =>
    correspondents.length > 0 && random.chance(0.5) ? random.pick(correspondents) : random.pick(PEOPLE);

  const newMessageId = (date: Date, email: string): string =>
    `<${date.getTime().toString(36)}.${(counter++).toString(36)}.${generatorTag}${random.hex(6)}@${domainOf(email)}>`;

  const schedule = (due: number, thread: Thread, from: Person): void => {
    if (due >= opts.count) return;
    let at = pending.length;
    while (at > 0 && (pending[at - 1] as PendingReply).due > due) at--;
    pending.splice(at, 0, { due, thread, from });
  };

  const planPersonal = (
    kind: PersonalKind,
    from: Person,
    to: Mailbox[],
    cc: Mailbox[],
    subject: string,
    thread?: Thread,
  ): PlannedMessage => {
    const pack = LANGUAGES[from.language];
    const quote =
      thread && random.chance(0.8)
        ? {
            intro: pack.quoteIntro
              .replace('{date}', formatMailDate(thread.lastDate, thread.lastFrom.utcOffset))
              .replace('{name}', thread.lastFrom.name),
            text: thread.lastText,
          }
        : undefined;
    const letter = writeLetter(random, pack, {
      toName: (to[0] ?? owner).name,
      fromName: from.name,
      ...(quote ? { quote } : {}),
    });
    const plan: PlannedMessage = {
      kind,
      from,
      to,
      cc,
      subject,
      language: from.language,
      text: letterText(letter, pack.wrapColumns),
      headers: [],
      attachments: [],
      references: thread ? thread.references : [],
    };
    if (random.chance(from === owner ? 0.85 : 0.7)) {
      plan.html = letterHtml(letter, random.pick<HtmlDialect>(['webmail', 'outlook', 'apple']), '{charset}');
    }
    if (thread) {
      plan.inReplyTo = thread.lastId;
      plan.threadId = thread.rootId;
    }
    return plan;
  };

  const planFresh = (): PlannedMessage => {
    const kind = random.weighted<PlannedMessage['kind']>([
      ['personal', 30],
      ['owner', 7],
      ['list', 15],
      ['newsletter', 12],
      ['notification', 14],
      ['spam', 4],
      ['draft', 1.5],
    ]);
    switch (kind) {
      case 'personal': {
        const from = pickCounterpart();
        const cc = random.chance(0.2) ? [random.pick(PEOPLE)].filter((p) => p.email !== from.email) : [];
        const subject = fillTemplate(random.pick(LANGUAGES[from.language].subjects), random);
        return planPersonal('personal', from, [owner], cc, subject);
      }
      case 'owner':
      case 'draft': {
        const to = pickCounterpart();
        const cc = random.chance(0.15) ? [random.pick(PEOPLE)].filter((p) => p.email !== to.email) : [];
        return planPersonal(kind, owner, [to], cc, fillTemplate(random.pick(LANGUAGES.en.subjects), random));
      }
      case 'list': {
        const list = random.pick(MAILING_LISTS);
        const from = random.pick(list.members);
        const subject = list.subjectTag + fillTemplate(random.pick(LANGUAGES[list.language].subjects), random);
        const plan = planPersonal('list', from, [{ name: '', email: list.address }], [], subject);
        plan.headers = listHeaders(list);
        return plan;
      }
      default: {
        const sender = random.pick(AUTOMATED_SENDERS.filter((s) => s.kind === kind));
        const content = automatedContent(random, pool, sender);
        const plan: PlannedMessage = {
          kind,
          from: sender,
          to: [owner],
          cc: [],
          subject: content.subject,
          language: sender.language,
          text: content.text,
          headers: content.headers,
          attachments: content.attachments,
          references: [],
        };
        if (content.html) plan.html = content.html;
        return plan;
      }
    }
  };

  const planReply = (reply: PendingReply): PlannedMessage => {
    const { thread, from } = reply;
    const pack = LANGUAGES[from.language];
    const subject = `${pack.replyPrefix}${thread.subject}`;
    if (thread.list) {
      const plan = planPersonal('list', from, [{ name: '', email: thread.list.address }], [], subject, thread);
      plan.headers = listHeaders(thread.list);
      if (from === owner) plan.kind = 'owner';
      return plan;
    }
    const everyone = [owner, ...thread.others].filter((p) => p.email !== from.email);
    const to = everyone.filter((p) => p.email === thread.lastFrom.email);
    const cc = everyone.filter((p) => p.email !== thread.lastFrom.email);
    return planPersonal(
      from === owner ? 'owner' : 'personal',
      from,
      to.length ? to : everyone.slice(0, 1),
      to.length ? cc : everyone.slice(1),
      subject,
      thread,
    );
  };

  for (let index = 0; index < opts.count; index++) {
    const date = new Date(Math.floor((start + slot * (index + random.next())) / 1000) * 1000);
    const due = pending[0] && pending[0].due <= index ? pending.shift() : undefined;
    const plan = due ? planReply(due) : planFresh();
    const messageId = newMessageId(date, plan.from.email);
    const position = index / Math.max(1, opts.count - 1);

    if (!plan.attachments.length && plan.kind !== 'spam' && plan.kind !== 'draft') {
      if (random.chance(LARGE_MESSAGE_RATE)) {
        plan.attachments = attachmentsOfSize(random, pool, random.logUniform(100_000, 1_000_000));
      } else if ((plan.kind === 'personal' || plan.kind === 'owner') && random.chance(SMALL_ATTACHMENT_RATE)) {
        plan.attachments = [
          makeAttachment(random, pool, random.pick(['pdf', 'png', 'txt'] as const), random.int(3_000, 40_000)),
        ];
      }
    }

    const senderIsOwner = plan.from.email === owner.email;
    const { folder, flags } = placeMessage(random, plan.kind, senderIsOwner, position);

    // Conversations: decide now whether (and by whom) this message gets an answer.
    let thread: Thread | undefined = due?.thread;
    const conversational = plan.kind === 'personal' || plan.kind === 'owner' || plan.kind === 'list';
    if (conversational && folder !== 'Junk') {
      const from = plan.from as Person;
      if (!thread) {
        const list = MAILING_LISTS.find((l) => l.address === plan.to[0]?.email);
        const others = [...plan.to, ...plan.cc].filter((m): m is Person => 'language' in m && m.email !== owner.email);
        thread = {
          rootId: messageId,
          subject: plan.subject,
          others: senderIsOwner ? others : [from, ...others],
          references: [],
          lastId: messageId,
          lastFrom: from,
          lastText: plan.text,
          lastDate: date,
          depth: 0,
        };
        if (list) thread.list = list;
      } else {
        thread.references = [...thread.references, thread.lastId].slice(-MAX_REFERENCES);
        thread.lastId = messageId;
        thread.lastFrom = from;
        thread.lastText = plan.text;
        thread.lastDate = date;
        thread.depth++;
      }
      const followUp = (thread.list ? 0.45 : senderIsOwner ? 0.6 : 0.55) * Math.pow(0.8, thread.depth);
      if (random.chance(followUp)) {
        const next = nextSender(random, thread, owner);
        if (next === owner && !senderIsOwner && !flags.includes('\\Answered')) flags.push('\\Answered');
        if (next === owner && !flags.includes('\\Seen')) flags.push('\\Seen');
        schedule(index + random.int(1, 25), thread, next);
      }
    }

    const raw = render(random, pool, plan, { messageId, date, owner, senderIsOwner });
    const message: GeneratedMessage = {
      raw,
      messageId,
      date,
      folder,
      flags: flags.sort(),
      threadId: plan.threadId ?? messageId,
      hasAttachment: plan.attachments.length > 0,
      subject: plan.subject,
      from: plan.from.email,
      to: plan.to.map((m) => m.email),
      cc: plan.cc.map((m) => m.email),
    };
    if (plan.inReplyTo) message.inReplyTo = plan.inReplyTo;
    yield message;
  }
}

function listHeaders(list: MailingList): HeaderField[] {
  const host = domainOf(list.address);
  const name = list.address.split('@')[0] ?? '';
  return [
    ['List-Id', list.listId],
    ['List-Post', `<mailto:${list.address}>`],
    ['List-Archive', `<https://${host}/archives/${name}>`],
    ['List-Unsubscribe', `<mailto:${name}-request@${host}?subject=unsubscribe>`],
    ['Precedence', 'list'],
  ];
}

function nextSender(random: SeededRandom, thread: Thread, owner: Person): Person {
  if (thread.list) {
    if (thread.lastFrom !== owner && random.chance(0.12)) return owner;
    const members = thread.list.members.filter((m) => m.email !== thread.lastFrom.email);
    return members.length ? random.pick(members) : owner;
  }
  if (thread.lastFrom === owner) return random.pick(thread.others);
  if (random.chance(0.75)) return owner;
  const others = thread.others.filter((p) => p.email !== thread.lastFrom.email);
  return others.length ? random.pick(others) : owner;
}

/** Folder and flags; `position` runs from 0 (oldest) to 1 (newest). */
function placeMessage(
  random: SeededRandom,
  kind: PlannedMessage['kind'],
  senderIsOwner: boolean,
  position: number,
): { folder: MailFolder; flags: string[] } {
  if (kind === 'draft') return { folder: 'Drafts', flags: ['\\Draft', '\\Seen'] };
  if (senderIsOwner) return { folder: 'Sent', flags: ['\\Seen'] };
  if (kind === 'spam') return { folder: 'Junk', flags: random.chance(0.85) ? [] : ['\\Seen'] };
  let folder: MailFolder = 'INBOX';
  let unread: number;
  if (kind === 'newsletter' || kind === 'notification') {
    folder = random.weighted<MailFolder>([
      ['INBOX', 13],
      ['Trash', 4],
      ['Archive', 3],
    ]);
    unread = kind === 'newsletter' ? 0.8 : 0.55;
  } else {
    if (random.chance(0.45 * (1 - position))) folder = 'Archive';
    unread = 0.56;
  }
  if (folder === 'Archive') unread *= 0.25;
  if (folder === 'Trash') unread *= 0.3;
  unread *= 0.6 + 0.8 * position;
  const flags = random.chance(unread) ? [] : ['\\Seen'];
  if (folder !== 'Trash' && random.chance(kind === 'personal' ? 0.05 : 0.01)) flags.push('\\Flagged');
  return { folder, flags };
}

function render(
  random: SeededRandom,
  pool: FillerPool,
  plan: PlannedMessage,
  meta: { messageId: string; date: Date; owner: Person; senderIsOwner: boolean },
): Buffer {
  const pack = LANGUAGES[plan.language];
  const bodies = encodeBodies(random, pack, plan.text, plan.html);
  const { charset } = bodies;
  const headerMode = charset === 'iso-2022-jp' || random.chance(0.3) ? 'B' : 'Q';
  const utcOffset = 'utcOffset' in plan.from ? plan.from.utcOffset : 0;

  const headers: HeaderField[] = meta.senderIsOwner
    ? []
    : traceHeaders(random, pool, { fromEmail: plan.from.email, recipient: meta.owner.email, sentAt: meta.date });
  headers.push(['From', formatMailbox(plan.from, charset, headerMode)]);
  headers.push(['To', formatMailboxList(plan.to, charset, headerMode)]);
  if (plan.cc.length) headers.push(['Cc', formatMailboxList(plan.cc, charset, headerMode)]);
  headers.push(['Subject', encodeHeaderText(plan.subject, charset, headerMode)]);
  headers.push(['Date', formatMailDate(meta.date, utcOffset)]);
  headers.push(['Message-ID', meta.messageId]);
  if (plan.inReplyTo) {
    headers.push(['In-Reply-To', plan.inReplyTo]);
    headers.push(['References', [...plan.references, plan.inReplyTo].slice(-MAX_REFERENCES).join('\r\n ')]);
  }
  headers.push(...plan.headers);
  if (plan.kind !== 'newsletter' && plan.kind !== 'notification' && plan.kind !== 'spam') {
    headers.push(
      meta.senderIsOwner
        ? ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Thunderbird/128.3.0']
        : ['X-Mailer', random.pick(MAILERS)],
    );
  }

  const plain = textPart({
    subtype: 'plain',
    bytes: bodies.text,
    charset,
    encoding: chooseEncoding(random, charset, 'plain'),
  });
  let body: MimePart = plain;
  if (bodies.html) {
    const html = textPart({
      subtype: 'html',
      bytes: bodies.html,
      charset,
      encoding: chooseEncoding(random, charset, 'html'),
    });
    body = multipart('alternative', boundary(random), [plain, html]);
  }
  if (plan.attachments.length) {
    body = multipart('mixed', boundary(random), [body, ...plan.attachments.map((a) => attachmentPart(a))]);
  }
  return renderMessage(headers, body);
}

function boundary(random: SeededRandom): string {
  return `----=_Part_${random.hex(8)}_${random.hex(16)}`;
}
