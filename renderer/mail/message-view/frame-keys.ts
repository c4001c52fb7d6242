/**
 * Keys pressed in the message frame reach the app's shortcuts: the frame's own document never
 * sees the app's listeners, so after a click in the body j/k would do nothing. Only the key's
 * name and Shift go across, as a fresh event on the frame element (the frame runs no script, so
 * nothing in the mail can make one up). Keys the frame uses itself — scrolling, Tab, Enter on a
 * link, anything with Ctrl, Alt or Meta (copy, select all) — stay in the frame.
 */
export function forwardFrameKeys(frameDocument: Document, frame: HTMLIFrameElement): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const single = event.key.length === 1 && event.key !== ' ';
    if (!single && event.key !== 'F6') return;
    const forwarded = new KeyboardEvent('keydown', {
      key: event.key,
      shiftKey: event.shiftKey,
      bubbles: true,
      cancelable: true,
    });
    if (!frame.dispatchEvent(forwarded)) event.preventDefault();
  };
  frameDocument.addEventListener('keydown', onKeyDown);
  return () => frameDocument.removeEventListener('keydown', onKeyDown);
}
