import type { HotelTier } from './plan-generator';

/** A coarse world region, the unit that flight fares and fallback prices are estimated by. */
export type Region =
  | 'europe'
  | 'middle-east'
  | 'africa'
  | 'asia'
  | 'oceania'
  | 'north-america'
  | 'latin-america';

/** Every region, in a fixed order. */
export const REGIONS: readonly Region[] = [
  'europe',
  'middle-east',
  'africa',
  'asia',
  'oceania',
  'north-america',
  'latin-america',
];

/** Every hotel tier, cheapest first. */
export const HOTEL_TIERS: readonly HotelTier[] = ['budget', 'mid', 'luxury'];

/** A named hotel and its typical nightly price in USD. */
export interface CatalogHotel {
  name: string;
  pricePerNight: number;
}

/** A named activity and its typical price per person in USD (0 when free). */
export interface CatalogActivity {
  name: string;
  price: number;
}

/** A destination the catalog knows: where it is, how to fly there, where to stay and what to do. */
export interface CatalogDestination {
  /** The canonical city name plans carry. */
  city: string;
  country: string;
  region: Region;
  /** The IATA code of the airport trips fly into. */
  airport: string;
  /** Other lowercase names the city is looked up by. */
  aliases: readonly string[];
  /** USD added to the region's base fare: negative for well-served hubs, positive for extra connections. */
  fareAdjustment: number;
  /** The carrier flown there, when it differs from the region's default carrier. */
  airline?: string;
  hotels: Readonly<Record<HotelTier, CatalogHotel>>;
  /** The activities, most characteristic first; plans pick from them in this order. */
  activities: readonly CatalogActivity[];
}

