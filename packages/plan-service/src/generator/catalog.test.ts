import { describe, expect, it } from 'vitest';
import {
  estimateRoundTripFare,
  fallbackHotelName,
  findDestination,
  guessRegion,
  normalizePlaceName,
  ORIGIN_AIRPORTS,
  resolveOrigin,
} from './catalog';
import {
  BASE_ROUND_TRIP_FARES,
  DESTINATIONS,
  GENERIC_DEFAULTS,
  HOTEL_TIERS,
  REGION_DEFAULTS,
  REGIONS,
} from './catalog-data';

describe('catalog destinations', () => {
  it('holds at least 30 destinations covering every region', () => {
    expect(DESTINATIONS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(DESTINATIONS.map((d) => d.region))).toEqual(new Set(REGIONS));
  });

  it.each(DESTINATIONS.map((d) => [d.city, d] as const))('%s is complete and consistent', (_city, d) => {
    expect(d.city.trim()).toBe(d.city);
    expect(d.country).not.toBe('');
    expect(REGIONS).toContain(d.region);
    expect(d.airport).toMatch(/^[A-Z]{3}$/);
    expect(Number.isFinite(d.fareAdjustment)).toBe(true);
    for (const alias of d.aliases) expect(alias).toBe(normalizePlaceName(alias));
    for (const tier of HOTEL_TIERS) {
      expect(d.hotels[tier].name).not.toBe('');
      expect(d.hotels[tier].pricePerNight).toBeGreaterThan(0);
    }
    // Tiers are ordered by price: the search relies on a better tier costing more.
    expect(d.hotels.budget.pricePerNight).toBeLessThan(d.hotels.mid.pricePerNight);
    expect(d.hotels.mid.pricePerNight).toBeLessThan(d.hotels.luxury.pricePerNight);
    expect(d.activities.length).toBeGreaterThanOrEqual(5);
    for (const activity of d.activities) {
      expect(activity.name).not.toBe('');
      expect(activity.price).toBeGreaterThanOrEqual(0);
      expect(Math.round(activity.price * 100) / 100).toBe(activity.price);
    }
    expect(new Set(d.activities.map((a) => a.name)).size).toBe(d.activities.length);
  });

  it('has no two destinations sharing a city name, alias or airport', () => {
    const keys = DESTINATIONS.flatMap((d) => [d.city, ...d.aliases].map(normalizePlaceName));
    const duplicates = keys.filter((key, index) => keys.indexOf(key) !== index);
    expect(duplicates).toEqual([]);
    const airports = DESTINATIONS.map((d) => d.airport);
    expect(new Set(airports).size).toBe(airports.length);
  });
});

describe('fallback prices', () => {
  it('define every region and a generic fallback with ordered tiers and at least 5 activities', () => {
    for (const fallback of [...REGIONS.map((region) => REGION_DEFAULTS[region]), GENERIC_DEFAULTS]) {
      expect(fallback.hotelPrices.budget).toBeLessThan(fallback.hotelPrices.mid);
      expect(fallback.hotelPrices.mid).toBeLessThan(fallback.hotelPrices.luxury);
      expect(fallback.activities.length).toBeGreaterThanOrEqual(5);
    }
    for (const region of REGIONS) expect(REGION_DEFAULTS[region].airline).not.toBe('');
    expect(GENERIC_DEFAULTS.roundTripFare).toBe(1200);
  });

  it('names hotels in unknown places after the place', () => {
    expect(fallbackHotelName('budget', 'Lyon')).toBe('Lyon City Inn');
    expect(fallbackHotelName('mid', 'Lyon')).toBe('Lyon Central Hotel');
    expect(fallbackHotelName('luxury', 'Lyon')).toBe('Lyon Grand Hotel');
  });
});

describe('fares', () => {
  it('price every region pair, with travel inside a region the cheapest from it', () => {
    for (const origin of REGIONS) {
      for (const destination of REGIONS) {
        expect(BASE_ROUND_TRIP_FARES[origin][destination]).toBeGreaterThan(0);
        expect(BASE_ROUND_TRIP_FARES[origin][destination]).toBeGreaterThanOrEqual(
          BASE_ROUND_TRIP_FARES[origin][origin],
        );
      }
    }
  });

  it('adds the destination adjustment and never goes below 100 USD', () => {
    expect(estimateRoundTripFare('north-america', 'europe')).toBe(800);
    expect(estimateRoundTripFare('north-america', 'europe', 50)).toBe(850);
    expect(estimateRoundTripFare('europe', 'europe', -150)).toBe(100);
    expect(estimateRoundTripFare('europe', 'europe', -500)).toBe(100);
  });
});

describe('origin airports', () => {
  it('include every catalog airport with its region and city', () => {
    for (const d of DESTINATIONS)
      expect(ORIGIN_AIRPORTS[d.airport]).toEqual({ region: d.region, city: d.city });
  });

  it('resolve codes case-insensitively and unknown ones to North America', () => {
    expect(resolveOrigin(' lhr ')).toEqual({ airport: 'LHR', known: true, region: 'europe', city: 'London' });
    expect(resolveOrigin('EWR')).toEqual({
      airport: 'EWR',
      known: true,
      region: 'north-america',
      city: 'New York',
    });
    expect(resolveOrigin('FRA')).toEqual({ airport: 'FRA', known: true, region: 'europe' });
    expect(resolveOrigin('XYZ')).toEqual({ airport: 'XYZ', known: false, region: 'north-america' });
  });
});

describe('findDestination', () => {
  it.each([
    ['Paris', 'Paris'],
    ['  paris  ', 'Paris'],
    ['PARIS', 'Paris'],
    ['Paris, France', 'Paris'],
    ['nyc', 'New York'],
    ['New  York   City', 'New York'],
    ['New York, NY', 'New York'],
    ['Reykjavík', 'Reykjavik'],
    ['İstanbul', 'Istanbul'],
    ['Marrakesh', 'Marrakech'],
    ['denpasar', 'Bali'],
    ['Ciudad de México', 'Mexico City'],
    ['Cancún', 'Cancun'],
  ])('finds %j as %s', (text, city) => {
    expect(findDestination(text)?.city).toBe(city);
  });

  it.each(['Atlantis', 'Paris, Texas', 'Lyon, France', '', 'Par is'])('does not find %j', (text) => {
    expect(findDestination(text)).toBeUndefined();
  });
});

describe('guessRegion', () => {
  it.each([
    ['Lyon, France', 'europe'],
    ['Paris, Texas', 'north-america'],
    ['Santa Fe, New Mexico', 'north-america'],
    ['Oaxaca, Mexico', 'latin-america'],
    ['Chiang Mai, Thailand', 'asia'],
    ['Shibuya, Tokyo', 'asia'],
    ['Byron Bay, New South Wales', 'oceania'],
    ['Muscat, Oman', 'middle-east'],
    ['Zanzibar', 'africa'],
  ])('places %j in %s', (text, region) => {
    expect(guessRegion(text)).toBe(region);
  });

  it.each(['Atlantis', 'Springfield', 'La Rochelle'])('cannot place %j', (text) => {
    expect(guessRegion(text)).toBeUndefined();
  });
});
