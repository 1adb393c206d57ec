// Scenario 8: property-based hostile input against the real gateway and plan-service. For 5,000
// generated requests per endpoint: never a 5xx or a dropped connection, always the route's legacy
// body, a certainly-invalid request is refused, and nothing is written except by a 200. Valid
// destinations full of SQL metacharacters must be stored byte for byte.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHttpClient,
  createPlanFor,
  generatePlan,
  type HttpClient,
  type HttpResult,
  outcomeLabel,
  planIdOf,
  randomWallet,
  runSeed,
  seededRandom,
} from '../support';
import {
  type HostileRequest,
  hostileGenerate,
  hostileGetPlan,
  hostileList,
  hostileStatusChange,
  sqlMetacharacterDestination,
  unroutablePath,
} from './harness/hostile-input';
import { legacyShapeProblem } from './harness/legacy-shape';
import { printTable, tally } from './harness/report';
import { leakedSecrets, type ScenarioStack, startScenarioStack } from './harness/scenario-stack';

const BATCH = 50;
// 100 batches of 50: 5,000 requests per endpoint.
const RUNS = 100;

/** A request, printable on one line whatever characters it holds. */
const describeRequest = (request: HostileRequest) =>
  JSON.stringify(`${request.method} ${request.path.slice(0, 150)} ${request.body?.slice(0, 200) ?? ''}`);

/** Rows and a digest of every row's id, status and updated_at. */
interface TableState {
  rows: number;
  digest: string;
}

describe('scenario 8: hostile input, property-based (fast-check)', () => {
  let stack: ScenarioStack;
  let fuzzClient: HttpClient;
  let realIds: string[];

  beforeAll(async () => {
    stack = await startScenarioStack();
    fuzzClient = createHttpClient(stack.gateway.port, BATCH);
    // Plans of a wallet the generators never produce, so no generated request owns them.
    const owner = randomWallet(seededRandom(runSeed()));
    realIds = await Promise.all(Array.from({ length: 5 }, () => createPlanFor(stack.http, owner)));
  });

  afterAll(async () => {
    fuzzClient?.close();
    await stack?.stop();
  });

  async function tableState(): Promise<TableState> {
    const [row] = await stack.db.query<{ rows: number; digest: string }>(
      `select count(*)::int as rows,
              coalesce(sum(hashtext(id::text || status || updated_at::text)::bigint), 0)::text as digest
         from plans`,
    );
    return row!;
  }

  /** What is wrong with one answer, if anything. */
  function problems(request: HostileRequest, result: HttpResult): string[] {
    const found: string[] = [];
    if (result.status === 0 || result.status >= 500) found.push(`${result.error ?? result.status}`);
    const shape = legacyShapeProblem(request.route, result.status, result.body);
    if (shape !== undefined) found.push(`${result.status} ${shape}: ${result.text.slice(0, 160)}`);
    if (unroutablePath(request.path) && result.status !== 400)
      found.push(`a bad URL answered ${result.status}, not 400`);
    if (request.invalid && result.status === 200) found.push('an invalid request was accepted');
    return found.map((problem) => `${problem} ← ${describeRequest(request)}`);
  }

  async function fuzz(name: string, arbitrary: fc.Arbitrary<HostileRequest>, writes: boolean) {
    const seed = runSeed();
    const violations: string[] = [];
    const outcomes: string[] = [];
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(arbitrary, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        const before = await tableState();
        const results = await Promise.all(
          batch.map((request) =>
            fuzzClient.call({
              method: request.method,
              path: request.path,
              ...(request.body === undefined ? {} : { body: request.body }),
            }),
          ),
        );
        const after = await tableState();
        sent += batch.length;
        results.forEach((result, i) => {
          outcomes.push(outcomeLabel(result));
          violations.push(...problems(batch[i]!, result));
        });
        const accepted = results.filter((result) => result.status === 200).length;
        if (writes && after.rows - before.rows !== accepted) {
          violations.push(`${after.rows - before.rows} rows written by ${accepted} accepted requests`);
        }
        if (!writes && (after.rows !== before.rows || after.digest !== before.digest)) {
          violations.push('a read or a refused status change altered the plans table');
        }
        return true;
      }),
      { seed, numRuns: RUNS },
    );
    printTable(`scenario 8: ${name}`, [
      ['fast-check seed', seed],
      ['requests', sent],
      ['statuses', tally(outcomes.sort())],
      ['violations', violations.length],
      ...violations.slice(0, 5).map((violation, i) => [`  #${i + 1}`, violation] as const),
    ]);
    expect(violations.slice(0, 5)).toEqual([]);
    expect(stack.planService.process.running() && stack.gateway.process.running()).toBe(true);
  }

  it('POST /generate_plan', async () => {
    await fuzz('POST /generate_plan', hostileGenerate, true);
  });

  it('POST /confirm_plan', async () => {
    await fuzz('POST /confirm_plan', hostileStatusChange('confirm', realIds), false);
  });

  it('POST /cancel_plan', async () => {
    await fuzz('POST /cancel_plan', hostileStatusChange('cancel', realIds), false);
  });

  it('GET /get_user_plans/:wallet', async () => {
    await fuzz('GET /get_user_plans/:wallet', hostileList, false);
  });

  it('GET /plans/:id', async () => {
    await fuzz('GET /plans/:id', hostileGetPlan(realIds), false);
  });

  it('stores valid destinations full of SQL metacharacters byte for byte', async () => {
    const seed = runSeed();
    const owner = randomWallet(seededRandom(seed));
    const mismatches: string[] = [];
    let stored = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(sqlMetacharacterDestination, { minLength: 20, maxLength: 20 }),
        async (destinations) => {
          const results = await Promise.all(
            destinations.map((destination) =>
              generatePlan(fuzzClient, { destination, budget: 100_000, user_wallet: owner }),
            ),
          );
          const ids = results.map(planIdOf);
          const rows = await stack.db.query<{ id: string; bytes: Buffer }>(
            `select id, convert_to(destination, 'UTF8') as bytes from plans where id = any($1::uuid[])`,
            [ids.filter((id) => id !== undefined)],
          );
          const storedBytes = new Map(rows.map((row) => [row.id, row.bytes]));
          destinations.forEach((destination, i) => {
            const bytes = storedBytes.get(ids[i] ?? '');
            if (bytes?.equals(Buffer.from(destination, 'utf8'))) stored++;
            else
              mismatches.push(
                `${results[i]!.status} ${JSON.stringify(destination)} stored as ${bytes?.toString('utf8')}`,
              );
          });
          return true;
        },
      ),
      { seed, numRuns: 25 },
    );
    const [table] = await stack.db.query<{ plans: string | null }>(
      `select to_regclass('public.plans')::text as plans`,
    );
    printTable('scenario 8: valid destinations with SQL metacharacters', [
      ['fast-check seed', seed],
      ['stored byte-identical', `${stored}/${stored + mismatches.length}`],
      ['plans table still there', String(table?.plans === 'plans')],
      ...mismatches.slice(0, 5).map((mismatch, i) => [`  #${i + 1}`, mismatch] as const),
    ]);
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(table?.plans).toBe('plans');
    expect(leakedSecrets([stack.planService.process, stack.gateway.process])).toEqual([]);
  });
});
