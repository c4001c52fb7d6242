import { expect, type Page } from '@playwright/test';

// Checks that hostile content changed nothing: no script ran anywhere, the page and the message
// frame stayed where they were, and the page asked nothing of any origin but the app's.

export interface PageBaseline {
  url: string;
  title: string;
}

export async function baselineOf(page: Page): Promise<PageBaseline> {
  return { url: page.url(), title: await page.title() };
}

/** data:, about: and blob: never leave the machine; everything else must be the app's own origin. */
export function foreignRequests(requests: readonly string[], appUrl: string): string[] {
  const app = new URL(appUrl);
  return requests.filter((raw) => {
    const url = new URL(raw);
    if (['data:', 'about:', 'blob:'].includes(url.protocol)) return false;
    return !(url.host === app.host && ['http:', 'ws:'].includes(url.protocol));
  });
}

interface FrameReport {
  url: string;
  pwned: unknown;
}

/** Reads each frame's canary from its own window and, for the message frame, through the parent too. */
async function frameReports(page: Page): Promise<FrameReport[]> {
  return Promise.all(
    page.frames().map(async (frame) => ({
      url: frame.url(),
      pwned: await frame.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null),
    })),
  );
}

export async function expectUntouched(page: Page, baseline: PageBaseline): Promise<void> {
  expect(page.url()).toBe(baseline.url);
  expect(await page.title()).toBe(baseline.title);
  const reports = await frameReports(page);
  expect(reports.map((report) => report.pwned)).toEqual(reports.map(() => null));
  // The app's page and at most the one message frame, which never navigated away from its srcdoc.
  expect(reports[0]?.url).toBe(baseline.url);
  expect(reports.slice(1).map((report) => report.url)).toEqual(reports.slice(1).map(() => 'about:srcdoc'));
  expect(reports.length).toBeLessThanOrEqual(2);
  const throughParent = await page.evaluate(() =>
    Array.from(document.querySelectorAll('iframe')).map(
      (frame) => (frame.contentWindow as unknown as { __pwned?: unknown } | null)?.__pwned ?? null,
    ),
  );
  expect(throughParent.every((value) => value === null)).toBe(true);
}
