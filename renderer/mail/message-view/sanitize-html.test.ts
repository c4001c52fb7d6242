// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { attackerHost, hostileHtml } from './hostile-html.fixtures';
import { blockedImageAttribute, createMessageSanitizer } from './sanitize-html';

const sanitize = createMessageSanitizer(window);
const pixel =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

const forbiddenElements =
  'script, iframe, frame, frameset, object, embed, applet, link, meta, base, form, input, button, select, textarea, svg, math, video, audio, source, picture, track, area, map, noscript, template';
const forbiddenAttributes = new Set(['srcset', 'poster', 'background', 'lowsrc', 'dynsrc', 'ping', 'target', 'action', 'formaction', 'data', 'rel', 'http-equiv', 'content', 'xlink:href']); // prettier-ignore
const fetchingCss = /url\s*\(|image-set|@import|@font-face|expression\s*\(|behavior|binding/i;

function parse(html: string): Document {
  return new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html');
}

/** Everything that could run, fetch or navigate without the user, found in sanitized markup. */
function dangers(html: string): string[] {
  const doc = parse(html);
  const found: string[] = [];
  for (const element of doc.querySelectorAll(forbiddenElements)) found.push(`<${element.localName}>`);
  for (const element of doc.body.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on') || forbiddenAttributes.has(name)) found.push(`${element.localName}[${name}]`);
      if (name === 'data-remote-blocked') continue;
      if (name.startsWith('data-')) found.push(`${element.localName}[${name}]`);
      if (name === 'src' && !/^data:image\/(png|jpeg|gif|webp);base64,/.test(attribute.value))
        found.push(`src=${attribute.value}`);
      if (name === 'href' && !/^(#|https?:\/\/|mailto:)/.test(attribute.value)) found.push(`href=${attribute.value}`);
      if (name === 'href' && /[?&]attach/i.test(attribute.value)) found.push(`href=${attribute.value}`);
      if (name === 'style' && fetchingCss.test(attribute.value)) found.push(`style=${attribute.value}`);
    }
  }
  for (const style of doc.querySelectorAll('style')) {
    if (fetchingCss.test(style.textContent ?? '')) found.push(`<style>${style.textContent}`);
  }
  if (html.includes(attackerHost)) found.push(`mentions ${attackerHost}`);
  if (/javascript:|fetch\(|alert\(|window\.open/i.test(html)) found.push('script text');
  return found;
}

describe('sanitizing hostile mail HTML', () => {
  it.each(hostileHtml)('%s: nothing runs, fetches or navigates, the text remains', (_name, html, harmless) => {
    const result = sanitize(html, { inlineImages: {} });
    expect(dangers(result.html)).toEqual([]);
    expect(parse(result.html).body.textContent).toContain(harmless);
  });

  it('the danger check itself finds what the fixtures contain', () => {
    for (const [name, html] of hostileHtml) expect(dangers(html), name).not.toEqual([]);
  });

  it('does not offer joined EFAIL attributes as remote images to load', () => {
    const efail = hostileHtml.find(([name]) => name.startsWith('EFAIL'));
    const result = sanitize(efail?.[1] ?? '', { inlineImages: {} });
    expect(result.remoteImages).toEqual([]);
    expect(result.html).not.toContain('secret');
  });

  it('blocks a tracking pixel but reports it, without keeping its address in the markup', () => {
    const result = sanitize('<img src="https://tracker.test/p.gif?u=1" width="1" height="1">', { inlineImages: {} });
    expect(result.remoteImages).toEqual(['https://tracker.test/p.gif?u=1']);
    const image = parse(result.html).querySelector('img');
    expect(image?.hasAttribute('src')).toBe(false);
    expect(image?.hasAttribute(blockedImageAttribute)).toBe(true);
    expect(result.html).not.toContain('tracker.test');
  });

  it('shows remote images only as data: URLs the main side fetched', () => {
    const result = sanitize('<img src="https://images.test/a.png"><img src="https://images.test/b.png">', {
      inlineImages: {},
      loadedImages: { 'https://images.test/a.png': pixel, 'https://images.test/b.png': 'https://images.test/b.png' },
    });
    const images = parse(result.html).querySelectorAll('img');
    expect(images[0]?.getAttribute('src')).toBe(pixel);
    expect(images[1]?.hasAttribute('src')).toBe(false);
    expect(result.remoteImages).toEqual(['https://images.test/b.png']);
  });

  it("resolves cid: only to the message's own inline images", () => {
    const result = sanitize('<img src="cid:logo@harbor.test"><img src="CID:other@harbor.test">', {
      inlineImages: { '<logo@harbor.test>': pixel, 'other@harbor.test': 'data:image/svg+xml;base64,PHN2Zz4=' },
    });
    const images = parse(result.html).querySelectorAll('img');
    expect(images[0]?.getAttribute('src')).toBe(pixel);
    expect(images[1]?.hasAttribute('src')).toBe(false);
  });

  it('keeps safe links, shows their real address on hover, and strips attach fields from mailto', () => {
    const result = sanitize(
      '<a href="https://example.com/a?b=1" title="Your bank">bank</a> <a href="mailto:bob@example.com?subject=Hi&attach=/etc/passwd&body=Yo">mail</a> <a href="#part2">jump</a>',
      { inlineImages: {} },
    );
    const links = parse(result.html).querySelectorAll('a');
    expect(links[0]?.getAttribute('href')).toBe('https://example.com/a?b=1');
    expect(links[0]?.getAttribute('title')).toBe('https://example.com/a?b=1');
    expect(links[1]?.getAttribute('href')).toBe('mailto:bob@example.com?subject=Hi&body=Yo');
    expect(links[2]?.getAttribute('href')).toBe('#part2');
  });

  it('keeps harmless styling', () => {
    const result = sanitize(
      '<style>p { color: navy; background: url(https://x.test/a.png) } @media (max-width: 600px) { td { padding: 0 } }</style><p style="color: red; font-weight: bold">Styled</p>',
      { inlineImages: {} },
    );
    const doc = parse(result.html);
    expect(doc.querySelector('p')?.getAttribute('style')).toBe('color: red; font-weight: bold');
    const css = doc.querySelector('style')?.textContent ?? '';
    expect(css).toContain('color: navy');
    expect(css).toContain('padding: 0');
    expect(css).not.toContain('url(');
  });
});