/** The built-in destinations. */
export const DESTINATIONS: readonly CatalogDestination[] = [
  // Europe
  {
    city: 'Paris',
    country: 'France',
    region: 'europe',
    airport: 'CDG',
    aliases: ['city of light'],
    fareAdjustment: 0,
    airline: 'Air France',
    hotels: {
      budget: { name: 'Generator Paris', pricePerNight: 95 },
      mid: { name: 'Pullman Paris Tour Eiffel', pricePerNight: 330 },
      luxury: { name: 'Le Meurice', pricePerNight: 1450 },
    },
    activities: [
      { name: 'Louvre Museum admission', price: 24 },
      { name: 'Eiffel Tower summit ticket', price: 39 },
      { name: 'Seine river cruise', price: 22 },
      { name: "Musée d'Orsay admission", price: 18 },
      { name: 'Montmartre and Sacré-Cœur walk', price: 0 },
      { name: 'Palace of Versailles day trip', price: 35 },
    ],
  },
  {
    city: 'London',
    country: 'United Kingdom',
    region: 'europe',
    airport: 'LHR',
    aliases: [],
    fareAdjustment: 50,
    airline: 'British Airways',
    hotels: {
      budget: { name: 'Premier Inn London County Hall', pricePerNight: 150 },
      mid: { name: 'The Hoxton, Holborn', pricePerNight: 260 },
      luxury: { name: 'The Savoy', pricePerNight: 900 },
    },
    activities: [
      { name: 'Tower of London admission', price: 44 },
      { name: 'British Museum visit', price: 0 },
      { name: 'London Eye ticket', price: 38 },
      { name: 'Westminster Abbey admission', price: 37 },
      { name: 'Thames river cruise', price: 25 },
      { name: 'West End theatre ticket', price: 85 },
    ],
  },
  {
    city: 'Rome',
    country: 'Italy',
    region: 'europe',
    airport: 'FCO',
    aliases: ['roma'],
    fareAdjustment: 0,
    airline: 'ITA Airways',
    hotels: {
      budget: { name: 'Generator Rome', pricePerNight: 90 },
      mid: { name: 'Hotel Artemide', pricePerNight: 230 },
      luxury: { name: 'Hotel de Russie', pricePerNight: 1100 },
    },
    activities: [
      { name: 'Colosseum and Roman Forum ticket', price: 20 },
      { name: 'Vatican Museums and Sistine Chapel', price: 25 },
      { name: 'Pantheon admission', price: 6 },
      { name: 'Borghese Gallery admission', price: 20 },
      { name: 'Trastevere food tour', price: 95 },
      { name: 'Trevi Fountain and Spanish Steps walk', price: 0 },
    ],
  },
  {
    city: 'Barcelona',
    country: 'Spain',
    region: 'europe',
    airport: 'BCN',
    aliases: [],
    fareAdjustment: 0,
    airline: 'Iberia',
    hotels: {
      budget: { name: 'Generator Barcelona', pricePerNight: 80 },
      mid: { name: 'H10 Metropolitan', pricePerNight: 220 },
      luxury: { name: 'Hotel Arts Barcelona', pricePerNight: 650 },
    },
    activities: [
      { name: 'Sagrada Família admission', price: 33 },
      { name: 'Park Güell admission', price: 20 },
      { name: 'Casa Batlló visit', price: 40 },
      { name: 'Picasso Museum admission', price: 17 },
      { name: 'Gothic Quarter walking tour', price: 0 },
      { name: 'Flamenco show', price: 50 },
    ],
  },
  {
    city: 'Madrid',
    country: 'Spain',
    region: 'europe',
    airport: 'MAD',
    aliases: [],
    fareAdjustment: 0,
    airline: 'Iberia',
    hotels: {
      budget: { name: 'Generator Madrid', pricePerNight: 80 },
      mid: { name: 'Only You Boutique Hotel Madrid', pricePerNight: 230 },
      luxury: { name: 'Mandarin Oriental Ritz, Madrid', pricePerNight: 1100 },
    },
    activities: [
      { name: 'Prado Museum admission', price: 16 },
      { name: 'Royal Palace of Madrid admission', price: 15 },
      { name: 'Reina Sofía Museum admission', price: 13 },
      { name: 'Rowing boat on the Retiro lake', price: 7 },
      { name: 'Tapas tour in La Latina', price: 80 },
      { name: 'Flamenco show', price: 45 },
    ],
  },
  {
    city: 'Amsterdam',
    country: 'Netherlands',
    region: 'europe',
    airport: 'AMS',
    aliases: [],
    fareAdjustment: 0,
    airline: 'KLM',
    hotels: {
      budget: { name: 'Generator Amsterdam', pricePerNight: 100 },
      mid: { name: 'Hotel V Nesplein', pricePerNight: 230 },
      luxury: { name: 'Waldorf Astoria Amsterdam', pricePerNight: 950 },
    },
    activities: [
      { name: 'Rijksmuseum admission', price: 25 },
      { name: 'Van Gogh Museum admission', price: 24 },
      { name: 'Anne Frank House visit', price: 18 },
      { name: 'Canal cruise', price: 20 },
      { name: 'Day bike rental', price: 16 },
      { name: 'Jordaan walking tour', price: 0 },
    ],
  },
  {
    city: 'Berlin',
    country: 'Germany',
    region: 'europe',
    airport: 'BER',
    aliases: [],
    fareAdjustment: 0,
    airline: 'Lufthansa',
    hotels: {
      budget: { name: 'Motel One Berlin-Alexanderplatz', pricePerNight: 110 },
      mid: { name: 'Hotel Zoo Berlin', pricePerNight: 210 },
      luxury: { name: 'Hotel Adlon Kempinski', pricePerNight: 520 },
    },
    activities: [
      { name: 'Reichstag dome visit', price: 0 },
      { name: 'Museum Island day pass', price: 26 },
      { name: 'Berlin Wall Memorial and East Side Gallery', price: 0 },
      { name: 'TV Tower observation deck', price: 28 },
      { name: 'Street food tour in Kreuzberg', price: 70 },
      { name: 'Sachsenhausen memorial guided tour', price: 35 },
    ],
  },
  {
    city: 'Prague',
    country: 'Czechia',
    region: 'europe',
    airport: 'PRG',
    aliases: ['praha'],
    fareAdjustment: 50,
    hotels: {
      budget: { name: 'Czech Inn', pricePerNight: 55 },
      mid: { name: 'Hotel Josef', pricePerNight: 170 },
      luxury: { name: 'Four Seasons Hotel Prague', pricePerNight: 650 },
    },
    activities: [
      { name: 'Prague Castle circuit ticket', price: 20 },
      { name: 'Old Town Hall and Astronomical Clock tower', price: 15 },
      { name: 'Vltava river cruise', price: 25 },
      { name: 'Charles Bridge and Old Town walk', price: 0 },
      { name: 'Jewish Museum in Prague', price: 23 },
      { name: 'Czech beer tasting', price: 45 },
    ],
  },
  {
    city: 'Vienna',
    country: 'Austria',
    region: 'europe',
    airport: 'VIE',
    aliases: ['wien'],
    fareAdjustment: 0,
    airline: 'Austrian Airlines',
    hotels: {
      budget: { name: "Wombat's City Hostel Vienna Naschmarkt", pricePerNight: 70 },
      mid: { name: 'The Guesthouse Vienna', pricePerNight: 220 },
      luxury: { name: 'Hotel Sacher Wien', pricePerNight: 700 },
    },
    activities: [
      { name: 'Schönbrunn Palace Grand Tour', price: 35 },
      { name: 'Upper Belvedere and The Kiss', price: 24 },
      { name: 'Vienna State Opera guided tour', price: 16 },
      { name: "St. Stephen's Cathedral visit", price: 0 },
      { name: 'Sachertorte at Café Sacher', price: 12 },
      { name: 'Spanish Riding School performance', price: 80 },
    ],
  },
  {
    city: 'Lisbon',
    country: 'Portugal',
    region: 'europe',
    airport: 'LIS',
    aliases: ['lisboa'],
    fareAdjustment: -100,
    airline: 'TAP Air Portugal',
    hotels: {
      budget: { name: 'Lisbon Destination Hostel', pricePerNight: 60 },
      mid: { name: 'Memmo Alfama', pricePerNight: 260 },
      luxury: { name: 'Four Seasons Hotel Ritz Lisbon', pricePerNight: 750 },
    },
    activities: [
      { name: 'Tram 28 ride', price: 3.4 },
      { name: 'Jerónimos Monastery admission', price: 20 },
      { name: 'Belém Tower admission', price: 11 },
      { name: 'Sintra day trip', price: 75 },
      { name: 'Fado dinner show', price: 70 },
      { name: 'Alfama walking tour', price: 0 },
    ],
  },
  {
    city: 'Dublin',
    country: 'Ireland',
    region: 'europe',
    airport: 'DUB',
    aliases: ['baile atha cliath'],
    fareAdjustment: -150,
    airline: 'Aer Lingus',
    hotels: {
      budget: { name: 'Generator Dublin', pricePerNight: 100 },
      mid: { name: 'The Dean Dublin', pricePerNight: 260 },
      luxury: { name: 'The Shelbourne', pricePerNight: 650 },
    },
    activities: [
      { name: 'Guinness Storehouse experience', price: 30 },
      { name: 'Book of Kells at Trinity College', price: 28 },
      { name: 'Kilmainham Gaol tour', price: 10 },
      { name: 'Jameson Distillery Bow St. tour', price: 30 },
      { name: 'Cliffs of Moher day trip', price: 75 },
      { name: 'Traditional music in Temple Bar', price: 0 },
    ],
  },
  {
    city: 'Athens',
    country: 'Greece',
    region: 'europe',
    airport: 'ATH',
    aliases: ['athina'],
    fareAdjustment: 50,
    airline: 'Aegean Airlines',
    hotels: {
      budget: { name: 'City Circus Athens', pricePerNight: 75 },
      mid: { name: 'Electra Palace Athens', pricePerNight: 210 },
      luxury: { name: 'Hotel Grande Bretagne', pricePerNight: 600 },
    },
    activities: [
      { name: 'Acropolis admission', price: 33 },
      { name: 'Acropolis Museum admission', price: 22 },
      { name: 'Ancient Agora admission', price: 22 },
      { name: 'Cape Sounion sunset tour', price: 65 },
      { name: 'Plaka walking tour', price: 0 },
      { name: 'Greek cooking class', price: 85 },
    ],
  },
  {
    city: 'Istanbul',
    country: 'Turkey',
    region: 'europe',
    airport: 'IST',
    aliases: ['constantinople'],
    fareAdjustment: -100,
    airline: 'Turkish Airlines',
    hotels: {
      budget: { name: 'Cheers Hostel', pricePerNight: 45 },
      mid: { name: 'Pera Palace Hotel', pricePerNight: 230 },
      luxury: { name: 'Çırağan Palace Kempinski', pricePerNight: 750 },
    },
    activities: [
      { name: 'Hagia Sophia visit', price: 28 },
      { name: 'Topkapı Palace admission', price: 50 },
      { name: 'Blue Mosque visit', price: 0 },
      { name: 'Bosphorus cruise', price: 20 },
      { name: 'Basilica Cistern admission', price: 30 },
      { name: 'Traditional hammam', price: 70 },
    ],
  },
  {
    city: 'Reykjavik',
    country: 'Iceland',
    region: 'europe',
    airport: 'KEF',
    aliases: [],
    fareAdjustment: -150,
    airline: 'Icelandair',
    hotels: {
      budget: { name: 'Kex Hostel', pricePerNight: 110 },
      mid: { name: 'Center Hotels Plaza', pricePerNight: 220 },
      luxury: { name: 'The Reykjavik EDITION', pricePerNight: 650 },
    },
    activities: [
      { name: 'Golden Circle tour', price: 90 },
      { name: 'Blue Lagoon admission', price: 90 },
      { name: 'Northern lights tour', price: 80 },
      { name: 'Hallgrímskirkja tower', price: 10 },
      { name: 'Whale watching tour', price: 100 },
      { name: 'Harpa concert hall visit', price: 0 },
    ],
  },
  // Middle East
  {
    city: 'Dubai',
    country: 'United Arab Emirates',
    region: 'middle-east',
    airport: 'DXB',
    aliases: [],
    fareAdjustment: -100,
    airline: 'Emirates',
    hotels: {
      budget: { name: 'Rove Downtown', pricePerNight: 100 },
      mid: { name: 'JW Marriott Marquis Dubai', pricePerNight: 240 },
      luxury: { name: 'Burj Al Arab Jumeirah', pricePerNight: 1800 },
    },
    activities: [
      { name: 'Burj Khalifa At the Top', price: 46 },
      { name: 'Desert safari with dinner', price: 70 },
      { name: 'Museum of the Future', price: 41 },
      { name: 'Dubai Frame', price: 14 },
      { name: 'Dubai Fountain show', price: 0 },
      { name: 'Abra ride across Dubai Creek', price: 0.5 },
    ],
  },
  {
    city: 'Doha',
    country: 'Qatar',
    region: 'middle-east',
    airport: 'DOH',
    aliases: [],
    fareAdjustment: 0,
    airline: 'Qatar Airways',
    hotels: {
      budget: { name: 'Best Western Plus Doha', pricePerNight: 80 },
      mid: { name: 'Souq Waqif Boutique Hotels by Tivoli', pricePerNight: 200 },
      luxury: { name: 'Mandarin Oriental, Doha', pricePerNight: 450 },
    },
    activities: [
      { name: 'Museum of Islamic Art', price: 14 },
      { name: 'National Museum of Qatar', price: 14 },
      { name: 'Inland Sea desert safari', price: 80 },
      { name: 'Souq Waqif evening walk', price: 0 },
      { name: 'Dhow cruise on Doha Bay', price: 30 },
      { name: 'Katara Cultural Village', price: 0 },
    ],
  },
  // Africa
  {
    city: 'Cape Town',
    country: 'South Africa',
    region: 'africa',
    airport: 'CPT',
    aliases: ['kaapstad'],
    fareAdjustment: 200,
    airline: 'South African Airways',
    hotels: {
      budget: { name: 'Once in Cape Town', pricePerNight: 60 },
      mid: { name: 'Radisson RED Hotel V&A Waterfront', pricePerNight: 170 },
      luxury: { name: 'The Silo Hotel', pricePerNight: 1200 },
    },
    activities: [
      { name: 'Table Mountain Aerial Cableway', price: 25 },
      { name: 'Robben Island tour', price: 33 },
      { name: 'Cape Point and Boulders Beach tour', price: 80 },
      { name: 'Kirstenbosch Botanical Garden', price: 13 },
      { name: 'Bo-Kaap walking tour', price: 0 },
      { name: 'Constantia wine tasting', price: 30 },
    ],
  },
  {
    city: 'Marrakech',
    country: 'Morocco',
    region: 'africa',
    airport: 'RAK',
    aliases: ['marrakesh'],
    fareAdjustment: -100,
    airline: 'Royal Air Maroc',
    hotels: {
      budget: { name: 'Equity Point Marrakech', pricePerNight: 30 },
      mid: { name: 'Riad Yasmine', pricePerNight: 150 },
      luxury: { name: 'La Mamounia', pricePerNight: 900 },
    },
    activities: [
      { name: 'Jardin Majorelle admission', price: 17 },
      { name: 'Bahia Palace admission', price: 10 },
      { name: 'Jemaa el-Fnaa evening', price: 0 },
      { name: 'Atlas Mountains day trip', price: 45 },
      { name: 'Traditional hammam', price: 40 },
      { name: 'Moroccan cooking class', price: 50 },
    ],
  },
  {
    city: 'Cairo',
    country: 'Egypt',
    region: 'africa',
    airport: 'CAI',
    aliases: ['al qahirah'],
    fareAdjustment: -100,
    airline: 'EgyptAir',
    hotels: {
      budget: { name: 'Steigenberger Hotel El Tahrir', pricePerNight: 90 },
      mid: { name: 'Cairo Marriott Hotel & Omar Khayyam Casino', pricePerNight: 200 },
      luxury: { name: 'Four Seasons Hotel Cairo at Nile Plaza', pricePerNight: 400 },
    },
    activities: [
      { name: 'Giza Pyramids plateau', price: 14 },
      { name: 'Grand Egyptian Museum', price: 25 },
      { name: 'Egyptian Museum in Tahrir Square', price: 11 },
      { name: 'Saqqara and Memphis tour', price: 60 },
      { name: 'Nile felucca ride', price: 15 },
      { name: 'Khan el-Khalili bazaar', price: 0 },
    ],
  },
  {
    city: 'Nairobi',
    country: 'Kenya',
    region: 'africa',
    airport: 'NBO',
    aliases: [],
    fareAdjustment: 0,
    airline: 'Kenya Airways',
    hotels: {
      budget: { name: 'Ibis Styles Nairobi Westlands', pricePerNight: 70 },
      mid: { name: 'Sankara Nairobi', pricePerNight: 190 },
      luxury: { name: 'Giraffe Manor', pricePerNight: 1800 },
    },
    activities: [
      { name: 'Nairobi National Park game drive', price: 100 },
      { name: 'Sheldrick Wildlife Trust elephant orphanage', price: 15 },
      { name: 'Giraffe Centre', price: 15 },
      { name: 'Karen Blixen Museum', price: 12 },
      { name: 'Kazuri bead factory tour', price: 0 },
      { name: 'Bomas of Kenya cultural show', price: 10 },
    ],
  },
  // Asia
  {
    city: 'Tokyo',
    country: 'Japan',
    region: 'asia',
    airport: 'HND',
    aliases: ['tokio'],
    fareAdjustment: 0,
    airline: 'Japan Airlines',
    hotels: {
      budget: { name: 'Hotel Gracery Shinjuku', pricePerNight: 130 },
      mid: { name: 'Keio Plaza Hotel Tokyo', pricePerNight: 220 },
      luxury: { name: 'The Peninsula Tokyo', pricePerNight: 900 },
    },
    activities: [
      { name: 'Senso-ji temple in Asakusa', price: 0 },
      { name: 'teamLab Planets', price: 27 },
      { name: 'Shibuya Sky observation deck', price: 17 },
      { name: 'Tsukiji outer market food tour', price: 90 },
      { name: 'Meiji Shrine and Harajuku walk', price: 0 },
      { name: 'Tokyo Skytree observation deck', price: 22 },
    ],
  },
  {
    city: 'Kyoto',
    country: 'Japan',
    region: 'asia',
    airport: 'KIX',
    aliases: [],
    fareAdjustment: 50,
    airline: 'Japan Airlines',
    hotels: {
      budget: { name: 'Piece Hostel Sanjo', pricePerNight: 60 },
      mid: { name: 'Hotel Granvia Kyoto', pricePerNight: 250 },
      luxury: { name: 'The Ritz-Carlton, Kyoto', pricePerNight: 1200 },
    },
    activities: [
      { name: 'Fushimi Inari Taisha', price: 0 },
      { name: 'Kinkaku-ji (Golden Pavilion)', price: 3.4 },
      { name: 'Kiyomizu-dera', price: 2.7 },
      { name: 'Arashiyama bamboo grove', price: 0 },
      { name: 'Tea ceremony', price: 40 },
      { name: 'Gion evening walking tour', price: 30 },
    ],
  },
  {
    city: 'Seoul',
    country: 'South Korea',
    region: 'asia',
    airport: 'ICN',
    aliases: [],
    fareAdjustment: 0,
    airline: 'Korean Air',
    hotels: {
      budget: { name: 'Nine Tree Hotel Myeongdong', pricePerNight: 100 },
      mid: { name: 'L7 Myeongdong by Lotte', pricePerNight: 150 },
      luxury: { name: 'The Shilla Seoul', pricePerNight: 450 },
    },
    activities: [
      { name: 'Gyeongbokgung Palace', price: 2.2 },
      { name: 'N Seoul Tower observatory', price: 15 },
      { name: 'DMZ tour', price: 90 },
      { name: 'Bukchon Hanok Village walk', price: 0 },
      { name: 'Korean barbecue food tour', price: 75 },
      { name: 'Lotte World Tower Seoul Sky', price: 22 },
    ],
  },
  {
    city: 'Bangkok',
    country: 'Thailand',
    region: 'asia',
    airport: 'BKK',
    aliases: ['krung thep'],
    fareAdjustment: 0,
    airline: 'Thai Airways',
    hotels: {
      budget: { name: 'Lub d Bangkok Silom', pricePerNight: 35 },
      mid: { name: 'Hotel Muse Bangkok', pricePerNight: 170 },
      luxury: { name: 'Mandarin Oriental, Bangkok', pricePerNight: 700 },
    },
    activities: [
      { name: 'Grand Palace and Wat Phra Kaew', price: 14 },
      { name: 'Wat Pho', price: 9 },
      { name: 'Wat Arun', price: 6 },
      { name: 'Damnoen Saduak floating market trip', price: 45 },
      { name: 'Thai cooking class', price: 40 },
      { name: 'Chinatown street food walk', price: 0 },
    ],
  },
  {
    city: 'Singapore',
    country: 'Singapore',
    region: 'asia',
    airport: 'SIN',
    aliases: [],
    fareAdjustment: 0,
    airline: 'Singapore Airlines',
    hotels: {
      budget: { name: 'Hotel G Singapore', pricePerNight: 140 },
      mid: { name: 'Parkroyal Collection Pickering', pricePerNight: 300 },
      luxury: { name: 'Raffles Singapore', pricePerNight: 1100 },
    },
    activities: [
      { name: 'Gardens by the Bay conservatories', price: 40 },
      { name: 'Singapore Zoo', price: 36 },
      { name: 'Universal Studios Singapore', price: 63 },
      { name: 'Hawker centre food tour', price: 60 },
      { name: 'Marina Bay light show', price: 0 },
      { name: 'Night Safari', price: 43 },
    ],
  },
  {
    city: 'Bali',
    country: 'Indonesia',
    region: 'asia',
    airport: 'DPS',
    aliases: ['denpasar'],
    fareAdjustment: 150,
    airline: 'Garuda Indonesia',
    hotels: {
      budget: { name: 'POP! Hotel Kuta Beach', pricePerNight: 45 },
      mid: { name: 'Alaya Resort Ubud', pricePerNight: 180 },
      luxury: { name: 'Four Seasons Resort Bali at Sayan', pricePerNight: 900 },
    },
    activities: [
      { name: 'Uluwatu Temple and Kecak dance', price: 13 },
      { name: 'Tegallalang rice terraces', price: 2 },
      { name: 'Sacred Monkey Forest Sanctuary', price: 5 },
      { name: 'Mount Batur sunrise trek', price: 45 },
      { name: 'Balinese cooking class', price: 35 },
      { name: 'Tanah Lot temple', price: 5 },
    ],
  },
  {
    city: 'Hong Kong',
    country: 'China',
    region: 'asia',
    airport: 'HKG',
    aliases: ['hongkong', 'hk'],
    fareAdjustment: 0,
    airline: 'Cathay Pacific',
    hotels: {
      budget: { name: 'Mini Hotel Central', pricePerNight: 90 },
      mid: { name: 'Hotel ICON', pricePerNight: 250 },
      luxury: { name: 'The Peninsula Hong Kong', pricePerNight: 900 },
    },
    activities: [
      { name: 'Peak Tram and Sky Terrace 428', price: 15 },
      { name: 'Star Ferry across Victoria Harbour', price: 0.7 },
      { name: 'Ngong Ping 360 cable car and Tian Tan Buddha', price: 35 },
      { name: 'Dim sum food tour', price: 90 },
      { name: 'Symphony of Lights', price: 0 },
      { name: 'Hong Kong Palace Museum', price: 7 },
    ],
  },
  {
    city: 'Hanoi',
    country: 'Vietnam',
    region: 'asia',
    airport: 'HAN',
    aliases: ['ha noi'],
    fareAdjustment: 100,
    airline: 'Vietnam Airlines',
    hotels: {
      budget: { name: 'Little Charm Hanoi Hostel', pricePerNight: 25 },
      mid: { name: 'Hanoi La Siesta Hotel & Spa', pricePerNight: 110 },
      luxury: { name: 'Sofitel Legend Metropole Hanoi', pricePerNight: 400 },
    },
    activities: [
      { name: 'Ha Long Bay day cruise', price: 70 },
      { name: 'Temple of Literature', price: 1.2 },
      { name: 'Thang Long water puppet show', price: 6 },
      { name: 'Old Quarter street food tour', price: 25 },
      { name: 'Hoa Lo Prison relic', price: 2 },
      { name: 'Hoan Kiem Lake walk', price: 0 },
    ],
  },
  {
    city: 'Delhi',
    country: 'India',
    region: 'asia',
    airport: 'DEL',
    aliases: ['new delhi'],
    fareAdjustment: -100,
    airline: 'Air India',
    hotels: {
      budget: { name: 'Zostel Delhi', pricePerNight: 20 },
      mid: { name: 'The Park New Delhi', pricePerNight: 120 },
      luxury: { name: 'The Imperial New Delhi', pricePerNight: 300 },
    },
    activities: [
      { name: 'Red Fort', price: 7 },
      { name: 'Qutub Minar', price: 7 },
      { name: "Humayun's Tomb", price: 7 },
      { name: 'Taj Mahal day trip to Agra', price: 90 },
      { name: 'Old Delhi food walk', price: 35 },
      { name: 'India Gate and Kartavya Path', price: 0 },
    ],
  },
  // Oceania
  {
    city: 'Sydney',
    country: 'Australia',
    region: 'oceania',
    airport: 'SYD',
    aliases: [],
    fareAdjustment: 0,
    hotels: {
      budget: { name: 'Wake Up! Sydney Central', pricePerNight: 70 },
      mid: { name: 'Ovolo Woolloomooloo', pricePerNight: 300 },
      luxury: { name: 'Park Hyatt Sydney', pricePerNight: 1000 },
    },
    activities: [
      { name: 'Sydney Opera House guided tour', price: 31 },
      { name: 'Sydney Harbour BridgeClimb', price: 220 },
      { name: 'Bondi to Coogee coastal walk', price: 0 },
      { name: 'Manly ferry', price: 5 },
      { name: 'Taronga Zoo', price: 36 },
      { name: 'Blue Mountains day trip', price: 110 },
    ],
  },
  {
    city: 'Melbourne',
    country: 'Australia',
    region: 'oceania',
    airport: 'MEL',
    aliases: [],
    fareAdjustment: 50,
    hotels: {
      budget: { name: 'Melbourne Central YHA', pricePerNight: 50 },
      mid: { name: 'Ovolo Laneways', pricePerNight: 220 },
      luxury: { name: 'The Langham, Melbourne', pricePerNight: 450 },
    },
    activities: [
      { name: 'Great Ocean Road day trip', price: 110 },
      { name: 'Queen Victoria Market', price: 0 },
      { name: 'National Gallery of Victoria', price: 0 },
      { name: 'Laneways street art tour', price: 50 },
      { name: 'Melbourne Zoo', price: 35 },
      { name: 'Melbourne Skydeck', price: 22 },
    ],
  },
  {
    city: 'Auckland',
    country: 'New Zealand',
    region: 'oceania',
    airport: 'AKL',
    aliases: ['tamaki makaurau'],
    fareAdjustment: 100,
    airline: 'Air New Zealand',
    hotels: {
      budget: { name: 'YHA Auckland International', pricePerNight: 60 },
      mid: { name: 'SO/ Auckland', pricePerNight: 220 },
      luxury: { name: 'Park Hyatt Auckland', pricePerNight: 450 },
    },
    activities: [
      { name: 'Sky Tower observation deck', price: 22 },
      { name: 'Waiheke Island ferry', price: 30 },
      { name: 'Hobbiton Movie Set tour', price: 72 },
      { name: 'Auckland War Memorial Museum', price: 20 },
      { name: 'Waitākere Ranges hike', price: 0 },
      { name: 'Harbour sailing', price: 60 },
    ],
  },
  // North America
  {
    city: 'New York',
    country: 'United States',
    region: 'north-america',
    airport: 'JFK',
    aliases: ['new york city', 'nyc', 'manhattan', 'big apple'],
    fareAdjustment: 0,
    hotels: {
      budget: { name: 'Pod Times Square', pricePerNight: 150 },
      mid: { name: 'citizenM New York Times Square', pricePerNight: 280 },
      luxury: { name: 'The Plaza', pricePerNight: 1000 },
    },
    activities: [
      { name: 'Top of the Rock observation deck', price: 40 },
      { name: 'Statue of Liberty and Ellis Island ferry', price: 25 },
      { name: 'Metropolitan Museum of Art', price: 30 },
      { name: 'Broadway show', price: 150 },
      { name: 'Central Park walk', price: 0 },
      { name: '9/11 Memorial & Museum', price: 33 },
    ],
  },
  {
    city: 'San Francisco',
    country: 'United States',
    region: 'north-america',
    airport: 'SFO',
    aliases: ['sf', 'san fran'],
    fareAdjustment: 100,
    hotels: {
      budget: { name: 'HI San Francisco Downtown', pricePerNight: 90 },
      mid: { name: 'Hotel Zeppelin', pricePerNight: 220 },
      luxury: { name: 'Fairmont San Francisco', pricePerNight: 450 },
    },
    activities: [
      { name: 'Alcatraz Island tour', price: 45 },
      { name: 'Cable car ride', price: 8 },
      { name: 'Golden Gate Bridge walk', price: 0 },
      { name: 'SFMOMA', price: 30 },
      { name: 'Muir Woods National Monument', price: 15 },
      { name: 'Chinatown walking tour', price: 0 },
    ],
  },
  {
    city: 'Los Angeles',
    country: 'United States',
    region: 'north-america',
    airport: 'LAX',
    aliases: ['la'],
    fareAdjustment: 50,
    hotels: {
      budget: { name: 'HI Los Angeles Santa Monica', pricePerNight: 90 },
      mid: { name: 'Hotel Figueroa', pricePerNight: 260 },
      luxury: { name: 'The Beverly Hills Hotel', pricePerNight: 1000 },
    },
    activities: [
      { name: 'Getty Center', price: 0 },
      { name: 'Warner Bros. Studio Tour Hollywood', price: 70 },
      { name: 'Griffith Observatory', price: 0 },
      { name: 'Universal Studios Hollywood', price: 120 },
      { name: 'Venice Beach bike rental', price: 25 },
      { name: 'Hollywood Walk of Fame', price: 0 },
    ],
  },
  {
    city: 'Toronto',
    country: 'Canada',
    region: 'north-america',
    airport: 'YYZ',
    aliases: [],
    fareAdjustment: 0,
    airline: 'Air Canada',
    hotels: {
      budget: { name: 'The Planet Traveler', pricePerNight: 70 },
      mid: { name: 'The Drake Hotel', pricePerNight: 250 },
      luxury: { name: 'Shangri-La Toronto', pricePerNight: 500 },
    },
    activities: [
      { name: 'CN Tower', price: 33 },
      { name: 'Royal Ontario Museum', price: 19 },
      { name: 'Niagara Falls day trip', price: 110 },
      { name: 'St. Lawrence Market', price: 0 },
      { name: 'Toronto Islands ferry', price: 6.5 },
      { name: 'Art Gallery of Ontario', price: 22 },
    ],
  },
  {
    city: 'Vancouver',
    country: 'Canada',
    region: 'north-america',
    airport: 'YVR',
    aliases: [],
    fareAdjustment: 100,
    airline: 'Air Canada',
    hotels: {
      budget: { name: 'HI Vancouver Central', pricePerNight: 70 },
      mid: { name: 'Sandman Hotel Vancouver City Centre', pricePerNight: 180 },
      luxury: { name: 'Fairmont Pacific Rim', pricePerNight: 600 },
    },
    activities: [
      { name: 'Capilano Suspension Bridge Park', price: 52 },
      { name: 'Stanley Park bike rental', price: 25 },
      { name: 'Granville Island Public Market', price: 0 },
      { name: 'Grouse Mountain Skyride', price: 60 },
      { name: 'Vancouver Aquarium', price: 35 },
      { name: 'Sea to Sky Gondola day trip', price: 100 },
    ],
  },
  // Latin America
  {
    city: 'Mexico City',
    country: 'Mexico',
    region: 'latin-america',
    airport: 'MEX',
    aliases: ['cdmx', 'ciudad de mexico', 'mexico df'],
    fareAdjustment: -100,
    airline: 'Aeroméxico',
    hotels: {
      budget: { name: 'Hostel Mundo Joven Catedral', pricePerNight: 35 },
      mid: { name: 'Hotel Carlota', pricePerNight: 180 },
      luxury: { name: 'Four Seasons Hotel Mexico City', pricePerNight: 650 },
    },
    activities: [
      { name: 'Teotihuacan pyramids day trip', price: 60 },
      { name: 'National Museum of Anthropology', price: 5 },
      { name: 'Frida Kahlo Museum', price: 17 },
      { name: 'Xochimilco trajinera ride', price: 30 },
      { name: 'Lucha libre night at Arena México', price: 35 },
      { name: 'Centro Histórico walking tour', price: 0 },
    ],
  },
  {
    city: 'Cancun',
    country: 'Mexico',
    region: 'latin-america',
    airport: 'CUN',
    aliases: ['cancun hotel zone'],
    fareAdjustment: -200,
    airline: 'Aeroméxico',
    hotels: {
      budget: { name: 'Ibis Cancun Centro', pricePerNight: 55 },
      mid: { name: 'Krystal Cancún', pricePerNight: 190 },
      luxury: { name: 'Nizuc Resort & Spa', pricePerNight: 800 },
    },
    activities: [
      { name: 'Chichén Itzá day trip', price: 90 },
      { name: 'Isla Mujeres catamaran', price: 80 },
      { name: 'Xcaret park', price: 130 },
      { name: 'Cenote swim', price: 25 },
      { name: 'Playa Delfines', price: 0 },
      { name: 'MUSA underwater museum snorkel', price: 50 },
    ],
  },
  {
    city: 'Rio de Janeiro',
    country: 'Brazil',
    region: 'latin-america',
    airport: 'GIG',
    aliases: ['rio'],
    fareAdjustment: 200,
    hotels: {
      budget: { name: 'ibis Rio de Janeiro Copacabana Posto 2', pricePerNight: 70 },
      mid: { name: 'Windsor Atlântica', pricePerNight: 180 },
      luxury: { name: 'Copacabana Palace, A Belmond Hotel', pricePerNight: 700 },
    },
    activities: [
      { name: 'Christ the Redeemer by Corcovado train', price: 20 },
      { name: 'Sugarloaf Mountain cable car', price: 30 },
      { name: 'Copacabana and Ipanema beaches', price: 0 },
      { name: 'Santa Teresa and Selarón Steps walk', price: 0 },
      { name: 'Samba show', price: 60 },
      { name: 'Tijuca Forest hike', price: 40 },
    ],
  },
  {
    city: 'Buenos Aires',
    country: 'Argentina',
    region: 'latin-america',
    airport: 'EZE',
    aliases: ['bsas'],
    fareAdjustment: 250,
    airline: 'Aerolíneas Argentinas',
    hotels: {
      budget: { name: 'Milhouse Hostel', pricePerNight: 40 },
      mid: { name: 'Hotel Madero', pricePerNight: 150 },
      luxury: { name: 'Alvear Palace Hotel', pricePerNight: 550 },
    },
    activities: [
      { name: 'Teatro Colón guided tour', price: 25 },
      { name: 'Recoleta Cemetery', price: 15 },
      { name: 'Tango dinner show', price: 90 },
      { name: 'La Boca and Caminito walk', price: 0 },
      { name: 'San Telmo Sunday market', price: 0 },
      { name: 'Asado experience', price: 70 },
    ],
  },
  {
    city: 'Lima',
    country: 'Peru',
    region: 'latin-america',
    airport: 'LIM',
    aliases: [],
    fareAdjustment: 0,
    hotels: {
      budget: { name: 'Pariwana Hostel Lima', pricePerNight: 40 },
      mid: { name: 'Casa Andina Premium Miraflores', pricePerNight: 150 },
      luxury: { name: 'Belmond Miraflores Park', pricePerNight: 450 },
    },
    activities: [
      { name: 'Larco Museum', price: 14 },
      { name: 'Huaca Pucllana', price: 4 },
      { name: 'Lima food tour', price: 80 },
      { name: 'Miraflores clifftop paragliding', price: 75 },
      { name: 'Historic centre walking tour', price: 0 },
      { name: 'Barranco evening walk', price: 0 },
    ],
  },
  {
    city: 'Cusco',
    country: 'Peru',
    region: 'latin-america',
    airport: 'CUZ',
    aliases: ['cuzco', 'machu picchu'],
    fareAdjustment: 250,
    hotels: {
      budget: { name: 'Pariwana Hostel Cusco', pricePerNight: 35 },
      mid: { name: 'Casa Andina Premium Cusco', pricePerNight: 150 },
      luxury: { name: 'Palacio Nazarenas, A Belmond Hotel', pricePerNight: 800 },
    },
    activities: [
      { name: 'Machu Picchu day trip by train', price: 350 },
      { name: 'Sacred Valley tour', price: 50 },
      { name: 'Cusco tourist ticket (Boleto Turístico)', price: 35 },
      { name: 'Rainbow Mountain trek', price: 45 },
      { name: 'Qorikancha', price: 4 },
      { name: 'San Pedro Market', price: 0 },
    ],
  },
];

