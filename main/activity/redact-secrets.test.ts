import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact-secrets';

const jwt =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSIsImV4cCI6MTcwMDAwMDAwMH0.c2lnbmF0dXJlLXZhbHVlLWhlcmU';
const opaque = 'Zk3vQ9xR2mT7wL1pN8cB4dF6hJ0kS5yU';

describe('redactSecrets', () => {
  it.each([
    ['a JWT', `id token ${jwt} seen`, 'id token [redacted] seen'],
    ['a bearer header', 'Authorization: Bearer ya29.a0AfH6SMBx', 'Authorization: Bearer [redacted]'],
    ['basic credentials', 'Authorization: basic YWxpY2U6c2VjcmV0', 'Authorization: basic [redacted]'],
    [
      'a form parameter',
      'grant_type=refresh_token&refresh_token=short1&x=1',
      'grant_type=refresh_token&refresh_token=[redacted]&x=1',
    ],
    [
      'a JSON member',
      '{"access_token":"at-1","token_type":"Bearer"}',
      '{"access_token":"[redacted]","token_type":"Bearer"}',
    ],
    ['a password', 'password: hunter2', 'password: [redacted]'],
    ['an opaque token', `got ${opaque}`, 'got [redacted]'],
    ['its base64 form', `got ${Buffer.from(opaque).toString('base64')}`, 'got [redacted]'],
    ['a hex key', `key ${'9f'.repeat(20)}`, 'key [redacted]'],
    ['a long run without digits', `x ${'abcdefghij'.repeat(4)}`, 'x [redacted]'],
  ])('redacts %s', (_name, input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it('leaves ordinary activity text alone', () => {
    const text =
      "Access renewed until 2025-01-31T12:00:00.000Z for sandbox:alice@harbor.test; remove Harbor Mail's access at https://account.live.com/consent/Manage (CONNECTION_FAILED). revocation-unsupported";
    expect(redactSecrets(text)).toBe(text);
  });
});
