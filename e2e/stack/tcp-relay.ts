// A TCP relay on loopback in front of one of the stack's servers, that a test can take away (every
// connection cut, new ones refused) and bring back on the same port: a network that goes and returns.
import net from 'node:net';

export interface TcpRelay {
  port: number;
  /** Cuts every open connection and stops listening. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpRelay(targetPort: number): Promise<TcpRelay> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;

  const relay = (socket: net.Socket) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const end of [socket, upstream]) {
      sockets.add(end);
      end.on('error', () => end.destroy());
      end.on('close', () => {
        sockets.delete(end);
        socket.destroy();
        upstream.destroy();
      });
    }
    socket.pipe(upstream).pipe(socket);
  };
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const listening = net.createServer(relay);
      listening.once('error', reject);
      listening.listen(port, '127.0.0.1', () => {
        server = listening;
        port = (listening.address() as net.AddressInfo).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      const listening = server;
      server = undefined;
      if (listening) listening.close(() => resolve());
      else resolve();
    });

  await start();
  return { port, start, stop, close: stop };
}
