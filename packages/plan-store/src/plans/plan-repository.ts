import { PlanNotFoundError, PlanTransitionError, PlanVersionConflictError } from '../errors';
import { DEFAULT_PAGE_SIZE } from '../limits';
import { primaryOnly, type Read, type ReadRouting } from '../routing/read-routing';
import { authorizedPlan, findAuthorized } from '../sharing/plan-access';
import { withStoreErrors } from '../store-errors';
import { createPlanSchema, listOptionsSchema, parseInput, schemas } from '../validation';
import { type CursorPosition, decodeCursor, encodeCursor } from './cursor';
import { type Plan, type PlanData, type PlanRow, type PlanStatus, toPlan } from './plan';
import { planEditSchema } from './plan-edit';
import {
  CHANGE_STATUS,
  DELETE_PLAN,
  EDIT_PLAN,
  FIND_BY_IDEMPOTENCY_KEY,
  INSERT_PLAN,
  INSERT_PLAN_ONCE,
  pageQuery,
  RECENT,
  UPDATE_PLAN_DATA,
} from './plan-sql';
import type { RunAtomically, RunSql } from './sql-executor';

/** Input of {@link PlanRepository.create}. */
export interface CreatePlanInput {
  /** Owner's wallet: `0x` + 40 hex digits; mixed case must be a valid EIP-55 checksum. Stored lowercase. */
  userWallet: string;
  /** 1 to 255 characters; surrounding whitespace is trimmed. */
  destination: string;
  /** Whole US dollars, 1 to 2147483647. */
  budget: number;
  /** Any JSON object up to 256 KiB. */
  planData: PlanData;
  /** Defaults to `generated`. */
  status?: PlanStatus;
  /** The same key from the same wallet returns the plan first created with it instead of a new one. */
  idempotencyKey?: string;
}

