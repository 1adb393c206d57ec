// Lookups in the catalog's data (catalog-data.ts): destinations by name, regions of free text, origin
// airports, fares and fallback hotel names.
import {
  BASE_ROUND_TRIP_FARES,
  type CatalogDestination,
  DESTINATIONS,
  EXTRA_ORIGIN_AIRPORTS,
  MIN_ROUND_TRIP_FARE,
  type OriginAirport,
  REGION_KEYWORDS,
  REGIONS,
  type Region,
} from './catalog-data';
import type { HotelTier } from './plan-generator';

/** Names a hotel of a tier in a place the catalog does not know. */
export function fallbackHotelName(tier: HotelTier, place: string): string {
  switch (tier) {
    case 'budget':
      return `${place} City Inn`;
    case 'mid':
      return `${place} Central Hotel`;
    case 'luxury':
      return `${place} Grand Hotel`;
  }
}

/** Estimates the economy round-trip fare in USD from an origin region to a destination region. */
export function estimateRoundTripFare(origin: Region, destination: Region, adjustment = 0): number {
  return Math.max(MIN_ROUND_TRIP_FARE, BASE_ROUND_TRIP_FARES[origin][destination] + adjustment);
}

/** Known departure airports by IATA code: every catalog destination's airport plus common hubs. */
export const ORIGIN_AIRPORTS: Readonly<Record<string, OriginAirport>> = {
  ...Object.fromEntries(DESTINATIONS.map((d) => [d.airport, { region: d.region, city: d.city }])),
  ...EXTRA_ORIGIN_AIRPORTS,
};

/** An origin airport as resolved for pricing. */
export interface ResolvedOrigin extends OriginAirport {
  /** The IATA code, uppercase. */
  airport: string;
  /** Whether the airport is in the table; when not, `region` is the North American fallback. */
  known: boolean;
}

/**
 * Resolves an origin airport code to its region. An unknown code is assumed to be North American:
 * prices are in USD for a US-based audience, and a configurable origin must not make generation fail.
 */
export function resolveOrigin(airport: string): ResolvedOrigin {
  const code = airport.trim().toUpperCase();
  const found = ORIGIN_AIRPORTS[code];
  if (found) return { airport: code, known: true, ...found };
  return { airport: code, known: false, region: 'north-america' };
}

/** Normalizes a place name for lookup: no diacritics, lowercase, single spaces, trimmed. */
export function normalizePlaceName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

// Free text reduced to space-separated words, so keywords match whole words only.
function toWords(text: string): string {
  return normalizePlaceName(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

type RegionHint = readonly [words: string, region: Region];

const longestFirst = (a: RegionHint, b: RegionHint): number => b[0].length - a[0].length;

// Country and state names outrank city names, so "Paris, Texas" is North American; within each group
// the longest phrase wins.
const REGION_HINTS: readonly RegionHint[] = [
  ...[
    ...REGIONS.flatMap((region) => REGION_KEYWORDS[region].map((word): RegionHint => [word, region])),
    ...DESTINATIONS.map((d): RegionHint => [toWords(d.country), d.region]),
  ].sort(longestFirst),
  ...DESTINATIONS.map((d): RegionHint => [toWords(d.city), d.region]).sort(longestFirst),
];

/** Guesses the region of free text from country, state and well-known place names in it, if any. */
export function guessRegion(text: string): Region | undefined {
  const padded = ` ${toWords(text)} `;
  for (const [word, region] of REGION_HINTS) {
    if (padded.includes(` ${word} `)) return region;
  }
  return undefined;
}

// Every catalog city and alias, normalized; the first entry wins should two ever collide.
const DESTINATION_INDEX: ReadonlyMap<string, CatalogDestination> = (() => {
  const index = new Map<string, CatalogDestination>();
  for (const destination of DESTINATIONS) {
    for (const key of [destination.city, ...destination.aliases].map(normalizePlaceName)) {
      if (!index.has(key)) index.set(key, destination);
    }
  }
  return index;
})();

/**
 * Finds the catalog destination named by free text: its city name or an alias, ignoring case, accents
 * and surrounding spaces. "City, Somewhere" also finds the city unless "Somewhere" places it in another
 * region, so "Paris, France" is Paris but "Paris, Texas" is not.
 */
export function findDestination(text: string): CatalogDestination | undefined {
  const key = normalizePlaceName(text);
  const exact = DESTINATION_INDEX.get(key);
  if (exact) return exact;
  const comma = key.indexOf(',');
  if (comma <= 0) return undefined;
  const head = DESTINATION_INDEX.get(key.slice(0, comma).trim());
  if (!head) return undefined;
  const qualifierRegion = guessRegion(key.slice(comma + 1));
  return qualifierRegion === undefined || qualifierRegion === head.region ? head : undefined;
}
