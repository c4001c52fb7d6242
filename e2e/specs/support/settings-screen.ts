import { expect, type Locator, type Page } from '@playwright/test';

// The settings screen as a person reaches it: the gear in the toolbar, then a section.

export async function openSettings(page: Page, section?: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await expect(settings).toBeVisible();
  if (section) await settings.getByRole('tab', { name: section }).click();
  return settings;
}

/** The card of one address the person sends as, in Settings → Accounts. */
export function identityCard(settings: Locator, address: string): Locator {
  return settings.getByRole('region', { name: address, exact: true });
}

/** Sets the name and plain-text signature of one identity and saves them. */
export async function saveIdentity(settings: Locator, address: string, name: string, signature: string): Promise<void> {
  const card = identityCard(settings, address);
  await card.getByRole('textbox', { name: 'Name' }).fill(name);
  await card.getByRole('radio', { name: 'Plain text' }).click();
  await card.getByRole('textbox', { name: 'Signature' }).fill(signature);
  await card.getByRole('button', { name: 'Save' }).click();
  await expect(card.getByRole('status')).toHaveText('Saved');
}

/** Adds an address the account sends as, in Settings → Accounts, and waits for its card. */
export async function addAlias(settings: Locator, address: string, name: string): Promise<void> {
  const add = settings.getByRole('form', { name: 'Add an alias' });
  await add.getByRole('textbox', { name: 'Alias address' }).fill(address);
  await add.getByRole('textbox', { name: 'Alias name' }).fill(name);
  await add.getByRole('button', { name: 'Add alias' }).click();
  await expect(identityCard(settings, address)).toBeVisible();
}
