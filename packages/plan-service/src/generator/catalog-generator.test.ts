import { normalizeDestination } from '@travel-planner/plan-store/rules';
import { describe, expect, it } from 'vitest';
import {
  BASE_ROUND_TRIP_FARES,
  type CatalogActivity,
  DESTINATIONS,
  GENERIC_DEFAULTS,
  REGION_DEFAULTS,
  type Region,
} from './catalog-data';
import { ACTIVITIES_PASS_USD, CATALOG_GENERATOR_ID, createCatalogPlanGenerator } from './catalog-generator';
import { BudgetTooSmallError, type GeneratedPlan, type HotelTier } from './plan-generator';

// 23:30 UTC, so a clock read in local time would get the date wrong in most time zones east of UTC.
const now = () => new Date('2025-03-10T23:30:00Z');
const generator = createCatalogPlanGenerator({ now });

const cents = (dollars: number): number => Math.round(dollars * 100);
const grandCents = (totalCents: number): number => totalCents + Math.round(totalCents / 50);
const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
const TIER_RANK: Record<HotelTier, number> = { budget: 0, mid: 1, luxury: 2 };
const NIGHTS = [7, 6, 5, 4, 3, 2];
const TIERS_BEST_FIRST: HotelTier[] = ['luxury', 'mid', 'budget'];
// The old frontend's review page adds a fixed $200 for activities.
const PASS_CENTS = 20_000;

// What a destination should cost from JFK, worked out from the catalog data without the generator.
interface Expected {
  text: string;
  name: string;
  fareCents: number;
  nightlyCents: Record<HotelTier, number>;
  activities: readonly CatalogActivity[];
}

const fromJfk = (region: Region, adjustment = 0): number =>
  cents(Math.max(100, BASE_ROUND_TRIP_FARES['north-america'][region] + adjustment));

const CATALOG_CASES: Expected[] = DESTINATIONS.map((d) => ({
  text: d.city,
  name: d.city,
  // JFK is New York's own airport: no flights.
  fareCents: d.airport === 'JFK' ? 0 : fromJfk(d.region, d.fareAdjustment),
  nightlyCents: {
    budget: cents(d.hotels.budget.pricePerNight),
    mid: cents(d.hotels.mid.pricePerNight),
    luxury: cents(d.hotels.luxury.pricePerNight),
  },
  activities: d.activities,
}));

const regional = (text: string, region: Region): Expected => ({
  text,
  name: text,
  fareCents: fromJfk(region),
  nightlyCents: {
    budget: cents(REGION_DEFAULTS[region].hotelPrices.budget),
    mid: cents(REGION_DEFAULTS[region].hotelPrices.mid),
    luxury: cents(REGION_DEFAULTS[region].hotelPrices.luxury),
  },
  activities: REGION_DEFAULTS[region].activities,
});

const UNKNOWN_CASES: Expected[] = [
  regional('Lyon, France', 'europe'),
  regional('Chiang Mai, Thailand', 'asia'),
  regional('Paris, Texas', 'north-america'),
  {
    text: 'Atlantis',
    name: 'Atlantis',
    fareCents: cents(GENERIC_DEFAULTS.roundTripFare),
    nightlyCents: {
      budget: cents(GENERIC_DEFAULTS.hotelPrices.budget),
      mid: cents(GENERIC_DEFAULTS.hotelPrices.mid),
      luxury: cents(GENERIC_DEFAULTS.hotelPrices.luxury),
    },
    activities: GENERIC_DEFAULTS.activities,
  },
];

const ALL_CASES = [...CATALOG_CASES, ...UNKNOWN_CASES];

const expectedMinimum = (e: Expected): number =>
  Math.ceil(grandCents(e.fareCents + 2 * e.nightlyCents.budget + PASS_CENTS) / 100);

function budgetsFor(e: Expected): number[] {
  const minimum = expectedMinimum(e);
  return [minimum, minimum + 1, minimum + 99, 1000, 1500, 2500, 4000, 6000, 10_000, 25_000, 100_000].filter(
    (budget) => budget >= minimum,
  );
}

const hasTwoDecimals = (dollars: number): boolean =>
  Math.abs(dollars * 100 - Math.round(dollars * 100)) < 1e-6;

