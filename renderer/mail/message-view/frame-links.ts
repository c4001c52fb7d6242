// Links inside the message frame never navigate it. A click is stopped in the parent, and only
// http, https and mailto addresses go on to the main side's guarded opener; `#anchors` scroll.
import { safeLinkHref } from './safe-urls';

function linkOf(target: EventTarget | null): Element | null {
  // Nodes of the frame come from another realm, so no `instanceof Element` here.
  const element = target as Partial<Element> | null;
  return typeof element?.closest === 'function' ? element.closest('a') : null;
}

function scrollToAnchor(document: Document, fragment: string): void {
  let name = fragment;
  try {
    name = decodeURIComponent(fragment);
  } catch {
    // Keep the raw fragment.
  }
  const target = document.getElementById(name) ?? document.getElementsByName(name)[0];
  target?.scrollIntoView();
}

/** Starts guarding the links of a loaded frame document; returns the function that stops it. */
export function interceptFrameLinks(document: Document, open: (url: string) => void): () => void {
  const onClick = (event: Event) => {
    const link = linkOf(event.target);
    if (link === null) return;
    event.preventDefault();
    if (event.type !== 'click') return;
    const href = safeLinkHref(link.getAttribute('href') ?? '');
    if (href === null) return;
    if (href.startsWith('#')) scrollToAnchor(document, href.slice(1));
    else open(href);
  };
  const stopSubmit = (event: Event) => event.preventDefault();
  document.addEventListener('click', onClick, true);
  document.addEventListener('auxclick', onClick, true);
  document.addEventListener('submit', stopSubmit, true);
  return () => {
    document.removeEventListener('click', onClick, true);
    document.removeEventListener('auxclick', onClick, true);
    document.removeEventListener('submit', stopSubmit, true);
  };
}
