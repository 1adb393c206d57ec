import { redactSecrets } from '@travel-planner/plan-store';

/** One error of a cause chain, as it may appear in a log line. */
export interface LoggedCause {
  name: string;
  /** SQLSTATE or Node error code, when the error has one. */
  code?: string;
  /** First line only, without SQL text and with passwords masked. */
  message: string;
  /** PostgreSQL's structured details, which name the object without quoting the statement. */
  constraint?: string;
  table?: string;
  column?: string;
  routine?: string;
}

const MAX_DEPTH = 5;
const MAX_MESSAGE_LENGTH = 300;

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function cleanMessage(message: string): string {
  // node-postgres messages carry no SQL (the store runs its statements on the driver, not through
  // knex, which would prefix them with the statement); the first line drops any stack.
  const firstLine = message.split('\n', 1)[0] ?? '';
  return redactSecrets(firstLine).slice(0, MAX_MESSAGE_LENGTH);
}

/**
 * Turns an error and its `cause` chain into plain objects that are safe to log: no stack traces,
 * no passwords in connection strings.
 */
export function sanitizeCause(err: unknown): LoggedCause[] {
  const chain: LoggedCause[] = [];
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current !== undefined && current !== null && !seen.has(current) && chain.length < MAX_DEPTH) {
    seen.add(current);
    if (typeof current !== 'object') {
      chain.push({ name: typeof current, message: cleanMessage(String(current)) });
      break;
    }
    const e = current as Record<string, unknown>;
    const entry: LoggedCause = {
      name: optionalString(e.name) ?? 'Error',
      message: cleanMessage(typeof e.message === 'string' ? e.message : ''),
    };
    for (const key of ['code', 'constraint', 'table', 'column', 'routine'] as const) {
      const value = optionalString(e[key]);
      if (value !== undefined) entry[key] = value;
    }
    chain.push(entry);
    current = e.nativeError ?? e.cause;
  }
  return chain;
}
