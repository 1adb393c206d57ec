import {
  estimateRoundTripFare,
  fallbackHotelName,
  findDestination,
  guessRegion,
  type ResolvedOrigin,
  resolveOrigin,
} from './catalog';
import { type CatalogActivity, GENERIC_DEFAULTS, REGION_DEFAULTS } from './catalog-data';
import { grandTotalCents, maxTotalCentsWithin, platformFeeCents, toCents, toDollars } from './money';
import {
  BudgetTooSmallError,
  type FlightLeg,
  type GeneratedPlan,
  type GeneratePlanInput,
  type HotelTier,
  type PlanGenerator,
} from './plan-generator';

/** Options of {@link createCatalogPlanGenerator}. */
export interface CatalogPlanGeneratorOptions {
  /**
   * The IATA code of the airport trips start from; default `'JFK'`. A code missing from the catalog's
   * airport table is priced as North American.
   */
  originAirport?: string;
  /** The clock that trip dates count from, read in UTC; default `() => new Date()`. */
  now?: () => Date;
  /** Whole days from today (UTC) to departure; default `30`. */
  departureLeadDays?: number;
}

/** The `generator` value of plans built by {@link createCatalogPlanGenerator}. */
export const CATALOG_GENERATOR_ID = 'catalog-v1';

/**
 * What a plan's activities cost: one flat activities pass, as the old system priced them. The old
 * frontend's review page adds flights + hotels + this fixed amount + the fee and shows that beside
 * the grand total, so every plan must be priced this way to add up there. `activity_details` keeps
 * each included activity's own list price.
 */
export const ACTIVITIES_PASS_USD = 200;
const ACTIVITIES_PASS_CENTS = toCents(ACTIVITIES_PASS_USD);

const DEFAULT_ORIGIN_AIRPORT = 'JFK';
const DEFAULT_DEPARTURE_LEAD_DAYS = 30;

// The search space. Trip length comes first: a longer stay in a simpler hotel is a better use of a
// budget than a weekend in a palace. Then the best hotel tier. The activities pass includes as many
// activities as its price covers.
const NIGHTS_LONGEST_FIRST = [7, 6, 5, 4, 3, 2] as const;
const TIERS_BEST_FIRST: readonly HotelTier[] = ['luxury', 'mid', 'budget'];
const MIN_NIGHTS = 2;
const MAX_ACTIVITIES = 5;

interface PricedActivity {
  name: string;
  cents: number;
}

interface PricedHotel {
  name: string;
  nightlyCents: number;
}

// A destination, catalog or not, with every price the search needs in cents.
interface PricedDestination {
  /** The plan's destination name. */
  name: string;
  /** The hotel's location. */
  location: string;
  /** Where the flights land: an airport code, or the place's name when no airport is known. */
  arrival: string;
  airline: string;
  /** Round-trip fare; 0 when the trip starts in the destination itself. */
  fareCents: number;
  /** True when the origin airport serves the destination, so there is nothing to fly. */
  local: boolean;
  hotels: Readonly<Record<HotelTier, PricedHotel>>;
  /** Most characteristic first; never empty. */
  activities: readonly PricedActivity[];
}

interface TripChoice {
  nights: number;
  tier: HotelTier;
  activities: readonly PricedActivity[];
}

/**
 * Creates the built-in offline plan generator: it prices trips from a catalog of real destinations
 * (regional estimates for others), deterministically, without network access.
 */
