import * as RadioGroup from '@radix-ui/react-radio-group';
import { Bold, Italic } from 'lucide-react';
import { useId, useLayoutEffect, useRef } from 'react';
import type { Signature } from '../../shared/identity-models';
import { plainTextHtml } from '../../shared/signature';
import { htmlToText } from '../compose/html-to-text';
import { sanitizeComposedHtml } from '../compose/sanitize-composed-html';
import { IconButton } from '../ui/icon-button';

/** The signature of one identity: plain text, or rich text with bold and italic. */
export function SignatureEditor({ value, onChange }: { value: Signature; onChange: (next: Signature) => void }) {
  const formatLabel = useId();
  const rich = useRef<HTMLDivElement>(null);
  const richMode = value.format === 'rich';

  // The rich editor's children are the person's, not React's: its sanitized HTML goes in once per switch.
  useLayoutEffect(() => {
    if (richMode && rich.current) rich.current.innerHTML = sanitizeComposedHtml(value.html);
    // Only when the format switches: afterwards the person's edits are the content.
  }, [richMode]);

  const readRich = () => {
    const html = sanitizeComposedHtml(rich.current?.innerHTML ?? '');
    onChange({ format: 'rich', html, text: htmlToText(html) });
  };
  const switchTo = (format: Signature['format']) =>
    onChange(
      format === 'rich'
        ? { format, text: value.text, html: value.html || plainTextHtml(value.text) }
        : { format, text: value.text, html: '' },
    );
  const run = (command: 'bold' | 'italic') => {
    rich.current?.focus();
    document.execCommand(command);
    readRich();
  };

  return (
    <div className="signature-editor">
      <div className="signature-bar">
        <span id={formatLabel} className="field-label">
          Signature
        </span>
        <RadioGroup.Root
          className="segmented"
          aria-labelledby={formatLabel}
          value={value.format}
          onValueChange={(next) => switchTo(next as Signature['format'])}
        >
          <RadioGroup.Item className="segment" value="plain">
            Plain text
          </RadioGroup.Item>
          <RadioGroup.Item className="segment" value="rich">
            Rich text
          </RadioGroup.Item>
        </RadioGroup.Root>
        {richMode && (
          <div className="signature-tools" role="toolbar" aria-label="Signature formatting">
            <IconButton
              label="Bold"
              icon={Bold}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => run('bold')}
            />
            <IconButton
              label="Italic"
              icon={Italic}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => run('italic')}
            />
          </div>
        )}
      </div>
      {richMode ? (
        <div
          ref={rich}
          className="signature-body rich"
          role="textbox"
          aria-multiline="true"
          aria-label="Signature"
          contentEditable
          suppressContentEditableWarning
          tabIndex={0}
          onInput={readRich}
        />
      ) : (
        <textarea
          className="signature-body"
          aria-label="Signature"
          rows={4}
          value={value.text}
          placeholder="No signature"
          onChange={(event) => onChange({ format: 'plain', text: event.target.value, html: '' })}
        />
      )}
    </div>
  );
}
