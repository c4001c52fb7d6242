import { defaultAppSettings } from '../../shared/app-settings';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMailReader } from '../mail/store/mail-reader';
import { createMailWriter } from '../mail/store/mail-writer';
import { header, openTestStore, standardMailboxes, type TestStore } from '../mail/store/mail-store.test-support';
import { createMailServices } from './mail-services';
import { recordingMailEngine } from './recording-mail-engine.test-support';

// A 1×1 transparent PNG.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

describe('mail.remoteImages', () => {
  let store: TestStore;
  let server: Server;
  let origin: string;
  const requested: string[] = [];

  beforeEach(async () => {
    store = openTestStore();
    requested.length = 0;
    server = createServer((request, response) => {
      requested.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'image/png' }).end(png);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    store.close();
  });

  it('fetches the images the message names and none other the renderer asks for', async () => {
    const writer = createMailWriter(store.db);
    const [inbox] = writer.syncMailboxes(store.accountId, standardMailboxes);
    writer.saveHeaders(inbox!.id, [header(1)]);
    writer.saveBody(inbox!.id, 1, {
      text: null,
      html: `<p>Hi</p><img src="${origin}/logo.png?size=1&amp;v=2">`,
      snippet: 'Hi',
      references: [],
      attachments: [],
    });
    const messageId = store.db.prepare('SELECT id FROM messages').pluck().get() as number;
    const services = createMailServices({
      db: store.db,
      reader: createMailReader(store.db),
      engine: recordingMailEngine(),
      saveFile: async () => false,
      remoteImages: { allowPrivateNetwork: true },
      settings: { read: () => defaultAppSettings },
      log: () => undefined,
    });

    const named = `${origin}/logo.png?size=1&v=2`;
    const { images } = await services['mail.remoteImages']({
      messageId,
      urls: [named, `${origin}/elsewhere.png`, 'http://169.254.169.254/latest/meta-data'],
    });
    expect(Object.keys(images)).toEqual([named]);
    expect(requested).toEqual(['/logo.png?size=1&v=2']);
  });
});

describe('mail.open', () => {
  it('opens a stored message while the engine cannot mark it read, and logs why', async () => {
    const store = openTestStore();
    try {
      const writer = createMailWriter(store.db);
      const [inbox] = writer.syncMailboxes(store.accountId, standardMailboxes);
      writer.saveHeaders(inbox!.id, [header(1, { subject: 'Stored already' })]);
      writer.saveBody(inbox!.id, 1, { text: 'Hello', html: null, snippet: 'Hello', references: [], attachments: [] });
      const messageId = store.db.prepare('SELECT id FROM messages').pluck().get() as number;
      const log: string[] = [];
      const services = createMailServices({
        db: store.db,
        reader: createMailReader(store.db),
        engine: recordingMailEngine(),
        saveFile: async () => false,
        remoteImages: { allowPrivateNetwork: false },
        settings: { read: () => defaultAppSettings },
        log: (line) => log.push(line),
      });
      const detail = await services['mail.open']({ messageId, markRead: true });
      expect(detail).toMatchObject({ subject: 'Stored already', text: 'Hello', unread: true });
      expect(log).toEqual(['marking an opened message read failed (AppError INTERNAL)']);
    } finally {
      store.close();
    }
  });

  it('leaves the message unread when asked (a delayed mark-as-read), and loads remote content when Settings say so', async () => {
    const store = openTestStore();
    try {
      const writer = createMailWriter(store.db);
      const [inbox] = writer.syncMailboxes(store.accountId, standardMailboxes);
      writer.saveHeaders(inbox!.id, [header(1, { subject: 'Later' })]);
      writer.saveBody(inbox!.id, 1, { text: 'Hello', html: null, snippet: 'Hello', references: [], attachments: [] });
      const messageId = store.db.prepare('SELECT id FROM messages').pluck().get() as number;
      const engine = recordingMailEngine();
      const log: string[] = [];
      let remoteContent: 'ask' | 'load' = 'ask';
      const services = createMailServices({
        db: store.db,
        reader: createMailReader(store.db),
        engine,
        saveFile: async () => false,
        remoteImages: { allowPrivateNetwork: false },
        settings: { read: () => ({ ...defaultAppSettings, remoteContent }) },
        log: (line) => log.push(line),
      });
      const asked = await services['mail.open']({ messageId, markRead: false });
      expect(asked).toMatchObject({ unread: true, remoteContentAllowed: false });
      // Not even tried: the engine (which cannot mark here) was never asked.
      expect(log).toEqual([]);
      remoteContent = 'load';
      expect(await services['mail.open']({ messageId, markRead: false })).toMatchObject({ remoteContentAllowed: true });
    } finally {
      store.close();
    }
  });
});
