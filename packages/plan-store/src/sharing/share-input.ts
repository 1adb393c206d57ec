import { z } from 'zod';
import { schemas } from '../validation';
import { SHARE_ROLES, type ShareRole } from './share';

const unknownKey = {
  error: (issue: { code?: string }) =>
    issue.code === 'unrecognized_keys' ? 'is not a known field' : 'must be an object',
};

/** A share role. */
export const roleSchema = z.enum(SHARE_ROLES as [ShareRole, ...ShareRole[]], {
  error: `must be one of ${SHARE_ROLES.join(', ')}`,
});

/** Input of `shares.share`. */
export const shareInputSchema = z.strictObject(
  {
    planId: schemas.planId,
    userWallet: schemas.wallet,
    granteeWallet: schemas.wallet,
    role: roleSchema,
  },
  unknownKey,
);

/** Input of `shares.unshare`. */
export const unshareInputSchema = z.strictObject(
  { planId: schemas.planId, userWallet: schemas.wallet, granteeWallet: schemas.wallet },
  unknownKey,
);

/** The acting wallet of an owner-only read: required. */
export const actingWalletSchema = z.strictObject({ userWallet: schemas.wallet }, unknownKey);

/** Paging options of the sharing and event listings. */
export const pageSchema = z.strictObject(
  {
    limit: schemas.limit.optional(),
    cursor: z.string({ error: 'must be a string' }).optional(),
  },
  unknownKey,
);

/** Paging options with the acting wallet (optional: a trusted caller acts for no wallet). */
export const actingPageSchema = pageSchema.extend({ userWallet: schemas.wallet.optional() });
