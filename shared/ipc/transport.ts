import type { Reply } from './reply';

// What each host (Electron IPC, WebSocket, in-memory) provides. Payloads are plain data; the
// contract layer above validates everything that crosses.

export interface ClientTransport {
  invoke(method: string, input: unknown): Promise<unknown>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

export interface HostTransport {
  handle(method: string, handler: (input: unknown) => Promise<Reply>): void;
  emit(event: string, payload: unknown): void;
}
