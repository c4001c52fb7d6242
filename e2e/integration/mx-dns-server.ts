// A tiny authoritative DNS responder on 127.0.0.1 (UDP) for the discovery tests: it answers MX
// queries from a fixed table, says "no such name" for names outside it and nothing else. Just
// enough of RFC 1035 for a stub resolver such as c-ares; not a DNS server.
import dgram from 'node:dgram';
import { once } from 'node:events';

export interface MxAnswer {
  exchange: string;
  priority: number;
}

export interface MxDnsServer {
  /** "127.0.0.1:<port>", as the discovery settings take it. */
  address: string;
  /** Every question asked, as "<name> <type>". */
  questions: string[];
  close(): Promise<void>;
}

const TYPE_MX = 15;
const CLASS_IN = 1;

function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, '').split('.').filter(Boolean);
  return Buffer.concat([
    ...labels.map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label)])),
    Buffer.from([0]),
  ]);
}

function answer(query: Buffer, zones: Record<string, MxAnswer[]>, questions: string[]): Buffer | null {
  if (query.length < 12 || query.readUInt16BE(4) !== 1) return null;
  const labels: string[] = [];
  let at = 12;
  for (let length = query[at] ?? 0; length !== 0; length = query[at] ?? 0) {
    if (length > 63 || at + 1 + length > query.length) return null;
    labels.push(query.toString('latin1', at + 1, at + 1 + length));
    at += 1 + length;
  }
  at += 1;
  if (at + 4 > query.length) return null;
  const type = query.readUInt16BE(at);
  const name = labels.join('.').toLowerCase();
  questions.push(`${name} ${type}`);
  const records = Object.hasOwn(zones, name) ? zones[name] : undefined;
  const answers = records && type === TYPE_MX && query.readUInt16BE(at + 2) === CLASS_IN ? records : [];
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0);
  // QR, AA, RD copied from the query; RCODE 3 (NXDOMAIN) for a name outside the table.
  header.writeUInt16BE(0x8000 | 0x0400 | (query.readUInt16BE(2) & 0x0100) | (records ? 0 : 3), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  const resourceRecords = answers.map(({ exchange, priority }) => {
    const data = Buffer.concat([Buffer.from([priority >> 8, priority & 0xff]), encodeName(exchange)]);
    const fixed = Buffer.alloc(12);
    fixed.writeUInt16BE(0xc00c, 0); // the question's name
    fixed.writeUInt16BE(TYPE_MX, 2);
    fixed.writeUInt16BE(CLASS_IN, 4);
    fixed.writeUInt32BE(60, 6);
    fixed.writeUInt16BE(data.length, 10);
    return Buffer.concat([fixed, data]);
  });
  return Buffer.concat([header, query.subarray(12, at + 4), ...resourceRecords]);
}

export async function startMxDnsServer(zones: Record<string, MxAnswer[]>): Promise<MxDnsServer> {
  const socket = dgram.createSocket('udp4');
  const questions: string[] = [];
  socket.on('message', (query, peer) => {
    const reply = answer(query, zones, questions);
    if (reply) socket.send(reply, peer.port, peer.address);
  });
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return {
    address: `127.0.0.1:${socket.address().port}`,
    questions,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
