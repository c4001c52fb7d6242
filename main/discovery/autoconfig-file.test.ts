import { describe, expect, it } from 'vitest';
import { serversFromAutoconfig } from './autoconfig-file';
import { MAX_AUTOCONFIG_BYTES } from './discover';

const email = 'ann.lee@example.org';

function server(kind: 'incomingServer' | 'outgoingServer', type: string, fields: Record<string, string>): string {
  const body = Object.entries(fields)
    .map(([name, value]) => `<${name}>${value}</${name}>`)
    .join('');
  return `<${kind} type="${type}">${body}<authentication>password-cleartext</authentication></${kind}>`;
}

function file(...servers: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- autoconfig -->
<clientConfig version="1.1">
  <emailProvider id="example.org">
    <domain>example.org</domain>
    <displayName>Example</displayName>
    ${servers.join('\n    ')}
  </emailProvider>
</clientConfig>`;
}

const imapSsl = server('incomingServer', 'imap', { hostname: 'imap.example.org', port: '993', socketType: 'SSL' });
const smtpStarttls = server('outgoingServer', 'smtp', {
  hostname: 'smtp.example.org',
  port: '587',
  socketType: 'STARTTLS',
});

describe('reading an autoconfig file', () => {
  it('reads the IMAP and SMTP servers', () => {
    expect(serversFromAutoconfig(file(imapSsl, smtpStarttls), email)).toEqual({
      imap: { host: 'imap.example.org', port: 993, security: 'tls' },
      smtp: { host: 'smtp.example.org', port: 587, security: 'starttls' },
    });
  });

  it('prefers SSL/TLS to STARTTLS whatever the order', () => {
    const imapStarttls = server('incomingServer', 'imap', {
      hostname: 'imap.example.org',
      port: '143',
      socketType: 'STARTTLS',
    });
    const smtpSsl = server('outgoingServer', 'smtp', { hostname: 'smtp.example.org', port: '465', socketType: 'SSL' });
    const result = serversFromAutoconfig(file(imapStarttls, smtpStarttls, imapSsl, smtpSsl), email);
    expect(result?.imap).toEqual({ host: 'imap.example.org', port: 993, security: 'tls' });
    expect(result?.smtp).toEqual({ host: 'smtp.example.org', port: 465, security: 'tls' });
    expect(serversFromAutoconfig(file(imapStarttls), email)?.imap.security).toBe('starttls');
  });

  it('refuses unencrypted entries, and a file with nothing else', () => {
    const imapPlain = server('incomingServer', 'imap', {
      hostname: 'imap.example.org',
      port: '143',
      socketType: 'plain',
    });
    const smtpPlain = server('outgoingServer', 'smtp', {
      hostname: 'smtp.example.org',
      port: '25',
      socketType: 'plain',
    });
    expect(serversFromAutoconfig(file(imapPlain, smtpPlain), email)).toBeNull();
    expect(serversFromAutoconfig(file(imapPlain, imapSsl, smtpPlain), email)).toEqual({
      imap: { host: 'imap.example.org', port: 993, security: 'tls' },
      smtp: null,
    });
    const noSocketType = server('incomingServer', 'imap', { hostname: 'imap.example.org', port: '993' });
    const tlsWord = server('incomingServer', 'imap', { hostname: 'imap.example.org', port: '993', socketType: 'TLS' });
    expect(serversFromAutoconfig(file(noSocketType, tlsWord), email)).toBeNull();
  });

  it('ignores POP3, Exchange and other entries', () => {
    const pop = server('incomingServer', 'pop3', { hostname: 'pop.example.org', port: '995', socketType: 'SSL' });
    const exchange = server('incomingServer', 'exchange', {
      hostname: 'ex.example.org',
      port: '443',
      socketType: 'SSL',
    });
    expect(serversFromAutoconfig(file(pop, exchange), email)).toBeNull();
    expect(serversFromAutoconfig(file(pop, imapSsl), email)?.imap.host).toBe('imap.example.org');
  });

  it('substitutes the address placeholders, then checks the host name', () => {
    const byDomain = server('incomingServer', 'imap', {
      hostname: 'imap.%EMAILDOMAIN%',
      port: '993',
      socketType: 'SSL',
    });
    expect(serversFromAutoconfig(file(byDomain), email)?.imap.host).toBe('imap.example.org');
    const byLocalPart = server('incomingServer', 'imap', {
      hostname: '%EMAILLOCALPART%.imap.example.org',
      port: '993',
      socketType: 'SSL',
    });
    expect(serversFromAutoconfig(file(byLocalPart), 'ann@example.org')?.imap.host).toBe('ann.imap.example.org');
    // A local part that is no host name label, or the whole address, makes no host name.
    expect(serversFromAutoconfig(file(byLocalPart), 'ann+x@example.org')).toBeNull();
    const byAddress = server('incomingServer', 'imap', { hostname: '%EMAILADDRESS%', port: '993', socketType: 'SSL' });
    expect(serversFromAutoconfig(file(byAddress), email)).toBeNull();
  });

  it('refuses weird host names and ports', () => {
    for (const hostname of [
      'imap.example.org:993',
      'https://imap.example.org',
      'imap.example.org/path',
      'imap example.org',
      'localhost',
      '::1',
      '%UNKNOWN%.example.org',
      '<b>imap.example.org</b>',
      '',
    ]) {
      const entry = server('incomingServer', 'imap', { hostname, port: '993', socketType: 'SSL' });
      expect(serversFromAutoconfig(file(entry), email), hostname).toBeNull();
    }
    for (const port of ['0', '65536', '-1', '99.5', '0x3e1', '', '993993']) {
      const entry = server('incomingServer', 'imap', { hostname: 'imap.example.org', port, socketType: 'SSL' });
      expect(serversFromAutoconfig(file(entry), email), port).toBeNull();
    }
  });

  /**
   * The result, and that it did not stall: hostile input must neither expand nor hang. The bound
   * is far above a loaded machine's time (under 1 s) and far below an expansion's (minutes).
   */
  function quickly(xml: string): ReturnType<typeof serversFromAutoconfig> {
    const started = performance.now();
    const result = serversFromAutoconfig(xml, email);
    expect(performance.now() - started).toBeLessThan(5_000);
    return result;
  }

  it('refuses a document type declaration, so no entity is defined, expanded or fetched', () => {
    const laughs = Array.from({ length: 9 }, (_, level) => {
      const name = String.fromCharCode(98 + level);
      const previous = String.fromCharCode(97 + level);
      return `<!ENTITY ${name} "${`&${previous};`.repeat(10)}">`;
    }).join('');
    const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE clientConfig [<!ENTITY a "lol">${laughs}]>
<clientConfig><emailProvider>${imapSsl.replace('imap.example.org', 'imap.&j;.org')}</emailProvider></clientConfig>`;
    expect(quickly(billionLaughs)).toBeNull();
    // Even a harmless internal subset, or a file that would be fine without it, is refused.
    const harmless = file(imapSsl).replace(
      '<clientConfig',
      '<!DOCTYPE clientConfig [<!ENTITY d "example">]>\n<clientConfig',
    );
    expect(quickly(harmless)).toBeNull();
    expect(
      quickly(
        file(imapSsl).replace('<clientConfig', '<!DOCTYPE clientConfig SYSTEM "file:///etc/passwd">\n<clientConfig'),
      ),
    ).toBeNull();
    expect(quickly(file(imapSsl).replace('<clientConfig', '<!doctype clientConfig>\n<clientConfig'))).toBeNull();
    expect(quickly(`<clientConfig><!ENTITY e "x"><emailProvider>${imapSsl}</emailProvider></clientConfig>`)).toBeNull();
  });

  it('decodes the five predefined entities only, and refuses what unknown entities leave behind', () => {
    const attributeEncoded = imapSsl.replace('type="imap"', 'type="&#105;map"');
    expect(quickly(file(attributeEncoded))).toBeNull();
    expect(quickly(file(imapSsl.replace('imap.example.org', '&host;')))).toBeNull();
    expect(quickly(file(imapSsl.replace('imap.example.org', 'imap.&host;.org')))).toBeNull();
    expect(quickly(file(imapSsl.replace('imap.example.org', '&#105;map.example&#x2e;org')))).toBeNull();
    expect(quickly(file(imapSsl.replace('imap.example.org', 'imap.example.org&amp;')))).toBeNull();
    expect(quickly(file(imapSsl.replace('imap.example.org', 'a & b')))).toBeNull();
    // Predefined entities elsewhere in an entry do no harm, and CDATA in a field reads as its text.
    const wrapped = server('incomingServer', 'imap', {
      hostname: '<![CDATA[imap.example.org]]>',
      port: '993',
      socketType: 'SSL',
    }).replace('type="imap"', `type="imap" note="&lt;&amp;&quot;&apos;&gt;"`);
    expect(quickly(file(wrapped))?.imap.host).toBe('imap.example.org');
  });

  it('refuses malformed, deep and foreign documents', () => {
    for (const xml of [
      '',
      'not xml at all',
      file(imapSsl).replace('</clientConfig>', ''),
      file(imapSsl).replace('</incomingServer>', ''),
      file(imapSsl).replace('<clientConfig', '<clientConfig a="1" a="2"'),
      file(imapSsl).replace('<clientConfig', '<clientConfig a=1'),
      `${file(imapSsl)}<clientConfig/>`,
      `${file(imapSsl)} trailing text`,
      file(imapSsl).replace(/clientConfig/g, 'html'),
      `<clientConfig>${'<x>'.repeat(100)}${'</x>'.repeat(100)}</clientConfig>`,
      `<clientConfig><emailProvider>${'<x>'.repeat(20)}${imapSsl}${'</x>'.repeat(20)}</emailProvider></clientConfig>`,
      `<clientConfig><__proto__><emailProvider>${imapSsl}</emailProvider></__proto__></clientConfig>`,
      `<a ${'x'.repeat(100_000)}`,
      `<clientConfig>${'<emailProvider>'.repeat(5_000)}`,
    ]) {
      expect(quickly(xml), xml.slice(0, 80)).toBeNull();
    }
  });

  it('reads a file as big as the download allows, quickly', () => {
    const filler = '<displayName/>'.repeat(4_000);
    const big = `<clientConfig><emailProvider>${filler}${imapSsl}</emailProvider></clientConfig>`;
    expect(big.length).toBeLessThanOrEqual(MAX_AUTOCONFIG_BYTES);
    expect(quickly(big)?.imap.host).toBe('imap.example.org');
  });

  it('reads only the text of a field, never that of elements inside it, and the first of a repeated field', () => {
    const nested = server('incomingServer', 'imap', {
      hostname: 'imap.<b/>example.org',
      port: '993',
      socketType: 'SSL',
    });
    expect(quickly(file(nested))).toBeNull();
    const twice = server('incomingServer', 'imap', {
      hostname: 'imap.example.org',
      port: '993',
      socketType: 'SSL',
    }).replace('</hostname>', '</hostname><hostname>other.example.org</hostname>');
    expect(quickly(file(twice))?.imap.host).toBe('imap.example.org');
  });

  it('reads a real-world file with namespaces, comments and extra sections', () => {
    const xml = `\uFEFF<?xml version="1.0"?>
<clientConfig version="1.1" xmlns:x="urn:x">
  <emailProvider id="example.org">
    <domain>example.org</domain>
    <!-- <incomingServer type="imap"><hostname>evil.example</hostname></incomingServer> -->
    <incomingServer type='IMAP'>
      <hostname>
        mail.example.org
      </hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>OAuth2</authentication>
    </incomingServer>
    <outgoingServer type="smtp"><hostname>mail.example.org</hostname><port>465</port><socketType>SSL</socketType></outgoingServer>
    <documentation url="http://example.org/help"><descr lang="en">Help</descr></documentation>
  </emailProvider>
  <oAuth2><issuer>login.example.org</issuer><scope>mail</scope></oAuth2>
  <x:extra/>
</clientConfig>`;
    expect(serversFromAutoconfig(xml, email)).toEqual({
      imap: { host: 'mail.example.org', port: 993, security: 'tls' },
      smtp: { host: 'mail.example.org', port: 465, security: 'tls' },
    });
  });
});
