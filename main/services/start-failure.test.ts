import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/app-config';
import { damagedStore } from '../store/store-errors';
import { startFailureText } from './start-failure';

describe('the reason given when the app cannot start', () => {
  it('is the message of a failure written for people', () => {
    expect(startFailureText(damagedStore('/data/harbor.db'))).toBe(damagedStore('/data/harbor.db').message);
    expect(startFailureText(new ConfigError('/data/config.json is not valid JSON.'))).toBe(
      '/data/config.json is not valid JSON.',
    );
  });

  it('is only the kind of any other failure, whose message can carry anything', () => {
    const text = startFailureText(Object.assign(new Error('refresh_token=abc123'), { code: 'EBADF' }));
    expect(text).toBe('An unexpected error stopped it (Error EBADF).');
  });
});
