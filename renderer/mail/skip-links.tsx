import { focusPane, type PaneId } from './panes';
import './skip-links.css';

const targets: Array<{ pane: PaneId; label: string }> = [
  { pane: 'message-list-pane', label: 'Skip to message list' },
  { pane: 'reading-pane', label: 'Skip to reading pane' },
  { pane: 'folder-column', label: 'Skip to folders' },
];

/** The window's first tab stops: straight to a pane, past the accounts and folders. */
export function SkipLinks() {
  return (
    <nav className="skip-links" aria-label="Skip links">
      {targets.map(({ pane, label }) => (
        <a
          key={pane}
          href={`#${pane}`}
          onClick={(event) => {
            event.preventDefault();
            focusPane(pane);
          }}
        >
          {label}
        </a>
      ))}
    </nav>
  );
}
