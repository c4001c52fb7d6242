import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { createLoginBudget, defaultLoginPolicy, tooManyLogins, type LoginBudget } from './login-budget';

const minute = 60_000;
const jitters = { lowest: () => 0, highest: () => 0.999_999, middle: () => 0.5 };

/**
 * `sessions` sessions of one account on a fake clock, each logging in as soon as the budget lets it
 * and losing its session `lifeMs` after the login (a server that drops every session at its first
 * SELECT): the times of the logins before `forMs`.
 */
async function storm(options: {
  sessions: number;
  lifeMs: number;
  forMs: number;
  random: () => number;
  login?: () => Promise<object>;
}): Promise<number[]> {
  let clock = 0;
  const budget = createLoginBudget({ now: () => clock, random: options.random });
  const logins: number[] = [];
  const sessions = Array.from({ length: options.sessions }, () => ({ at: 0, open: null as object | null }));
  for (;;) {
    const session = sessions.reduce((a, b) => (b.at < a.at ? b : a));
    if (session.at >= options.forMs) return logins;
    clock = session.at;
    if (session.open) {
      budget.lost(session.open);
      session.open = null;
      continue;
    }
    const { at } = budget.next();
    if (at > clock) {
      session.at = at;
      continue;
    }
    logins.push(clock);
    try {
      session.open = await budget.connect(options.login ?? (async () => ({})));
      session.at = clock + options.lifeMs;
    } catch {
      session.at = clock;
    }
  }
}

describe('the login budget of an account', () => {
  it('lets a server that drops every session after SELECT see at most 10 logins in the first 5 minutes', async () => {
    for (const sessions of [1, 2, 3])
      for (const random of Object.values(jitters)) {
        const logins = await storm({ sessions, lifeMs: 50, forMs: 5 * minute, random });
        expect(logins.length).toBeLessThanOrEqual(10);
      }
    // The sync's session alone, with the shortest waits the jitter allows: each wait doubles.
    expect(await storm({ sessions: 1, lifeMs: 50, forMs: 5 * minute, random: jitters.lowest })).toEqual([
      0, 1_050, 3_100, 7_150, 15_200, 31_250, 63_300, 127_350, 255_400,
    ]);
  });

  it('counts a login the server fails the same as a session lost after it', async () => {
    const timedOut = () => Promise.reject(new AppError('TIMEOUT', 'The server stopped answering.'));
    for (const random of Object.values(jitters)) {
      const logins = await storm({ sessions: 3, lifeMs: 50, forMs: 5 * minute, random, login: timedOut });
      expect(logins.length).toBeLessThanOrEqual(10);
    }
  });

  it('waits at most the ceiling, and lets at most 60 logins a hour through', async () => {
    const budget = createLoginBudget({ now: () => 0, random: jitters.highest });
    for (let failure = 0; failure < 20; failure++) budget.lost(await budget.connect(async () => ({})));
    expect(budget.next().at).toBeLessThanOrEqual(defaultLoginPolicy.failure.maxMs);

    // Sessions that live past 30 s end the streak each time; only the cap holds them then.
    const logins = await storm({ sessions: 3, lifeMs: 31_000, forMs: 2 * 60 * minute, random: jitters.lowest });
    const firstHour = logins.filter((at) => at < 60 * minute).length;
    expect(firstHour).toBe(60);
    expect(logins.length).toBe(120);
  });

  it('says when the hourly cap is what waits', async () => {
    let clock = 0;
    const budget = createLoginBudget({ now: () => clock, random: jitters.lowest });
    for (let login = 0; login < 60; login++) {
      clock = login * 1_000;
      await budget.connect(async () => ({}));
    }
    expect(budget.next(true)).toEqual({ at: 60 * minute, capped: true });
    clock = 60 * minute;
    expect(budget.next()).toEqual({ at: 60 * minute, capped: false });
  });

  it('starts over after a session that lived 30 s, and keeps growing after one that did not', async () => {
    let clock = 0;
    const budget = createLoginBudget({ now: () => clock, random: jitters.lowest });
    const lostAfter = async (ms: number) => {
      clock = Math.max(clock, budget.next().at);
      const session = await budget.connect(async () => ({}));
      clock += ms;
      budget.lost(session);
      return budget.next().at - clock;
    };
    expect(await lostAfter(5 * minute)).toBe(1_000);
    expect(await lostAfter(29_000)).toBe(2_000);
    expect(await lostAfter(29_000)).toBe(4_000);
    expect(await lostAfter(30_000)).toBe(1_000);
  });

  it('spends no login on a refused connection, and tries again within 3 s', async () => {
    let clock = 0;
    const budget = createLoginBudget({ now: () => clock, random: jitters.highest });
    const refused = () => Promise.reject(new AppError('CONNECTION_FAILED', 'Nothing answers at 127.0.0.1:993.'));
    for (let attempt = 0; attempt < 500; attempt++) {
      clock = budget.next().at;
      await expect(budget.connect(refused)).rejects.toThrow('Nothing answers');
      expect(budget.next().at - clock).toBeLessThanOrEqual(3_000);
    }
    clock = budget.next().at;
    for (let login = 0; login < 60; login++) await budget.connect(async () => ({}));
    expect(budget.next().capped).toBe(true);
  });

  it('skips the backoff when someone asks to retry now (the cap stays, see above)', async () => {
    const budget = createLoginBudget({ now: () => 0, random: jitters.lowest });
    budget.lost(await budget.connect(async () => ({})));
    expect(budget.next().at).toBe(1_000);
    expect(budget.next(true).at).toBe(0);
  });

  it('refuses a short session at once while the account waits, as offline', async () => {
    let clock = 0;
    const budget: LoginBudget = createLoginBudget({ now: () => clock, random: jitters.lowest });
    budget.lost(await budget.connect(async () => ({})));
    let opened = 0;
    const open = async () => ({ opened: ++opened });
    await expect(budget.connectIfAllowed(open)).rejects.toMatchObject({ code: 'CONNECTION_FAILED' });
    expect(opened).toBe(0);
    clock = 1_000;
    await expect(budget.connectIfAllowed(open)).resolves.toEqual({ opened: 1 });
    for (let login = 1; login < 60; login++) await budget.connect(open);
    await expect(budget.connectIfAllowed(open)).rejects.toThrow(tooManyLogins);
  });

  it("spaces the sessions' logins after failures in a row, never a short session, until a login has lasted", async () => {
    let clock = 0;
    const budget = createLoginBudget({ now: () => clock, random: jitters.middle });
    const open = async () => ({});
    // Two sessions lost soon after their logins: the sessions' logins go one after another.
    const first = await budget.connect(open);
    const second = await budget.connect(open);
    clock = 1_000;
    budget.lost(first);
    budget.lost(second);
    const back = budget.next().at;
    clock = back;
    await budget.connect(open);
    expect(budget.next().at).toBeGreaterThan(back);
    // An action or a send right after the reconnect is not held behind the sync's sessions.
    await expect(budget.connectIfAllowed(open)).resolves.toEqual({});

    // The login after the failures has lasted as long as a stable session must: no spacing any more.
    clock = back + defaultLoginPolicy.stableMs;
    await budget.connect(open);
    expect(budget.next().at).toBe(clock);
  });
});
