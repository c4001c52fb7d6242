import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './sender-check';

const top = { parent: null };
const child = { parent: { url: 'app://harbor/index.html' } };

describe('IPC sender check', () => {
  it('accepts the app top frame', () => {
    expect(isTrustedSender({ ...top, url: 'app://harbor/index.html' })).toBe(true);
  });

  it.each([
    ['an iframe of the app', { ...child, url: 'app://harbor/index.html' }],
    ['a foreign origin', { ...top, url: 'https://evil.example/' }],
    ['another custom host', { ...top, url: 'app://evil/index.html' }],
    ['a file URL', { ...top, url: 'file:///index.html' }],
    ['about:blank', { ...top, url: 'about:blank' }],
    ['a destroyed frame', null],
  ])('refuses %s', (_name, frame) => {
    expect(isTrustedSender(frame)).toBe(false);
  });
});
