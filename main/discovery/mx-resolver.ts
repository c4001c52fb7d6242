// MX look-ups through node:dns with configurable servers (tests point them at a loopback
// responder) and a bounded time: c-ares retries each server `tries` times with `timeout` each.
import { Resolver } from 'node:dns/promises';
import type { MxRecord } from './provider-match';

export interface MxResolver {
  resolveMx(domain: string): Promise<MxRecord[]>;
}

export interface MxResolverOptions {
  /** Like "192.0.2.1", "192.0.2.1:5353" or "[2001:db8::1]:53"; absent or empty: the system's resolvers. */
  servers?: readonly string[] | null;
  timeoutMs?: number;
  tries?: number;
}

export function createMxResolver(options: MxResolverOptions = {}): MxResolver {
  const resolver = new Resolver({ timeout: options.timeoutMs ?? 2_500, tries: options.tries ?? 2 });
  if (options.servers && options.servers.length > 0) resolver.setServers([...options.servers]);
  return {
    resolveMx: async (domain) =>
      (await resolver.resolveMx(domain)).map(({ exchange, priority }) => ({ exchange, priority })),
  };
}
