import { z } from 'zod';

// The person's preferences, kept in the store and read through `settings.get`. A new preference
// joins by adding a field here with its default; nothing else has to change.

export const appearances = ['system', 'light', 'dark'] as const;
export type Appearance = (typeof appearances)[number];

export const densities = ['comfortable', 'compact'] as const;
export type Density = (typeof densities)[number];

/** The choices the settings screen offers for "mark as read"; null never marks on opening. */
export const markReadDelays = [0, 2, 5, 10] as const;
/** The choices for the time a sent message waits in the outbox so it can be undone. */
export const undoSendDelays = [0, 5, 10, 20, 30] as const;

export const appSettings = z.object({
  notifications: z.boolean(),
  /** 'system' follows the operating system's light or dark choice. */
  appearance: z.enum(appearances),
  density: z.enum(densities),
  /** One list row per conversation (true) or per message. */
  conversationView: z.boolean(),
  /** Seconds a message stays open before it is marked read; 0 at once, null never. */
  markReadAfterSeconds: z.number().int().min(0).max(60).nullable(),
  /** 'ask' blocks remote images until the person loads them; 'load' loads them for every sender. */
  remoteContent: z.enum(['ask', 'load']),
  /** What a new message, reply or forward starts as. */
  composeFormat: z.enum(['rich', 'plain']),
  /** Seconds a sent message waits in the outbox so it can be undone. */
  undoSendSeconds: z.number().int().min(0).max(30),
  /** Where the reply goes: above the quoted original, or below it. */
  quotePosition: z.enum(['top', 'bottom']),
});
export type AppSettings = z.infer<typeof appSettings>;

export const defaultAppSettings: AppSettings = {
  notifications: true,
  appearance: 'system',
  density: 'comfortable',
  conversationView: true,
  markReadAfterSeconds: 0,
  remoteContent: 'ask',
  composeFormat: 'rich',
  undoSendSeconds: 5,
  quotePosition: 'top',
};
