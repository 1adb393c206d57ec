// Key layout in Redis. Every cached value is guarded by two version tokens: the generation (one
// key for the whole cache: deleting it drops every entry at once) and the version of what the
// value depends on (a plan, or a wallet's listings). A write deletes the version; a value is
// served only while both tokens it was filled under are still current.

/** The keys of one cached value. */
export interface CacheEntry {
  /** The version token the value depends on. */
  versionKey: string;
  /** The value itself, prefixed with the tokens it was filled under. */
  dataKey: string;
}

/** The views of a wallet that are cached; each is one listing's first page. */
export type WalletView = 'own' | 'shared';

/** Builds the keys under one prefix. */
export interface CacheKeys {
  readonly generation: string;
  plan(id: string): CacheEntry;
  /** `variant` tells apart first pages of the same view (status filter, page size). */
  wallet(wallet: string, view: WalletView, variant: string): CacheEntry;
  planVersion(id: string): string;
  planData(id: string): string;
  walletVersion(wallet: string): string;
}

/** Key names under `prefix`; wallets must already be in their stored (lowercase) form. */
export function cacheKeys(prefix: string): CacheKeys {
  const planVersion = (id: string) => `${prefix}pv:${id}`;
  const planData = (id: string) => `${prefix}p:${id}`;
  const walletVersion = (wallet: string) => `${prefix}wv:${wallet}`;
  return {
    generation: `${prefix}gen`,
    plan: (id) => ({ versionKey: planVersion(id), dataKey: planData(id) }),
    wallet: (wallet, view, variant) => ({
      versionKey: walletVersion(wallet),
      dataKey: `${prefix}w:${wallet}:${view}:${variant}`,
    }),
    planVersion,
    planData,
    walletVersion,
  };
}
