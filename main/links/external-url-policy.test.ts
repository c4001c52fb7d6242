import { describe, expect, it } from 'vitest';
import { checkExternalUrl } from './external-url-policy';

describe('external URL policy', () => {
  it.each([
    ['https://example.com/path?q=1', 'https://example.com/path?q=1'],
    ['http://example.com', 'http://example.com/'],
    ['mailto:someone@example.com?subject=Hi', 'mailto:someone@example.com?subject=Hi'],
    ['HTTPS://EXAMPLE.com', 'https://example.com/'],
  ])('opens %s as %s', (raw, href) => {
    expect(checkExternalUrl(raw)).toEqual({ allowed: true, href });
  });

  it.each([
    'smb://attacker.example/share',
    'file:///etc/passwd',
    'javascript:alert(1)',
    ' JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'ftp://example.com/file',
    'vbscript:msgbox',
    'ms-msdt:/id PCWDiagnostic',
    'chrome://settings',
    'app://harbor/index.html',
    'mailto:a@example.com?attach=~/.ssh/id_rsa',
    'mailto:a@example.com?Attachment=/etc/shadow',
    'https://user:secret@example.com/',
    'not a url',
    '//example.com/protocol-relative',
  ])('refuses %s', (raw) => {
    const verdict = checkExternalUrl(raw);
    expect(verdict.allowed).toBe(false);
  });
});
