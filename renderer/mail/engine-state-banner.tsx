import { useEffect, useState } from 'react';
import type { Client } from '../../shared/ipc/client';
import type { EventPayload } from '../../shared/ipc/contract';

type EngineState = EventPayload<'mail.engineState'>['state'];

/** Shown in the sync status while the mail engine is not running, with a way to start it again once it stopped for good. */
export function EngineStateBanner({ client }: { client: Client }) {
  const [state, setState] = useState<EngineState>('running');
  const [restartError, setRestartError] = useState<string | null>(null);
  useEffect(() => client.on('mail.engineState', (payload) => setState(payload.state)), [client]);

  if (state === 'running') return null;
  const restart = () => {
    setRestartError(null);
    client.call('mail.restartEngine', {}).catch((reason: Error) => setRestartError(reason.message));
  };
  return (
    <div className="sync-status" role={state === 'stopped' ? 'alert' : 'status'}>
      {state === 'stopped' ? (
        <p className="sync-line error">
          Mail engine stopped: mail does not sync and messages not yet downloaded cannot be opened.
          <button type="button" className="secondary small" onClick={restart}>
            Restart mail engine
          </button>
        </p>
      ) : (
        <p className="sync-line">The mail engine stopped unexpectedly; starting it again…</p>
      )}
      {restartError && <p className="error">{restartError}</p>}
    </div>
  );
}
