import { bridgeKey, type HarborBridge } from '../../shared/ipc/bridge';
import { createClient, type Client } from '../../shared/ipc/client';
import { createElectronClientTransport } from './electron-client-transport';
import { createWsClientTransport } from './ws-client-transport';

const tokenKey = 'harbor.browserHostToken';

/** The token arrives once in the URL fragment; it is moved to session storage and the URL cleaned. */
function browserHostToken(): string | null {
  const match = /(?:^#|&)token=([0-9a-f]{64})(?:&|$)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(tokenKey, match[1]);
    history.replaceState(null, '', window.location.pathname);
  }
  return sessionStorage.getItem(tokenKey);
}

/** Electron when the preload put its bridge on window, else the browser host's WebSocket. */
export function connectToMain(): Client | null {
  const bridge = (window as unknown as Record<string, HarborBridge | undefined>)[bridgeKey];
  if (bridge) return createClient(createElectronClientTransport(bridge));
  const token = browserHostToken();
  if (!token) return null;
  return createClient(createWsClientTransport(`ws://${window.location.host}/ipc`, token));
}
