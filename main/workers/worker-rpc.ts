import { AppError, isAppError, type ErrorCode } from '../../shared/errors';

// Calls in both directions over one worker port: each side serves some methods and calls the
// other's. Only an AppError's code and message cross; any other failure becomes a plain INTERNAL
// error, so nothing a library put in its message (a token, say) travels or gets shown.

export interface RpcPort {
  postMessage(message: unknown, transfer?: readonly ArrayBuffer[]): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

type Handler = (args: never) => unknown;
export type Handlers = Record<string, Handler>;

type Call = { kind: 'call'; id: number; method: string; args: unknown };
type Reply = { kind: 'reply'; id: number } & (
  { ok: true; value: unknown } | { ok: false; code: ErrorCode; message: string }
);
type Notice = { kind: 'notice'; name: string; payload: unknown };
type Envelope = Call | Reply | Notice;

export interface RpcPeer<Remote extends Handlers> {
  /** `transfer`: buffers in `args` handed over to the other side instead of copied (unusable here after). */
  call<M extends keyof Remote & string>(
    method: M,
    args: Parameters<Remote[M]>[0],
    transfer?: readonly ArrayBuffer[],
  ): Promise<Awaited<ReturnType<Remote[M]>>>;
  notify(name: string, payload: unknown): void;
  onNotice(listener: (name: string, payload: unknown) => void): void;
  /** Fails every call still waiting (the other side is gone). */
  failPending(error: AppError): void;
}

const internalError = (): AppError => new AppError('INTERNAL', 'Something went wrong in the mail engine.');

export function createRpcPeer<Remote extends Handlers>(port: RpcPort, handlers: Handlers): RpcPeer<Remote> {
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: never) => void; reject: (error: AppError) => void }>();
  const noticeListeners: ((name: string, payload: unknown) => void)[] = [];

  const reply = (id: number, outcome: { ok: true; value: unknown } | { ok: false; code: ErrorCode; message: string }) =>
    port.postMessage({ kind: 'reply', id, ...outcome } satisfies Reply);

  const serveCall = async ({ id, method, args }: Call) => {
    const handler = Object.hasOwn(handlers, method) ? handlers[method] : undefined;
    if (!handler) return reply(id, { ok: false, code: 'UNKNOWN_METHOD', message: `No such engine method: ${method}` });
    try {
      reply(id, { ok: true, value: await handler(args as never) });
    } catch (error) {
      const safe = isAppError(error) ? error : internalError();
      reply(id, { ok: false, code: safe.code, message: safe.message });
    }
  };

  port.on('message', (message) => {
    const envelope = message as Envelope;
    if (envelope.kind === 'call') void serveCall(envelope);
    else if (envelope.kind === 'notice')
      noticeListeners.forEach((listener) => listener(envelope.name, envelope.payload));
    else if (envelope.kind === 'reply') {
      const waiting = pending.get(envelope.id);
      pending.delete(envelope.id);
      if (envelope.ok) waiting?.resolve(envelope.value as never);
      else waiting?.reject(new AppError(envelope.code, envelope.message));
    }
  });

  return {
    call(method, args, transfer) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        port.postMessage({ kind: 'call', id, method, args } satisfies Call, transfer);
      });
    },
    notify(name, payload) {
      port.postMessage({ kind: 'notice', name, payload } satisfies Notice);
    },
    onNotice(listener) {
      noticeListeners.push(listener);
    },
    failPending(error) {
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    },
  };
}
