import { expect, type Locator } from '@playwright/test';

/** Discards the draft open in `composer` ("Discard draft", then yes to "Discard this draft?"). */
export async function discardDraft(composer: Locator): Promise<void> {
  await composer.getByRole('button', { name: 'Discard draft' }).click();
  await composer
    .page()
    .getByRole('alertdialog', { name: 'Discard this draft?' })
    .getByRole('button', { name: 'Discard', exact: true })
    .click();
  await expect(composer).toBeHidden();
}

/** The From the composer shows, as its option reads ("Name <address>"). */
export function selectedFrom(composer: Locator): Promise<string | undefined> {
  return composer.getByLabel('From').evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.text);
}
