// One table of inputs through every way in: plan-store, plan-service's GeneratePlan and CreatePlan,
// and the REST gateway. Each layer must refuse each bad input naming the same field with the same
// rule, write nothing, and accept each good one, storing the same destination text.
import { type PlanServiceError, protoFieldName } from '@travel-planner/plan-service';
import { type PlanValidationError, validateCreatePlanInput } from '@travel-planner/plan-store/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, randomWallet, type Stack, startStack } from '../../../test/support';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

interface TripInput {
  userWallet: string;
  destination: string;
  budget: number;
  idempotencyKey?: string;
}

const valid = (): TripInput => ({ userWallet: randomWallet(), destination: 'Lisbon', budget: 100_000 });
const planData = { destination: 'Lisbon', flights: [], hotels: [], activities: [] };

/** A refusal as `<field>: <rule>`, the field in its wire name (snake_case). */
type Verdict = string;

async function storeVerdict(input: TripInput): Promise<Verdict> {
  try {
    validateCreatePlanInput({ ...input, planData });
    await stack.store.plans.create({ ...input, planData });
    return 'accepted';
  } catch (err) {
    const { field, message } = err as PlanValidationError;
    return `${protoFieldName(field)}: ${message.slice(field.length + 2)}`;
  }
}

function grpcVerdict(call: Promise<unknown>): Promise<Verdict> {
  return call.then(
    () => 'accepted',
    (err: PlanServiceError) => {
      // The field travels as error detail, and the message names it too.
      expect(err.codeName).toBe('INVALID_ARGUMENT');
      expect(err.details.startsWith(`${err.field}: `)).toBe(true);
      return `${err.field}: ${err.problem}`;
    },
  );
}

async function restVerdict(input: TripInput): Promise<Verdict> {
  const response = await stack.app.inject({
    method: 'POST',
    url: '/generate_plan',
    headers: input.idempotencyKey === undefined ? {} : { 'idempotency-key': input.idempotencyKey },
    payload: { destination: input.destination, budget: input.budget, user_wallet: input.userWallet },
  });
  const body = response.json<{ error: string | null }>();
  if (response.statusCode === 200) return 'accepted';
  expect([response.statusCode, body.error]).toEqual([400, expect.any(String)]);
  // The REST spelling of the one field whose name differs: a header, not a body field.
  return body.error!.replace(/^idempotency-key: /, 'idempotency_key: ');
}

async function verdicts(input: TripInput) {
  return {
    store: await storeVerdict(input),
    generatePlan: await grpcVerdict(stack.client.generatePlan(input)),
    createPlan: await grpcVerdict(stack.client.createPlan({ ...input, planData })),
    rest: await restVerdict(input),
  };
}

async function rowsOf(wallet: string): Promise<number> {
  const { rows } = await adminQuery<{ n: string }>(
    'select count(*) as n from plans where user_wallet = $1',
    [wallet],
    stack.db.name,
  );
  return Number(rows[0]?.n);
}

const DESTINATION = 'destination: must be 1 to 255 characters of text without control characters';
const BUDGET = 'budget: must be a whole number of US dollars from 1 to 2147483647';
const WALLET = 'user_wallet: must be 0x followed by 40 hexadecimal digits';

// Inputs every transport can carry: proto3 has no unset strings, no integers past int32, and its
// UTF-8 strings cannot hold a lone surrogate (REST refuses one: see rest-contract.test.ts).
const REFUSED: ReadonlyArray<[name: string, override: Partial<TripInput>, refusal: Verdict]> = [
  ['an empty destination', { destination: '' }, DESTINATION],
  ['a destination of spaces', { destination: '   ' }, DESTINATION],
  ['a destination of 256 characters', { destination: 'x'.repeat(256) }, DESTINATION],
  ['a destination of 255 characters and a space', { destination: `${'x'.repeat(255)} ` }, DESTINATION],
  ['a newline in a destination', { destination: 'Paris\n# Injected' }, DESTINATION],
  ['an escape sequence in a destination', { destination: '\u001b[31mParis' }, DESTINATION],
  ['a NUL in a destination', { destination: 'Par\u0000is' }, DESTINATION],
  ['DEL in a destination', { destination: 'Paris\u007f' }, DESTINATION],
  ['a budget of 0', { budget: 0 }, BUDGET],
  ['a negative budget', { budget: -5 }, BUDGET],
  ['a wallet of 41 hex digits', { userWallet: `0x${'1'.repeat(41)}` }, WALLET],
  ['a wallet of non-hex digits', { userWallet: `0x${'g'.repeat(40)}` }, WALLET],
  ['a wallet without 0x', { userWallet: '1'.repeat(42) }, WALLET],
  [
    'a mixed-case wallet with a wrong checksum',
    { userWallet: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD' },
    'user_wallet: has mixed case but is not a valid EIP-55 checksummed address',
  ],
  [
    'an idempotency key of 256 characters',
    { idempotencyKey: 'k'.repeat(256) },
    'idempotency_key: must be 1 to 255 characters',
  ],
];

describe('one set of input rules', () => {
  it.each(REFUSED)('refuses %s everywhere, naming the same field', async (_name, override, refusal) => {
    const input = { ...valid(), ...override };
    const wallet = input.userWallet.toLowerCase();
    expect(await verdicts(input)).toEqual({
      store: refusal,
      generatePlan: refusal,
      createPlan: refusal,
      rest: refusal,
    });
    expect(await rowsOf(wallet)).toBe(0);
  });

  it.each([
    ['a destination of 255 characters', { destination: 'x'.repeat(255) }],
    ['non-Latin text', { destination: '東京 São Paulo Zürich' }],
    ['a C1 character, which is not refused', { destination: 'Paris\u0085' }],
    ['an all-uppercase wallet', { userWallet: `0x${'AB'.repeat(20)}` }],
    ['the largest budget', { budget: 2_147_483_647 }],
  ])('accepts %s everywhere', async (_name, override) => {
    const input = { ...valid(), ...override };
    expect(await verdicts(input)).toEqual({
      store: 'accepted',
      generatePlan: 'accepted',
      createPlan: 'accepted',
      rest: 'accepted',
    });
    expect(await rowsOf(input.userWallet.toLowerCase())).toBe(4);
  });

  it('shows a destination typed with spaces and in lower case by one text everywhere', async () => {
    const wallet = randomWallet();
    const generated = await stack.app.inject({
      method: 'POST',
      url: '/generate_plan',
      payload: { destination: '  paris ', budget: 3000, user_wallet: wallet },
    });
    const { plan, formatted_plan } = generated.json<{
      plan: { destination: string };
      formatted_plan: string;
    }>();
    const listed = await stack.app.inject({ method: 'GET', url: `/get_user_plans/${wallet}` });
    const { plans } = listed.json<{ plans: Array<{ destination: string }> }>();
    // The review page, the markdown and the dashboard.
    expect([plan.destination, formatted_plan.split(' (')[0], plans[0]?.destination]).toEqual([
      'Paris',
      '# Trip to Paris',
      'Paris',
    ]);
    // A place the catalog does not know keeps the caller's text, trimmed.
    const unknown = await stack.client.generatePlan({
      destination: '  Lyon, France ',
      budget: 3000,
      userWallet: wallet,
    });
    expect([
      unknown.plan?.destination,
      (unknown.plan?.planData as { destination?: string } | undefined)?.destination,
    ]).toEqual(['Lyon, France', 'Lyon, France']);
  });
});