/** Fallback prices for a destination that is not in the catalog. */
export interface FallbackPrices {
  /** The carrier flown there. */
  airline: string;
  /** Typical nightly price in USD for each tier. */
  hotelPrices: Readonly<Record<HotelTier, number>>;
  /** Activities that exist almost anywhere, most characteristic first. */
  activities: readonly CatalogActivity[];
}

/** Fallback prices for unknown destinations in each region. */
export const REGION_DEFAULTS: Readonly<Record<Region, FallbackPrices>> = {
  europe: {
    airline: 'Lufthansa',
    hotelPrices: { budget: 75, mid: 170, luxury: 480 },
    activities: [
      { name: 'Guided old town walking tour', price: 0 },
      { name: 'Main museum admission', price: 18 },
      { name: 'River or harbour cruise', price: 25 },
      { name: 'Local food tasting tour', price: 75 },
      { name: 'Day trip to the surrounding countryside', price: 90 },
    ],
  },
  'middle-east': {
    airline: 'Emirates',
    hotelPrices: { budget: 70, mid: 160, luxury: 450 },
    activities: [
      { name: 'Old souk walking tour', price: 0 },
      { name: 'National museum admission', price: 14 },
      { name: 'Desert safari', price: 75 },
      { name: 'Dhow or boat cruise', price: 30 },
      { name: 'Local food tasting tour', price: 60 },
    ],
  },
  africa: {
    airline: 'Ethiopian Airlines',
    hotelPrices: { budget: 45, mid: 130, luxury: 450 },
    activities: [
      { name: 'Guided city walking tour', price: 0 },
      { name: 'National museum admission', price: 10 },
      { name: 'Local market and food tour', price: 40 },
      { name: 'Wildlife or nature day trip', price: 90 },
      { name: 'Traditional music and dance show', price: 25 },
    ],
  },
  asia: {
    airline: 'Singapore Airlines',
    hotelPrices: { budget: 35, mid: 120, luxury: 380 },
    activities: [
      { name: 'Temple and old quarter walking tour', price: 0 },
      { name: 'Street food night tour', price: 40 },
      { name: 'National museum admission', price: 8 },
      { name: 'Cooking class', price: 35 },
      { name: 'Day trip to nearby sights', price: 60 },
    ],
  },
  oceania: {
    airline: 'Qantas',
    hotelPrices: { budget: 60, mid: 200, luxury: 450 },
    activities: [
      { name: 'Coastal walk', price: 0 },
      { name: 'City museum admission', price: 20 },
      { name: 'Harbour cruise', price: 40 },
      { name: 'Wildlife park admission', price: 35 },
      { name: 'Scenic day trip', price: 110 },
    ],
  },
  'north-america': {
    airline: 'Delta Air Lines',
    hotelPrices: { budget: 110, mid: 220, luxury: 550 },
    activities: [
      { name: 'Guided city walking tour', price: 0 },
      { name: 'Main art museum admission', price: 25 },
      { name: 'Observation deck ticket', price: 35 },
      { name: 'Local food tour', price: 85 },
      { name: 'State or national park day trip', price: 60 },
    ],
  },
  'latin-america': {
    airline: 'LATAM Airlines',
    hotelPrices: { budget: 40, mid: 140, luxury: 480 },
    activities: [
      { name: 'Historic centre walking tour', price: 0 },
      { name: 'National museum admission', price: 8 },
      { name: 'Local market and food tour', price: 50 },
      { name: 'Day trip to nearby ruins or nature', price: 70 },
      { name: 'Live music and dance night', price: 35 },
    ],
  },
};

