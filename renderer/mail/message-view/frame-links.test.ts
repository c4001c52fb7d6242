// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { interceptFrameLinks } from './frame-links';

function frameDocumentWith(html: string): Document {
  const document = window.document.implementation.createHTMLDocument('frame');
  document.body.innerHTML = html;
  return document;
}

function click(element: Element | null, type = 'click'): MouseEvent {
  const event = new MouseEvent(type, { bubbles: true, cancelable: true, button: type === 'auxclick' ? 1 : 0 });
  element?.dispatchEvent(event);
  return event;
}

describe('links inside the message frame', () => {
  it('never navigate; http, https and mailto go to the opener', () => {
    const document = frameDocumentWith(
      '<a id="web" href="https://example.com/a"><span>web</span></a><a id="mail" href="mailto:bob@example.com">mail</a>',
    );
    const open = vi.fn();
    interceptFrameLinks(document, open);
    expect(click(document.querySelector('#web span')).defaultPrevented).toBe(true);
    expect(click(document.querySelector('#mail')).defaultPrevented).toBe(true);
    expect(open.mock.calls).toEqual([['https://example.com/a'], ['mailto:bob@example.com']]);
  });

  it('stop javascript:, smb:, file: and relative links without opening anything', () => {
    const document = frameDocumentWith(
      [
        'javascript:alert(1)',
        'smb://host/share',
        'file:///etc/passwd',
        'page.html',
        'mailto:a@b.test?attach=/etc/passwd',
      ]
        .map((href, index) => `<a id="l${index}" href="${href}">x</a>`)
        .join(''),
    );
    const open = vi.fn();
    interceptFrameLinks(document, open);
    for (const link of document.querySelectorAll('a')) expect(click(link).defaultPrevented).toBe(true);
    expect(open.mock.calls).toEqual([['mailto:a@b.test']]);
  });

  it('stop middle clicks and form submissions, and stop guarding when asked', () => {
    const document = frameDocumentWith('<a href="https://example.com/">x</a><form><button>go</button></form>');
    const open = vi.fn();
    const stop = interceptFrameLinks(document, open);
    expect(click(document.querySelector('a'), 'auxclick').defaultPrevented).toBe(true);
    const submit = new Event('submit', { bubbles: true, cancelable: true });
    document.querySelector('form')?.dispatchEvent(submit);
    expect(submit.defaultPrevented).toBe(true);
    expect(open).not.toHaveBeenCalled();
    stop();
    expect(click(document.querySelector('a')).defaultPrevented).toBe(false);
  });

  it('scroll to #anchors inside the message', () => {
    const document = frameDocumentWith('<a href="#part2">jump</a><p id="part2">Part 2</p>');
    const target = document.getElementById('part2') as HTMLElement;
    target.scrollIntoView = vi.fn();
    const open = vi.fn();
    interceptFrameLinks(document, open);
    click(document.querySelector('a'));
    expect(target.scrollIntoView).toHaveBeenCalled();
    expect(open).not.toHaveBeenCalled();
  });
});
