import { describe, expect, it } from 'vitest';
import { remoteImageUrlsIn } from './image-urls-in-html';

describe('the remote images a message names', () => {
  it('finds img sources in any quoting, with references decoded and URLs normalized', () => {
    const html = [
      '<p>Hello</p><IMG alt="logo" SRC="HTTPS://News.Example/logo.png?a=1&amp;b=2">',
      "<img src='http://cdn.example/pixel.gif'>",
      '<img width=1 src=https://track.example/o&#x2e;gif>',
      '<img src=" https://spaced.example/a b.png ">',
    ].join('\n');
    expect(remoteImageUrlsIn(html)).toEqual(
      new Set([
        'https://news.example/logo.png?a=1&b=2',
        'http://cdn.example/pixel.gif',
        'https://track.example/o.gif',
        'https://spaced.example/a%20b.png',
      ]),
    );
  });

  it('leaves out links, inline and data images, relative and non-http sources', () => {
    const html = [
      '<a href="https://link.example/">a link</a>',
      '<img src="cid:part1@example">',
      '<img src="data:image/png;base64,AAAA">',
      '<img src="/relative.png">',
      '<img src="ftp://files.example/x.png">',
      '<script src="https://evil.example/x.js"></script>',
      '<p>img src="https://text.example/not-a-tag.png"</p>',
    ].join('');
    expect(remoteImageUrlsIn(html)).toEqual(new Set());
  });
});
