import { PlanOwnershipError } from '../errors';
import type { ShareRole } from './share';

/** Everything a wallet may ask to do to a plan. */
export type PlanAction =
  | 'read'
  | 'edit'
  | 'confirm'
  | 'cancel'
  | 'share'
  | 'unshare'
  | 'listShares'
  | 'readEvents';

/** How a wallet stands to a plan. */
export type PlanRelation = 'owner' | ShareRole;

/** Who owns a plan and, when the acting wallet holds an active grant of it, that grant's role. */
export interface PlanAccess {
  planId: string;
  ownerWallet: string;
  /** The acting wallet's active grant, if it has one. */
  role?: ShareRole;
}

/**
 * The roles table: which relations may take each action. Only the owner shares, revokes,
 * confirms, cancels and reads the audit trail; an editor also edits; a viewer only reads.
 */
export const ALLOWED_RELATIONS: Readonly<Record<PlanAction, readonly PlanRelation[]>> = Object.freeze({
  read: ['owner', 'editor', 'viewer'],
  edit: ['owner', 'editor'],
  confirm: ['owner'],
  cancel: ['owner'],
  share: ['owner'],
  unshare: ['owner'],
  listShares: ['owner'],
  readEvents: ['owner'],
});

// How the refusal names the action and who could have taken it.
const ACTION_TEXT: Readonly<Record<PlanAction, string>> = Object.freeze({
  read: 'read',
  edit: 'edit',
  confirm: 'confirm',
  cancel: 'cancel',
  share: 'share',
  unshare: 'revoke shares of',
  listShares: 'list the shares of',
  readEvents: 'read the events of',
});

const RELATION_TEXT: Readonly<Record<PlanRelation, string>> = Object.freeze({
  owner: 'the owner',
  editor: 'an editor',
  viewer: 'a viewer',
});

/** The relation of `wallet` to the plan: owner, the role of its active grant, or none. */
export function relationOf(access: PlanAccess, wallet: string): PlanRelation | undefined {
  return wallet === access.ownerWallet ? 'owner' : access.role;
}

/** May `wallet` take `action` on the plan? */
export function mayAct(access: PlanAccess, wallet: string, action: PlanAction): boolean {
  const relation = relationOf(access, wallet);
  return relation !== undefined && ALLOWED_RELATIONS[action].includes(relation);
}

/**
 * The one authorization decision of the store: returns when `wallet` may take `action` on the
 * plan, else throws {@link PlanOwnershipError} (PERMISSION_DENIED): for a wallet with no relation
 * to the plan, that it is not theirs; for a grantee, who may take the action. `wallet` undefined
 * is a trusted caller that acts for no wallet (the store API's optional `userWallet`).
 */
export function authorize(access: PlanAccess, wallet: string | undefined, action: PlanAction): void {
  if (wallet === undefined || mayAct(access, wallet, action)) return;
  if (relationOf(access, wallet) === undefined) throw PlanOwnershipError.forPlan(access.planId);
  const allowed = ALLOWED_RELATIONS[action].map((relation) => RELATION_TEXT[relation]).join(' or ');
  throw PlanOwnershipError.notAllowed(access.planId, ACTION_TEXT[action], allowed);
}
