import { ipcMain, type WebContents } from 'electron';
import { isTrustedSender } from '../../main/ipc/sender-check';
import { eventChannel, methodChannel } from '../../shared/ipc/bridge';
import { failure } from '../../shared/ipc/reply';
import type { HostTransport } from '../../shared/ipc/transport';

/** The contract over Electron IPC: every call is refused unless it comes from the app's top frame. */
export function createElectronHost(target: () => WebContents | null): HostTransport {
  return {
    handle(method, handler) {
      ipcMain.handle(methodChannel(method), async (event, input: unknown) => {
        if (!isTrustedSender(event.senderFrame)) {
          return failure('FORBIDDEN_SENDER', 'This call did not come from the app window.');
        }
        return handler(input);
      });
    },
    emit(event, payload) {
      const contents = target();
      if (contents && !contents.isDestroyed()) contents.send(eventChannel(event), payload);
    },
  };
}
