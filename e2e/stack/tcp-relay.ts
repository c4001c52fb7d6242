// A TCP relay on loopback in front of one of the stack's servers, that a test can take away (every
// connection cut, new ones refused) and bring back on the same port: a network that goes and returns.
// It can also stall: the server's bytes then reach the client one at a time, every 2 seconds, as
// over a connection that is all but dead (no idle timeout fires while a trickle goes on).
import net from 'node:net';

export interface TcpRelay {
  port: number;
  /** Cuts every open connection and stops listening. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** Cuts every open connection and keeps listening. */
  cut(): void;
  /** From now on (and for connections already open), the server's bytes trickle: one every `intervalMs`. */
  drip(on: boolean, intervalMs?: number): void;
  close(): Promise<void>;
}

export async function startTcpRelay(targetPort: number): Promise<TcpRelay> {
  const sockets = new Set<net.Socket>();
  const drips = new Set<() => void>();
  let server: net.Server | undefined;
  let port = 0;
  let dripMs: number | null = null;

  const relay = (socket: net.Socket) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    let held = Buffer.alloc(0);
    let timer: NodeJS.Timeout | undefined;
    const release = () => {
      if (dripMs === null) {
        clearInterval(timer);
        timer = undefined;
        if (held.length) socket.write(held);
        held = Buffer.alloc(0);
      } else if (!timer) {
        timer = setInterval(() => {
          if (!held.length) return;
          socket.write(held.subarray(0, 1));
          held = held.subarray(1);
        }, dripMs);
      }
    };
    drips.add(release);
    upstream.on('data', (chunk: Buffer) => {
      if (dripMs === null && !held.length) socket.write(chunk);
      else {
        held = Buffer.concat([held, chunk]);
        release();
      }
    });
    for (const end of [socket, upstream]) {
      sockets.add(end);
      end.on('error', () => end.destroy());
      end.on('close', () => {
        sockets.delete(end);
        drips.delete(release);
        clearInterval(timer);
        socket.destroy();
        upstream.destroy();
      });
    }
    socket.pipe(upstream);
  };
  const cut = () => {
    for (const socket of sockets) socket.destroy();
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
      cut();
      const listening = server;
      server = undefined;
      if (listening) listening.close(() => resolve());
      else resolve();
    });

  await start();
  return {
    port,
    start,
    stop,
    cut,
    drip(on, intervalMs = 2_000) {
      dripMs = on ? intervalMs : null;
      for (const release of drips) release();
    },
    close: stop,
  };
}
