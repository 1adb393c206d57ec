// Which browser origins may call the gateway. An entry is an exact origin (`https://app.example.com`),
// `*` for every origin, or an origin whose port is `*` (`http://localhost:*`): the old frontend runs on
// whatever port `next dev` found free (3000, or 3001 when 3000 is busy), so the default allows any
// port on the two loopback names.

/** Any port on `http://localhost` and `http://127.0.0.1`: every local frontend, none from elsewhere. */
export const DEFAULT_CORS_ORIGINS: readonly string[] = Object.freeze([
  'http://localhost:*',
  'http://127.0.0.1:*',
]);

/** What `CORS_ORIGINS` entries and `corsOrigins` options must look like. */
export const CORS_ORIGIN_PATTERN = /^(\*|https?:\/\/[^/\s:*]+(:([0-9]{1,5}|\*))?)$/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Turns allow-list entries into what `@fastify/cors` matches against: exact origins stay strings, a
 * `:*` port becomes a pattern that also accepts the scheme's default port (no port at all).
 * @throws RangeError naming the first entry that is not an origin
 */
export function corsOriginMatchers(origins: readonly string[]): Array<string | RegExp> {
  return origins.map((origin) => {
    if (!CORS_ORIGIN_PATTERN.test(origin)) {
      throw new RangeError(
        `corsOrigins: ${JSON.stringify(origin)} is not an origin like http://localhost:3000`,
      );
    }
    if (!origin.endsWith(':*')) return origin;
    return new RegExp(`^${escapeRegExp(origin.slice(0, -2))}(:[0-9]{1,5})?$`);
  });
}
