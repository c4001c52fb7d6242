import type { ErrorCode } from '../errors';
import {
  contract,
  type EventName,
  type EventPayload,
  type MethodInput,
  type MethodName,
  type MethodOutput,
} from './contract';
import { replySchema } from './reply';
import type { ClientTransport } from './transport';

/** A failed call as the renderer sees it: a code to branch on and a message to show. */
export class IpcError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IpcError';
  }
}

export interface Client {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createClient(transport: ClientTransport): Client {
  return {
    async call(method, input) {
      const reply = replySchema.safeParse(await transport.invoke(method, input));
      if (!reply.success) throw new IpcError('PROTOCOL_ERROR', 'The app sent a reply it does not understand.');
      if (!reply.data.ok) throw new IpcError(reply.data.error.code, reply.data.error.message);
      const value = contract.methods[method].output.safeParse(reply.data.value);
      if (!value.success) throw new IpcError('PROTOCOL_ERROR', `The reply to ${method} broke the contract.`);
      return value.data as MethodOutput<typeof method>;
    },
    on(event, listener) {
      const schema = contract.events[event];
      return transport.subscribe(event, (payload) => {
        const parsed = schema.safeParse(payload);
        if (parsed.success) listener(parsed.data as EventPayload<typeof event>);
      });
    },
  };
}