/** Fallback prices for an unknown destination whose region cannot be guessed either. */
export const GENERIC_DEFAULTS: Omit<FallbackPrices, 'airline'> & { roundTripFare: number } = {
  // Where the place is is unknown, so the fare assumes a long-haul trip rather than under-budgeting.
  roundTripFare: 1200,
  hotelPrices: { budget: 80, mid: 180, luxury: 480 },
  activities: [
    { name: 'Guided city walking tour', price: 0 },
    { name: 'Main museum admission', price: 20 },
    { name: 'Local food tasting tour', price: 70 },
    { name: 'Sunset viewpoint visit', price: 0 },
    { name: 'Day trip to nearby sights', price: 90 },
  ],
};

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

/**
 * Typical economy round-trip fares in USD, by origin region then destination region. Rough averages
 * of published fares between the regions' main hubs; a destination's `fareAdjustment` refines them.
 */
export const BASE_ROUND_TRIP_FARES: Readonly<Record<Region, Readonly<Record<Region, number>>>> = {
  europe: {
    europe: 200,
    'middle-east': 500,
    africa: 700,
    asia: 900,
    oceania: 1500,
    'north-america': 750,
    'latin-america': 1000,
  },
  'middle-east': {
    europe: 450,
    'middle-east': 250,
    africa: 600,
    asia: 650,
    oceania: 1100,
    'north-america': 1100,
    'latin-america': 1500,
  },
  africa: {
    europe: 700,
    'middle-east': 600,
    africa: 450,
    asia: 1100,
    oceania: 1400,
    'north-america': 1300,
    'latin-america': 1500,
  },
  asia: {
    europe: 900,
    'middle-east': 600,
    africa: 1100,
    asia: 350,
    oceania: 800,
    'north-america': 1200,
    'latin-america': 1600,
  },
  oceania: {
    europe: 1500,
    'middle-east': 1100,
    africa: 1400,
    asia: 800,
    oceania: 350,
    'north-america': 1400,
    'latin-america': 1700,
  },
  'north-america': {
    europe: 800,
    'middle-east': 1100,
    africa: 1300,
    asia: 1200,
    oceania: 1500,
    'north-america': 350,
    'latin-america': 550,
  },
  'latin-america': {
    europe: 1000,
    'middle-east': 1500,
    africa: 1400,
    asia: 1600,
    oceania: 1700,
    'north-america': 550,
    'latin-america': 450,
  },
};

