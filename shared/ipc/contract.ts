import { z } from 'zod';
import {
  accountId,
  accountSummary,
  activityEntry,
  appInfo,
  discoverInput,
  discoveryResult,
  messageSummary,
  passwordSignInInput,
  probeStep,
  providerSummary,
  removeAccountResult,
  secretStorageStatus,
  serverProbeInput,
  serverProbeResult,
  serverSignInInput,
  signInInput,
  signInProgress,
  signOutResult,
} from '../models';

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
    'secrets.status': method(empty, secretStorageStatus),
    'accounts.list': method(empty, z.array(accountSummary)),
    'setup.discover': method(discoverInput, discoveryResult),
    'auth.signIn': method(signInInput, z.object({ accountId })),
    'auth.signInToServer': method(serverSignInInput, z.object({ accountId })),
    /** "Sign in again": built from the stored account, never from what the renderer names. */
    'auth.signInAgain': method(z.object({ accountId }).strict(), z.object({ accountId })),
    'auth.signInWithPassword': method(passwordSignInInput, z.object({ accountId }).strict()),
    'auth.cancelSignIn': method(empty, z.object({ cancelled: z.boolean() })),
    'auth.openBrowserAgain': method(empty, z.object({ opened: z.boolean() })),
    'auth.signOut': method(z.object({ accountId }).strict(), signOutResult),
    'auth.removeAccount': method(z.object({ accountId }).strict(), removeAccountResult),
    'activity.list': method(z.object({ accountId }).strict(), z.array(activityEntry)),
    'mail.inboxPreview': method(
      z.object({ accountId, limit: z.number().int().min(1).max(200).default(50) }).strict(),
      z.array(messageSummary),
    ),
  },
  events: {
    'servers.probeStep': probeStep,
    'auth.signInProgress': signInProgress,
    'accounts.changed': z.object({}),
    /** An activity entry was stored for this account (null: none); no kind, detail or secret travels. */
    'activity.recorded': z.object({ accountId: z.string().nullable() }).strict(),
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
