import tls from 'node:tls';
import * as undici from 'undici';
import type { CustomFetchOptions } from 'openid-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTrustedFetch } from './trusted-fetch';

// Count the Agents built and see which one each request is sent through; nothing goes on the network.
vi.mock('undici', async (importOriginal) => {
  const actual = await importOriginal<typeof undici>();
  return {
    ...actual,
    Agent: vi.fn(function (options: undici.Agent.Options) {
      return new actual.Agent(options);
    }),
    fetch: vi.fn(async () => new Response(null, { status: 204 })),
  };
});

const get: CustomFetchOptions = { method: 'GET', headers: {}, body: undefined, redirect: 'manual' };

const dispatcherOf = (call: number): unknown =>
  (vi.mocked(undici.fetch).mock.calls[call]?.[1] as { dispatcher?: unknown } | undefined)?.dispatcher;

afterEach(() => vi.clearAllMocks());

describe('createTrustedFetch', () => {
  it('reuses one Agent for calls with the same trust, and builds another for a different trust', async () => {
    const caA = '-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n';
    const caB = '-----BEGIN CERTIFICATE-----\nB\n-----END CERTIFICATE-----\n';

    await createTrustedFetch({ extraCa: [caA] })('https://login.example/a', get);
    await createTrustedFetch({ extraCa: [caA] })('https://login.example/b', get);
    expect(undici.Agent).toHaveBeenCalledTimes(1);
    expect(dispatcherOf(0)).toBe(vi.mocked(undici.Agent).mock.results[0]?.value);
    expect(dispatcherOf(1)).toBe(dispatcherOf(0));
    expect(vi.mocked(undici.Agent).mock.calls[0]?.[0]).toMatchObject({
      connect: { rejectUnauthorized: true, minVersion: 'TLSv1.2', ca: [...tls.rootCertificates, caA] },
    });

    await createTrustedFetch({ extraCa: [caB] })('https://login.example/c', get);
    expect(undici.Agent).toHaveBeenCalledTimes(2);
    expect(dispatcherOf(2)).not.toBe(dispatcherOf(0));
    await createTrustedFetch({ extraCa: [caA] })('https://login.example/d', get);
    expect(undici.Agent).toHaveBeenCalledTimes(2);
    expect(dispatcherOf(3)).toBe(dispatcherOf(0));
  });

  it('leaves Node’s default CAs in place when there are no extra ones', async () => {
    await createTrustedFetch({ extraCa: [] })('https://login.example/', get);
    await createTrustedFetch({ extraCa: [] })('https://login.example/', get);
    expect(undici.Agent).toHaveBeenCalledTimes(1);
    expect(vi.mocked(undici.Agent).mock.calls[0]?.[0]?.connect).not.toHaveProperty('ca');
    expect(dispatcherOf(1)).toBe(dispatcherOf(0));
  });
});
