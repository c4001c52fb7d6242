import type { EventName, MethodName } from './contract';

/** What the Electron preload exposes on window: one named function per method and event. */
export interface HarborBridge {
  invoke: { [M in MethodName]: (input: unknown) => Promise<unknown> };
  subscribe: { [E in EventName]: (listener: (payload: unknown) => void) => () => void };
}

export const bridgeKey = 'harbor';
/** Electron IPC channel names carry a prefix so no other message can be mistaken for ours. */
export const methodChannel = (method: string) => `harbor:call:${method}`;
export const eventChannel = (event: string) => `harbor:event:${event}`;
