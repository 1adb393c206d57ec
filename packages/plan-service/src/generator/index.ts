export type {
  CatalogActivity,
  CatalogDestination,
  CatalogHotel,
  FallbackPrices,
  OriginAirport,
  Region,
  ResolvedOrigin,
} from './catalog';
export {
  BASE_ROUND_TRIP_FARES,
  DESTINATIONS,
  estimateRoundTripFare,
  findDestination,
  GENERIC_DEFAULTS,
  guessRegion,
  HOTEL_TIERS,
  ORIGIN_AIRPORTS,
  REGION_DEFAULTS,
  REGIONS,
  resolveOrigin,
} from './catalog';
export type { CatalogPlanGeneratorOptions } from './catalog-generator';
export { CATALOG_GENERATOR_ID, createCatalogPlanGenerator } from './catalog-generator';
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
