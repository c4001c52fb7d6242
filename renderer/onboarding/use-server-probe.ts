import { useCallback, useEffect, useState } from 'react';
import type { ErrorCode } from '../../shared/errors';
import type { Client, IpcError } from '../../shared/ipc/client';
import type { ProbeStep, ServerProbeInput, ServerProbeResult } from '../../shared/models';

export type ProbeState =
  | { status: 'idle' }
  | { status: 'running'; target: string; step: ProbeStep['step'] | null }
  | { status: 'done'; result: ServerProbeResult }
  | { status: 'failed'; target: string; code: ErrorCode; message: string };

export function useServerProbe(client: Client) {
  const [state, setState] = useState<ProbeState>({ status: 'idle' });

  useEffect(
    () =>
      client.on('servers.probeStep', ({ host, port, step }) => {
        setState((current) =>
          current.status === 'running' && current.target === `${host}:${port}` ? { ...current, step } : current,
        );
      }),
    [client],
  );

  const probe = useCallback(
    async (input: ServerProbeInput) => {
      const target = `${input.host.trim()}:${input.port}`;
      setState({ status: 'running', target, step: null });
      try {
        setState({ status: 'done', result: await client.call('servers.probe', input) });
      } catch (error) {
        const { code, message } = error as IpcError;
        setState(code === 'SIGN_IN_CANCELLED' ? { status: 'idle' } : { status: 'failed', target, code, message });
      }
    },
    [client],
  );

  const cancel = useCallback(() => void client.call('servers.cancelCheck', {}), [client]);

  return { state, probe, cancel };
}
