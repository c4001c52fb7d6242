// What formatting the caret stands in, read from the elements around it (the editor writes
// b, i, u, ul, ol and blockquote), so the toolbar's buttons show as pressed where it applies.

export type FormatKey = 'bold' | 'italic' | 'underline' | 'bulleted' | 'numbered' | 'quote';

const inline: Record<string, FormatKey> = { B: 'bold', STRONG: 'bold', I: 'italic', EM: 'italic', U: 'underline' };

/** The formats at `node` inside `editor`; nothing when the node is outside it. */
export function formatsAt(node: Node | null, editor: HTMLElement): Set<FormatKey> {
  const found = new Set<FormatKey>();
  if (!node || !editor.contains(node)) return found;
  let listSeen = false;
  for (let at: Node | null = node; at && at !== editor; at = at.parentNode) {
    if (!(at instanceof Element)) continue;
    const format = inline[at.tagName];
    if (format) found.add(format);
    // The nearest list decides: a numbered list inside a bulleted one is numbered.
    if (!listSeen && (at.tagName === 'UL' || at.tagName === 'OL')) {
      found.add(at.tagName === 'UL' ? 'bulleted' : 'numbered');
      listSeen = true;
    }
    if (at.tagName === 'BLOCKQUOTE') found.add('quote');
  }
  return found;
}

/** The formats where the document's selection starts, or null when the selection is not in `editor`. */
export function selectionFormats(editor: HTMLElement): Set<FormatKey> | null {
  const selection = editor.ownerDocument.getSelection();
  if (!selection || selection.rangeCount === 0) return null;
  const start = selection.getRangeAt(0).startContainer;
  return editor.contains(start) ? formatsAt(start, editor) : null;
}
