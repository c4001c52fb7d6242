import { useEffect, useMemo, useRef } from 'react';
import { frameDocument } from './frame-document';
import { forwardFrameKeys } from './frame-keys';
import { interceptFrameLinks } from './frame-links';

// Only allow-same-origin: the parent may size the frame and stop its link clicks. Never add
// allow-scripts (with same-origin it would undo the sandbox), popups, forms or top navigation.
const frameSandbox = 'allow-same-origin';

/** The sanitized HTML body, in a sandboxed frame sized to its content. */
export function MessageFrame({ html, onOpenLink }: { html: string; onOpenLink: (url: string) => void }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const openLink = useRef(onOpenLink);
  openLink.current = onOpenLink;
  const srcDoc = useMemo(() => frameDocument(html), [html]);

  useEffect(() => {
    const iframe = frame.current;
    if (iframe === null) return;
    let cleanup = () => {};
    const attach = () => {
      cleanup();
      const document = iframe.contentDocument;
      if (document?.body == null) return;
      // The body, not the root element: the root is as tall as the frame, so it never shrinks.
      const fit = () => {
        iframe.style.height = `${document.body.scrollHeight}px`;
      };
      const stopLinks = interceptFrameLinks(document, (url) => openLink.current(url));
      const stopKeys = forwardFrameKeys(document, iframe);
      const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(fit) : null;
      resize?.observe(document.body);
      fit();
      cleanup = () => {
        stopLinks();
        stopKeys();
        resize?.disconnect();
      };
    };
    iframe.addEventListener('load', attach);
    if (iframe.contentDocument?.readyState === 'complete') attach();
    return () => {
      iframe.removeEventListener('load', attach);
      cleanup();
    };
  }, [srcDoc]);

  return (
    <iframe
      ref={frame}
      className="message-frame"
      title="Message body"
      sandbox={frameSandbox}
      referrerPolicy="no-referrer"
      srcDoc={srcDoc}
    />
  );
}
