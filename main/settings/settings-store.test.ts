import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultAppSettings } from '../../shared/app-settings';
import { openTestStore, type TestStore } from '../mail/store/mail-store.test-support';
import { createSettingsStore } from './settings-store';

describe('the settings store', () => {
  let store: TestStore;
  beforeEach(() => {
    store = openTestStore();
  });
  afterEach(() => store.close());

  it('starts from the defaults: notifications on, appearance following the system, conversations on', () => {
    const read = createSettingsStore(store.db).read();
    expect(read).toEqual(defaultAppSettings);
    expect(read).toMatchObject({ notifications: true, appearance: 'system', conversationView: true });
  });

  it('keeps each change for the next start and leaves the other preferences alone', () => {
    const settings = createSettingsStore(store.db);
    expect(settings.update({ appearance: 'dark' })).toMatchObject({ notifications: true, appearance: 'dark' });
    expect(settings.update({ notifications: false, markReadAfterSeconds: null })).toMatchObject({
      notifications: false,
      appearance: 'dark',
      markReadAfterSeconds: null,
    });
    expect(settings.update({})).toMatchObject({ notifications: false, appearance: 'dark' });
    expect(createSettingsStore(store.db).read()).toEqual({
      ...defaultAppSettings,
      notifications: false,
      appearance: 'dark',
      markReadAfterSeconds: null,
    });
  });

  it('reads a stored value that does not fit as the default', () => {
    const write = store.db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)');
    write.run('appearance', '"sepia"');
    write.run('notifications', '{not json');
    expect(createSettingsStore(store.db).read()).toEqual(defaultAppSettings);
  });

  it("takes the given defaults (the config file's undo delay) until the person chooses", () => {
    const settings = createSettingsStore(store.db, { undoSendSeconds: 0 });
    expect(settings.read().undoSendSeconds).toBe(0);
    expect(settings.update({ undoSendSeconds: 10 }).undoSendSeconds).toBe(10);
    expect(createSettingsStore(store.db, { undoSendSeconds: 0 }).read().undoSendSeconds).toBe(10);
  });
});
