import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMailReader, type MailReader } from './mail-reader';
import type { MailWriter, StoredMailbox } from './mail-store-types';
import { createMailWriter } from './mail-writer';
import { header, openTestStore, standardMailboxes, type TestStore } from './mail-store.test-support';

const bodies = {
  1: { subject: 'Declaration', text: '世界人権宣言は、すべての人民とすべての国とが達成すべき共通の基準である。' },
  2: { subject: 'Nihongo', text: '日本語が話せますか。コーヒーを飲みましょう。' },
  3: { subject: 'Hangul', text: '대한민국은 민주공화국이다. 모든 국민은 인간으로서의 존엄과 가치를 가진다.' },
  4: { subject: 'Mixed', text: '请在Windows系统中打开这个文件, then reply.' },
  5: { subject: 'Latin', text: 'The quarterly budget, reviewed in Zürich.' },
  8: { subject: 'Thai', text: 'ภาษาไทยเป็นภาษาราชการของประเทศไทย' },
};

describe('search in Chinese, Japanese, Korean and Thai', () => {
  let store: TestStore;
  let writer: MailWriter;
  let reader: MailReader;
  let inbox: StoredMailbox;
  beforeEach(() => {
    store = openTestStore();
    writer = createMailWriter(store.db);
    inbox = writer.syncMailboxes(store.accountId, standardMailboxes).find((mailbox) => mailbox.role === 'inbox')!;
    const entries = Object.entries(bodies).map(([uid, body]) => [Number(uid), body] as const);
    writer.saveHeaders(
      inbox.id,
      entries.map(([uid, body]) => header(uid, { subject: body.subject })),
    );
    writer.saveHeaders(inbox.id, [
      header(6, { subject: '会议纪要：第三季度预算', from: { name: '王小明', address: 'wang@example.cn' } }),
    ]);
    for (const [uid, body] of entries) {
      writer.saveBody(inbox.id, uid, { text: body.text, html: null, snippet: '', references: [], attachments: [] });
    }
    reader = createMailReader(store.db);
  });
  afterEach(() => store.close());

  const search = (query: string) => reader.list({ kind: 'search', query }, 0, 20).rows.map((row) => row.subject);

  it('finds a word from the middle of a run of Chinese, Japanese or Korean letters', () => {
    expect(search('宣言 ')).toEqual(['Declaration']);
    expect(search('人権 ')).toEqual(['Declaration']);
    expect(search('共通の基準 ')).toEqual(['Declaration']);
    expect(search('本語 ')).toEqual(['Nihongo']);
    expect(search('コーヒー ')).toEqual(['Nihongo']);
    expect(search('민국 ')).toEqual(['Hangul']);
    expect(search('존엄과 ')).toEqual(['Hangul']);
    expect(search('系统 ')).toEqual(['Mixed']);
  });

  it('answers queries of one character, wherever it stands in a run', () => {
    expect(search('権 ')).toEqual(['Declaration']);
    // The last character of a run, and a run of one character.
    expect(search('言 ')).toEqual(['Declaration']);
    expect(search('は ')).toEqual(['Declaration']);
    expect(search('请 ')).toEqual(['Mixed']);
  });

  it('does not find characters that stand apart in the text', () => {
    expect(search('宣人 ')).toEqual([]);
    expect(search('"世界 宣言"')).toEqual([]);
    expect(search('本日 ')).toEqual([]);
  });

  it('matches where a run meets Latin letters, and in the fields', () => {
    expect(search('在Windows ')).toEqual(['Mixed']);
    expect(search('Windows系 ')).toEqual(['Mixed']);
    expect(search('subject:预算 ')).toEqual(['会议纪要：第三季度预算']);
    expect(search('from:小明 ')).toEqual(['会议纪要：第三季度预算']);
    expect(search('subject:宣言 ')).toEqual([]);
  });

  it('finds a run while it is still being typed', () => {
    expect(search('世')).toEqual(['Declaration']);
    expect(search('世界人')).toEqual(['Declaration']);
    expect(search('대한민')).toEqual(['Hangul']);
  });

  it('folds full-width letters and half-width katakana to what people type', () => {
    writer.saveHeaders(inbox.id, [header(7, { subject: 'ｗｉｄｔｈ ﾃｽﾄ' })]);
    expect(search('width ')).toEqual(['ｗｉｄｔｈ ﾃｽﾄ']);
    expect(search('テスト ')).toEqual(['ｗｉｄｔｈ ﾃｽﾄ']);
  });

  it('finds a Thai word inside a run, by ICU word boundaries', () => {
    expect(search('ราชการ ')).toEqual(['Thai']);
    expect(search('ไทย ')).toEqual(['Thai']);
    expect(search('ราช')).toEqual(['Thai']);
    expect(search('ราช ')).toEqual([]);
  });

  it('keeps word and prefix search for Latin text as it was', () => {
    expect(search('budget ')).toEqual(['Latin']);
    expect(search('zuri')).toEqual(['Latin']);
    expect(search('bud ')).toEqual([]);
  });
});
