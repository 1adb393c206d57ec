import { formatUsd } from './money';
import type { GeneratedPlan } from './plan-generator';

// Plans stored by the legacy backend, or handed to CreatePlan, may lack keys the type promises, so
// every field is read defensively.
function list<T>(value: readonly T[] | undefined): readonly T[] {
  return Array.isArray(value) ? value : [];
}

function money(value: number | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? formatUsd(value) : 'n/a';
}

// Free text (a destination typed by a user, names in a stored plan) stays inline text: a line break
// or other control character becomes a space, so it can never start a line of its own (a heading, a
// list item, a table row), and markdown punctuation is escaped so it cannot format or break a table.
function text(value: unknown): string {
  return String(value ?? '')
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/[\\`*_[\]<>|]/g, (char) => `\\${char}`);
}

function tripDates(plan: GeneratedPlan): string | undefined {
  if (plan.start_date && plan.end_date) return `${plan.start_date} to ${plan.end_date}`;
  // Legacy plans only carry the dates on their flights.
  return list(plan.flights).find((leg) => leg?.dates)?.dates;
}

/**
 * Renders a plan as a readable markdown itinerary: title with destination and dates, flights, hotel,
 * activities and a cost summary. Works for legacy plans that carry only the legacy keys.
 */
export function formatPlanMarkdown(plan: GeneratedPlan): string {
  const lines: string[] = [];
  const dates = tripDates(plan);
  lines.push(`# Trip to ${text(plan.destination)}${dates ? ` (${text(dates)})` : ''}`);
  const facts: string[] = [];
  if (plan.origin) facts.push(`Departing from ${text(plan.origin)}`);
  if (typeof plan.nights === 'number') facts.push(`${plan.nights} ${plan.nights === 1 ? 'night' : 'nights'}`);
  if (facts.length > 0) lines.push('', facts.join(' · '));

  lines.push('', '## Flights', '');
  const flights = list(plan.flights);
  if (flights.length === 0) {
    lines.push('No flights: the trip starts at the destination.');
  } else {
    lines.push('| From | To | Airline | Dates | Price |', '| --- | --- | --- | --- | ---: |');
    for (const leg of flights) {
      lines.push(
        `| ${text(leg.from_location)} | ${text(leg.to_location)} | ${text(leg.airline)} | ${text(leg.dates)} | ${money(leg.price)} |`,
      );
    }
  }

  lines.push('', '## Hotel', '');
  const hotels = list(plan.hotels);
  if (hotels.length === 0) lines.push('No hotel booked.');
  for (const hotel of hotels) {
    const tier = plan.hotel_tier && hotels.length === 1 ? ` (${plan.hotel_tier})` : '';
    const stay =
      typeof hotel.nights === 'number'
        ? `${hotel.nights} × ${money(hotel.price_per_night)} per night = ${money(hotel.total)}`
        : money(hotel.total);
    lines.push(`- **${text(hotel.name)}**${tier}, ${text(hotel.location)}: ${stay}`);
  }

  lines.push('', '## Activities', '');
  const details = list(plan.activity_details);
  if (typeof plan.activities_total === 'number') {
    lines.push(`Activities pass: ${money(plan.activities_total)}, including (list prices):`, '');
  }
  if (details.length > 0) {
    for (const activity of details) {
      lines.push(`- ${text(activity.name)}: ${activity.price === 0 ? 'free' : money(activity.price)}`);
    }
  } else {
    const names = list(plan.activities);
    if (names.length === 0) lines.push('No activities planned.');
    for (const name of names) lines.push(`- ${text(name)}`);
  }

  lines.push(
    '',
    '## Cost summary',
    '',
    '| Item | Amount |',
    '| --- | ---: |',
    `| Total cost | ${money(plan.total_cost)} |`,
    `| Platform fee (2%) | ${money(plan.platform_fee)} |`,
    `| **Grand total** | **${money(plan.grand_total)}** |`,
  );
  return `${lines.join('\n')}\n`;
}
