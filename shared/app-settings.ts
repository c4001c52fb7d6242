import { z } from 'zod';

// The person's preferences, kept in the store and read through `settings.get`. A new preference
// joins by adding a field here with its default; nothing else has to change.

export const appearances = ['system', 'light', 'dark'] as const;
export type Appearance = (typeof appearances)[number];

export const appSettings = z.object({
  notifications: z.boolean(),
  /** 'system' follows the operating system's light or dark choice. */
  appearance: z.enum(appearances),
  /** The message list shows one row per conversation; false: one row per message. */
  conversationView: z.boolean(),
});
export type AppSettings = z.infer<typeof appSettings>;

export const defaultAppSettings: AppSettings = {
  notifications: true,
  appearance: 'system',
  conversationView: true,
};
