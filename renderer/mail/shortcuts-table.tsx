import { shortcuts } from './keyboard-shortcuts';

/** Every keyboard shortcut and what it does, as the `?` help and Settings list them. */
export function ShortcutsTable({ caption }: { caption?: string }) {
  return (
    <table className="shortcuts-table">
      {caption && <caption className="visually-hidden">{caption}</caption>}
      <thead>
        <tr>
          <th scope="col">Key</th>
          <th scope="col">Does</th>
        </tr>
      </thead>
      <tbody>
        {shortcuts.map((shortcut) => (
          <tr key={shortcut.action}>
            <td>
              <kbd>{shortcut.label}</kbd>
            </td>
            <td>{shortcut.description}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
