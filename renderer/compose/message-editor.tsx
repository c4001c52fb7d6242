import { useEffect, useId, useImperativeHandle, useLayoutEffect, useRef, useState, type Ref } from 'react';
import { selectionFormats, type FormatKey } from './format-state';
import { FormatToolbar } from './format-toolbar';
import { htmlToText } from './html-to-text';
import { composerLinkHref, escapeHtml, sanitizeComposedHtml, textToHtml } from './sanitize-composed-html';

export interface EditorContent {
  /** Sanitized HTML, or null when the message is plain text only. */
  html: string | null;
  text: string;
}

export interface MessageEditorHandle {
  content(): EditorContent;
  /** Focus the body with the caret at its start, above a quoted original. */
  focusStart(): void;
  /** Puts this content in place of the body (a new signature after the From changed). */
  replaceContent(next: EditorContent): void;
}

// document.execCommand is deprecated but is what Chromium (and so Electron) edits with; it keeps
// the undo history, which hand-made Range edits would lose. A pressed format is taken away by
// the same command, except a quote, which is outdented.
const commands: Record<FormatKey, (pressed: boolean) => [command: string, value?: string]> = {
  bold: () => ['bold'],
  italic: () => ['italic'],
  underline: () => ['underline'],
  bulleted: () => ['insertUnorderedList'],
  numbered: () => ['insertOrderedList'],
  quote: (pressed) => (pressed ? ['outdent'] : ['formatBlock', 'blockquote']),
};
const none: ReadonlySet<FormatKey> = new Set();

const sameFormats = (a: ReadonlySet<FormatKey>, b: ReadonlySet<FormatKey>) =>
  a.size === b.size && [...a].every((key) => b.has(key));

function LinkForm({ onAdd, onCancel }: { onAdd: (href: string) => void; onCancel: () => void }) {
  const id = useId();
  const [value, setValue] = useState('https://');
  const [error, setError] = useState<string | null>(null);
  const add = () => {
    const href = composerLinkHref(value);
    if (href === null) setError('A link must start with http://, https:// or mailto:.');
    else onAdd(href);
  };
  return (
    <div className="link-form" role="group" aria-label="Add a link">
      <label htmlFor={id}>Link address</label>
      <input
        id={id}
        type="url"
        autoFocus
        value={value}
        aria-invalid={error !== null}
        onChange={(event) => {
          setValue(event.target.value);
          setError(null);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            add();
          } else if (event.key === 'Escape') {
            event.preventDefault();
            event.stopPropagation();
            onCancel();
          }
        }}
      />
      <button type="button" className="small" onClick={add}>
        Add link
      </button>
      <button type="button" className="secondary small" onClick={onCancel}>
        Cancel
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** The message body: a rich editor with a small toolbar, or a plain text area. Its name is "Message". */
export function MessageEditor({
  initial,
  onChange,
  editorRef,
}: {
  initial: EditorContent;
  onChange: () => void;
  editorRef: Ref<MessageEditorHandle>;
}) {
  const [plain, setPlain] = useState(initial.html === null);
  const [linking, setLinking] = useState(false);
  const rich = useRef<HTMLDivElement>(null);
  const textArea = useRef<HTMLTextAreaElement>(null);
  // What the editor holds while the other mode is shown, and what a mode switch starts from.
  const carried = useRef<EditorContent>(initial);
  const savedRange = useRef<Range | null>(null);
  const [pressed, setPressed] = useState<ReadonlySet<FormatKey>>(none);

  // The buttons follow the caret; while the selection is elsewhere they keep what they showed.
  const followSelection = () => {
    const formats = rich.current && selectionFormats(rich.current);
    if (formats) setPressed((before) => (sameFormats(before, formats) ? before : formats));
  };
  useEffect(() => {
    if (plain) return;
    document.addEventListener('selectionchange', followSelection);
    return () => document.removeEventListener('selectionchange', followSelection);
    // followSelection reads only refs and a state setter.
  }, [plain]);

  const read = (): EditorContent => {
    if (plain) return { html: null, text: textArea.current?.value ?? carried.current.text };
    const html = sanitizeComposedHtml(rich.current?.innerHTML ?? carried.current.html ?? '');
    return { html, text: htmlToText(html) };
  };

  useImperativeHandle(editorRef, () => ({
    content: read,
    replaceContent(next) {
      carried.current = next;
      if (plain && textArea.current) textArea.current.value = next.text;
      else if (!plain && rich.current)
        rich.current.innerHTML = sanitizeComposedHtml(next.html ?? textToHtml(next.text));
    },
    focusStart() {
      const target = plain ? textArea.current : rich.current;
      if (!target) return;
      target.focus();
      if (target instanceof HTMLTextAreaElement) target.setSelectionRange(0, 0);
      else window.getSelection()?.collapse(target, 0);
    },
  }));

  // The rich editor's children are not React's: the sanitized HTML goes in once per switch to
  // rich mode, and the person edits it from there. Nothing unsanitized ever reaches innerHTML.
  useLayoutEffect(() => {
    if (plain || !rich.current) return;
    rich.current.innerHTML = sanitizeComposedHtml(carried.current.html ?? textToHtml(carried.current.text));
  }, [plain]);

  const switchTo = (nextPlain: boolean) => {
    const current = read();
    carried.current = nextPlain
      ? { html: null, text: current.text }
      : { html: textToHtml(current.text), text: current.text };
    setPlain(nextPlain);
    setLinking(false);
    onChange();
  };

  const format = (key: FormatKey) => {
    const [command, value] = commands[key](pressed.has(key));
    rich.current?.focus();
    document.execCommand(command, false, value);
    followSelection();
    onChange();
  };

  const startLink = () => {
    const selection = window.getSelection();
    const range = selection && selection.rangeCount > 0 ? selection.getRangeAt(0) : null;
    savedRange.current = range && rich.current?.contains(range.commonAncestorContainer) ? range.cloneRange() : null;
    setLinking(true);
  };
  const addLink = (href: string) => {
    setLinking(false);
    rich.current?.focus();
    const selection = window.getSelection();
    if (savedRange.current && selection) {
      selection.removeAllRanges();
      selection.addRange(savedRange.current);
    }
    if (selection && !selection.isCollapsed) document.execCommand('createLink', false, href);
    else document.execCommand('insertHTML', false, `<a href="${escapeHtml(href)}">${escapeHtml(href)}</a>`);
    onChange();
  };

  return (
    <div className="message-editor">
      <div className="editor-bar">
        {!plain && <FormatToolbar pressed={pressed} linking={linking} onFormat={format} onLink={startLink} />}
        <label className="plain-toggle">
          <input type="checkbox" checked={plain} onChange={(event) => switchTo(event.target.checked)} />
          Plain text only
        </label>
      </div>
      {linking && !plain && <LinkForm onAdd={addLink} onCancel={() => setLinking(false)} />}
      {plain ? (
        <textarea
          ref={textArea}
          className="editor-body plain"
          aria-label="Message"
          defaultValue={carried.current.text}
          onChange={onChange}
        />
      ) : (
        <div
          ref={rich}
          className="editor-body rich"
          role="textbox"
          aria-multiline="true"
          aria-label="Message"
          contentEditable
          suppressContentEditableWarning
          tabIndex={0}
          onInput={onChange}
        />
      )}
    </div>
  );
}
