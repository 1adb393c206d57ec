import { luaScript } from './redis-link';

// KEYS: generation, version, data. ARGV: a fresh generation token, a fresh version token, the
// version's time to live (ms). Creates missing tokens (a fresh random token never equals one that
// was deleted, so a reader that started before a deletion can never match again), then returns
// {generation, version, value} on a hit and {generation, version} on a miss. The value is stored
// as "generation:version:payload" and counts only while both tokens are still current.
export const READ = luaScript(`
local g = redis.call('GET', KEYS[1])
if not g then g = ARGV[1]; redis.call('SET', KEYS[1], g) end
local v = redis.call('GET', KEYS[2])
if not v then v = ARGV[2]; redis.call('SET', KEYS[2], v, 'PX', ARGV[3]) end
local d = redis.call('GET', KEYS[3])
local stamp = g .. ':' .. v .. ':'
if d and string.sub(d, 1, #stamp) == stamp then return {g, v, string.sub(d, #stamp + 1)} end
return {g, v}
`);

// KEYS: generation, version, data. ARGV: the tokens a reader saw before its database read, the
// payload, the value's time to live (ms). Stores the value only if no write deleted either token
// since: a reader that loaded rows older than a write can never put them back (returns 0).
export const FILL = luaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] or redis.call('GET', KEYS[2]) ~= ARGV[2] then return 0 end
redis.call('SET', KEYS[3], ARGV[1] .. ':' .. ARGV[2] .. ':' .. ARGV[3], 'PX', ARGV[4])
return 1
`);

// The classic look-aside fill, without the check: stamps the value with whatever tokens are
// current now. Only for the negative control of the race test (raceProtection: false).
export const FILL_UNGUARDED = luaScript(`
local g = redis.call('GET', KEYS[1])
if not g then g = ARGV[1]; redis.call('SET', KEYS[1], g) end
local v = redis.call('GET', KEYS[2])
if not v then v = ARGV[2]; redis.call('SET', KEYS[2], v, 'PX', ARGV[5]) end
redis.call('SET', KEYS[3], g .. ':' .. v .. ':' .. ARGV[3], 'PX', ARGV[4])
return 1
`);
