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

  it('never turns escaped markup back into tags', () => {
    expect(htmlToText('<div>&lt;script&gt;x&lt;/script&gt;</div>')).toBe('<script>x</script>');
  });
});