export function createCatalogPlanGenerator(options: CatalogPlanGeneratorOptions = {}): PlanGenerator {
  const originCode = (options.originAirport ?? DEFAULT_ORIGIN_AIRPORT).trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(originCode)) {
    throw new RangeError(
      `originAirport must be a 3-letter IATA code, got ${JSON.stringify(options.originAirport)}`,
    );
  }
  const origin = resolveOrigin(originCode);
  const now = options.now ?? (() => new Date());
  const leadDays = options.departureLeadDays ?? DEFAULT_DEPARTURE_LEAD_DAYS;
  if (!Number.isInteger(leadDays) || leadDays < 0) {
    throw new RangeError(`departureLeadDays must be a whole number of days >= 0, got ${leadDays}`);
  }

  return {
    async generate(input: GeneratePlanInput): Promise<GeneratedPlan> {
      // The input already passed plan-store's rules (validatePlanRequest): text, trimmed, and a
      // positive whole budget.
      const text = input.destination;
      const place = priceDestination(text, origin);
      const choice = chooseTrip(place, toCents(input.budget));
      if (!choice) throw new BudgetTooSmallError(place.name, input.budget, minimumBudget(place));
      const today = now();
      if (Number.isNaN(today.getTime())) throw new RangeError('the clock returned an invalid date');
      return buildPlan(place, choice, origin, addDaysUtc(today, leadDays));
    },
  };
}

function priceDestination(text: string, origin: ResolvedOrigin): PricedDestination {
  const destination = findDestination(text);
  if (destination) {
    const local = origin.airport === destination.airport || origin.city === destination.city;
    const hotels = {} as Record<HotelTier, PricedHotel>;
    for (const tier of TIERS_BEST_FIRST) {
      const hotel = destination.hotels[tier];
      hotels[tier] = { name: hotel.name, nightlyCents: toCents(hotel.pricePerNight) };
    }
    return {
      name: destination.city,
      location: `${destination.city}, ${destination.country}`,
      arrival: destination.airport,
      airline: destination.airline ?? REGION_DEFAULTS[destination.region].airline,
      fareCents: local
        ? 0
        : toCents(estimateRoundTripFare(origin.region, destination.region, destination.fareAdjustment)),
      local,
      hotels,
      activities: priceActivities(destination.activities),
    };
  }

  // Not in the catalog: regional prices when the text names a region, generic ones otherwise. The
  // hotel is named after the place itself ("Lyon", not "Lyon, France").
  const region = guessRegion(text);
  const fallback = region ? REGION_DEFAULTS[region] : GENERIC_DEFAULTS;
  const place = text.split(',')[0]?.trim() || text;
  const hotels = {} as Record<HotelTier, PricedHotel>;
  for (const tier of TIERS_BEST_FIRST) {
    hotels[tier] = {
      name: fallbackHotelName(tier, place),
      nightlyCents: toCents(fallback.hotelPrices[tier]),
    };
  }
  return {
    name: text,
    location: text,
    arrival: text,
    // With no idea where the place is, the origin region's own carrier is the likeliest seller.
    airline: region ? REGION_DEFAULTS[region].airline : REGION_DEFAULTS[origin.region].airline,
    fareCents: toCents(
      region ? estimateRoundTripFare(origin.region, region) : GENERIC_DEFAULTS.roundTripFare,
    ),
    local: false,
    hotels,
    activities: priceActivities(fallback.activities),
  };
}

function priceActivities(activities: readonly CatalogActivity[]): PricedActivity[] {
  return activities.map((activity) => ({ name: activity.name, cents: toCents(activity.price) }));
}

function cheapestNightlyCents(place: PricedDestination): number {
  return Math.min(...TIERS_BEST_FIRST.map((tier) => place.hotels[tier].nightlyCents));
}

// Takes the first (nights, tier) in preference order that fits with the activities pass. Because
// anything that fits a budget also fits a larger one, a larger budget never gets fewer nights, nor a
// lower tier for the same nights.
function chooseTrip(place: PricedDestination, budgetCents: number): TripChoice | undefined {
  const maxTotal = maxTotalCentsWithin(budgetCents);
  for (const nights of NIGHTS_LONGEST_FIRST) {
    for (const tier of TIERS_BEST_FIRST) {
      if (place.fareCents + place.hotels[tier].nightlyCents * nights + ACTIVITIES_PASS_CENTS <= maxTotal) {
        return { nights, tier, activities: pickActivities(place.activities, ACTIVITIES_PASS_CENTS) };
      }
    }
  }
  return undefined;
}

