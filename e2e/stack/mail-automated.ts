// Machine-written mail: newsletters (large table-layout HTML with tracking links),
// notifications (CI, parcels, calendar, bank statements with a PDF) and spam.
import { makeAttachment, type Attachment, type FillerPool } from './mail-attachments';
import type { AutomatedSender } from './mail-cast';
import type { HeaderField } from './mail-mime';
import { escapeHtml, wrapText } from './mail-letters';
import type { SeededRandom } from './mail-random';
import { fillTemplate, HEADLINES, LANGUAGES } from './mail-vocabulary';

export interface AutomatedContent {
  subject: string;
  text: string;
  /** Absent for text-only notifications. */
  html?: string;
  headers: HeaderField[];
  attachments: Attachment[];
}

function trackingUrl(random: SeededRandom, sender: AutomatedSender, path: string): string {
  const host = sender.email.split('@')[1] ?? 'example.com';
  return `https://click.${host}/ls/click?upn=${random.hex(48)}&u=${random.hex(12)}&p=${encodeURIComponent(path)}`;
}

function unsubscribeHeaders(random: SeededRandom, sender: AutomatedSender): HeaderField[] {
  const host = sender.email.split('@')[1] ?? 'example.com';
  return [
    ['List-Unsubscribe', `<https://${host}/unsubscribe/${random.hex(24)}>, <mailto:unsubscribe@${host}>`],
    ['List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'],
    ['Precedence', 'bulk'],
    ['X-Campaign-Id', random.hex(16)],
  ];
}

function newsletter(random: SeededRandom, sender: AutomatedSender): AutomatedContent {
  const pack = LANGUAGES[sender.language];
  const articles = random.int(3, 9);
  const textParts: string[] = [`${sender.name}`, ''];
  const rows: string[] = [];
  for (let i = 0; i < articles; i++) {
    const headline =
      sender.language === 'en' ? random.pick(HEADLINES) : fillTemplate(random.pick(pack.subjects), random);
    const sentences = Array.from({ length: random.int(3, 7) }, () => fillTemplate(random.pick(pack.sentences), random));
    const link = trackingUrl(random, sender, `/articles/${random.int(1000, 9999)}`);
    const image = trackingUrl(random, sender, `/img/${random.hex(8)}.jpg`);
    textParts.push(headline.toUpperCase(), ...wrapText(sentences.join(' '), 72), link, '');
    rows.push(
      '<tr><td style="padding:24px 32px;border-bottom:1px solid #e5e5e5;font-family:Georgia,serif">\n' +
        `<img src="${escapeHtml(image)}" width="536" height="240" alt="" style="display:block;border:0;width:100%;max-width:536px">\n` +
        `<h2 style="font-size:22px;line-height:28px;color:#1a1a1a;margin:16px 0 8px">${escapeHtml(headline)}</h2>\n` +
        `<p style="font-size:16px;line-height:24px;color:#444444;margin:0 0 12px">${escapeHtml(sentences.join(' '))}</p>\n` +
        `<a href="${escapeHtml(link)}" style="color:#0b5394;font-weight:bold;text-decoration:none">Read more &rarr;</a>\n` +
        '</td></tr>',
    );
  }
  const unsubscribe = trackingUrl(random, sender, '/preferences');
  textParts.push(`Unsubscribe: ${unsubscribe}`);
  const pixel = trackingUrl(random, sender, '/open.gif');
  const html =
    '<!DOCTYPE html>\n<html><head><meta charset="{charset}"><meta name="viewport" content="width=device-width">\n' +
    '<style>body{margin:0;padding:0;background:#f4f4f4} table{border-collapse:collapse} ' +
    '@media (max-width:600px){.container{width:100%!important}}</style></head>\n' +
    '<body><center><table class="container" width="600" cellpadding="0" cellspacing="0" style="background:#ffffff">\n' +
    `<tr><td style="padding:32px;background:#0b5394;color:#ffffff;font-size:28px;font-family:Georgia,serif">${escapeHtml(sender.name)}</td></tr>\n` +
    rows.join('\n') +
    `\n<tr><td style="padding:24px;font-size:12px;color:#888888">You receive this because you subscribed. ` +
    `<a href="${escapeHtml(unsubscribe)}">Unsubscribe</a></td></tr>\n</table></center>\n` +
    `<img src="${escapeHtml(pixel)}" width="1" height="1" alt=""></body></html>\n`;
  const subject =
    sender.language === 'en'
      ? `${random.pick(HEADLINES)} | ${sender.name}`
      : fillTemplate(random.pick(pack.subjects), random);
  return {
    subject,
    text: textParts.join('\n') + '\n',
    html,
    headers: unsubscribeHeaders(random, sender),
    attachments: [],
  };
}

