import { isEventName, isMethodName } from '../../shared/ipc/contract';
import type { HarborBridge } from '../../shared/ipc/bridge';
import { failure } from '../../shared/ipc/reply';
import type { ClientTransport } from '../../shared/ipc/transport';

export function createElectronClientTransport(bridge: HarborBridge): ClientTransport {
  return {
    invoke(method, input) {
      if (!isMethodName(method)) return Promise.resolve(failure('UNKNOWN_METHOD', `No method named ${method}.`));
      return bridge.invoke[method](input);
    },
    subscribe(event, listener) {
      if (!isEventName(event)) return () => undefined;
      return bridge.subscribe[event](listener);
    },
  };
}
