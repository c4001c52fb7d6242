// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { composerLinkHref, sanitizeComposedHtml, textToHtml } from './sanitize-composed-html';

describe('sanitizeComposedHtml', () => {
  it('keeps the formatting the toolbar makes', () => {
    const html = '<p><b>bold</b> <i>it</i></p><ul><li>one</li></ul><ol><li>two</li></ol><blockquote>q</blockquote>';
    expect(sanitizeComposedHtml(html)).toBe(html);
  });

  it('drops scripts, handlers, styles, images and frames', () => {
    const clean = sanitizeComposedHtml(
      '<img src=x onerror="alert(1)"><script>alert(2)</script><p style="color:red" onclick="x()">hi</p>' +
        '<iframe srcdoc="<script>1</script>"></iframe><meta http-equiv="refresh" content="0;url=https://evil.test">',
    );
    expect(clean).toBe('<p>hi</p>');
  });

  it('keeps http, https and mailto links and strips every other scheme', () => {
    const clean = sanitizeComposedHtml(
      '<a href="https://example.test/a">a</a><a href="javascript:alert(1)">b</a><a href="smb://host/share">c</a>' +
        '<a href="file:///etc/passwd">d</a><a href="mailto:bob@example.test">e</a>',
    );
    expect(clean).toBe(
      '<a href="https://example.test/a">a</a><a>b</a><a>c</a><a>d</a><a href="mailto:bob@example.test">e</a>',
    );
  });

  it("keeps a quoted layout's headings and tables with their spans, not their looks", () => {
    const clean = sanitizeComposedHtml(
      '<h2 style="color:red">Regatta</h2><table width="600" background="https://tracker.test/t.png"><tbody>' +
        '<tr><th colspan="2" class="x">Times</th></tr><tr><td rowspan="x" onclick="x()">Novice fours</td>' +
        '<td><img src="https://tracker.test/p.gif">9:00</td></tr></tbody></table><pre>a  b</pre><hr>',
    );
    expect(clean).toBe(
      '<h2>Regatta</h2><table><tbody><tr><th colspan="2">Times</th></tr><tr><td>Novice fours</td>' +
        '<td>9:00</td></tr></tbody></table><pre>a  b</pre><hr>',
    );
    expect(sanitizeComposedHtml('<p colspan="2">x</p>')).toBe('<p>x</p>');
  });
});

describe('composerLinkHref', () => {
  it('accepts web and mail addresses only', () => {
    expect(composerLinkHref(' https://example.test ')).toBe('https://example.test/');
    expect(composerLinkHref('mailto:a@example.test')).toBe('mailto:a@example.test');
    expect(composerLinkHref('java\tscript:alert(1)')).toBeNull();
    expect(composerLinkHref('ftp://example.test')).toBeNull();
    expect(composerLinkHref('example.test')).toBeNull();
  });
});

describe('textToHtml', () => {
  it('escapes markup and keeps lines', () => {
    expect(textToHtml('<b>hi</b>\n\nbye')).toBe('<div>&lt;b&gt;hi&lt;/b&gt;</div><div><br></div><div>bye</div>');
  });
});
