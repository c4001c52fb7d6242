import type { Identity } from '../../shared/identity-models';
import { noSignature } from '../../shared/identity-models';
import { swapSignature } from '../../shared/signature';
import type { MessageEditorHandle } from './message-editor';
import { sanitizeComposedHtml } from './sanitize-composed-html';

/**
 * When the From changes, the new identity's signature takes the old one's place in the body, as
 * long as the old one is still there as it was put in; an edited signature is left as written.
 */
export function changeSignature(editor: MessageEditorHandle | null, before: Identity | null, after: Identity | null) {
  if (!editor) return;
  const swapped = swapSignature(
    editor.content(),
    before?.signature ?? noSignature,
    after?.signature ?? noSignature,
    sanitizeComposedHtml,
  );
  if (swapped) editor.replaceContent(swapped);
}
