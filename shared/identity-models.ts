import { z } from 'zod';
import { accountId } from './models';

// Who the person sends as: per account, its own address (the primary identity) and the aliases
// they added, each with a display name and a signature.

export const identityId = z.number().int().positive();

export const signatureFormats = ['plain', 'rich'] as const;

/** Plain: `text` only. Rich: `html` (the composer's few elements) and its plain-text twin in `text`. */
export const signature = z
  .object({
    format: z.enum(signatureFormats),
    text: z.string().max(10_000),
    html: z.string().max(100_000),
  })
  .strict();
export type Signature = z.infer<typeof signature>;

export const noSignature: Signature = { format: 'plain', text: '', html: '' };

export const identity = z.object({
  id: identityId,
  accountId,
  address: z.string(),
  /** The name in From; empty sends the bare address. */
  name: z.string(),
  /** The account's own address (not removable); the others are aliases. */
  primary: z.boolean(),
  signature,
});
export type Identity = z.infer<typeof identity>;

export const identityName = z.string().trim().max(200);

export const identityUpdate = z
  .object({ id: identityId, name: identityName.optional(), signature: signature.optional() })
  .strict();

export const aliasInput = z
  .object({
    accountId,
    address: z.string().trim().toLowerCase().email('Not an email address.').max(320),
    name: identityName.default(''),
  })
  .strict();
