import { useState, type FormEvent } from 'react';
import type { Client } from '../../shared/ipc/client';
import type { TransportSecurity } from '../../shared/models';
import { ProbeReport } from './probe-report';
import { useServerProbe } from './use-server-probe';

/** Checks any IMAP server: verified TLS, what it offers, and where it sends clients to sign in. */
export function OtherServer({ client }: { client: Client }) {
  const { state, probe } = useServerProbe(client);
  const [host, setHost] = useState('');
  const [port, setPort] = useState('993');
  const [security, setSecurity] = useState<TransportSecurity>('tls');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void probe({ host, port: Number(port), security });
  };

  return (
    <section aria-labelledby="other-heading">
      <h2 id="other-heading">Other mail server</h2>
      <form className="server-form" onSubmit={submit}>
        <label>
          IMAP server
          <input value={host} onChange={(e) => setHost(e.target.value)} placeholder="imap.example.com" required />
        </label>
        <label>
          Port
          <input
            value={port}
            onChange={(e) => setPort(e.target.value)}
            inputMode="numeric"
            pattern="[0-9]{1,5}"
            required
          />
        </label>
        <label>
          Security
          <select value={security} onChange={(e) => setSecurity(e.target.value as TransportSecurity)}>
            <option value="tls">TLS</option>
            <option value="starttls">STARTTLS (required)</option>
          </select>
        </label>
        <button type="submit" disabled={state.status === 'running'}>
          Check server
        </button>
      </form>
      <ProbeReport state={state} />
    </section>
  );
}
