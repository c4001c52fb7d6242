import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { failureKind, traced } from './trace';

describe('failureKind', () => {
  it("names an error by its name and code, anything else by its type, never by a message's text", () => {
    expect(failureKind(new TypeError('token abc'))).toBe('TypeError');
    expect(failureKind(Object.assign(new Error('token abc'), { code: 'ECONNRESET' }))).toBe('Error ECONNRESET');
    expect(failureKind(new AppError('TIMEOUT', 'token abc'))).toBe('AppError TIMEOUT');
    expect(failureKind(Object.assign(new Error('x'), { name: 'token abc', code: 'token abc' }))).toBe('Error');
    expect(failureKind('token abc')).toBe('string');
    expect(failureKind(undefined)).toBe('undefined');
    expect(failureKind(null)).toBe('null');
  });
});

describe('traced', () => {
  it('passes a value through and logs nothing', async () => {
    const log: string[] = [];
    expect(await traced(Promise.resolve(42), 'answering', (line) => log.push(line))).toBe(42);
    expect(log).toEqual([]);
  });

  it('logs what failed and how, and resolves', async () => {
    const log: string[] = [];
    const failing = Promise.reject(Object.assign(new Error('token abc'), { code: 'EPIPE' }));
    expect(await traced(failing, 'closing the pool', (line) => log.push(line))).toBeUndefined();
    expect(log).toEqual(['closing the pool failed (Error EPIPE)']);
  });
});
