import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';

// What the design specs measure: axe's serious and critical findings, sideways scrolling, and
// element boxes against the window.

export const themes = ['light', 'dark'] as const;

/** axe's serious and critical violations on the page as it is, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(' | ')}`);
}

/** Runs axe with the system in light, then in dark (the app follows the system). */
export async function expectAccessibleInBothThemes(page: Page, screen: string): Promise<void> {
  for (const theme of themes) {
    await page.emulateMedia({ colorScheme: theme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    expect(await seriousViolations(page), `${screen}, ${theme}`).toEqual([]);
  }
}

export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return { scroll: root.scrollWidth, client: root.clientWidth, body: document.body.scrollWidth };
  });
  expect(widths.scroll, 'the page scrolls sideways').toBeLessThanOrEqual(widths.client);
  expect(widths.body, 'the body is wider than the window').toBeLessThanOrEqual(widths.client);
}

/** Every element `locator` finds is visible and lies wholly inside the window. */
export async function expectWhollyInWindow(page: Page, locator: Locator, what: string): Promise<void> {
  const viewport = page.viewportSize()!;
  const elements = await locator.all();
  expect(elements.length, `no ${what} found`).toBeGreaterThan(0);
  for (const element of elements) {
    await expect(element).toBeVisible();
    const box = (await element.boundingBox())!;
    const name = `${what} "${(await element.getAttribute('aria-label')) ?? (await element.innerText()).slice(0, 40)}"`;
    expect(box.x, `${name} starts left of the window`).toBeGreaterThanOrEqual(0);
    expect(box.y, `${name} starts above the window`).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `${name} runs past the right edge`).toBeLessThanOrEqual(viewport.width + 0.5);
    expect(box.y + box.height, `${name} runs past the bottom edge`).toBeLessThanOrEqual(viewport.height + 0.5);
  }
}

/** The element's text is shown whole: not cut short with an ellipsis, nor clipped by its box. */
export async function expectWhole(locator: Locator, what: string): Promise<void> {
  await expect(locator).toBeVisible();
  const { scroll, client, text } = await locator.evaluate((element) => ({
    scroll: element.scrollWidth,
    client: element.clientWidth,
    text: element.textContent,
  }));
  expect(scroll, `the ${what} "${text}" is cut short`).toBeLessThanOrEqual(client);
}
