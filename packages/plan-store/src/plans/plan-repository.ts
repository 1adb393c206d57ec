import { PlanNotFoundError, PlanOwnershipError, PlanTransitionError } from '../errors';
import { DEFAULT_PAGE_SIZE } from '../limits';
import { toStoreError } from '../to-store-error';
import { createPlanSchema, listOptionsSchema, parseInput, schemas } from '../validation';
import { type CursorPosition, decodeCursor, encodeCursor } from './cursor';
import { type Plan, type PlanData, type PlanRow, type PlanStatus, toPlan } from './plan';
import {
  DELETE_PLAN,
  FIND_BY_IDEMPOTENCY_KEY,
  GET_PLAN,
  INSERT_PLAN,
  INSERT_PLAN_ONCE,
  pageQuery,
  RECENT,
  TRANSITION,
  TRANSITION_OWNED,
  UPDATE_PLAN_DATA,
} from './plan-sql';
import type { RunSql } from './sql-executor';

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

/** Options of the operations on one plan that may be limited to its owner: `get` and the status transitions. */
export interface OwnerOptions {
  /** When given, the plan must belong to this wallet, or {@link PlanOwnershipError} is thrown and nothing changes. */
  userWallet?: string;
}

/** Options of the status transitions. */
export type TransitionOptions = OwnerOptions;

/** The plan operations of a store, bound to its pool or to one transaction. */
export interface PlanRepository {
  /** Stores a new plan. Throws `PlanValidationError` naming the field; nothing is written then. */
  create(input: CreatePlanInput): Promise<Plan>;
  /** The plan with this id, or `undefined`; with `userWallet`, {@link PlanOwnershipError} when another wallet owns it. */
  get(id: string, options?: OwnerOptions): Promise<Plan | undefined>;
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
  /** Replaces a plan's itinerary. */
  updatePlanData(id: string, planData: PlanData): Promise<Plan>;
  /** Deletes a plan; `false` when there was none. */
  delete(id: string): Promise<boolean>;
}

type Transition = { to: PlanStatus; from: readonly PlanStatus[] };
// The lifecycle: each target status and the states it may be reached from in one conditional UPDATE.
const CONFIRM: Transition = { to: 'confirmed', from: ['generated'] };
const CANCEL: Transition = { to: 'cancelled', from: ['generated', 'confirmed'] };

type PageRow = PlanRow & { cursor_created_at: string };

/** The owner an operation is limited to, in its stored form; `undefined` for none. */
function ownerOf(options: OwnerOptions): string | undefined {
  return options.userWallet === undefined
    ? undefined
    : parseInput(schemas.wallet, options.userWallet, 'userWallet');
}

/**
 * Creates the repository over a way to run SQL: the pool, or one transaction's connection.
 * @internal
 */
export function createPlanRepository(sql: RunSql): PlanRepository {
  async function page(
    filters: Array<['user_wallet' | 'status', string]>,
    options: ListOptions | undefined,
    field: string,
  ): Promise<PlanPage> {
    const { limit = DEFAULT_PAGE_SIZE, cursor } = parseInput(listOptionsSchema, options ?? {}, field);
    const after: CursorPosition | undefined = cursor === undefined ? undefined : decodeCursor(cursor);
    const params: unknown[] = filters.map(([, value]) => value);
    if (after) params.push(after.createdAt, after.id);
    params.push(limit + 1); // one extra row tells whether another page follows
    const rows = await sql<PageRow>(
      pageQuery(
        filters.map(([column]) => column),
        after !== undefined,
      ),
      params,
    );
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

  async function transition(id: string, transition: Transition, options: OwnerOptions = {}): Promise<Plan> {
    const planId = parseInput(schemas.planId, id, 'id');
    const wallet = ownerOf(options);
    const [updated] =
      wallet === undefined
        ? await sql<PlanRow>(TRANSITION, [planId, transition.to, transition.from])
        : await sql<PlanRow>(TRANSITION_OWNED, [planId, transition.to, transition.from, wallet]);
    if (updated) return toPlan(updated);

    // Nothing matched: one read tells why. Reaching the target already is the idempotent no-op.
    const [current] = await sql<PlanRow>(GET_PLAN, [planId]);
    if (!current) throw PlanNotFoundError.byId(planId);
    if (wallet !== undefined && current.user_wallet !== wallet) throw PlanOwnershipError.forPlan(planId);
    if (current.status === transition.to) return toPlan(current);
    throw PlanTransitionError.illegal(planId, current.status, transition.to);
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
        return toPlan(created!);
      }
      const [created] = await sql<PlanRow>(INSERT_PLAN_ONCE, [...params, valid.idempotencyKey]);
      if (created) return toPlan(created);
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
      const wallet = ownerOf(options);
      const [row] = await sql<PlanRow>(GET_PLAN, [planId]);
      if (!row) return undefined;
      if (wallet !== undefined && row.user_wallet !== wallet) throw PlanOwnershipError.forPlan(planId);
      return toPlan(row);
    },

    async listByWallet(wallet, options) {
      const owner = parseInput(schemas.wallet, wallet, 'wallet');
      const { status, ...rest } = options ?? {};
      const filters: Array<['user_wallet' | 'status', string]> = [['user_wallet', owner]];
      if (status !== undefined) filters.push(['status', parseInput(schemas.status, status, 'status')]);
      return page(filters, rest, 'options');
    },

    async listByStatus(status, options) {
      const wanted = parseInput(schemas.status, status, 'status');
      return page([['status', wanted]], options, 'options');
    },

    async recent(limit = DEFAULT_PAGE_SIZE) {
      const n = parseInput(schemas.limit, limit, 'limit');
      return (await sql<PlanRow>(RECENT, [n])).map(toPlan);
    },

    confirm: (id, options) => transition(id, CONFIRM, options),
    cancel: (id, options) => transition(id, CANCEL, options),

    async updatePlanData(id, planData) {
      const planId = parseInput(schemas.planId, id, 'id');
      const json = parseInput(schemas.planData, planData, 'planData');
      const [row] = await sql<PlanRow>(UPDATE_PLAN_DATA, [planId, json]);
      if (!row) throw PlanNotFoundError.byId(planId);
      return toPlan(row);
    },

    async delete(id) {
      const planId = parseInput(schemas.planId, id, 'id');
      return (await sql(DELETE_PLAN, [planId])).length > 0;
    },
  };

  return withStoreErrors(repository);
}

/** Wraps every method so that whatever the driver throws leaves as a `PlanStoreError`. @internal */
export function withStoreErrors<T extends object>(target: T): T {
  const wrapped = {} as Record<string, unknown>;
  for (const [name, method] of Object.entries(target)) {
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await (method as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (err) {
        throw toStoreError(err);
      }
    };
  }
  return wrapped as T;
}
