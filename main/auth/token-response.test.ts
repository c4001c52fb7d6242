import { describe, expect, it } from 'vitest';
import { identityFrom } from './token-response';

const withClaims = (claims: Record<string, unknown> | undefined) => ({
  claims: () => (claims === undefined ? undefined : { sub: 'subject', ...claims }) as never,
});

describe('the identity in an ID token', () => {
  it('takes the address from `email`, and the name', () => {
    expect(identityFrom(withClaims({ email: 'ann@example.org', name: 'Ann', preferred_username: 'x@y.z' }))).toEqual({
      sub: 'subject',
      email: 'ann@example.org',
      name: 'Ann',
    });
  });

  it('takes `preferred_username` when there is no `email` and it is an address (Microsoft work accounts)', () => {
    expect(identityFrom(withClaims({ preferred_username: 'ann@contoso.example' }))).toEqual({
      sub: 'subject',
      email: 'ann@contoso.example',
    });
  });

  it('leaves the address out when neither claim holds one', () => {
    expect(identityFrom(withClaims({ preferred_username: 'ann' }))).toEqual({ sub: 'subject' });
    expect(identityFrom(withClaims(undefined))).toEqual({ sub: '' });
  });
});
