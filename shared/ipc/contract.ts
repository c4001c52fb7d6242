import { z } from 'zod';
import { appInfo, probeStep, providerSummary, serverProbeInput, serverProbeResult } from '../models';

// The one contract between the renderer and the main side. Every method and event is a zod
// schema; the types below are derived from it, so a change here is checked everywhere.

const empty = z.object({}).strict();

function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}

export const contract = {
  methods: {
    'app.info': method(empty, appInfo),
    'providers.list': method(empty, z.array(providerSummary)),
    'servers.probe': method(serverProbeInput, serverProbeResult),
    'links.open': method(z.object({ url: z.string().max(4096) }).strict(), z.object({ opened: z.boolean() })),
  },
  events: {
    'servers.probeStep': probeStep,
  },
} as const;

type Methods = typeof contract.methods;
type Events = typeof contract.events;

export type MethodName = keyof Methods;
export type EventName = keyof Events;
/** What a caller passes (defaults not yet applied). */
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
/** What a service receives (validated, defaults applied). */
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const methodNames = Object.keys(contract.methods) as MethodName[];
export const eventNames = Object.keys(contract.events) as EventName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(contract.methods, name);
}

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(contract.events, name);
}
