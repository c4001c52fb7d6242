// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { useTestRoot } from '../test-root.test-support';
import { EngineStateBanner } from './engine-state-banner';
import { fakeMailClient } from './mail.test-support';

const view = useTestRoot();

const restartButton = () =>
  [...view.host.querySelectorAll('button')].find((button) => button.textContent === 'Restart mail engine') ?? null;

describe('the mail engine banner', () => {
  it('says the engine stopped and restarts it on request; goes once it runs again', async () => {
    const fake = fakeMailClient({ 'mail.restartEngine': () => ({}) });
    await act(async () => view.root.render(<EngineStateBanner client={fake.client} />));
    expect(view.host.textContent).toBe('');

    await act(async () => fake.emit('mail.engineState', { state: 'restarting' }));
    expect(view.host.textContent).toContain('starting it again');
    expect(restartButton()).toBeNull();

    await act(async () => fake.emit('mail.engineState', { state: 'stopped' }));
    expect(view.host.querySelector('[role="alert"]')?.textContent).toContain('Mail engine stopped');
    await act(async () => restartButton()!.click());
    expect(fake.callsOf('mail.restartEngine')).toEqual([{}]);

    await act(async () => fake.emit('mail.engineState', { state: 'running' }));
    expect(view.host.textContent).toBe('');
  });

  it('shows why a restart failed', async () => {
    const fake = fakeMailClient({});
    await act(async () => view.root.render(<EngineStateBanner client={fake.client} />));
    await act(async () => fake.emit('mail.engineState', { state: 'stopped' }));
    await act(async () => restartButton()!.click());
    expect(view.host.textContent).toContain('mail.restartEngine is not answered in this test.');
  });
});
