import { z } from 'zod';
import { schemas } from '../validation';

/** Input of `plans.update`: the acting wallet, the version it read, and what to change. */
export const planEditSchema = z
  .strictObject(
    {
      userWallet: schemas.wallet,
      expectedVersion: z
        .number({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a number') })
        .int('must be a whole number')
        .positive('must be at least 1')
        .max(2_147_483_647, 'must be at most 2147483647'),
      planData: schemas.planData.optional(),
      destination: schemas.destination.optional(),
    },
    {
      error: (issue) => (issue.code === 'unrecognized_keys' ? 'is not a known field' : 'must be an object'),
    },
  )
  // An edit that changes nothing is a caller's mistake, not a new version.
  .refine((edit) => edit.planData !== undefined || edit.destination !== undefined, {
    message: 'is required when destination is not given (nothing to change)',
    path: ['planData'],
  });