function expectConsistentPlan(plan: GeneratedPlan, e: Expected, budget: number): void {
  expect(plan.destination).toBe(e.name);
  const amounts = [
    plan.total_cost,
    plan.platform_fee,
    plan.grand_total,
    ...plan.flights.map((leg) => leg.price),
    ...plan.hotels.flatMap((hotel) => [hotel.price_per_night, hotel.total]),
    ...(plan.activity_details ?? []).map((activity) => activity.price),
  ];
  for (const amount of amounts) expect(hasTwoDecimals(amount)).toBe(true);

  // Never above the budget, and the sums add up to the cent.
  expect(cents(plan.grand_total)).toBeLessThanOrEqual(budget * 100);
  const flightCents = sum(plan.flights.map((leg) => cents(leg.price)));
  expect(flightCents).toBe(e.fareCents);
  expect(plan.hotels).toHaveLength(1);
  const hotel = plan.hotels[0]!;
  expect(hotel.nights).toBe(plan.nights);
  expect(cents(hotel.total)).toBe(cents(hotel.price_per_night) * hotel.nights);
  // What the old review page shows: flights + hotels + a fixed $200 for activities + the fee.
  expect(plan.activities_total).toBe(200);
  expect(cents(plan.total_cost)).toBe(flightCents + cents(hotel.total) + PASS_CENTS);
  expect(cents(plan.platform_fee)).toBe(Math.round(cents(plan.total_cost) / 50));
  expect(cents(plan.grand_total)).toBe(cents(plan.total_cost) + cents(plan.platform_fee));

  // The hotel is the catalog's for the chosen tier.
  const tier = plan.hotel_tier!;
  expect(cents(hotel.price_per_night)).toBe(e.nightlyCents[tier]);

  // Activities: 1 to 5, from the list, in list order, matching their details.
  expect(plan.activities.length).toBeGreaterThanOrEqual(1);
  expect(plan.activities.length).toBeLessThanOrEqual(5);
  expect(plan.activity_details?.map((activity) => activity.name)).toEqual(plan.activities);
  const indexes = plan.activities.map((name) => e.activities.findIndex((a) => a.name === name));
  expect(indexes.every((index) => index >= 0)).toBe(true);
  expect([...indexes].sort((a, b) => a - b)).toEqual(indexes);
  expect(new Set(indexes).size).toBe(indexes.length);
  for (const detail of plan.activity_details ?? []) {
    expect(detail.price).toBe(e.activities.find((a) => a.name === detail.name)?.price);
  }

  // Nothing earlier in the preference order (longer stay, then better tier) would have fitted.
  const nights = plan.nights!;
  expect(NIGHTS).toContain(nights);
  for (const n of NIGHTS.filter((n) => n >= nights)) {
    for (const t of TIERS_BEST_FIRST) {
      if (n === nights && TIER_RANK[t] <= TIER_RANK[tier]) continue;
      expect(grandCents(e.fareCents + e.nightlyCents[t] * n + PASS_CENTS)).toBeGreaterThan(budget * 100);
    }
  }

  // The pass covers its activities' list prices, and as many as it can: one more of the cheapest would not fit.
  const listCents = sum((plan.activity_details ?? []).map((activity) => cents(activity.price)));
  expect(listCents).toBeLessThanOrEqual(PASS_CENTS);
  const sorted = e.activities.map((a) => cents(a.price)).sort((a, b) => a - b);
  const count = plan.activities.length;
  if (count < Math.min(5, sorted.length)) {
    expect(sum(sorted.slice(0, count + 1))).toBeGreaterThan(PASS_CENTS);
  }
}

