import { describe, expect, it } from 'vitest';
import { sanitizeStyleAttribute, sanitizeStyleSheet } from './sanitize-css';

describe('policing mail CSS', () => {
  it.each([
    ['@import', '@import url(https://a.test/x.css);'],
    ['@import escaped', '@\\69 mport "https://a.test/x.css";'],
    ['@import with a six-digit escape', '@\\000069mport "https://a.test/x.css";'],
    ['@import split by a comment', '@im/**/port "https://a.test/x.css";'],
    ['url() escaped', 'p { background: \\75 \\72 \\6c (https://a.test/x.png) }'],
    ['url() with a double escape', 'p { background: \\5c 75rl(https://a.test/x.png) }'],
    ['@font-face', '@font-face { font-family: x; src: local(x) }'],
    ['image-set', 'p { background: -webkit-image-set("https://a.test/x.png" 1x) }'],
    ['expression', 'p { width: expression(alert(1)) }'],
    ['closing the style element', 'p { color: red } </style><img src=x>'],
  ])('drops %s', (_name, css) => {
    expect(sanitizeStyleSheet(css)).not.toMatch(/url|@import|@font-face|image-set|expression|<|https/i);
  });

  it('keeps the harmless rules around a dropped one, and nested media rules', () => {
    const css =
      'h1 { color: red } p { color: blue; background: url(x.png); margin: 0 } @media (max-width: 600px) { td { padding: 0 } }';
    expect(sanitizeStyleSheet(css)).toBe(
      'h1 { color: red }\np { color: blue; margin: 0 }\n@media (max-width: 600px) { td { padding: 0 } }',
    );
  });

  it('filters style attributes declaration by declaration', () => {
    expect(
      sanitizeStyleAttribute('color: red; background: u\\72l(https://a.test/x); -moz-binding: x; font-weight: bold'),
    ).toBe('color: red; font-weight: bold');
  });
});
