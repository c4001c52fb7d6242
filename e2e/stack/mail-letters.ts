// Person-to-person message bodies: greeting, paragraphs, closing, signature and the quoted
// previous message of a reply, rendered as plain text and in a few HTML dialects (the
// markup of webmail, Outlook and Apple Mail differs a lot in size).
import type { SeededRandom } from './mail-random';
import { fillTemplate, type LanguagePack } from './mail-vocabulary';

export interface Letter {
  greeting: string;
  paragraphs: string[];
  closing: string;
  signature: string[];
  quote?: Quote;
}

export interface Quote {
  intro: string;
  /** The quoted message's plain text. */
  text: string;
}

export type HtmlDialect = 'webmail' | 'outlook' | 'apple';

const MAX_QUOTED_LINES = 60;

const COMPANIES = ['Brightwave Ltd', 'Kontor GmbH', 'Atelier Nord', 'Puerto Logistics', 'Harbor Mail'];
const TITLES = ['Project Manager', 'Senior Engineer', 'Account Director', 'Designer', 'Operations Lead'];

export function writeLetter(
  random: SeededRandom,
  pack: LanguagePack,
  opts: { toName: string; fromName: string; quote?: Quote },
): Letter {
  const paragraphs: string[] = [];
  const paragraphCount = random.weighted([
    [1, 1],
    [2, 3],
    [3, 4],
    [4, 4],
    [6, 3],
    [10, 2],
  ] as const);
  for (let p = 0; p < paragraphCount; p++) {
    const sentences: string[] = [];
    const sentenceCount = random.int(2, 7);
    for (let s = 0; s < sentenceCount; s++) sentences.push(fillTemplate(random.pick(pack.sentences), random));
    paragraphs.push(sentences.join(pack.wrapColumns < 50 ? '' : ' '));
  }
  const signature = random.chance(0.5)
    ? [opts.fromName, `${random.pick(TITLES)}, ${random.pick(COMPANIES)}`, `+1 555 01${random.int(10, 99)}`]
    : [opts.fromName];
  const letter: Letter = {
    greeting: fillTemplate(random.pick(pack.greetings), random, firstName(opts.toName)),
    paragraphs,
    closing: random.pick(pack.closings),
    signature,
  };
  if (opts.quote) letter.quote = opts.quote;
  return letter;
}

function firstName(name: string): string {
  const comma = name.indexOf(',');
  if (comma > 0) return name.slice(comma + 1).trim();
  return name.split(' ')[0] ?? name;
}

/** Greedy word wrap; text without spaces (Japanese) wraps by characters. */
export function wrapText(text: string, columns: number): string[] {
  if (!text.includes(' ')) {
    const lines: string[] = [];
    for (let i = 0; i < text.length; i += columns) lines.push(text.slice(i, i + columns));
    return lines.length ? lines : [''];
  }
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > columns) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines;
}

function quotedLines(quote: Quote): string[] {
  return quote.text
    .split('\n')
    .slice(0, MAX_QUOTED_LINES)
    .map((line) => (line.startsWith('>') ? `>${line}` : `> ${line}`));
}

