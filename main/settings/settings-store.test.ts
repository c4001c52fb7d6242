import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../mail/store/mail-store.test-support';
import { createSettingsStore } from './settings-store';

describe('the settings store', () => {
  let store: TestStore;
  beforeEach(() => {
    store = openTestStore();
  });
  afterEach(() => store.close());

  it('starts from the defaults: notifications on, appearance following the system', () => {
    expect(createSettingsStore(store.db).read()).toEqual({ notifications: true, appearance: 'system' });
  });

  it('keeps each change for the next start and leaves the other preferences alone', () => {
    const settings = createSettingsStore(store.db);
    expect(settings.update({ appearance: 'dark' })).toEqual({ notifications: true, appearance: 'dark' });
    expect(settings.update({ notifications: false })).toEqual({ notifications: false, appearance: 'dark' });
    expect(settings.update({})).toEqual({ notifications: false, appearance: 'dark' });
    expect(createSettingsStore(store.db).read()).toEqual({ notifications: false, appearance: 'dark' });
  });

  it('reads a stored value that does not fit as the default', () => {
    const write = store.db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)');
    write.run('appearance', '"sepia"');
    write.run('notifications', '{not json');
    expect(createSettingsStore(store.db).read()).toEqual({ notifications: true, appearance: 'system' });
  });
});
