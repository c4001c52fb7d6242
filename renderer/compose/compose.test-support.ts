import { act } from 'react';
import type { Draft, OutboxItem } from '../../shared/compose-models';

/** What the composer sends with a reply or forward: this runtime's locale and time zone. */
const { locale, timeZone } = new Intl.DateTimeFormat().resolvedOptions();
export const readerDates = { locale, timeZone };

/** An empty new draft of alice's; `overrides` decide the rest. */
export function draftOf(overrides: Partial<Draft> = {}): Draft {
  return {
    id: 41,
    accountId: 'acct:alice',
    mode: 'new',
    to: [],
    cc: [],
    bcc: [],
    subject: '',
    html: '<div><br></div>',
    text: '',
    inReplyTo: null,
    references: [],
    sourceMessageId: null,
    from: null,
    attachments: [],
    savedAt: 1,
    serverSavedAt: null,
    ...overrides,
  };
}

export function outboxItemOf(id: number, overrides: Partial<OutboxItem> = {}): OutboxItem {
  return {
    id,
    accountId: 'acct:alice',
    subject: `Outgoing ${id}`,
    to: [{ name: 'Bob', address: 'bob@example.test' }],
    state: 'queued',
    sendAt: 0,
    nextAttemptAt: null,
    attempts: 0,
    error: null,
    size: 1000,
    createdAt: 0,
    sentAt: null,
    ...overrides,
  };
}

/** The form control a visible <label> or an aria-label names. */
export function control<T extends HTMLElement>(root: ParentNode, name: string): T {
  for (const label of root.querySelectorAll('label')) {
    const own = [...label.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE).map((n) => n.textContent);
    if (label.textContent?.trim() === name || own.join('').trim() === name) {
      const target = label.htmlFor
        ? document.getElementById(label.htmlFor)
        : label.querySelector('input, select, textarea');
      if (target) return target as T;
    }
  }
  const labelled = root.querySelector(`[aria-label="${name}"]`);
  if (labelled) return labelled as T;
  throw new Error(`No control named ${name}`);
}

export function buttonNamed(root: ParentNode, name: string): HTMLButtonElement | undefined {
  return [...root.querySelectorAll<HTMLButtonElement>('button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent) === name,
  );
}

export async function typeInto(input: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  const prototype = input instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  await act(async () => {
    Object.getOwnPropertyDescriptor(prototype, 'value')!.set!.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export async function keyDown(target: Element, key: string): Promise<void> {
  await act(async () => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });
}

export async function click(target: HTMLElement | undefined): Promise<void> {
  if (!target) throw new Error('Nothing to click');
  await act(async () => target.click());
}
