// A stand-in LMTP server for tests of delivery failures: it records what it receives and
// refuses every recipient after DATA.
import net from 'node:net';

/** An LMTP server that takes the message and then refuses every recipient with 452. */
export async function startRefusingLmtp(socketPath: string) {
  let data = '';
  const server = net.createServer((socket) => {
    let inData = false;
    let buffered = '';
    socket.setEncoding('latin1');
    socket.write('220 refusing LMTP\r\n');
    socket.on('data', (chunk: string) => {
      if (inData) {
        data += chunk;
        if (data.endsWith('\r\n.\r\n')) {
          inData = false;
          socket.write('452 4.2.2 Mailbox full\r\n');
        }
        return;
      }
      buffered += chunk;
      let end: number;
      while ((end = buffered.indexOf('\r\n')) >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (line.startsWith('DATA')) {
          inData = true;
          socket.write('354 go ahead\r\n');
          data += buffered;
          buffered = '';
          break;
        }
        socket.write(line.startsWith('QUIT') ? '221 bye\r\n' : '250 ok\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    socketPath,
    received: () => data,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
