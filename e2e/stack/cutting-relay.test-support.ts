// A TCP relay on loopback in front of one of the stack's servers that, once armed, cuts the next
// connection whose client sends more than a given number of bytes: what came before reaches the
// server, nothing after, and both sides are closed on the spot. A network that fails mid-message.
import net from 'node:net';

export interface CuttingRelay {
  port: number;
  /** The next connection whose client sends more than `bytes` is cut there; later ones pass untouched. */
  cutAfter(bytes: number): void;
  /** Connections cut so far. */
  cuts(): number;
  close(): Promise<void>;
}

export async function startCuttingRelay(targetPort: number): Promise<CuttingRelay> {
  const sockets = new Set<net.Socket>();
  let budget: number | null = null;
  let cuts = 0;

  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    let sent = 0;
    client.on('data', (chunk: Buffer) => {
      if (budget !== null && sent + chunk.length > budget) {
        budget = null;
        cuts += 1;
        client.destroy();
        return;
      }
      sent += chunk.length;
      upstream.write(chunk);
    });
    upstream.pipe(client);
    for (const end of [client, upstream]) {
      sockets.add(end);
      end.on('error', () => end.destroy());
      end.on('close', () => {
        sockets.delete(end);
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });

  return {
    port: (server.address() as net.AddressInfo).port,
    cutAfter(bytes) {
      budget = bytes;
    },
    cuts: () => cuts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
