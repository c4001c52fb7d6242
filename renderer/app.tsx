import { useEffect, useState } from 'react';
import type { Client } from '../shared/ipc/client';
import type { AppInfo } from '../shared/models';
import { Onboarding } from './onboarding/onboarding';

export function App({ client }: { client: Client | null }) {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    client
      ?.call('app.info', {})
      .then(setInfo)
      .catch((reason: Error) => setError(reason.message));
  }, [client]);

  if (!client) {
    return (
      <main className="app centered">
        <h1>Harbor Mail</h1>
        <p role="alert">Open the app from the address it printed when it started; this page cannot reach it.</p>
      </main>
    );
  }

  return (
    <main className="app">
      <header className="app-header">
        <span className="brand">Harbor Mail</span>
        {info && <span className="host-badge">{info.host === 'browser' ? 'browser host' : `v${info.version}`}</span>}
      </header>
      {error ? <p role="alert">{error}</p> : <Onboarding client={client} />}
    </main>
  );
}
