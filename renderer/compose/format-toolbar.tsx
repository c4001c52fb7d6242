import * as Toolbar from '@radix-ui/react-toolbar';
import { Bold, Italic, Link, List, ListOrdered, TextQuote, Underline, type LucideIcon } from 'lucide-react';
import type { MouseEvent } from 'react';
import type { FormatKey } from './format-state';

interface FormatButton {
  key: FormatKey;
  label: string;
  icon: LucideIcon;
  /** Shown in the tooltip: what the editor does with the keyboard. */
  keys?: string;
}

const textStyles: FormatButton[] = [
  { key: 'bold', label: 'Bold', icon: Bold, keys: 'Ctrl+B' },
  { key: 'italic', label: 'Italic', icon: Italic, keys: 'Ctrl+I' },
  { key: 'underline', label: 'Underline', icon: Underline, keys: 'Ctrl+U' },
];
const blockStyles: FormatButton[] = [
  { key: 'bulleted', label: 'Bulleted list', icon: List },
  { key: 'numbered', label: 'Numbered list', icon: ListOrdered },
  { key: 'quote', label: 'Quote', icon: TextQuote },
];

// Keeps the selection in the editor while a button is clicked.
const keepSelection = (event: MouseEvent) => event.preventDefault();

function Group({
  buttons,
  pressed,
  onFormat,
  label,
}: {
  buttons: FormatButton[];
  pressed: ReadonlySet<FormatKey>;
  onFormat: (key: FormatKey) => void;
  label: string;
}) {
  return (
    // Controlled by where the caret is: a click formats, and the caret's new place says what is pressed.
    <Toolbar.ToggleGroup
      type="multiple"
      className="format-group"
      aria-label={label}
      value={buttons.filter((button) => pressed.has(button.key)).map((button) => button.key)}
      onValueChange={() => undefined}
    >
      {buttons.map(({ key, label: name, icon: Icon, keys }) => (
        <Toolbar.ToggleItem
          key={key}
          value={key}
          className="icon-button format-button"
          aria-label={name}
          title={keys ? `${name} (${keys})` : name}
          onMouseDown={keepSelection}
          onClick={() => onFormat(key)}
        >
          <Icon size={17} strokeWidth={2} aria-hidden="true" />
        </Toolbar.ToggleItem>
      ))}
    </Toolbar.ToggleGroup>
  );
}

/**
 * The rich editor's formatting bar: one Tab stop, the arrow keys between its buttons (Radix
 * Toolbar), each button named, with a tooltip, and pressed where the caret stands in that format.
 */
export function FormatToolbar({
  pressed,
  linking,
  onFormat,
  onLink,
}: {
  pressed: ReadonlySet<FormatKey>;
  linking: boolean;
  onFormat: (key: FormatKey) => void;
  onLink: () => void;
}) {
  return (
    <Toolbar.Root className="editor-toolbar" aria-label="Formatting">
      <Group buttons={textStyles} pressed={pressed} onFormat={onFormat} label="Text style" />
      <Toolbar.Separator className="format-separator" />
      <Group buttons={blockStyles} pressed={pressed} onFormat={onFormat} label="Paragraph style" />
      <Toolbar.Separator className="format-separator" />
      <Toolbar.Button
        className="icon-button format-button"
        aria-label="Link"
        title="Link"
        aria-expanded={linking}
        onMouseDown={keepSelection}
        onClick={onLink}
      >
        <Link size={17} strokeWidth={2} aria-hidden="true" />
      </Toolbar.Button>
    </Toolbar.Root>
  );
}
