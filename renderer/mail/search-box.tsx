import { useEffect, useRef, useState, type RefObject } from 'react';

export const SEARCH_DEBOUNCE_MS = 50;

export type SearchScope = 'here' | 'everywhere';

/** The search field: reports the query a moment after typing stops; Escape clears it. */
export function SearchBox({
  inputRef,
  scope,
  scopeLabel,
  onQuery,
  onScope,
  onSearchServer,
  serverSearch,
}: {
  inputRef: RefObject<HTMLInputElement | null>;
  scope: SearchScope;
  /** Where "here" searches, e.g. "Inbox"; null when there is no narrower place than everywhere. */
  scopeLabel: string | null;
  onQuery: (query: string) => void;
  onScope: (scope: SearchScope) => void;
  /** Set when the server can be searched for the current query and folder. */
  onSearchServer: (() => void) | null;
  serverSearch: string | null;
}) {
  const [text, setText] = useState('');
  const report = useRef(onQuery);
  report.current = onQuery;

  useEffect(() => {
    const timer = setTimeout(() => report.current(text.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  return (
    <div className="search-box">
      <input
        ref={inputRef}
        type="search"
        aria-label="Search"
        aria-describedby="search-help"
        placeholder="Search mail"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key !== 'Escape') return;
          event.preventDefault();
          setText('');
          report.current('');
        }}
      />
      {scopeLabel && (
        <label className="search-scope">
          <input
            type="checkbox"
            checked={scope === 'everywhere'}
            onChange={(event) => onScope(event.target.checked ? 'everywhere' : 'here')}
          />
          All folders
        </label>
      )}
      {onSearchServer && (
        <button type="button" className="secondary small" onClick={onSearchServer}>
          Search on server
        </button>
      )}
      <p id="search-help" className="search-help">
        Try from:, to:, subject:, has:attachment, is:unread{scopeLabel && scope === 'here' ? ` · in ${scopeLabel}` : ''}
      </p>
      {serverSearch && (
        <p className="search-server-result" role="status">
          {serverSearch}
        </p>
      )}
    </div>
  );
}
