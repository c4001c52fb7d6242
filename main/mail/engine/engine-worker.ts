import { parentPort, workerData } from 'node:worker_threads';
import type { SyncStatus } from '../../../shared/mail-models';
import { openDatabase } from '../../store/database';
import { createRpcPeer, type RpcPeer } from '../../workers/worker-rpc';
import { createSmtpSubmit } from '../smtp/smtp-submit';
import { createMailWriter } from '../store/mail-writer';
import { createHeaderFillThread } from '../sync/header-fill-thread';
import { createParsePool, type ParsePool } from '../sync/parse-pool';
import { storeBackedTrust } from '../../tls/trusted-certificates';
import { traced } from '../../logging/trace';
import { engineLogNotice, type CredentialHandlers, type EngineLogLine, type EngineStart } from './engine-api';
import { createEngineLogin, engineLoginOf } from './engine-login';
import { createMailEngine } from './mail-engine';

// The mail engine's worker thread: the store's single writer connection, IMAP, parsing.

const port = parentPort;
if (!port) throw new Error('The mail engine runs only as a worker thread.');
const start = (workerData as { data: EngineStart }).data;
const db = openDatabase(start.databaseFile);
db.pragma('busy_timeout = 5000');
const trust = storeBackedTrust(db, start.extraCa);

// Started when a header fill begins (its bodies follow, and the workers' start, seconds under tsx,
// overlaps the header sync), else on the first body to parse: an account that is up to date never needs it.
let parsePool: ParsePool | undefined;
const headerFills = createHeaderFillThread();
const fillPhases = new Set(['newest', 'headers']);
let peer: RpcPeer<CredentialHandlers> | undefined = undefined;
const credentials = {
  call: ((method, args) => peer!.call(method, args)) as RpcPeer<CredentialHandlers>['call'],
} as RpcPeer<CredentialHandlers>;
const log = (line: string) => peer?.notify(engineLogNotice, { line } satisfies EngineLogLine);

const engine = createMailEngine({
  db,
  writer: createMailWriter(db),
  connect: createEngineLogin(credentials, trust, log),
  trust,
  parseBody: (source) => (parsePool ??= createParsePool()).parse(source),
  fillHeaders: async (account, fill, onReport) => {
    const login = await engineLoginOf(credentials, account);
    // The worker gets a copy of the trust: the pins as the store has them now.
    const trustNow = { extraCa: trust.extraCa, pinned: [...(trust.pinned ?? [])] };
    await headerFills.fill({ ...fill, login, trust: trustNow }, onReport);
  },
  prepareFillHeaders: () => headerFills.warm(),
  notify: (name, payload) => {
    if (name === 'status' && fillPhases.has((payload as SyncStatus).phase)) parsePool ??= createParsePool();
    peer?.notify(name, payload);
  },
  outbox: { submit: createSmtpSubmit(credentials, trust, db, log), rateLimit: start.sendRateLimit },
  log,
});
peer = createRpcPeer<CredentialHandlers>(port, {
  ...engine,
  // Each part closes even when another fails, so the store is always closed last.
  async close() {
    await traced(engine.close({}), 'closing the engine', log);
    await Promise.all([
      parsePool && traced(parsePool.close(), 'closing the parse pool', log),
      traced(headerFills.close(), 'closing the header-fill thread', log),
    ]);
    db.close();
  },
});