export function letterText(letter: Letter, columns: number): string {
  const lines = [letter.greeting, ''];
  for (const paragraph of letter.paragraphs) lines.push(...wrapText(paragraph, columns), '');
  lines.push(letter.closing, ...letter.signature.slice(0, 1));
  if (letter.signature.length > 1) lines.push('', '-- ', ...letter.signature);
  if (letter.quote) lines.push('', letter.quote.intro, ...quotedLines(letter.quote));
  return lines.join('\n') + '\n';
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const OUTLOOK_HEAD =
  '<meta name="Generator" content="Microsoft Word 15 (filtered medium)">\n<style><!--\n' +
  '@font-face {font-family:"Cambria Math"; panose-1:2 4 5 3 5 4 6 3 2 4;}\n' +
  '@font-face {font-family:Calibri; panose-1:2 15 5 2 2 2 4 3 2 4;}\n' +
  'p.MsoNormal, li.MsoNormal, div.MsoNormal {margin:0cm; font-size:11.0pt; font-family:"Calibri",sans-serif;}\n' +
  'a:link, span.MsoHyperlink {mso-style-priority:99; color:#0563C1; text-decoration:underline;}\n' +
  'span.EmailStyle17 {mso-style-type:personal-compose; font-family:"Calibri",sans-serif; color:windowtext;}\n' +
  '.MsoChpDefault {mso-style-type:export-only; font-family:"Calibri",sans-serif;}\n' +
  '@page WordSection1 {size:612.0pt 792.0pt; margin:72.0pt 72.0pt 72.0pt 72.0pt;}\n' +
  'div.WordSection1 {page:WordSection1;}\n--></style>\n' +
  '<!--[if gte mso 9]><xml>\n<o:shapedefaults v:ext="edit" spidmax="1026" />\n</xml><![endif]-->\n';

function htmlBlocks(letter: Letter, dialect: HtmlDialect): string[] {
  const signature = letter.signature.length > 1 ? [] : letter.signature;
  const blocks = [letter.greeting, ...letter.paragraphs, letter.closing, ...signature].map(escapeHtml);
  switch (dialect) {
    case 'webmail':
      return blocks.map((b) => `<div>${b}</div><div><br></div>`);
    case 'outlook':
      return blocks.map((b) => `<p class="MsoNormal"><span style="font-size:11.0pt">${b}<o:p></o:p></span></p>`);
    case 'apple':
      return blocks.map((b) => `<div style="margin: 0px;">${b}</div>`);
  }
}

/** The signature block corporate mail clients add: a table with a logo and links. */
function htmlSignature(signature: string[]): string {
  const [name = '', ...rest] = signature.map(escapeHtml);
  return (
    '<table cellpadding="0" cellspacing="0" border="0" style="font-family:Arial,Helvetica,sans-serif;font-size:12px;color:#333333;margin-top:16px">\n' +
    '<tr><td style="padding-right:12px;border-right:2px solid #0b5394;vertical-align:top">' +
    '<img src="https://assets.example.com/email/logo-96x96.png" width="48" height="48" alt="Logo" style="display:block;border:0"></td>\n' +
    `<td style="padding-left:12px;vertical-align:top"><strong style="font-size:14px;color:#0b5394">${name}</strong><br>\n` +
    rest.map((line) => `<span style="color:#666666">${line}</span><br>`).join('\n') +
    '\n<a href="https://www.example.com/" style="color:#0b5394;text-decoration:none">www.example.com</a> | ' +
    '<a href="https://social.example/company" style="color:#0b5394;text-decoration:none">Follow us</a></td></tr>\n' +
    '<tr><td colspan="2" style="padding-top:10px;font-size:10px;color:#999999;line-height:13px">' +
    'This message and any attachments are confidential and intended only for the addressee. If you received it in error, ' +
    'please tell the sender and delete it; do not copy, forward or rely on its contents.</td></tr>\n</table>'
  );
}

function htmlQuote(quote: Quote): string {
  const lines = quote.text.split('\n').slice(0, MAX_QUOTED_LINES).map(escapeHtml).join('<br>\n');
  return (
    `<div class="quote"><div dir="ltr">${escapeHtml(quote.intro)}<br></div>\n` +
    `<blockquote style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">\n` +
    `${lines}\n</blockquote></div>`
  );
}

export function letterHtml(letter: Letter, dialect: HtmlDialect, charsetLabel: string): string {
  const head =
    `<html><head>\n<meta http-equiv="Content-Type" content="text/html; charset=${charsetLabel}">\n` +
    (dialect === 'outlook' ? OUTLOOK_HEAD : '') +
    '</head>\n';
  const bodyOpen =
    dialect === 'outlook'
      ? '<body lang="EN-US" link="#0563C1" vlink="#954F72" style="word-wrap:break-word">\n<div class="WordSection1">\n'
      : dialect === 'apple'
        ? '<body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;">\n<div>\n'
        : '<body>\n<div dir="ltr">\n';
  const signature = letter.signature.length > 1 ? htmlSignature(letter.signature) + '\n' : '';
  const quote = letter.quote ? htmlQuote(letter.quote) + '\n' : '';
  return `${head}${bodyOpen}${htmlBlocks(letter, dialect).join('\n')}\n${signature}</div>\n${quote}</body>\n</html>\n`;
}
