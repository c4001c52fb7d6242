// The transport headers a delivered message carries above From/To: Return-Path, Received
// chain, DKIM signature and Authentication-Results. Mail the owner sent has none of these.
import type { FillerPool } from './mail-attachments';
import { RELAY_HOSTS } from './mail-cast';
import { formatMailDate, type HeaderField } from './mail-mime';
import type { SeededRandom } from './mail-random';

function domainOf(email: string): string {
  return email.slice(email.indexOf('@') + 1);
}

function foldBase64(value: string): string {
  const lines: string[] = [];
  for (let i = 0; i < value.length; i += 70) lines.push(value.slice(i, i + 70));
  return lines.join('\r\n\t ');
}

export function traceHeaders(
  random: SeededRandom,
  pool: FillerPool,
  opts: { fromEmail: string; recipient: string; sentAt: Date },
): HeaderField[] {
  const domain = domainOf(opts.fromEmail);
  const relay = random.pick(RELAY_HOSTS);
  const received = new Date(opts.sentAt.getTime() + random.int(1, 40) * 1000);
  const stamp = formatMailDate(received, 0);
  const selector = random.pick(['s1', 'selector2', 'mail', 'k1']);
  const signature = (bytes: number): string => foldBase64(pool.noise(random, bytes).toString('base64'));
  const results =
    `dkim=pass header.d=${domain} header.s=${selector};\r\n\t` +
    `spf=pass (mx.harbor.test: domain of ${opts.fromEmail} designates ${relay.ip} as permitted sender) ` +
    `smtp.mailfrom=${domain};\r\n\tdmarc=pass (p=NONE) header.from=${domain}`;
  const headers: HeaderField[] = [
    ['Return-Path', `<${opts.fromEmail}>`],
    ['Delivered-To', opts.recipient],
    [
      'Received',
      `from ${relay.name} (${relay.name} [${relay.ip}])\r\n\tby mx.harbor.test (Postfix) with ESMTPS id ` +
        `${random.hex(10).toUpperCase()}\r\n\tfor <${opts.recipient}>; ${stamp}`,
    ],
  ];
  // Mail relayed through a large provider carries an ARC set and the provider's own headers.
  const provider = random.weighted([
    ['webmail', 35],
    ['exchange', 30],
    ['direct', 35],
  ] as const);
  if (provider !== 'direct') {
    headers.push(
      [
        'ARC-Seal',
        `i=1; a=rsa-sha256; t=${Math.floor(opts.sentAt.getTime() / 1000)}; cv=none;\r\n\td=${domain}; s=arc-2024;\r\n\tb=${signature(256)}`,
      ],
      [
        'ARC-Message-Signature',
        `i=1; a=rsa-sha256; c=relaxed/relaxed; d=${domain}; s=arc-2024;\r\n\t` +
          `h=to:subject:message-id:date:from:mime-version:dkim-signature;\r\n\t` +
          `bh=${pool.noise(random, 32).toString('base64')};\r\n\tb=${signature(256)}`,
      ],
      ['ARC-Authentication-Results', `i=1; ${relay.name};\r\n\t${results}`],
    );
    headers.push(
      ...(provider === 'webmail'
        ? webmailHeaders(random, pool, opts.sentAt)
        : exchangeHeaders(random, pool, relay.ip, received)),
    );
  }
  headers.push(
    ['Received', `by ${relay.name} with SMTP id ${random.hex(16)};\r\n\t${formatMailDate(opts.sentAt, 0)}`],
    ['Authentication-Results', `mx.harbor.test;\r\n\t${results}`],
    [
      'DKIM-Signature',
      `v=1; a=rsa-sha256; c=relaxed/relaxed; d=${domain}; s=${selector};\r\n\t` +
        `t=${Math.floor(opts.sentAt.getTime() / 1000)}; h=from:to:subject:date:message-id:mime-version;\r\n\t` +
        `bh=${pool.noise(random, 32).toString('base64')};\r\n\tb=${signature(256)}`,
    ],
  );
  return headers;
}

function webmailHeaders(random: SeededRandom, pool: FillerPool, sentAt: Date): HeaderField[] {
  const seconds = Math.floor(sentAt.getTime() / 1000);
  return [
    [
      'X-Google-DKIM-Signature',
      `v=1; a=rsa-sha256; c=relaxed/relaxed; d=1e100.example; s=20230601; t=${seconds};\r\n\t` +
        `h=to:subject:message-id:date:from:mime-version:x-gm-message-state;\r\n\t` +
        `bh=${pool.noise(random, 32).toString('base64')};\r\n\tb=${foldBase64(pool.noise(random, 256).toString('base64'))}`,
    ],
    ['X-Gm-Message-State', foldBase64(pool.noise(random, 96).toString('base64'))],
    ['X-Google-Smtp-Source', foldBase64(pool.noise(random, 72).toString('base64'))],
    [
      'X-Received',
      `by 2002:a05:6000:${random.hex(4)} with SMTP id ${random.hex(16)};\r\n\t${formatMailDate(sentAt, 0)}`,
    ],
  ];
}

function exchangeHeaders(random: SeededRandom, pool: FillerPool, ip: string, arrival: Date): HeaderField[] {
  const guid = (): string => `${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}`;
  return [
    ['Thread-Index', pool.noise(random, 22).toString('base64')],
    ['Content-Language', random.pick(['en-US', 'en-GB', 'de-DE', 'fr-FR'])],
    ['X-MS-Has-Attach', ''],
    ['X-MS-TNEF-Correlator', ''],
    ['X-Originating-IP', `[${ip}]`],
    ['X-MS-PublicTrafficType', 'Email'],
    ['X-MS-Office365-Filtering-Correlation-Id', guid()],
    ['X-MS-Exchange-SenderADCheck', '1'],
    ['X-MS-Exchange-AntiSpam-Relay', '0'],
    ['X-Microsoft-Antispam', 'BCL:0;ARA:13230040|1800799024|366016|376014|38070700018;'],
    ['X-Microsoft-Antispam-Message-Info', foldBase64(pool.noise(random, 420).toString('base64'))],
    [
      'X-Forefront-Antispam-Report',
      `CIP:${ip};CTRY:;LANG:en;SCL:1;SRV:;IPV:NLI;SFV:NSPM;H:${random.hex(12)};PTR:;CAT:NONE;SFS:(13230040)(1800799024);DIR:INB;`,
    ],
    ['X-MS-Exchange-CrossTenant-OriginalArrivalTime', arrival.toUTCString()],
    ['X-MS-Exchange-CrossTenant-Network-Message-Id', guid()],
    ['X-MS-Exchange-CrossTenant-Id', guid()],
    [
      'X-MS-Exchange-Transport-CrossTenantHeadersStamped',
      `AM${random.int(0, 9)}PR0${random.int(1, 9)}MB${random.int(1000, 9999)}`,
    ],
  ];
}
