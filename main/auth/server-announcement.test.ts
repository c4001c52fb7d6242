import { describe, expect, it } from 'vitest';
import { issuerFromConfigurationUrl, scopesForServer } from './server-announcement';

describe('the issuer an announced openid-configuration URL names', () => {
  it('is what precedes /.well-known/openid-configuration, path included', () => {
    expect(issuerFromConfigurationUrl('https://auth.example.com/.well-known/openid-configuration')).toBe(
      'https://auth.example.com',
    );
    expect(issuerFromConfigurationUrl('https://127.0.0.1:8443/.well-known/openid-configuration')).toBe(
      'https://127.0.0.1:8443',
    );
    expect(issuerFromConfigurationUrl('https://example.com/tenant/a/.well-known/openid-configuration')).toBe(
      'https://example.com/tenant/a',
    );
  });

  it('is refused unless the URL is https', () => {
    expect(() => issuerFromConfigurationUrl('http://auth.example.com/.well-known/openid-configuration')).toThrow(
      /does not use HTTPS/,
    );
  });

  it.each([
    'not a url',
    'https://auth.example.com/',
    'https://auth.example.com/.well-known/oauth-authorization-server',
    'https://auth.example.com/.well-known/openid-configuration?tenant=x',
    'https://auth.example.com/.well-known/openid-configuration#x',
  ])('is refused for %s, which is not an OpenID configuration address', (url) => {
    expect(() => issuerFromConfigurationUrl(url)).toThrow(expect.objectContaining({ code: 'SIGN_IN_FAILED' }));
  });
});

describe('the scopes asked of a server with no preset', () => {
  const supported = ['openid', 'offline_access', 'email', 'profile', 'mail.imap', 'mail.smtp'];

  it('are the identity scopes plus the scope the challenge named', () => {
    expect(scopesForServer('mail', supported)).toEqual(['openid', 'email', 'offline_access', 'mail']);
  });

  it('without one, add every listed scope that OpenID Connect does not define', () => {
    expect(scopesForServer(undefined, supported)).toEqual([
      'openid',
      'email',
      'offline_access',
      'mail.imap',
      'mail.smtp',
    ]);
  });

  it('are the identity scopes alone when the server names nothing else', () => {
    expect(scopesForServer(undefined, undefined)).toEqual(['openid', 'email', 'offline_access']);
    expect(scopesForServer('', ['openid'])).toEqual(['openid', 'email', 'offline_access']);
  });

  it('list each scope once', () => {
    expect(scopesForServer('openid mail  mail', supported)).toEqual(['openid', 'email', 'offline_access', 'mail']);
  });
});
