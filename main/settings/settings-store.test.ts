import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../mail/store/mail-store.test-support';
import { createSettingsStore } from './settings-store';

describe('the settings store', () => {
  let store: TestStore;
  beforeEach(() => {
    store = openTestStore();
  });
  afterEach(() => store.close());

  it('starts from the defaults: notifications on, appearance following the system, conversations on', () => {
    expect(createSettingsStore(store.db).read()).toEqual({
      notifications: true,
      appearance: 'system',
      conversationView: true,
    });
  });

  it('keeps each change for the next start and leaves the other preferences alone', () => {
    const settings = createSettingsStore(store.db);
    const rest = { conversationView: true };
    expect(settings.update({ appearance: 'dark' })).toEqual({ notifications: true, appearance: 'dark', ...rest });
    expect(settings.update({ notifications: false })).toEqual({ notifications: false, appearance: 'dark', ...rest });
    expect(settings.update({ conversationView: false })).toEqual({
      notifications: false,
      appearance: 'dark',
      conversationView: false,
    });
    expect(settings.update({})).toEqual({ notifications: false, appearance: 'dark', conversationView: false });
    expect(createSettingsStore(store.db).read()).toEqual({
      notifications: false,
      appearance: 'dark',
      conversationView: false,
    });
  });

  it('reads a stored value that does not fit as the default', () => {
    const write = store.db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)');
    write.run('appearance', '"sepia"');
    write.run('notifications', '{not json');
    write.run('conversationView', '"yes"');
    expect(createSettingsStore(store.db).read()).toEqual({
      notifications: true,
      appearance: 'system',
      conversationView: true,
    });
  });
});