function sumOfCheapest(activities: readonly PricedActivity[], count: number): number {
  return activities
    .map((activity) => activity.cents)
    .sort((a, b) => a - b)
    .slice(0, count)
    .reduce((sum, cents) => sum + cents, 0);
}

// Picks the largest number of activities (up to MAX_ACTIVITIES) whose prices fit in the room, and among
// such sets the one that comes first in catalog order: walking the list, an activity is taken whenever
// the remaining slots can still be filled with the cheapest activities after it.
function pickActivities(activities: readonly PricedActivity[], roomCents: number): PricedActivity[] {
  let count = 0;
  while (
    count < Math.min(MAX_ACTIVITIES, activities.length) &&
    sumOfCheapest(activities, count + 1) <= roomCents
  ) {
    count += 1;
  }
  const picked: PricedActivity[] = [];
  let room = roomCents;
  for (const [index, activity] of activities.entries()) {
    if (picked.length === count) break;
    const stillNeeded = count - picked.length - 1;
    if (activity.cents + sumOfCheapest(activities.slice(index + 1), stillNeeded) <= room) {
      picked.push(activity);
      room -= activity.cents;
    }
  }
  return picked;
}

// The smallest whole-dollar budget that buys the cheapest trip: cheapest hotel, shortest stay and the
// activities pass. Every other trip costs at least as much, so one dollar less buys nothing.
function minimumBudget(place: PricedDestination): number {
  const cheapestTotal = place.fareCents + cheapestNightlyCents(place) * MIN_NIGHTS + ACTIVITIES_PASS_CENTS;
  return Math.ceil(grandTotalCents(cheapestTotal) / 100);
}

// The date `days` after the given instant's UTC calendar date, as a UTC midnight.
function addDaysUtc(date: Date, days: number): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + days));
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function buildPlan(
  place: PricedDestination,
  choice: TripChoice,
  origin: ResolvedOrigin,
  start: Date,
): GeneratedPlan {
  const startDate = isoDate(start);
  const endDate = isoDate(addDaysUtc(start, choice.nights));
  // Both legs carry the whole trip's range, as the legacy backend's plans did.
  const dates = `${startDate} to ${endDate}`;
  // Each leg is half the round trip; the outbound leg takes the odd cent so the legs add up exactly.
  const returnCents = Math.floor(place.fareCents / 2);
  const outboundCents = place.fareCents - returnCents;
  const flights: FlightLeg[] = place.local
    ? []
    : [
        {
          from_location: origin.airport,
          to_location: place.arrival,
          airline: place.airline,
          dates,
          price: toDollars(outboundCents),
        },
        {
          from_location: place.arrival,
          to_location: origin.airport,
          airline: place.airline,
          dates,
          price: toDollars(returnCents),
        },
      ];

  const hotel = place.hotels[choice.tier];
  const hotelCents = hotel.nightlyCents * choice.nights;
  const totalCents = place.fareCents + hotelCents + ACTIVITIES_PASS_CENTS;
  const feeCents = platformFeeCents(totalCents);

  return {
    destination: place.name,
    flights,
    hotels: [
      {
        name: hotel.name,
        location: place.location,
        price_per_night: toDollars(hotel.nightlyCents),
        nights: choice.nights,
        total: toDollars(hotelCents),
      },
    ],
    activities: choice.activities.map((activity) => activity.name),
    activities_total: toDollars(ACTIVITIES_PASS_CENTS),
    total_cost: toDollars(totalCents),
    platform_fee: toDollars(feeCents),
    grand_total: toDollars(totalCents + feeCents),
    origin: origin.airport,
    start_date: startDate,
    end_date: endDate,
    nights: choice.nights,
    hotel_tier: choice.tier,
    activity_details: choice.activities.map((activity) => ({
      name: activity.name,
      price: toDollars(activity.cents),
    })),
    currency: 'USD',
    generator: CATALOG_GENERATOR_ID,
  };
}
