import { describe, expect, it } from 'vitest';
import { linkifyText } from './linkify-text';

describe('links in plain text', () => {
  it('finds http, https and mailto addresses and leaves sentence punctuation out', () => {
    expect(linkifyText('Read https://example.com/a, or (mailto:bob@example.com).')).toEqual([
      { kind: 'text', text: 'Read ' },
      { kind: 'link', text: 'https://example.com/a', href: 'https://example.com/a' },
      { kind: 'text', text: ', or (' },
      { kind: 'link', text: 'mailto:bob@example.com', href: 'mailto:bob@example.com' },
      { kind: 'text', text: ').' },
    ]);
  });

  it('keeps a parenthesis that belongs to the address', () => {
    const [, link] = linkifyText('See https://en.wikipedia.org/wiki/Mail_(disambiguation) now');
    expect(link).toEqual(expect.objectContaining({ href: 'https://en.wikipedia.org/wiki/Mail_(disambiguation)' }));
  });

  it('keeps a quote inside its own link, percent-encoded in the href', () => {
    const pieces = linkifyText('x http://a.example/p"onmouseover="alert(1) y');
    expect(pieces.filter((piece) => piece.kind === 'link')).toEqual([
      {
        kind: 'link',
        text: 'http://a.example/p"onmouseover="alert(1)',
        href: 'http://a.example/p%22onmouseover=%22alert(1)',
      },
    ]);
    expect(pieces.map((piece) => piece.text).join('')).toBe('x http://a.example/p"onmouseover="alert(1) y');
  });

  it('makes no link of other schemes, and strips attach fields from mailto', () => {
    expect(
      linkifyText('javascript:alert(1) smb://host/x file:///etc/passwd').every((piece) => piece.kind === 'text'),
    ).toBe(true);
    expect(linkifyText('mailto:a@b.test?attach=~/.ssh/id_rsa')).toEqual([
      { kind: 'link', text: 'mailto:a@b.test?attach=~/.ssh/id_rsa', href: 'mailto:a@b.test' },
    ]);
  });
});
