import type { ProbeState } from './use-server-probe';

const stepLabels = {
  connecting: 'Connecting…',
  'tls-established': 'Secure connection established',
  capabilities: 'Reading what the server offers',
  'oauth-discovery': 'Looking for the sign-in service',
  done: 'Done',
} as const;

export function ProbeReport({ state }: { state: ProbeState }) {
  if (state.status === 'idle') return null;
  if (state.status === 'running') {
    return (
      <section className="probe-report" role="status" aria-label="Server check">
        Checking {state.target}: {state.step ? stepLabels[state.step] : 'starting'}
      </section>
    );
  }
  if (state.status === 'failed') {
    return (
      <section className="probe-report failed" role="alert" aria-label="Server check">
        <strong>Could not check {state.target}.</strong> {state.message}
      </section>
    );
  }
  const { result } = state;
  return (
    <section className="probe-report ok" role="status" aria-label="Server check">
      <h3>
        {result.host}:{result.port} answers securely
      </h3>
      <dl>
        <dt>Encryption</dt>
        <dd>{result.tls.protocol}, certificate verified</dd>
        <dt>Sign-in methods</dt>
        <dd>{result.authMechanisms.length ? result.authMechanisms.join(', ') : 'none offered'}</dd>
        <dt>Sign-in service</dt>
        <dd>{result.oauth ? result.oauth.openidConfigurationUrl : 'not announced by the server'}</dd>
      </dl>
    </section>
  );
}