// No round trip on a scheduled airline costs less than this, whatever the adjustments say.
const MIN_ROUND_TRIP_FARE = 100;

/** Estimates the economy round-trip fare in USD from an origin region to a destination region. */
export function estimateRoundTripFare(origin: Region, destination: Region, adjustment = 0): number {
  return Math.max(MIN_ROUND_TRIP_FARE, BASE_ROUND_TRIP_FARES[origin][destination] + adjustment);
}

/** Where an origin airport is: its region and, when it serves a catalog city, that city. */
export interface OriginAirport {
  region: Region;
  /** The catalog city the airport serves, if any: trips there from this airport need no flight. */
  city?: string;
}

// Common departure airports that are not a catalog destination's own airport (those are added below).
const EXTRA_ORIGIN_AIRPORTS: Readonly<Record<string, OriginAirport>> = {
  EWR: { region: 'north-america', city: 'New York' },
  LGA: { region: 'north-america', city: 'New York' },
  OAK: { region: 'north-america', city: 'San Francisco' },
  BOS: { region: 'north-america' },
  IAD: { region: 'north-america' },
  DCA: { region: 'north-america' },
  PHL: { region: 'north-america' },
  ORD: { region: 'north-america' },
  ATL: { region: 'north-america' },
  MIA: { region: 'north-america' },
  DFW: { region: 'north-america' },
  IAH: { region: 'north-america' },
  DEN: { region: 'north-america' },
  SEA: { region: 'north-america' },
  LAS: { region: 'north-america' },
  PHX: { region: 'north-america' },
  MSP: { region: 'north-america' },
  DTW: { region: 'north-america' },
  YUL: { region: 'north-america' },
  YYC: { region: 'north-america' },
  LGW: { region: 'europe', city: 'London' },
  STN: { region: 'europe', city: 'London' },
  ORY: { region: 'europe', city: 'Paris' },
  CIA: { region: 'europe', city: 'Rome' },
  SAW: { region: 'europe', city: 'Istanbul' },
  FRA: { region: 'europe' },
  MUC: { region: 'europe' },
  ZRH: { region: 'europe' },
  CPH: { region: 'europe' },
  OSL: { region: 'europe' },
  ARN: { region: 'europe' },
  HEL: { region: 'europe' },
  BRU: { region: 'europe' },
  MXP: { region: 'europe' },
  WAW: { region: 'europe' },
  BUD: { region: 'europe' },
  AUH: { region: 'middle-east' },
  RUH: { region: 'middle-east' },
  JED: { region: 'middle-east' },
  AMM: { region: 'middle-east' },
  TLV: { region: 'middle-east' },
  JNB: { region: 'africa' },
  ADD: { region: 'africa' },
  LOS: { region: 'africa' },
  CMN: { region: 'africa' },
  NRT: { region: 'asia', city: 'Tokyo' },
  ITM: { region: 'asia' },
  PEK: { region: 'asia' },
  PVG: { region: 'asia' },
  CAN: { region: 'asia' },
  TPE: { region: 'asia' },
  KUL: { region: 'asia' },
  MNL: { region: 'asia' },
  CGK: { region: 'asia' },
  SGN: { region: 'asia' },
  BOM: { region: 'asia' },
  BLR: { region: 'asia' },
  BNE: { region: 'oceania' },
  PER: { region: 'oceania' },
  CHC: { region: 'oceania' },
  WLG: { region: 'oceania' },
  GRU: { region: 'latin-america' },
  BOG: { region: 'latin-america' },
  SCL: { region: 'latin-america' },
  PTY: { region: 'latin-america' },
  GDL: { region: 'latin-america' },
};

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

