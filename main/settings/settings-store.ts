import { appSettings, defaultAppSettings, type AppSettings } from '../../shared/app-settings';
import { writeTransaction, type Db } from '../store/database';

export interface SettingsStore {
  read(): AppSettings;
  /** Writes the given preferences together and returns all of them as stored. */
  update(changes: Partial<AppSettings>): AppSettings;
}

type Key = keyof AppSettings;
const keys = Object.keys(appSettings.shape) as Key[];

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The preferences in the `settings` table, one row per preference holding its JSON value. A value
 * that does not fit its schema (written by another version, or damaged) reads as the default.
 * `defaults` overrides the built-in defaults (the config file's undo delay, for instance) until
 * the person chooses otherwise.
 */
export function createSettingsStore(db: Db, defaults: Partial<AppSettings> = {}): SettingsStore {
  const fallback: AppSettings = { ...defaultAppSettings, ...defaults };
  const select = db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck();
  const upsert = db.prepare<[string, string]>('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)');

  const readOne = <K extends Key>(key: K): AppSettings[K] => {
    const stored = select.get(key);
    if (stored === undefined) return fallback[key];
    const parsed = appSettings.shape[key].safeParse(parseJson(stored));
    return parsed.success ? (parsed.data as AppSettings[K]) : fallback[key];
  };
  const read = (): AppSettings => Object.fromEntries(keys.map((key) => [key, readOne(key)])) as AppSettings;
  const writeAll = writeTransaction(db, (changes: Partial<AppSettings>) => {
    for (const key of keys) {
      const value = changes[key];
      if (value !== undefined) upsert.run(key, JSON.stringify(value));
    }
  });

  return {
    read,
    update(changes) {
      writeAll(changes);
      return read();
    },
  };
}
