import { useState } from 'react';
import type { Client } from '../../shared/ipc/client';

type ExportState = { kind: 'idle' } | { kind: 'busy' } | { kind: 'said'; text: string; failed: boolean };

/** Saves the shown folder as an mbox file (the host asks where), every message fetched whole from the server. */
export function FolderExport({ client, folderId, label }: { client: Client; folderId: number; label: string }) {
  const [state, setState] = useState<ExportState>({ kind: 'idle' });
  const exportFolder = async () => {
    setState({ kind: 'busy' });
    try {
      const { saved, messages } = await client.call('mail.exportFolder', { folderId });
      const count = `${messages.toLocaleString()} message${messages === 1 ? '' : 's'}`;
      setState({
        kind: 'said',
        text: saved ? `${label} was saved as an mbox file (${count}).` : 'Not exported: no file was chosen.',
        failed: false,
      });
    } catch (reason) {
      const why = reason instanceof Error ? reason.message : String(reason);
      setState({ kind: 'said', text: `${label} was not exported: ${why}`, failed: true });
    }
  };
  return (
    <div className="folder-export">
      <button
        type="button"
        className="secondary small"
        disabled={state.kind === 'busy'}
        onClick={() => void exportFolder()}
      >
        {state.kind === 'busy' ? 'Exporting…' : 'Export as mbox…'}
      </button>
      {state.kind === 'said' && <p role={state.failed ? 'alert' : 'status'}>{state.text}</p>}
    </div>
  );
}
