// The fetch openid-client uses: undici with the system roots plus the configured extra CAs.
// Certificate verification cannot be switched off here.
import tls from 'node:tls';
import type { CustomFetch } from 'openid-client';
import { Agent, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from 'undici';
import type { NetworkTrust } from './types';

// One Agent (and its connection pool) per distinct trust setting, shared by every sign-in and
// refresh for the life of the process, instead of a new pool per call that is never closed.
const agents = new Map<string, Agent>();

function agentFor(trust: NetworkTrust): Agent {
  const key = JSON.stringify(trust.extraCa);
  let agent = agents.get(key);
  if (agent === undefined) {
    agent = new Agent({
      connect: {
        rejectUnauthorized: true,
        minVersion: 'TLSv1.2',
        // Without extra CAs, leave `ca` unset so Node's defaults (NODE_EXTRA_CA_CERTS included) apply.
        ...(trust.extraCa.length > 0 ? { ca: [...tls.rootCertificates, ...trust.extraCa] } : {}),
      },
    });
    agents.set(key, agent);
  }
  return agent;
}

export function createTrustedFetch(trust: NetworkTrust): CustomFetch {
  const dispatcher = agentFor(trust);
  // Same WHATWG Request and Response at runtime; the casts bridge undici's and the DOM's typings.
  return (url, options) =>
    undiciFetch(url, { ...options, dispatcher } as UndiciRequestInit) as unknown as Promise<Response>;
}
