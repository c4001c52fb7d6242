import type { z } from 'zod';
import { isAppError } from '../errors';
import {
  contract,
  methodNames,
  type EventName,
  type EventPayload,
  type MethodName,
  type MethodOutput,
  type MethodParsedInput,
} from './contract';
import { failure, type Reply } from './reply';
import type { HostTransport } from './transport';

export type ServiceImpl = {
  [M in MethodName]: (input: MethodParsedInput<M>) => Promise<MethodOutput<M>>;
};

export interface ServeOptions {
  /** Told about errors that were not AppErrors (bugs); the caller only gets a generic message. */
  onUnexpectedError?: (method: MethodName, error: unknown) => void;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

async function answer<M extends MethodName>(
  name: M,
  impl: ServiceImpl,
  raw: unknown,
  options: ServeOptions,
): Promise<Reply> {
  const schema = contract.methods[name];
  const parsed = schema.input.safeParse(raw);
  if (!parsed.success) return failure('INVALID_INPUT', describeIssues(parsed.error));
  try {
    const handler = impl[name] as (input: unknown) => Promise<unknown>;
    const value = await handler(parsed.data);
    const checked = schema.output.safeParse(value);
    if (!checked.success) throw new Error(`reply of ${name} broke the contract: ${describeIssues(checked.error)}`);
    return { ok: true, value: checked.data };
  } catch (error) {
    if (isAppError(error)) return failure(error.code, error.message);
    options.onUnexpectedError?.(name, error);
    // onUnexpectedError goes to the host's log; nothing on this path can reach the activity log.
    return failure(
      'INTERNAL',
      "Something went wrong inside the app. The kind of failure is written to the app's output (the terminal it was started from, if any), not to the activity log.",
    );
  }
}

/** Registers every contract method on the host; input and output are validated both ways. */
export function serve(impl: ServiceImpl, host: HostTransport, options: ServeOptions = {}): void {
  for (const name of methodNames) {
    host.handle(name, (raw) => answer(name, impl, raw, options));
  }
}

export interface Emitter {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

export function createEmitter(host: HostTransport): Emitter {
  return {
    emit(event, payload) {
      host.emit(event, contract.events[event].parse(payload));
    },
  };
}
