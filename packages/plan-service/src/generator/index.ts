export type { ResolvedOrigin } from './catalog';
export {
  estimateRoundTripFare,
  findDestination,
  guessRegion,
  ORIGIN_AIRPORTS,
  resolveOrigin,
} from './catalog';
export type {
  CatalogActivity,
  CatalogDestination,
  CatalogHotel,
  FallbackPrices,
  OriginAirport,
  Region,
} from './catalog-data';
export {
  BASE_ROUND_TRIP_FARES,
  DESTINATIONS,
  GENERIC_DEFAULTS,
  HOTEL_TIERS,
  REGION_DEFAULTS,
  REGIONS,
} from './catalog-data';
export type { CatalogPlanGeneratorOptions } from './catalog-generator';
export { ACTIVITIES_PASS_USD, CATALOG_GENERATOR_ID, createCatalogPlanGenerator } from './catalog-generator';
export { formatPlanMarkdown } from './format-plan';
export { formatUsd } from './money';
export type {
  ActivityDetail,
  FlightLeg,
  GeneratedPlan,
  GeneratePlanInput,
  HotelStay,
  HotelTier,
  PlanGenerator,
} from './plan-generator';
export { BudgetTooSmallError } from './plan-generator';