const TRANSACTIONAL_STYLE =
  'body{margin:0;padding:0;background-color:#f6f7f9;-webkit-text-size-adjust:100%;-ms-text-size-adjust:100%}\n' +
  'table,td{mso-table-lspace:0pt;mso-table-rspace:0pt;border-collapse:collapse}\n' +
  'img{border:0;height:auto;line-height:100%;outline:none;text-decoration:none;-ms-interpolation-mode:bicubic}\n' +
  '.wrapper{width:100%;table-layout:fixed;background-color:#f6f7f9;padding:24px 0}\n' +
  '.main{background-color:#ffffff;margin:0 auto;width:100%;max-width:600px;border-radius:8px;font-family:Helvetica,Arial,sans-serif;color:#222222}\n' +
  '.button{display:inline-block;padding:12px 24px;background-color:#0b5394;color:#ffffff!important;border-radius:4px;text-decoration:none;font-weight:bold}\n' +
  '.footer{font-size:11px;line-height:16px;color:#8a8f98;padding:24px 32px;text-align:center}\n' +
  '@media screen and (max-width:600px){.main{border-radius:0!important}.content{padding:16px!important}}\n';

/** The template wrapper of transactional mail: style sheet, header bar, footer with the fine print. */
function transactionalHtml(random: SeededRandom, sender: AutomatedSender, title: string, inner: string): string {
  const host = sender.email.split('@')[1] ?? 'example.com';
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="{charset}"><meta name="viewport" content="width=device-width,initial-scale=1">\n' +
    `<title>${escapeHtml(title)}</title>\n<style type="text/css">\n${TRANSACTIONAL_STYLE}</style></head>\n` +
    '<body><center class="wrapper"><table class="main" role="presentation" width="600">\n' +
    `<tr><td style="padding:20px 32px;border-bottom:1px solid #eeeeee"><img src="https://static.${host}/logo.png" width="120" height="32" alt="${escapeHtml(sender.name)}"></td></tr>\n` +
    `<tr><td class="content" style="padding:32px;font-size:15px;line-height:22px">\n<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(title)}</h1>\n${inner}\n</td></tr>\n` +
    `<tr><td class="footer">You are receiving this email because of your account with ${escapeHtml(sender.name)}. ` +
    `Manage <a href="https://${host}/settings/notifications?u=${random.hex(16)}" style="color:#8a8f98">notification settings</a> ` +
    `or read our <a href="https://${host}/privacy" style="color:#8a8f98">privacy notice</a>.<br>` +
    `${escapeHtml(sender.name)}, 1 Example Way, Harbor City. This mailbox is not monitored; please do not reply.</td></tr>\n` +
    `</table></center><img src="https://${host}/o/${random.hex(32)}.gif" width="1" height="1" alt=""></body></html>\n`
  );
}

