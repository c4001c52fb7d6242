import type { Client } from '../../shared/ipc/client';
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../../shared/ipc/contract';
import type { MessageRow } from '../../shared/mail-models';

type Handlers = { [M in MethodName]?: (input: MethodInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>> };

/** A Client for component tests: answers from `handlers`, records every call, emits events on demand. */
export function fakeMailClient(handlers: Handlers) {
  const calls: { method: MethodName; input: unknown }[] = [];
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const client: Client = {
    call(method, input) {
      calls.push({ method, input });
      const handler = handlers[method] as ((input: unknown) => unknown) | undefined;
      if (!handler) return Promise.reject(new Error(`${method} is not answered in this test.`));
      return Promise.resolve().then(() => handler(input)) as never;
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
  return {
    client,
    calls,
    callsOf: <M extends MethodName>(method: M) =>
      calls.filter((call) => call.method === method).map((call) => call.input as MethodInput<M>),
    emit: <E extends EventName>(event: E, payload: EventPayload<E>) => {
      for (const listener of listeners.get(event) ?? []) (listener as (payload: EventPayload<E>) => void)(payload);
    },
  };
}

/** A plausible list row; `id` decides the rest unless overridden. */
export function messageRow(id: number, overrides: Partial<MessageRow> = {}): MessageRow {
  return {
    id,
    accountId: 'acct:alice',
    folderId: 1,
    threadId: id,
    threadCount: 1,
    from: { name: `Sender ${id}`, address: `sender${id}@example.test` },
    to: [{ name: 'Alice', address: 'alice@example.test' }],
    subject: `Subject ${id}`,
    snippet: `Snippet ${id}`,
    date: Date.UTC(2020, 0, 1),
    unread: false,
    flagged: false,
    hasAttachments: false,
    ...overrides,
  };
}

/** jsdom does no layout: give the message list's scroller a height so the virtualizer has a window. */
export function giveMessageListAHeight(height: number): void {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('message-list-scroller') ? height : 0;
    },
  });
}
