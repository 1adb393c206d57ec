import type { Knex } from 'knex';

// Two sample plans, as the old system's init.sql inserted. Fixed ids make re-running a no-op.
const SAMPLES = [
  {
    id: '8b9f0a3e-5d1c-4f7a-9e2b-1c3d5e7f9a01',
    user_wallet: '0x1234567890123456789012345678901234567890',
    destination: 'Paris',
    budget: 2000,
    status: 'confirmed',
    plan_data: {
      destination: 'Paris',
      flights: [
        {
          from_location: 'JFK',
          to_location: 'CDG',
          airline: 'Air France',
          dates: '2024-08-01 to 2024-08-08',
          price: 640,
        },
      ],
      hotels: [{ name: 'Hotel Le Marais', location: 'Paris', price_per_night: 150, nights: 7, total: 1050 }],
      activities: ['Eiffel Tower visit', 'Louvre Museum tour', 'Seine River cruise'],
      total_cost: 1690,
      platform_fee: 33.8,
      grand_total: 1723.8,
    },
  },
  {
    id: '8b9f0a3e-5d1c-4f7a-9e2b-1c3d5e7f9a02',
    user_wallet: '0x9876543210987654321098765432109876543210',
    destination: 'Tokyo',
    budget: 3000,
    status: 'generated',
    plan_data: {
      destination: 'Tokyo',
      flights: [
        {
          from_location: 'LAX',
          to_location: 'HND',
          airline: 'ANA',
          dates: '2024-09-01 to 2024-09-08',
          price: 900,
        },
      ],
      hotels: [
        { name: 'Shinjuku Granbell', location: 'Tokyo', price_per_night: 200, nights: 7, total: 1400 },
      ],
      activities: ['Senso-ji Temple', 'Tokyo Skytree', 'Shibuya Crossing'],
      total_cost: 2300,
      platform_fee: 46,
      grand_total: 2346,
    },
  },
];

export async function seed(knex: Knex): Promise<void> {
  await knex('plans')
    .insert(SAMPLES.map((s) => ({ ...s, plan_data: JSON.stringify(s.plan_data) })))
    .onConflict('id')
    .ignore();
}