function notification(random: SeededRandom, pool: FillerPool, sender: AutomatedSender): AutomatedContent {
  const number = random.int(1000, 99999);
  switch (sender.email.split('@')[0]) {
    case 'ci': {
      const failed = random.chance(0.3);
      const subject = `[ci] Build #${number} ${failed ? 'failed' : 'passed'} on main`;
      const steps = ['checkout', 'install', 'lint', 'typecheck', 'unit tests', 'package'];
      const lines = steps.map(
        (s) => `  ${s.padEnd(12)} ${failed && s === 'unit tests' ? 'FAILED' : 'ok'} (${random.int(2, 240)}s)`,
      );
      const text = `Build #${number} ${failed ? 'failed' : 'passed'}.\n\n${lines.join('\n')}\n\nDetails: https://builds.example.com/runs/${number}\n`;
      return { subject, text, headers: [['X-CI-Run', String(number)]], attachments: [] };
    }
    case 'no-reply': {
      const code = `HX${random.int(100000, 999999)}${random.hex(4).toUpperCase()}`;
      const subject = `Your parcel ${code} is out for delivery`;
      const text = `Good news! Parcel ${code} will arrive today between ${random.int(8, 12)}:00 and ${random.int(13, 18)}:00.\n\nTrack it: https://parcels.example.org/t/${code}\n`;
      const html = transactionalHtml(
        random,
        sender,
        'Out for delivery',
        `<p>Parcel <b>${code}</b> will arrive today.</p><p><a class="button" href="https://parcels.example.org/t/${code}">Track your parcel</a></p>`,
      );
      return { subject, text, html, headers: [], attachments: [] };
    }
    case 'statements': {
      const month = fillTemplate('{month}', random);
      const subject = `Your statement for ${month} is ready`;
      const text = `Dear customer,\n\nyour account statement for ${month} is attached as a PDF.\n\nHarbor Bank\n`;
      const html = transactionalHtml(
        random,
        sender,
        subject,
        '<p>Dear customer,</p><p>your account statement is attached as a PDF.</p>',
      );
      return {
        subject,
        text,
        html,
        headers: [],
        attachments: [makeAttachment(random, pool, 'pdf', random.int(12_000, 40_000))],
      };
    }
    default: {
      const topic = fillTemplate(random.pick(LANGUAGES.en.subjects), random);
      const when = fillTemplate('{day} {time}', random);
      const subject = `Invitation: ${topic} @ ${when}`;
      const text = `You have been invited to "${topic}".\nWhen: ${when}\nWhere: Room ${random.int(1, 12)}\n\nAccept / Decline: https://calendar.example.com/e/${random.hex(20)}\n`;
      const html = transactionalHtml(
        random,
        sender,
        subject,
        `<p><b>${escapeHtml(topic)}</b><br>When: ${when}</p><p><a class="button" href="https://calendar.example.com/e/${random.hex(20)}">Accept or decline</a></p>`,
      );
      return { subject, text, html, headers: [], attachments: [] };
    }
  }
}

const SPAM: Record<'en' | 'ru' | 'ja', ReadonlyArray<readonly [subject: string, body: string]>> = {
  en: [
    [
      'Congratulations!!! You have WON a prize',
      'Claim your reward now, the offer expires in 24 hours. Click the link below.',
    ],
    [
      'Urgent: verify your account today',
      'We noticed unusual activity. Confirm your password or your account will be closed.',
    ],
    ['Cheap watches, 90% off', 'Luxury brands at unbelievable prices. Free shipping worldwide.'],
  ],
  ru: [
    ['Только сегодня: скидки до 90%!', 'Успейте купить лучшие товары по самым низким ценам. Предложение ограничено.'],
  ],
  ja: [['【重要】特別なご案内', '今だけの特別キャンペーンです。下のリンクからお申し込みください。']],
};

function spam(random: SeededRandom, sender: AutomatedSender): AutomatedContent {
  const [subject, body] = random.pick(
    sender.language === 'ru' ? SPAM.ru : sender.language === 'ja' ? SPAM.ja : SPAM.en,
  );
  const link = `https://${random.hex(10)}.example/r/${random.hex(16)}`;
  const text = `${body}\n\n${link}\n`;
  const html = `<html><body style="background:#ffff00"><h1 style="color:red;font-size:40px">${escapeHtml(subject)}</h1><p style="font-size:20px">${escapeHtml(body)}</p><a href="${link}">&gt;&gt;&gt; ${escapeHtml(link)} &lt;&lt;&lt;</a></body></html>\n`;
  return {
    subject,
    text,
    html,
    headers: [
      ['X-Spam-Flag', 'YES'],
      ['X-Spam-Score', String(random.int(60, 150) / 10)],
    ],
    attachments: [],
  };
}

export function automatedContent(random: SeededRandom, pool: FillerPool, sender: AutomatedSender): AutomatedContent {
  switch (sender.kind) {
    case 'newsletter':
      return newsletter(random, sender);
    case 'notification':
      return notification(random, pool, sender);
    case 'spam':
      return spam(random, sender);
  }
}