// Words that place free text in a region. Deliberately short: enough for common country and state
// names, not a gazetteer. Longer phrases win over the words inside them ("new mexico" over "mexico").
const REGION_KEYWORDS: Readonly<Record<Region, readonly string[]>> = {
  europe: [
    'europe',
    'france',
    'italy',
    'spain',
    'germany',
    'portugal',
    'greece',
    'netherlands',
    'holland',
    'belgium',
    'switzerland',
    'austria',
    'czech republic',
    'poland',
    'hungary',
    'croatia',
    'slovenia',
    'ireland',
    'scotland',
    'england',
    'wales',
    'uk',
    'great britain',
    'norway',
    'sweden',
    'denmark',
    'finland',
    'turkiye',
    'malta',
    'cyprus',
    'romania',
    'bulgaria',
    'estonia',
    'latvia',
    'lithuania',
    'luxembourg',
    'monaco',
    'tuscany',
    'provence',
    'sicily',
    'bavaria',
  ],
  'middle-east': [
    'middle east',
    'uae',
    'oman',
    'jordan',
    'saudi arabia',
    'israel',
    'bahrain',
    'kuwait',
    'lebanon',
    'abu dhabi',
  ],
  africa: [
    'africa',
    'tanzania',
    'zanzibar',
    'ethiopia',
    'ghana',
    'nigeria',
    'senegal',
    'namibia',
    'botswana',
    'zimbabwe',
    'zambia',
    'rwanda',
    'uganda',
    'tunisia',
    'madagascar',
    'mauritius',
    'seychelles',
  ],
  asia: [
    'asia',
    'korea',
    'vietnam',
    'malaysia',
    'philippines',
    'sri lanka',
    'nepal',
    'cambodia',
    'laos',
    'taiwan',
    'maldives',
    'mongolia',
  ],
  oceania: [
    'oceania',
    'new zealand',
    'new south wales',
    'fiji',
    'tahiti',
    'french polynesia',
    'samoa',
    'tonga',
  ],
  'north-america': [
    'usa',
    'united states',
    'new england',
    'new mexico',
    'alaska',
    'hawaii',
    'california',
    'florida',
    'texas',
    'arizona',
    'nevada',
    'colorado',
    'ontario',
    'quebec',
    'british columbia',
    'alberta',
  ],
  'latin-america': [
    'brazil',
    'chile',
    'colombia',
    'ecuador',
    'bolivia',
    'uruguay',
    'paraguay',
    'costa rica',
    'panama',
    'cuba',
    'dominican republic',
    'puerto rico',
    'jamaica',
    'bahamas',
    'caribbean',
    'guatemala',
    'belize',
    'patagonia',
    'galapagos',
  ],
};

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