/** Options of the listing methods. */
export interface ListOptions {
  /** 1 to 100; default 20. */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/** Options of {@link PlanRepository.listByWallet}. */
export interface ListByWalletOptions extends ListOptions {
  /** Only plans in this status. */
  status?: PlanStatus;
}

/** A page of plans, newest first; `nextCursor` is present when more plans follow. */
export interface PlanPage {
  plans: Plan[];
  nextCursor?: string;
}

/** Options of the status transitions and of `get`. */
export interface TransitionOptions {
  /**
   * The acting wallet. When given it must be allowed the action (the owner; for `get` also an
   * active grantee), or `PlanOwnershipError` is thrown and nothing changes. Omitted: a trusted
   * caller acting for no wallet.
   */
  userWallet?: string;
}

/** Input of {@link PlanRepository.update}: an edit against the version the editor read. */
export interface PlanEdit {
  /** The acting wallet: the owner or an editor. */
  userWallet: string;
  /** The plan's `version` when the editor read it; a plan changed since is `PlanVersionConflictError`. */
  expectedVersion: number;
  /** The new itinerary; omitted: unchanged. */
  planData?: PlanData;
  /** The new destination; omitted: unchanged. At least one of the two is required. */
  destination?: string;
}

/** The plan operations of a store, bound to its pool or to one transaction. */
export interface PlanRepository {
  /** Stores a new plan. Throws `PlanValidationError` naming the field; nothing is written then. */
  create(input: CreatePlanInput): Promise<Plan>;
  /** The plan with this id, or `undefined`. With `userWallet`, that wallet must own it or hold an active grant. */
  get(id: string, options?: TransitionOptions): Promise<Plan | undefined>;
  /** A wallet's plans, newest first, one keyset page at a time. */
  listByWallet(wallet: string, options?: ListByWalletOptions): Promise<PlanPage>;
  /** Plans in one status, newest first, one keyset page at a time. */
  listByStatus(status: PlanStatus, options?: ListOptions): Promise<PlanPage>;
  /** The newest plans (default 20, at most 100). */
  recent(limit?: number): Promise<Plan[]>;
  /** `generated → confirmed`; confirming a confirmed plan returns it unchanged. */
  confirm(id: string, options?: TransitionOptions): Promise<Plan>;
  /** `generated | confirmed → cancelled`; cancelling a cancelled plan returns it unchanged. */
  cancel(id: string, options?: TransitionOptions): Promise<Plan>;
  /**
   * Changes a plan's itinerary and/or destination as its owner or an editor, if it is still at the
   * version the editor read; bumps the version and appends an `updated` event. Otherwise throws
   * `PlanVersionConflictError` and writes nothing.
   */
  update(id: string, edit: PlanEdit): Promise<Plan>;
  /** Replaces a plan's itinerary as a trusted caller (no wallet, no version check). */
  updatePlanData(id: string, planData: PlanData): Promise<Plan>;
  /** Deletes a plan; `false` when there was none. */
  delete(id: string): Promise<boolean>;
}

type Transition = { action: 'confirm' | 'cancel'; to: PlanStatus; from: readonly PlanStatus[] };
// The lifecycle: each target status and the states it may be reached from.
const CONFIRM: Transition = { action: 'confirm', to: 'confirmed', from: ['generated'] };
const CANCEL: Transition = { action: 'cancel', to: 'cancelled', from: ['generated', 'confirmed'] };

type PageRow = PlanRow & { cursor_created_at: string };

/**
 * Creates the repository over a way to run SQL (the pool, or one transaction's connection) and a
 * way to run several statements atomically. Writes run on `sql`; reads go where `routing` sends
 * them (replicas, when there are any), and every acknowledged write is reported to it.
 * @internal
 */
export function createPlanRepository(
  sql: RunSql,
  atomically: RunAtomically,
  routing: ReadRouting = primaryOnly(sql),
): PlanRepository {
  async function page(
    filters: Array<['user_wallet' | 'status', string]>,
    options: ListOptions | undefined,
    field: string,
    route: (read: Read<PageRow[]>) => Promise<PageRow[]>,
  ): Promise<PlanPage> {
    const { limit = DEFAULT_PAGE_SIZE, cursor } = parseInput(listOptionsSchema, options ?? {}, field);
    const after: CursorPosition | undefined = cursor === undefined ? undefined : decodeCursor(cursor);
    const params: unknown[] = filters.map(([, value]) => value);
    if (after) params.push(after.createdAt, after.id);
    params.push(limit + 1); // one extra row tells whether another page follows
    const query = pageQuery(
      filters.map(([column]) => column),
      after !== undefined,
    );
    const rows = await route((run) => run<PageRow>(query, params));
    const more = rows.length > limit;
    const shown = more ? rows.slice(0, limit) : rows;
    const last = shown.at(-1);
    return {
      plans: shown.map(toPlan),
      ...(more && last
        ? { nextCursor: encodeCursor({ createdAt: last.cursor_created_at, id: last.id }) }
        : {}),
    };
  }

  async function transition(
    id: string,
    transition: Transition,
    options: TransitionOptions = {},
  ): Promise<Plan> {
    const planId = parseInput(schemas.planId, id, 'id');
    const wallet =
      options.userWallet === undefined
        ? undefined
        : parseInput(schemas.wallet, options.userWallet, 'userWallet');
    const { row, changed } = await atomically(async (run) => {
      // The row stays locked until commit, so of two racing callers the second sees the first's result.
      const current = await authorizedPlan(run, planId, wallet, transition.action);
      // Reaching the target already is the idempotent no-op: no new version, no event.
      if (current.status === transition.to) return { row: current, changed: false };
      const [updated] = await run<PlanRow>(CHANGE_STATUS, [
        planId,
        transition.to,
        transition.to, // the event's action is named after the status reached
        wallet ?? null,
        current.status,
        transition.from,
      ]);
      if (!updated) throw PlanTransitionError.illegal(planId, current.status, transition.to);
      return { row: updated, changed: true };
    });
    if (changed) await routing.wrote([row.user_wallet]);
    return toPlan(row);
  }

  const repository: PlanRepository = {
    async create(input) {
      const valid = parseInput(createPlanSchema, input);
      const params = [
        valid.userWallet,
        valid.destination,
        valid.budget,
        valid.planData, // JSON text, from the schema
        valid.status ?? 'generated',
      ];
      if (valid.idempotencyKey === undefined) {
        const [created] = await sql<PlanRow>(INSERT_PLAN, params);
        await routing.wrote([valid.userWallet]);
        return toPlan(created!);
      }
      const [created] = await sql<PlanRow>(INSERT_PLAN_ONCE, [...params, valid.idempotencyKey]);
      if (created) {
        await routing.wrote([valid.userWallet]);
        return toPlan(created);
      }
      const [existing] = await sql<PlanRow>(FIND_BY_IDEMPOTENCY_KEY, [
        valid.userWallet,
        valid.idempotencyKey,
      ]);
      // Only possible if the first plan was deleted between the two statements.
      if (!existing) throw PlanNotFoundError.byId(`for idempotency key ${valid.idempotencyKey}`);
      return toPlan(existing);
    },

    async get(id, options = {}) {
      const planId = parseInput(schemas.planId, id, 'id');
      const wallet =
        options.userWallet === undefined
          ? undefined
          : parseInput(schemas.wallet, options.userWallet, 'userWallet');
      // A grant or revocation is recorded as a write of the owner too, so a replica that has not
      // replayed it never answers for this plan.
      const row = await routing.byOwner(
        (run) => findAuthorized(run, planId, wallet, 'read'),
        (found) => found?.user_wallet,
      );
      return row ? toPlan(row) : undefined;
    },

    async listByWallet(wallet, options) {
      const owner = parseInput(schemas.wallet, wallet, 'wallet');
      const { status, ...rest } = options ?? {};
      const filters: Array<['user_wallet' | 'status', string]> = [['user_wallet', owner]];
      if (status !== undefined) filters.push(['status', parseInput(schemas.status, status, 'status')]);
      return page(filters, rest, 'options', (read) => routing.forWallet(owner, read));
    },

    async listByStatus(status, options) {
      const wanted = parseInput(schemas.status, status, 'status');
      return page([['status', wanted]], options, 'options', (read) => routing.latest(read));
    },

    async recent(limit = DEFAULT_PAGE_SIZE) {
      const n = parseInput(schemas.limit, limit, 'limit');
      return (await routing.latest((run) => run<PlanRow>(RECENT, [n]))).map(toPlan);
    },

    confirm: (id, options) => transition(id, CONFIRM, options),
    cancel: (id, options) => transition(id, CANCEL, options),

    async update(id, edit) {
      const planId = parseInput(schemas.planId, id, 'id');
      const valid = parseInput(planEditSchema, edit);
      const edited = await atomically(async (run) => {
        const current = await authorizedPlan(run, planId, valid.userWallet, 'edit');
        if (current.version !== valid.expectedVersion) {
          throw PlanVersionConflictError.stale(planId, valid.expectedVersion, current.version);
        }
        const [changed] = await run<PlanRow>(EDIT_PLAN, [
          planId,
          valid.planData ?? null, // JSON text, from the schema
          valid.destination ?? null,
          valid.userWallet,
          valid.expectedVersion,
        ]);
        // The row is locked and at the expected version, so the UPDATE matched.
        return changed!;
      });
      await routing.wrote([edited.user_wallet]);
      return toPlan(edited);
    },

    async updatePlanData(id, planData) {
      const planId = parseInput(schemas.planId, id, 'id');
      const json = parseInput(schemas.planData, planData, 'planData');
      const [row] = await sql<PlanRow>(UPDATE_PLAN_DATA, [planId, json]);
      if (!row) throw PlanNotFoundError.byId(planId);
      await routing.wrote([row.user_wallet]);
      return toPlan(row);
    },

    async delete(id) {
      const planId = parseInput(schemas.planId, id, 'id');
      const deleted = await sql<{ user_wallet: string }>(DELETE_PLAN, [planId]);
      await routing.wrote(deleted.map((row) => row.user_wallet));
      return deleted.length > 0;
    },
  };

  return withStoreErrors(repository);
}
