// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { fakeMailClient } from '../mail/mail.test-support';
import { useTestRoot } from '../test-root.test-support';
import { buttonNamed, click, control, draftOf, keyDown, typeInto } from './compose.test-support';
import { Composer } from './composer';

// The contract takes at most 500 addresses in each of To, Cc and Bcc; the composer says so itself
// instead of letting the save fail with the contract's "expected array to have <=500 items".

const view = useTestRoot();

const addresses = (count: number, from = 0) =>
  Array.from({ length: count }, (_, index) => `person${from + index}@example.test`).join(', ');

async function openComposer() {
  const fake = fakeMailClient({ 'compose.save': ({ draftId }) => ({ draftId, savedAt: 2 }) });
  await act(async () =>
    view.root.render(
      <Composer
        client={fake.client}
        accounts={[]}
        draft={draftOf()}
        onClose={() => undefined}
        onSent={() => undefined}
      />,
    ),
  );
  const dialog = view.host.querySelector<HTMLElement>('[role="dialog"]')!;
  return { fake, dialog, to: control<HTMLInputElement>(dialog, 'To') };
}

const chips = (dialog: HTMLElement) => dialog.querySelectorAll('[aria-label="To recipients"] li').length;

describe('the recipient limit', () => {
  it('refuses a 501st recipient with a message, keeps what was typed, and never saves more than 500', async () => {
    const { fake, dialog, to } = await openComposer();
    await typeInto(to, addresses(500));
    await keyDown(to, 'Enter');
    expect(chips(dialog)).toBe(500);

    await typeInto(to, 'one-more@example.test');
    await keyDown(to, 'Enter');
    expect(chips(dialog)).toBe(500);
    expect(to.value).toBe('one-more@example.test');
    expect(to.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(to.getAttribute('aria-describedby')!)?.textContent).toBe(
      'To takes at most 500 recipients; these would make 501. Send to fewer people at once, or to a mailing list.',
    );

    await click(buttonNamed(dialog, 'Close'));
    const saved = fake.callsOf('compose.save');
    expect(saved.length).toBeGreaterThan(0);
    expect(saved.every((input) => input.to.length <= 500)).toBe(true);
  });

  it('refuses a pasted list of 2,000 as a whole', async () => {
    const { dialog, to } = await openComposer();
    await typeInto(to, addresses(2000));
    await keyDown(to, 'Enter');
    expect(chips(dialog)).toBe(0);
    expect(document.getElementById(to.getAttribute('aria-describedby')!)?.textContent).toMatch(
      /^To takes at most 500 recipients; these would make 2,000\./,
    );
  });
});