describe('createCatalogPlanGenerator', () => {
  it('builds the expected plan for Paris on a comfortable budget', async () => {
    // From JFK: fare 800 (North America to Europe, no Paris adjustment). A mid hotel for 7 nights
    // (800 + 7 * 330 + 200 = 3310) is over 3000, so the budget tier; the $200 activities pass covers
    // the first five activities (103 at list prices).
    const plan = await generator.generate({ destination: 'Paris', budget: 3000 });
    const dates = '2025-04-09 to 2025-04-16';
    expect(plan).toEqual({
      destination: 'Paris',
      flights: [
        { from_location: 'JFK', to_location: 'CDG', airline: 'Air France', dates, price: 400 },
        { from_location: 'CDG', to_location: 'JFK', airline: 'Air France', dates, price: 400 },
      ],
      hotels: [
        { name: 'Generator Paris', location: 'Paris, France', price_per_night: 95, nights: 7, total: 665 },
      ],
      activities: [
        'Louvre Museum admission',
        'Eiffel Tower summit ticket',
        'Seine river cruise',
        "Musée d'Orsay admission",
        'Montmartre and Sacré-Cœur walk',
      ],
      activities_total: 200,
      total_cost: 1665,
      platform_fee: 33.3,
      grand_total: 1698.3,
      origin: 'JFK',
      start_date: '2025-04-09',
      end_date: '2025-04-16',
      nights: 7,
      hotel_tier: 'budget',
      activity_details: [
        { name: 'Louvre Museum admission', price: 24 },
        { name: 'Eiffel Tower summit ticket', price: 39 },
        { name: 'Seine river cruise', price: 22 },
        { name: "Musée d'Orsay admission", price: 18 },
        { name: 'Montmartre and Sacré-Cœur walk', price: 0 },
      ],
      currency: 'USD',
      generator: CATALOG_GENERATOR_ID,
    });
  });

  it('adds up on the old review page: flights + hotels + $200 + fee = grand total', async () => {
    // Paris on 1500: 800 + 200 leaves 470.58 of the 1470.58 that fit under the fee, so 4 budget nights.
    const plan = await generator.generate({ destination: 'Paris', budget: 1500 });
    expect(plan.nights).toBe(4);
    const shown = sum(plan.flights.map((leg) => cents(leg.price))) + cents(plan.hotels[0]!.total) + 20_000;
    expect(shown + cents(plan.platform_fee)).toBe(cents(plan.grand_total));
    expect(plan.total_cost).toBe(1380);
    expect(plan.platform_fee).toBe(27.6);
    expect(plan.grand_total).toBe(1407.6);
    expect(ACTIVITIES_PASS_USD).toBe(200);
  });

  it('fills the activities pass with the most activities it covers, in catalog order', async () => {
    // Reykjavik's four cheapest (0 + 10 + 80 + 90) fit in 200, five do not. In catalog order the Golden
    // Circle (90) and Blue Lagoon (90) leave 20: not the northern lights (80), but the tower (10) and
    // the free concert hall.
    const plan = await generator.generate({ destination: 'Reykjavik', budget: 5000 });
    expect(plan.activity_details).toEqual([
      { name: 'Golden Circle tour', price: 90 },
      { name: 'Blue Lagoon admission', price: 90 },
      { name: 'Hallgrímskirkja tower', price: 10 },
      { name: 'Harpa concert hall visit', price: 0 },
    ]);
    expect(plan.activities_total).toBe(200);
  });

  it.each(ALL_CASES.map((e) => [e.text, e] as const))(
    'never exceeds the budget and adds up exactly for %s',
    async (_text, e) => {
      for (const budget of budgetsFor(e)) {
        const plan = await generator.generate({ destination: e.text, budget });
        expectConsistentPlan(plan, e, budget);
      }
    },
  );

  it('is deterministic for the same input and clock', async () => {
    const other = createCatalogPlanGenerator({ now });
    for (const [destination, budget] of [
      ['Tokyo', 5000],
      ['Lyon, France', 2500],
      ['Atlantis', 4000],
    ] as const) {
      const first = await generator.generate({ destination, budget });
      expect(await generator.generate({ destination, budget })).toEqual(first);
      expect(await other.generate({ destination, budget })).toEqual(first);
    }
  });

  it('looks destinations up by alias, ignoring case and surrounding spaces', async () => {
    const expected = await generator.generate({ destination: 'New York', budget: 3000 });
    expect(expected.destination).toBe('New York');
    for (const destination of ['nyc', 'NYC', '  new york city ', 'NEW YORK', 'Manhattan', 'New York, NY']) {
      expect(await generator.generate({ destination, budget: 3000 })).toEqual(expected);
    }
    expect((await generator.generate({ destination: 'marrakesh', budget: 3000 })).destination).toBe(
      'Marrakech',
    );
    expect((await generator.generate({ destination: 'Paris, France', budget: 3000 })).destination).toBe(
      'Paris',
    );
  });

  it('plans unknown destinations from regional or generic defaults under the caller’s name', async () => {
    // The text as plan-store's rule hands it over: trimmed.
    const lyon = await generator.generate({
      destination: normalizeDestination('  Lyon, France '),
      budget: 2500,
    });
    expect(lyon.destination).toBe('Lyon, France');
    expect(lyon.flights.map((leg) => [leg.from_location, leg.to_location, leg.airline])).toEqual([
      ['JFK', 'Lyon, France', 'Lufthansa'],
      ['Lyon, France', 'JFK', 'Lufthansa'],
    ]);
    expect(['Lyon City Inn', 'Lyon Central Hotel', 'Lyon Grand Hotel']).toContain(lyon.hotels[0]?.name);
    expect(lyon.hotels[0]?.location).toBe('Lyon, France');
    expect(lyon.activities[0]).toBe('Guided old town walking tour');

    // Generic prices: 1200 fare + 7 nights at 180 (mid) = 2460, 2509.20 with the fee; luxury does not fit.
    const atlantis = await generator.generate({ destination: 'Atlantis', budget: 3000 });
    expect(atlantis.destination).toBe('Atlantis');
    expect(sum(atlantis.flights.map((leg) => leg.price))).toBe(1200);
    expect(atlantis.hotels[0]?.name).toBe('Atlantis Central Hotel');
    expect(atlantis.hotel_tier).toBe('mid');
    expect(atlantis.nights).toBe(7);
    expect(atlantis.activities).toContain('Guided city walking tour');
  });

  it.each(ALL_CASES.map((e) => [e.text, e] as const))(
    'refuses %s below its exact minimum budget',
    async (_text, e) => {
      const minimum = expectedMinimum(e);
      const error = await generator.generate({ destination: e.text, budget: minimum - 1 }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(BudgetTooSmallError);
      const tooSmall = error as BudgetTooSmallError;
      expect(tooSmall.code).toBe('BUDGET_TOO_SMALL');
      expect(tooSmall.destination).toBe(e.name);
      expect(tooSmall.minimumBudget).toBe(minimum);
      expect(tooSmall.message).toBe(
        `budget ${minimum - 1} is too small for a trip to ${e.name}: the minimum is ${minimum} USD`,
      );
      await expect(generator.generate({ destination: e.text, budget: 1 })).rejects.toMatchObject({
        minimumBudget: minimum,
      });

      const plan = await generator.generate({ destination: e.text, budget: minimum });
      expect(plan.nights).toBe(2);
      expect(plan.hotel_tier).toBe('budget');
      expect(cents(plan.grand_total)).toBeLessThanOrEqual(minimum * 100);
    },
  );

  it('reports the minimum for a concrete case', async () => {
    // Tokyo from JFK: 1200 fare + 2 * 130 + the 200 activities pass = 1660; * 1.02 = 1693.20.
    await expect(generator.generate({ destination: 'tokyo', budget: 150 })).rejects.toThrow(
      'budget 150 is too small for a trip to Tokyo: the minimum is 1694 USD',
    );
  });

  it.each(ALL_CASES.map((e) => [e.text, e] as const))(
    'never gives %s a shorter stay, or a lower tier for the same stay, on a bigger budget',
    async (_text, e) => {
      let previous: GeneratedPlan | undefined;
      for (let budget = expectedMinimum(e); budget <= 20_000; budget += 53) {
        const plan = await generator.generate({ destination: e.text, budget });
        if (previous) {
          expect(plan.nights!).toBeGreaterThanOrEqual(previous.nights!);
          if (plan.nights === previous.nights) {
            expect(TIER_RANK[plan.hotel_tier!]).toBeGreaterThanOrEqual(TIER_RANK[previous.hotel_tier!]);
            if (plan.hotel_tier === previous.hotel_tier) {
              expect(plan.activities).toEqual(previous.activities);
            }
          }
        }
        previous = plan;
      }
      // A big enough budget buys the longest stay in the best hotel.
      expect(previous?.nights).toBe(7);
      expect(previous?.hotel_tier).toBe('luxury');
    },
  );

  it('flies from the configured origin airport', async () => {
    const fromLondon = createCatalogPlanGenerator({ now, originAirport: ' lhr ' });
    const paris = await fromLondon.generate({ destination: 'Paris', budget: 3000 });
    expect(paris.origin).toBe('LHR');
    expect(paris.flights.map((leg) => [leg.from_location, leg.to_location, leg.price])).toEqual([
      ['LHR', 'CDG', 100],
      ['CDG', 'LHR', 100],
    ]);
    const newYork = await fromLondon.generate({ destination: 'New York', budget: 3000 });
    expect(newYork.flights.map((leg) => [leg.from_location, leg.to_location, leg.price])).toEqual([
      ['LHR', 'JFK', 375],
      ['JFK', 'LHR', 375],
    ]);
  });

  it('prices an unknown origin airport as North American', async () => {
    const fromUnknown = createCatalogPlanGenerator({ now, originAirport: 'XYZ' });
    const plan = await fromUnknown.generate({ destination: 'Rome', budget: 3000 });
    const fromJfkPlan = await generator.generate({ destination: 'Rome', budget: 3000 });
    expect(plan.flights.map((leg) => leg.from_location)).toEqual(['XYZ', 'FCO']);
    expect(plan.flights.map((leg) => leg.price)).toEqual(fromJfkPlan.flights.map((leg) => leg.price));
  });

  it('books no flights when the trip starts in the destination itself', async () => {
    for (const originAirport of ['JFK', 'EWR', 'LGA']) {
      const plan = await createCatalogPlanGenerator({ now, originAirport }).generate({
        destination: 'New York',
        budget: 1000,
      });
      expect(plan.flights).toEqual([]);
      expect(cents(plan.total_cost)).toBe(cents(plan.hotels[0]!.total) + PASS_CENTS);
    }
    const london = await createCatalogPlanGenerator({ now, originAirport: 'LGW' }).generate({
      destination: 'London',
      budget: 1000,
    });
    expect(london.flights).toEqual([]);
  });

  it('dates the trip from the UTC date of the clock plus the lead time', async () => {
    const at = (iso: string, departureLeadDays?: number) =>
      createCatalogPlanGenerator({ now: () => new Date(iso), departureLeadDays }).generate({
        destination: 'Lisbon',
        budget: 100_000,
      });
    const plan = await at('2025-03-10T23:30:00Z', 0);
    expect([plan.start_date, plan.end_date, plan.nights]).toEqual(['2025-03-10', '2025-03-17', 7]);
    expect(plan.flights.map((leg) => leg.dates)).toEqual([
      '2025-03-10 to 2025-03-17',
      '2025-03-10 to 2025-03-17',
    ]);
    // 23:30 in New York is already the next day in UTC.
    expect((await at('2025-03-10T23:30:00-05:00', 0)).start_date).toBe('2025-03-11');
    expect((await at('2024-02-28T12:00:00Z', 1)).start_date).toBe('2024-02-29');
    expect((await at('2024-02-28T12:00:00Z', 1)).end_date).toBe('2024-03-07');
    expect((await at('2025-12-20T00:00:00Z')).start_date).toBe('2026-01-19');

    const short = await createCatalogPlanGenerator({ now }).generate({ destination: 'Lisbon', budget: 1500 });
    const days = (Date.parse(short.end_date!) - Date.parse(short.start_date!)) / 86_400_000;
    expect(days).toBe(short.nights);
  });

  // Its input is checked by plan-store's rules before it runs (see the GeneratePlan tests).
  it('rejects invalid options', () => {
    expect(() => createCatalogPlanGenerator({ originAirport: 'London' })).toThrow(RangeError);
    expect(() => createCatalogPlanGenerator({ departureLeadDays: -1 })).toThrow(RangeError);
    expect(() => createCatalogPlanGenerator({ departureLeadDays: 1.5 })).toThrow(RangeError);
  });
});
