// The client's side of plan-service's environment: the address and token the server itself reads
// (env-config.ts), kept apart from the server's settings so the client entry stays small.
import { DEFAULT_ADDRESS } from '../default-address';

/** The client settings a caller of plan-service takes from the environment. */
export interface ClientEnvConfig {
  /** `PLAN_SERVICE_ADDR`, default `127.0.0.1:50051`: the address the server listens on is the one to dial. */
  address: string;
  /** `PLAN_SERVICE_TOKEN`: the shared bearer token, when the server requires one. */
  token?: string;
}

/**
 * Reads the client's settings from the same variables the server reads (an empty value counts as
 * unset): the one place on the client side that reads the environment.
 */
export function clientConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ClientEnvConfig {
  const token = env.PLAN_SERVICE_TOKEN || undefined;
  return {
    address: env.PLAN_SERVICE_ADDR || DEFAULT_ADDRESS,
    ...(token === undefined ? {} : { token }),
  };
}
