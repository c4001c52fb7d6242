import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { bridgeKey, eventChannel, methodChannel, type HarborBridge } from '../shared/ipc/bridge';
import { eventNames, methodNames } from '../shared/ipc/contract';

// Named functions only: the page never sees ipcRenderer or an IPC event object, and every
// subscription hands back its own unsubscribe function.

function invoker(method: string) {
  return (input: unknown): Promise<unknown> => ipcRenderer.invoke(methodChannel(method), input);
}

function subscriber(event: string) {
  return (listener: (payload: unknown) => void) => {
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(eventChannel(event), forward);
    return () => {
      ipcRenderer.removeListener(eventChannel(event), forward);
    };
  };
}

const bridge = {
  invoke: Object.fromEntries(methodNames.map((method) => [method, invoker(method)])),
  subscribe: Object.fromEntries(eventNames.map((event) => [event, subscriber(event)])),
} as HarborBridge;

contextBridge.exposeInMainWorld(bridgeKey, bridge);
