import { describe, expect, it } from 'vitest';
import { createCatalogPlanGenerator } from './catalog-generator';
import { formatPlanMarkdown } from './format-plan';
import type { GeneratedPlan } from './plan-generator';

const generator = createCatalogPlanGenerator({ now: () => new Date('2025-03-10T12:00:00Z') });

describe('formatPlanMarkdown', () => {
  it('renders a generated plan with destination, dates, flights, hotel, activities and costs', async () => {
    const plan = await generator.generate({ destination: 'Rome', budget: 4000 });
    const markdown = formatPlanMarkdown(plan);
    const lines = markdown.split('\n');

    expect(lines[0]).toBe('# Trip to Rome (2025-04-09 to 2025-04-16)');
    expect(lines).toContain('| JFK | FCO | ITA Airways | 2025-04-09 to 2025-04-16 | $400.00 |');
    expect(lines).toContain('| FCO | JFK | ITA Airways | 2025-04-09 to 2025-04-16 | $400.00 |');
    expect(lines).toContain(
      `- **${plan.hotels[0]?.name}** (${plan.hotel_tier}), Rome, Italy: 7 × $230.00 per night = $1,610.00`,
    );
    expect(plan.activity_details?.length).toBeGreaterThan(0);
    for (const activity of plan.activity_details ?? []) {
      const price = activity.price === 0 ? 'free' : `$${activity.price.toFixed(2)}`;
      expect(lines).toContain(`- ${activity.name}: ${price}`);
    }
    expect(lines).toContain('Activities pass: $200.00, including (list prices):');
    expect(lines).toContain('| Total cost | $2,610.00 |');
    expect(lines).toContain('| Platform fee (2%) | $52.20 |');
    expect(lines).toContain('| **Grand total** | **$2,662.20** |');
    expect(plan.grand_total).toBe(2662.2);
  });

  it('lists free activities as free', async () => {
    const plan = await generator.generate({ destination: 'Paris', budget: 3000 });
    expect(formatPlanMarkdown(plan)).toContain('- Montmartre and Sacré-Cœur walk: free');
  });

  it('renders a legacy plan that has only the legacy keys', () => {
    const legacy: GeneratedPlan = {
      destination: 'Paris',
      flights: [
        {
          from_location: 'New York',
          to_location: 'Paris',
          airline: 'Air France',
          dates: '2024-06-01 to 2024-06-08',
          price: 450.5,
        },
      ],
      hotels: [{ name: 'Hotel Lutetia', location: 'Paris', price_per_night: 120, nights: 7, total: 840 }],
      activities: ['Louvre Museum', 'Eiffel Tower'],
      total_cost: 1234.5,
      platform_fee: 24.69,
      grand_total: 1259.19,
    };
    const markdown = formatPlanMarkdown(legacy);
    expect(markdown.split('\n')[0]).toBe('# Trip to Paris (2024-06-01 to 2024-06-08)');
    expect(markdown).toContain('| New York | Paris | Air France | 2024-06-01 to 2024-06-08 | $450.50 |');
    expect(markdown).toContain('- **Hotel Lutetia**, Paris: 7 × $120.00 per night = $840.00');
    expect(markdown).toContain('- Louvre Museum\n');
    expect(markdown).toContain('- Eiffel Tower\n');
    expect(markdown).toContain('| Total cost | $1,234.50 |');
    expect(markdown).toContain('| Platform fee (2%) | $24.69 |');
    expect(markdown).toContain('| **Grand total** | **$1,259.19** |');
  });

  it('does not fail on a stored plan missing legacy keys', () => {
    const partial = { destination: 'Somewhere' } as unknown as GeneratedPlan;
    const markdown = formatPlanMarkdown(partial);
    expect(markdown.split('\n')[0]).toBe('# Trip to Somewhere');
    expect(markdown).toContain('No activities planned.');
    expect(markdown).toContain('| **Grand total** | **n/a** |');
  });

  it('says so when there are no flights', async () => {
    const plan = await generator.generate({ destination: 'New York', budget: 2000 });
    expect(formatPlanMarkdown(plan)).toContain('No flights: the trip starts at the destination.');
  });

  it('escapes markdown in free text', async () => {
    const plan = await generator.generate({ destination: 'Tiny | *Town*', budget: 5000 });
    expect(formatPlanMarkdown(plan)).toContain('# Trip to Tiny \\| \\*Town\\* (');
  });

  it('keeps free text inline: a line break or escape sequence cannot start a heading, item or row', async () => {
    const plan = await generator.generate({ destination: 'Paris', budget: 3000 });
    const hostile = 'Nice\n# Injected heading\r\n- injected item\u2028| a | row |\u001b[31m';
    const markdown = formatPlanMarkdown({
      ...plan,
      destination: hostile,
      hotels: plan.hotels.map((hotel) => ({ ...hotel, name: hostile, location: hostile })),
      activity_details: [{ name: hostile, price: 0 }],
    });
    const lines = markdown.split('\n');
    expect(
      lines[0]?.startsWith('# Trip to Nice # Injected heading - injected item \\| a \\| row \\| \\[31m ('),
    ).toBe(true);
    expect(lines.filter((line) => line.startsWith('# '))).toHaveLength(1);
    expect(lines.some((line) => line.startsWith('- injected') || line.startsWith('| a '))).toBe(false);
    // No control character but the newlines that separate the lines.
    expect(markdown.replaceAll('\n', '')).not.toMatch(/[\p{Cc}\u2028\u2029]/u);
  });
});
