// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { htmlToText } from './html-to-text';

describe('htmlToText', () => {
  it('keeps lines, list markers, quotes and link targets', () => {
    const html =
      '<div>Hi <b>Bob</b>,</div><div><br></div><ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>' +
      '<div>See <a href="https://example.test/">the page</a></div><blockquote><div>old</div><div>text</div></blockquote>';
    expect(htmlToText(html)).toBe(
      'Hi Bob,\n\n- one\n- two\n1. first\nSee the page <https://example.test/>\n> old\n> text',
    );
  });

  it('puts a table row on a line with its cells apart, and headings on lines of their own', () => {
    const html =
      '<h2>Regatta</h2><table><tbody><tr><th>Race</th><th>Start</th></tr><tr><td>Novice fours</td><td>9:00</td></tr>' +
      '<tr><td>Senior eights</td><td></td></tr></tbody></table><div>See you</div>';
    expect(htmlToText(html)).toBe('Regatta\nRace  Start\nNovice fours  9:00\nSenior eights\nSee you');
    // A layout table whose cell holds the table keeps the inner rows on lines of their own.
    expect(htmlToText(`<table><tr><td>${html}</td><td>Side</td></tr></table>`)).toBe(
      'Regatta\nRace  Start\nNovice fours  9:00\nSenior eights\nSee you\nSide',
    );
  });

  it('never turns escaped markup back into tags', () => {
    expect(htmlToText('<div>&lt;script&gt;x&lt;/script&gt;</div>')).toBe('<script>x</script>');
  });
});
