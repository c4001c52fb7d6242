import { Square } from 'lucide-react';
import type { FolderSummary, ServerSearchFolder, ServerSearchResult } from '../../shared/mail-models';
import type { AccountSummary } from '../../shared/models';
import { folderLabel } from './folder-names';
import type { ServerSearchState } from './use-server-search';

const problems: Partial<Record<ServerSearchFolder['outcome'], string>> = {
  'timed-out': 'gave no answer in time',
  failed: 'could not be searched',
  changed: 'changed on the server and is synced again first',
  'not-reached': 'not searched',
};

/** What a server search did, in sentences: which folders it searched, what it left out and why. */
export function describeServerSearch(
  result: ServerSearchResult,
  folders: FolderSummary[],
  accounts: AccountSummary[],
): string[] {
  const byId = new Map(folders.map((folder) => [folder.id, folder]));
  const name = (outcome: ServerSearchFolder) => {
    const folder = byId.get(outcome.folderId);
    return folder ? folderLabel(folder) : 'A folder';
  };
  const email = (accountId: string) => accounts.find((account) => account.id === accountId)?.email ?? 'An account';
  const several = new Set(result.folders.map((folder) => folder.accountId)).size > 1;
  const found = result.messageIds.length;
  const lines = [`${found.toLocaleString()} ${found === 1 ? 'message' : 'messages'} found on the server.`];

  const accountIds = [...new Set(result.folders.map((folder) => folder.accountId))];
  for (const accountId of accountIds) {
    const mine = result.folders.filter((folder) => folder.accountId === accountId);
    const prefix = several ? `${email(accountId)}: ` : '';
    const searched = mine.filter((folder) => folder.outcome === 'searched' || folder.outcome === 'capped');
    if (searched.length > 0)
      lines.push(`${prefix}${several ? 'searched' : 'Searched'} ${searched.map(name).join(', ')}.`);
    for (const folder of mine.filter((each) => each.outcome === 'capped')) {
      lines.push(`${prefix}${name(folder)} has ${folder.found.toLocaleString()} matches; the newest are listed.`);
    }
    for (const folder of mine) {
      const problem = problems[folder.outcome];
      if (problem) lines.push(`${prefix}${name(folder)} ${problem}.`);
    }
    const leftOut = mine.filter((folder) => folder.outcome === 'left-out');
    if (leftOut.length > 0) {
      lines.push(`${prefix}${leftOut.map(name).join(' and ')} left out; add in:anywhere to search them too.`);
    }
  }
  for (const { accountId, reason } of result.unreachable) lines.push(`${email(accountId)}: ${reason}`);
  return lines;
}

/** Under the search field: the server search running (with Stop) or what it did. */
export function ServerSearchSummary({
  state,
  folders,
  accounts,
  onStop,
}: {
  state: ServerSearchState;
  folders: FolderSummary[];
  accounts: AccountSummary[];
  onStop: () => void;
}) {
  if (state.kind === 'idle') return null;
  return (
    <div className="search-server-result" role="status" aria-label="Search on server">
      {state.kind === 'searching' && (
        <p>
          Searching every folder on the server…{' '}
          <button type="button" className="secondary small" onClick={onStop}>
            <Square size={12} aria-hidden="true" /> Stop
          </button>
        </p>
      )}
      {state.kind === 'failed' && <p>{state.message}</p>}
      {state.kind === 'done' &&
        describeServerSearch(state.result, folders, accounts).map((line, index) => <p key={index}>{line}</p>)}
    </div>
  );
}
