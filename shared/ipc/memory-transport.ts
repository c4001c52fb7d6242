import { failure, type Reply } from './reply';
import type { ClientTransport, HostTransport } from './transport';

// Both ends in one process, for unit tests. Values go through JSON as they would over a wire,
// so a test cannot pass by sharing an object between the two sides.
function overTheWire<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export function createMemoryTransport(): { client: ClientTransport; host: HostTransport } {
  const handlers = new Map<string, (input: unknown) => Promise<Reply>>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  const host: HostTransport = {
    handle(method, handler) {
      handlers.set(method, handler);
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(overTheWire(payload));
    },
  };

  const client: ClientTransport = {
    async invoke(method, input) {
      const handler = handlers.get(method);
      if (!handler) return failure('UNKNOWN_METHOD', `No method named ${method}.`);
      return overTheWire(await handler(overTheWire(input)));
    },
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  };

  return { client, host };
}
