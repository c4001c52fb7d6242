import { describe, expect, it } from 'vitest';
import { providerPresets } from '../auth/provider-presets';
import { isAtOrUnder, mailDomainOf, safeHostName } from './host-name';
import { providerByDomain, providerByMx } from './provider-match';

const mx = (...hosts: [string, number][]) => hosts.map(([exchange, priority]) => ({ exchange, priority }));

describe('providers by domain', () => {
  it('finds the preset that serves the domain, in any case', () => {
    expect(providerByDomain('gmail.com', providerPresets)).toBe('google');
    expect(providerByDomain('HotMail.COM', providerPresets)).toBe('microsoft');
    expect(providerByDomain('fastmail.fm', providerPresets)).toBe('fastmail');
  });

  it("knows Microsoft's and Yahoo's country domains, but not Yahoo Japan's separate service", () => {
    for (const domain of ['hotmail.co.uk', 'hotmail.fr', 'live.com.au', 'outlook.de', 'msn.nl', 'windowslive.com'])
      expect(providerByDomain(domain, providerPresets)).toBe('microsoft');
    for (const domain of ['yahoo.co.uk', 'yahoo.fr', 'yahoo.com.br', 'Yahoo.DE', 'rocketmail.com'])
      expect(providerByDomain(domain, providerPresets)).toBe('yahoo');
    expect(providerByDomain('yahoo.co.jp', providerPresets)).toBeNull();
    expect(providerByDomain('hotmail.example.com', providerPresets)).toBeNull();
    expect(providerByDomain('myhotmail.co.uk', providerPresets)).toBeNull();
  });

  it('does not match a domain merely ending like a known one', () => {
    expect(providerByDomain('notgmail.com', providerPresets)).toBeNull();
    expect(providerByDomain('mail.gmail.com.example', providerPresets)).toBeNull();
  });
});

describe('providers by MX host', () => {
  it('sends Google Workspace domains to Google', () => {
    expect(providerByMx(mx(['aspmx.l.google.com', 1], ['alt1.aspmx.l.google.com', 5]))).toBe('google');
    expect(providerByMx(mx(['ASPMX.L.GOOGLE.COM.', 10]))).toBe('google');
    expect(providerByMx(mx(['aspmx2.googlemail.com', 10]))).toBe('google');
    expect(providerByMx(mx(['smtp.google.com', 1]))).toBe('google');
  });

  it('sends Microsoft 365 domains to Microsoft', () => {
    expect(providerByMx(mx(['contoso-com.mail.protection.outlook.com', 0]))).toBe('microsoft');
  });

  it('compares on label boundaries only', () => {
    expect(providerByMx(mx(['mx.evilgoogle.com', 1]))).toBeNull();
    expect(providerByMx(mx(['google.com.evil.example', 1]))).toBeNull();
    expect(providerByMx(mx(['contoso.notmail.protection.outlook.com.example', 0]))).toBeNull();
    expect(providerByMx(mx(['contoso.xmail.protection.outlook.com', 0]))).toBeNull();
    expect(providerByMx(mx(['outlook.com', 0]))).toBeNull();
  });

  it('looks at the most preferred hosts only, and only when they agree', () => {
    expect(providerByMx(mx(['mx.filter.example', 1], ['aspmx.l.google.com', 10]))).toBeNull();
    expect(providerByMx(mx(['aspmx.l.google.com', 1], ['backup.example.net', 10]))).toBe('google');
    expect(providerByMx(mx(['aspmx.l.google.com', 1], ['x.mail.protection.outlook.com', 1]))).toBeNull();
    expect(providerByMx(mx(['aspmx.l.google.com', 1], ['mx.example.net', 1]))).toBeNull();
    expect(providerByMx([])).toBeNull();
    expect(providerByMx(mx(['', 0]))).toBeNull();
  });
});

describe('names', () => {
  it('takes the mail domain after the last @, in ASCII', () => {
    expect(mailDomainOf('Ann@Example.ORG')).toBe('example.org');
    expect(mailDomainOf('"a@b"@example.org')).toBe('example.org');
    expect(mailDomainOf('ann@bücher.example')).toBe('xn--bcher-kva.example');
    expect(mailDomainOf('ann@localhost')).toBeNull();
    expect(mailDomainOf('ann@')).toBeNull();
    expect(mailDomainOf('ann@exa_mple.org')).toBeNull();
    expect(mailDomainOf('ann@[127.0.0.1]')).toBeNull();
  });

  it('accepts plain host names and IPv4 addresses only', () => {
    expect(safeHostName(' IMAP.Example.org. ')).toBe('imap.example.org');
    expect(safeHostName('127.0.0.1')).toBe('127.0.0.1');
    for (const bad of [
      '',
      'localhost',
      'imap example.org',
      'imap.example.org/x',
      'user@imap.example.org',
      'imap.example.org:993',
      '-imap.example.org',
      'imap-.example.org',
      'imap..example.org',
      '999.1.1.1',
      '1.2.3.4.5',
      '::1',
      'ima\u0070\u200b.example.org',
      'ímap.example.org',
      `${'a'.repeat(64)}.example.org`,
      `${'a.'.repeat(127)}org`,
      'javascript:alert(1)',
      '%EMAILLOCALPART%.example.org',
    ]) {
      expect(safeHostName(bad), bad).toBeNull();
    }
  });

  it('matches suffixes on label boundaries', () => {
    expect(isAtOrUnder('a.google.com', 'google.com')).toBe(true);
    expect(isAtOrUnder('google.com', 'google.com')).toBe(true);
    expect(isAtOrUnder('agoogle.com', 'google.com')).toBe(false);
  });
});
