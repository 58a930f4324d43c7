/**
 * Builds seeds/sample-dataset.json: the article's story (seeds/README.md, "The sample's
 * story") told for Ledgerline, an enterprise software vendor selling annual per-licence
 * subscriptions. The story accounts, their links and memberships are written out by hand
 * below; ~55 filler accounts and the engagement / purchase history are derived from them by
 * fixed rules and a seeded PRNG, so the output is identical on every run.
 *
 *   npx tsx seeds/build-sample-dataset.ts        # rewrites seeds/sample-dataset.json
 *
 * Derived fields follow one model (seeds/README.md explains it):
 * - purchases: the initial order on customerSince, a renewal of every licence then held
 *   on each anniversary, and the hand-listed expansions; amount = price x licences x (1 - discount);
 * - annualRevenue: what a CUSTOMER paid in the 365 days up to SAMPLE_AS_OF (0 otherwise);
 * - licencesHeld: initial licences plus expansions (0 unless CUSTOMER);
 * - renewalDate: the next anniversary of customerSince after SAMPLE_AS_OF (CUSTOMER only);
 * - discountPurchases: earlier discount-driven purchases plus those in the window with a
 *   discount of at least DISCOUNT_DRIVEN;
 * - lastContact: the latest engagement, or null.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { AccountStatus, EngagementKind, InfluenceKind, IsoDate, MembershipRole, Segment } from "../src/domain/model.js";
import type {
  Dataset,
  NewAccount,
  NewEngagement,
  NewInfluenceLink,
  NewMembership,
  NewPurchase,
  NewReferral,
} from "../src/ports/account-graph-store.js";
import { formatDatasetJson } from "./dataset-json.js";
import { addDays, fromEpochDay, toEpochDay } from "./iso-dates.js";
import { SAMPLE_AS_OF, SAMPLE_DATASET_URL } from "./index.js";
import { createRandom, type Random } from "./random.js";

export const SAMPLE_SEED = 20261101;
/** A purchase at this discount or more counts as discount-driven. */
export const DISCOUNT_DRIVEN = 0.2;
/** History starts two years before SAMPLE_AS_OF. */
const WINDOW_DAYS = 730;

const LIST_PRICE = 120_000; // 1,200.00 per licence per year
const CHARITY_PRICE = 60_000; // non-profit list price

type ManagerKey = "sara" | "carla" | "mike" | "dan";
const MANAGER_IDS: Record<ManagerKey, string> = {
  sara: "mgr_strategic_sara",
  carla: "mgr_community_carla",
  mike: "mgr_mid_market_mike",
  dan: "mgr_door_to_door",
};

/** How often the owner talks to the account. `lastDaysAgo` pins the latest contact. */
interface Cadence {
  everyDays: number;
  overDays: number;
  minutes: readonly [number, number];
  kinds: readonly EngagementKind[];
  lastDaysAgo?: number;
  /** Identical, evenly spaced visits whatever the account is worth (the door-to-door habit). */
  even?: boolean;
}

interface AccountSpec {
  key: string;
  name: string;
  industry: string;
  segment: Segment;
  region: string;
  owner: ManagerKey | null;
  status: AccountStatus;
  /** Total stated need, including licences already held. */
  planned: number;
  price?: number;
  since?: IsoDate;
  churnedOn?: IsoDate;
  /** Licences bought on `since` (and renewed each anniversary). */
  start?: number;
  /** Extra licences: [date, licences, discount]. */
  expansions?: readonly (readonly [IsoDate, number, number])[];
  /** Discount on the initial order and renewals. */
  discount?: number;
  switches?: number;
  pastDiscountPurchases?: number;
  margin: number;
  cadence?: Cadence;
  notes?: readonly (readonly [number, string])[];
}

// ---------- cadences ----------
const DOOR_TO_DOOR: Cadence = { everyDays: 42, overDays: 180, minutes: [45, 45], kinds: ["VISIT", "CALL"], even: true };
const STRATEGIC: Cadence = { everyDays: 90, overDays: WINDOW_DAYS, minutes: [60, 120], kinds: ["MEETING", "VISIT", "CALL"] };
const HUB: Cadence = { everyDays: 30, overDays: 365, minutes: [30, 90], kinds: ["EVENT", "VISIT", "CALL", "MEETING"] };
const COMMUNITY: Cadence = { everyDays: 90, overDays: 365, minutes: [30, 60], kinds: ["CALL", "EVENT", "VISIT"] };
const MID_MARKET: Cadence = { everyDays: 90, overDays: 365, minutes: [30, 90], kinds: ["CALL", "VISIT", "DEMO", "MEETING"] };
const PROSPECTING: Cadence = { everyDays: 40, overDays: 120, minutes: [30, 60], kinds: ["DEMO", "CALL"] };

// ---------- the story ----------
const STORY: AccountSpec[] = [
  // Benefit 2: the multinational with 50 licences and 50 more planned.
  {
    key: "globex_multinational",
    name: "Globex Corporation",
    industry: "Industrial Equipment",
    segment: "ENTERPRISE",
    region: "Global",
    owner: "sara",
    status: "CUSTOMER",
    planned: 100,
    since: "2024-12-01",
    start: 30,
    discount: 0.05,
    expansions: [["2026-04-15", 20, 0.1]],
    margin: 0.82,
    cadence: { everyDays: 21, overDays: 365, minutes: [60, 120], kinds: ["MEETING", "VISIT", "DEMO"], lastDaysAgo: 10 },
    notes: [[0, "APAC rollout: sizing the second 50 licences before the December renewal"]],
  },
  // Benefit 3: long-standing large accounts, full price, never switched.
  {
    key: "initech_industries",
    name: "Initech Industries",
    industry: "Financial Services",
    segment: "ENTERPRISE",
    region: "Capital District",
    owner: "sara",
    status: "CUSTOMER",
    planned: 240,
    since: "2012-03-15",
    start: 210,
    discount: 0,
    expansions: [["2025-09-10", 10, 0]],
    margin: 0.86,
    cadence: STRATEGIC,
  },
  {
    key: "umbrella_health",
    name: "Umbrella Health Systems",
    industry: "Healthcare",
    segment: "ENTERPRISE",
    region: "Capital District",
    owner: "sara",
    status: "CUSTOMER",
    planned: 420,
    since: "2015-06-01",
    start: 400,
    discount: 0,
    margin: 0.85,
    cadence: STRATEGIC,
  },
  {
    key: "vandelay_industries",
    name: "Vandelay Industries",
    industry: "Wholesale",
    segment: "ENTERPRISE",
    region: "Global",
    owner: "sara",
    status: "CUSTOMER",
    planned: 130,
    since: "2014-09-10",
    start: 115,
    discount: 0,
    expansions: [["2025-05-20", 5, 0]],
    margin: 0.84,
    cadence: STRATEGIC,
  },
  {
    key: "state_transport_dept",
    name: "State Department of Transport",
    industry: "Public Administration",
    segment: "PUBLIC_SECTOR",
    region: "Capital District",
    owner: "sara",
    status: "CUSTOMER",
    planned: 300,
    since: "2016-02-01",
    start: 300,
    discount: 0,
    margin: 0.8,
    cadence: STRATEGIC,
  },
  {
    key: "massive_dynamic",
    name: "Massive Dynamic",
    industry: "Technology",
    segment: "ENTERPRISE",
    region: "Global",
    owner: "sara",
    status: "CUSTOMER",
    planned: 180,
    since: "2018-01-20",
    start: 150,
    discount: 0,
    margin: 0.84,
    cadence: STRATEGIC,
  },
  {
    key: "oceanic_shipping",
    name: "Oceanic Shipping Lines",
    industry: "Logistics",
    segment: "ENTERPRISE",
    region: "Global",
    owner: "sara",
    status: "PROSPECT",
    planned: 200,
    margin: 0.8,
    cadence: PROSPECTING,
  },

  // Benefit 4: centres of influence with modest revenue of their own.
  {
    key: "grace_bookkeeping",
    name: "Grace Bookkeeping Services",
    industry: "Professional Services",
    segment: "SMALL_BUSINESS",
    region: "Riverside",
    owner: "carla",
    status: "CUSTOMER",
    planned: 4,
    since: "2019-05-01",
    start: 3,
    discount: 0,
    margin: 0.78,
    cadence: HUB,
    notes: [[2, "Leads the St. Mark's business fellowship; asked for a talk at the spring breakfast"]],
  },
  {
    key: "hartley_tooling",
    name: "Hartley Precision Tooling",
    industry: "Manufacturing",
    segment: "SMALL_BUSINESS",
    region: "Millbrook",
    owner: "carla",
    status: "CUSTOMER",
    planned: 8,
    since: "2020-10-05",
    start: 5,
    discount: 0,
    expansions: [["2025-07-01", 1, 0]],
    margin: 0.79,
    cadence: HUB,
    notes: [[1, "Chairs the manufacturers' association; half the members ask him before they buy"]],
  },
  {
    key: "riverside_printworks",
    name: "Riverside Printworks",
    industry: "Printing",
    segment: "SMALL_BUSINESS",
    region: "Riverside",
    owner: "carla",
    status: "CUSTOMER",
    planned: 5,
    since: "2021-03-12",
    start: 4,
    discount: 0.05,
    margin: 0.76,
    cadence: HUB,
  },

  // St. Mark's business fellowship (church group).
  {
    key: "bethel_daycare",
    name: "Bethel Daycare",
    industry: "Education",
    segment: "SMALL_BUSINESS",
    region: "Riverside",
    owner: "carla",
    status: "CUSTOMER",
    planned: 3,
    since: "2022-04-04",
    start: 2,
    discount: 0.05,
    margin: 0.74,
    cadence: COMMUNITY,
  },
  {
    key: "sunrise_florist",
    name: "Sunrise Florist",
    industry: "Retail",
    segment: "SMALL_BUSINESS",
    region: "Riverside",
    owner: "carla",
    status: "CUSTOMER",
    planned: 2,
    since: "2023-06-19",
    start: 2,
    discount: 0.05,
    margin: 0.74,
    cadence: COMMUNITY,
  },
  {
    key: "mill_lane_dental",
    name: "Mill Lane Dental",
    industry: "Healthcare",
    segment: "SMALL_BUSINESS",
    region: "Riverside",
    owner: "carla",
    status: "CUSTOMER",
    planned: 6,
    since: "2025-02-10",
    start: 4,
    discount: 0.05,
    expansions: [["2026-03-02", 1, 0.05]],
    margin: 0.75,
    cadence: COMMUNITY,
  },
  {
    key: "good_shepherd_catering",
    name: "Good Shepherd Catering",
    industry: "Hospitality",
    segment: "SMALL_BUSINESS",
    region: "Riverside",
    owner: "carla",
    status: "CUSTOMER",
    planned: 4,
    since: "2024-02-26",
    start: 3,
    discount: 0.05,
    margin: 0.74,
    cadence: COMMUNITY,
  },
  {
    key: "covenant_hardware",
    name: "Covenant Hardware",
    industry: "Retail",
    segment: "SMALL_BUSINESS",
    region: "Riverside",
    owner: "carla",
    status: "CUSTOMER",
    planned: 5,
    since: "2023-09-18",
    start: 4,
    discount: 0.05,
    margin: 0.75,
    cadence: COMMUNITY,
  },
  {
    key: "lighthouse_tutoring",
    name: "Lighthouse Tutoring",
    industry: "Education",
    segment: "SMALL_BUSINESS",
    region: "Riverside",
    owner: "carla",
    status: "CUSTOMER",
    planned: 3,
    since: "2025-06-23",
    start: 2,
    discount: 0.05,
    margin: 0.74,
    cadence: COMMUNITY,
  },
  {
    key: "faithful_friends_pet_care",
    name: "Faithful Friends Pet Care",
    industry: "Retail",
    segment: "SMALL_BUSINESS",
    region: "Riverside",
    owner: "carla",
    status: "CUSTOMER",
    planned: 2,
    since: "2022-11-07",
    start: 1,
    discount: 0.05,
    expansions: [["2025-04-14", 1, 0.05]],
    margin: 0.73,
    cadence: COMMUNITY,
  },
  {
    key: "maple_street_pharmacy",
    name: "Maple Street Pharmacy",
    industry: "Healthcare",
    segment: "SMALL_BUSINESS",
    region: "Riverside",
    owner: "carla",
    status: "PROSPECT",
    planned: 5,
    margin: 0.75,
    cadence: PROSPECTING,
  },
  {
    key: "cornerstone_plumbing",
    name: "Cornerstone Plumbing",
    industry: "Construction",
    segment: "SMALL_BUSINESS",
    region: "Riverside",
    owner: "carla",
    status: "PROSPECT",
    planned: 3,
    margin: 0.72,
  },

  // Regional manufacturers' association.
  {
    key: "ironbridge_castings",
    name: "Ironbridge Castings",
    industry: "Manufacturing",
    segment: "MID_MARKET",
    region: "Millbrook",
    owner: "mike",
    status: "CUSTOMER",
    planned: 30,
    since: "2021-11-08",
    start: 18,
    discount: 0.05,
    expansions: [["2025-10-06", 6, 0.05]],
    margin: 0.8,
    cadence: MID_MARKET,
  },
  {
    key: "northgate_fabrication",
    name: "Northgate Fabrication",
    industry: "Manufacturing",
    segment: "MID_MARKET",
    region: "Millbrook",
    owner: "mike",
    status: "CUSTOMER",
    planned: 25,
    since: "2023-03-27",
    start: 15,
    discount: 0.05,
    expansions: [["2026-02-16", 5, 0.05]],
    margin: 0.8,
    cadence: MID_MARKET,
  },
  {
    key: "pioneer_plastics",
    name: "Pioneer Plastics",
    industry: "Manufacturing",
    segment: "MID_MARKET",
    region: "Millbrook",
    owner: "mike",
    status: "CUSTOMER",
    planned: 20,
    since: "2024-09-09",
    start: 12,
    discount: 0.1,
    margin: 0.78,
    cadence: MID_MARKET,
  },
  {
    key: "delta_welding",
    name: "Delta Welding",
    industry: "Manufacturing",
    segment: "SMALL_BUSINESS",
    region: "Millbrook",
    owner: "mike",
    status: "CUSTOMER",
    planned: 6,
    since: "2025-12-01",
    start: 4,
    discount: 0.1,
    margin: 0.76,
    cadence: MID_MARKET,
  },
  {
    key: "apex_gearworks",
    name: "Apex Gearworks",
    industry: "Manufacturing",
    segment: "MID_MARKET",
    region: "Millbrook",
    owner: "mike",
    status: "CUSTOMER",
    planned: 40,
    since: "2022-05-16",
    start: 28,
    discount: 0.05,
    expansions: [["2025-08-11", 4, 0.05]],
    margin: 0.8,
    cadence: MID_MARKET,
  },
  {
    key: "bluewater_pumps",
    name: "Bluewater Pumps",
    industry: "Manufacturing",
    segment: "MID_MARKET",
    region: "Millbrook",
    owner: "mike",
    status: "CUSTOMER",
    planned: 35,
    since: "2024-10-21",
    start: 20,
    discount: 0.1,
    expansions: [["2026-05-04", 5, 0.1]],
    margin: 0.79,
    cadence: MID_MARKET,
  },
  {
    key: "summit_machining",
    name: "Summit Machining",
    industry: "Manufacturing",
    segment: "MID_MARKET",
    region: "Millbrook",
    owner: "mike",
    status: "PROSPECT",
    planned: 20,
    margin: 0.8,
    cadence: PROSPECTING,
  },
  {
    key: "titan_forge",
    name: "Titan Forge",
    industry: "Manufacturing",
    segment: "MID_MARKET",
    region: "Millbrook",
    owner: "mike",
    status: "PROSPECT",
    planned: 40,
    margin: 0.8,
    cadence: PROSPECTING,
  },
  // The keystone: the one tie between the manufacturers and the harbour clinics.
  {
    key: "keystone_medsupply",
    name: "Keystone Medical Supply",
    industry: "Manufacturing",
    segment: "MID_MARKET",
    region: "Harbor City",
    owner: "mike",
    status: "CUSTOMER",
    planned: 15,
    since: "2023-01-23",
    start: 10,
    discount: 0.05,
    expansions: [["2025-11-17", 2, 0.05]],
    margin: 0.79,
    cadence: MID_MARKET,
    notes: [[0, "Supplies every clinic on the harbour; introduced us to Harbor Family Clinic"]],
  },

  // Riverside chamber of commerce.
  {
    key: "main_street_law",
    name: "Main Street Law Partners",
    industry: "Legal",
    segment: "SMALL_BUSINESS",
    region: "Riverside",
    owner: "carla",
    status: "CUSTOMER",
    planned: 8,
    since: "2023-04-17",
    start: 6,
    discount: 0.05,
    margin: 0.77,
    cadence: COMMUNITY,
  },
  {
    key: "riverside_realty",
    name: "Riverside Realty",
    industry: "Real Estate",
    segment: "SMALL_BUSINESS",
    region: "Riverside",
    owner: "carla",
    status: "CUSTOMER",
    planned: 5,
    since: "2025-03-31",
    start: 3,
    discount: 0.05,
    margin: 0.75,
    cadence: COMMUNITY,
  },
  {
    key: "harborview_hotel",
    name: "Harborview Hotel",
    industry: "Hospitality",
    segment: "MID_MARKET",
    region: "Riverside",
    owner: "carla",
    status: "PROSPECT",
    planned: 15,
    margin: 0.78,
    cadence: PROSPECTING,
  },
  {
    key: "riverside_library_trust",
    name: "Riverside Library Trust",
    industry: "Non-profit",
    segment: "NON_PROFIT",
    region: "Riverside",
    owner: "carla",
    status: "CUSTOMER",
    planned: 6,
    price: CHARITY_PRICE,
    since: "2022-01-10",
    start: 5,
    discount: 0,
    margin: 0.6,
    cadence: COMMUNITY,
  },

  // Harbor clinics: reachable from the rest of the graph only through the keystone.
  {
    key: "harbor_family_clinic",
    name: "Harbor Family Clinic",
    industry: "Healthcare",
    segment: "MID_MARKET",
    region: "Harbor City",
    owner: "mike",
    status: "CUSTOMER",
    planned: 14,
    since: "2024-05-20",
    start: 10,
    discount: 0.05,
    margin: 0.79,
    cadence: MID_MARKET,
  },
  {
    key: "seaside_dental_group",
    name: "Seaside Dental Group",
    industry: "Healthcare",
    segment: "MID_MARKET",
    region: "Harbor City",
    owner: "mike",
    status: "CUSTOMER",
    planned: 12,
    since: "2025-02-24",
    start: 8,
    discount: 0.05,
    margin: 0.78,
    cadence: MID_MARKET,
  },
  {
    key: "bayview_physio",
    name: "Bayview Physiotherapy",
    industry: "Healthcare",
    segment: "SMALL_BUSINESS",
    region: "Harbor City",
    owner: "mike",
    status: "CUSTOMER",
    planned: 5,
    since: "2025-09-15",
    start: 3,
    discount: 0.1,
    margin: 0.76,
    cadence: MID_MARKET,
  },
  {
    key: "anchor_eye_care",
    name: "Anchor Eye Care",
    industry: "Healthcare",
    segment: "SMALL_BUSINESS",
    region: "Harbor City",
    owner: "mike",
    status: "CUSTOMER",
    planned: 4,
    since: "2024-07-08",
    start: 3,
    discount: 0.1,
    margin: 0.76,
    cadence: MID_MARKET,
  },
  {
    key: "tidewater_pediatrics",
    name: "Tidewater Pediatrics",
    industry: "Healthcare",
    segment: "MID_MARKET",
    region: "Harbor City",
    owner: "mike",
    status: "PROSPECT",
    planned: 10,
    margin: 0.78,
    cadence: PROSPECTING,
  },

  // Benefit 3's other half: small accounts that chase discounts and switch suppliers.
  {
    key: "bargain_bins_retail",
    name: "Bargain Bins Retail",
    industry: "Retail",
    segment: "SMALL_BUSINESS",
    region: "Riverside",
    owner: "dan",
    status: "CUSTOMER",
    planned: 5,
    since: "2026-04-06",
    start: 2,
    discount: 0.4,
    expansions: [
      ["2026-06-29", 1, 0.35],
      ["2026-09-07", 1, 0.5],
      ["2026-10-12", 1, 0.45],
    ],
    switches: 4,
    margin: 0.52,
    cadence: DOOR_TO_DOOR,
  },
  {
    key: "quickprint_express",
    name: "QuickPrint Express",
    industry: "Printing",
    segment: "SMALL_BUSINESS",
    region: "Riverside",
    owner: "dan",
    status: "CUSTOMER",
    planned: 3,
    since: "2026-02-23",
    start: 1,
    discount: 0.45,
    expansions: [
      ["2026-05-25", 1, 0.3],
      ["2026-08-31", 1, 0.4],
    ],
    switches: 3,
    margin: 0.5,
    cadence: DOOR_TO_DOOR,
  },
  {
    key: "pennywise_tax",
    name: "Pennywise Tax Preparers",
    industry: "Professional Services",
    segment: "SMALL_BUSINESS",
    region: "Millbrook",
    owner: "dan",
    status: "CUSTOMER",
    planned: 3,
    since: "2026-01-12",
    start: 1,
    discount: 0.5,
    expansions: [
      ["2026-03-16", 1, 0.4],
      ["2026-07-06", 1, 0.35],
    ],
    switches: 2,
    margin: 0.48,
    cadence: DOOR_TO_DOOR,
  },
  {
    key: "thrifty_auto_parts",
    name: "Thrifty Auto Parts",
    industry: "Retail",
    segment: "SMALL_BUSINESS",
    region: "Millbrook",
    owner: "dan",
    status: "CUSTOMER",
    planned: 4,
    since: "2026-05-18",
    start: 2,
    discount: 0.35,
    expansions: [
      ["2026-08-03", 1, 0.45],
      ["2026-10-05", 1, 0.4],
    ],
    switches: 3,
    margin: 0.51,
    cadence: DOOR_TO_DOOR,
  },
  {
    key: "cutrate_cleaning",
    name: "CutRate Cleaning Co.",
    industry: "Facilities",
    segment: "SMALL_BUSINESS",
    region: "Harbor City",
    owner: "dan",
    status: "CUSTOMER",
    planned: 3,
    since: "2026-03-09",
    start: 1,
    discount: 0.4,
    expansions: [
      ["2026-07-20", 1, 0.5],
      ["2026-09-14", 1, 0.45],
    ],
    switches: 5,
    margin: 0.46,
    cadence: DOOR_TO_DOOR,
  },
  {
    key: "flashdeal_travel",
    name: "FlashDeal Travel",
    industry: "Travel",
    segment: "SMALL_BUSINESS",
    region: "Riverside",
    owner: "dan",
    status: "CHURNED",
    planned: 0,
    since: "2025-09-01",
    churnedOn: "2026-06-15",
    start: 2,
    discount: 0.45,
    expansions: [
      ["2025-11-28", 1, 0.5],
      ["2026-02-09", 1, 0.4],
    ],
    switches: 4,
    margin: 0.47,
    cadence: DOOR_TO_DOOR,
  },
  {
    key: "dealhunter_electronics",
    name: "DealHunter Electronics",
    industry: "Retail",
    segment: "SMALL_BUSINESS",
    region: "Millbrook",
    owner: "dan",
    status: "CHURNED",
    planned: 0,
    since: "2025-07-14",
    churnedOn: "2026-07-14",
    start: 2,
    discount: 0.4,
    expansions: [
      ["2025-11-28", 2, 0.5],
      ["2026-03-23", 1, 0.35],
    ],
    switches: 3,
    margin: 0.49,
    cadence: DOOR_TO_DOOR,
  },

  // Benefit 2's counter-example: one licence, maybe a second one day.
  {
    key: "corner_bakery",
    name: "Corner Bakery",
    industry: "Food & Beverage",
    segment: "SMALL_BUSINESS",
    region: "Riverside",
    owner: "dan",
    status: "CUSTOMER",
    planned: 2,
    since: "2025-08-18",
    start: 1,
    discount: 0.25,
    switches: 1,
    margin: 0.62,
    cadence: DOOR_TO_DOOR,
    notes: [[0, "Still thinking about a second licence for the new shop counter"]],
  },
];

// ---------- filler: ordinary accounts around the story ----------
interface FillerGroup {
  names: readonly string[];
  segment: Segment;
  owner: ManagerKey | null;
  industries: readonly string[];
  regions: readonly string[];
  /** [median, sigma] of licences held. */
  licences: readonly [number, number];
  prospects?: boolean;
}

const FILLER: FillerGroup[] = [
  {
    names: [
      "Blue Door Barbers",
      "Hilltop Hardware",
      "Sunny Side Diner",
      "Copperpot Kitchen Supply",
      "Fern & Feather Florals",
      "Oak Lane Bakehouse",
      "Brightwell Dry Cleaners",
      "Pebble Cove Surf Shop",
      "Main Street Books",
      "Golden Spoon Cafe",
      "Redwood Yoga Studio",
      "Smith & Sons Plumbing",
      "Cobalt Bike Repair",
      "Little Sprouts Nursery",
      "Tip Top Tailors",
      "Paws & Claws Grooming",
      "Hearth & Home Interiors",
      "Quayside Fish Market",
      "Evergreen Landscaping",
      "Marlow Music Lessons",
      "Starlight Photography",
      "Two Rivers Coffee Roasters",
    ],
    segment: "SMALL_BUSINESS",
    owner: "dan",
    industries: ["Retail", "Hospitality", "Professional Services", "Construction", "Food & Beverage"],
    regions: ["Riverside", "Millbrook"],
    licences: [2, 0.5],
  },
  {
    names: [
      "Crestline Logistics",
      "Silverline Packaging",
      "Meridian Foods",
      "Brookfield Electrical",
      "Granite Peak Construction",
      "Lakeshore Furniture Makers",
      "Horizon Freight",
      "Copperfield Metals",
      "Westbrook Plastics",
      "Alder Ridge Engineering",
      "Fairway Textiles",
      "Stonebridge Insurance Brokers",
      "Clearwater Labs",
      "Ridgeback Security",
      "Summit Office Supplies",
    ],
    segment: "MID_MARKET",
    owner: "mike",
    industries: ["Manufacturing", "Logistics", "Construction", "Financial Services", "Food & Beverage"],
    regions: ["Millbrook", "Riverside"],
    licences: [25, 0.5],
  },
  {
    names: ["Pinnacle Financial Group", "Northstar Energy", "Atlas Retail Holdings", "Vertex Telecom"],
    segment: "ENTERPRISE",
    owner: "sara",
    industries: ["Financial Services", "Energy", "Retail", "Telecommunications"],
    regions: ["Global", "Capital District"],
    licences: [160, 0.4],
  },
  {
    names: ["Riverside Food Bank", "Hope Community Housing", "Millbrook Youth Orchestra", "St. Luke's Hospice"],
    segment: "NON_PROFIT",
    owner: "carla",
    industries: ["Non-profit"],
    regions: ["Riverside", "Millbrook"],
    licences: [4, 0.4],
  },
  {
    names: [
      "Green Valley Co-op",
      "Lakeside Brewing Company",
      "Crescent Moon Bakery",
      "Ironwood Timber",
      "Cascade Water Services",
      "Brightpath Education",
      "Orchard Hill Farms",
      "Keel & Compass Outfitters",
      "Beacon Analytics",
      "Sterling Event Rentals",
    ],
    segment: "SMALL_BUSINESS",
    owner: null,
    industries: ["Food & Beverage", "Retail", "Education", "Technology", "Agriculture"],
    regions: ["Riverside", "Millbrook"],
    licences: [6, 0.8],
    prospects: true,
  },
];

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, "and")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
}

function buildFiller(random: Random): AccountSpec[] {
  const asOf = toEpochDay(SAMPLE_AS_OF);
  const specs: AccountSpec[] = [];
  for (const group of FILLER) {
    for (const name of group.names) {
      const planned0 = Math.max(1, Math.round(random.logNormal(group.licences[0], group.licences[1])));
      const base = {
        key: slug(name),
        name,
        industry: random.pick(group.industries),
        segment: group.segment,
        region: random.pick(group.regions),
        margin: random.fraction(0.62, 0.84),
      };
      if (group.prospects) {
        // The door-to-door habit extends to prospects: same visits for each, whatever its size.
        const owned = random.chance(0.6);
        specs.push({ ...base, owner: owned ? "dan" : null, status: "PROSPECT", planned: planned0, cadence: owned ? DOOR_TO_DOOR : undefined });
        continue;
      }
      // Tenure between ~4 months and ~9 years; a 29 February start would have no anniversaries.
      const tenure = random.int(120, 3300);
      const sinceRaw = fromEpochDay(asOf - tenure);
      const since = sinceRaw.endsWith("-02-29") ? addDays(sinceRaw, 1) : sinceRaw;
      const small = group.segment === "SMALL_BUSINESS";
      const churned = small && random.chance(0.12);
      const start = Math.max(1, planned0 - (random.chance(0.4) ? 1 : 0));
      // Large accounts pay list price (benefit 3); smaller ones get the usual reductions.
      const discount = small ? random.pick([0, 0.05, 0.1, 0.15, 0.25]) : group.segment === "MID_MARKET" ? random.pick([0, 0, 0.05, 0.1]) : 0;
      const expansionDay = asOf - random.int(30, 300);
      const expansions: [IsoDate, number, number][] =
        !churned && random.chance(0.3) && expansionDay > toEpochDay(since)
          ? [[fromEpochDay(expansionDay), Math.max(1, Math.round(start * 0.2)), discount]]
          : [];
      specs.push({
        ...base,
        owner: group.owner,
        status: churned ? "CHURNED" : "CUSTOMER",
        planned: churned ? 0 : start + expansions.reduce((n, e) => n + e[1], 0) + random.int(0, Math.max(1, Math.round(start * 0.3))),
        price: group.segment === "NON_PROFIT" ? CHARITY_PRICE : LIST_PRICE,
        since,
        churnedOn: churned ? fromEpochDay(asOf - random.int(20, Math.min(200, tenure - 60))) : undefined,
        start,
        expansions,
        discount,
        // Ordinary accounts switched at most once; the chasers above are the story.
        switches: small ? random.int(0, 1) : 0,
        pastDiscountPurchases: small ? random.int(0, 2) : 0,
        cadence: group.owner === "dan" ? DOOR_TO_DOOR : group.owner === "sara" ? STRATEGIC : group.owner === "carla" ? COMMUNITY : MID_MARKET,
      });
    }
  }
  return specs;
}

// ---------- communities, memberships and links ----------
const COMMUNITIES = [
  { id: "com_st_marks_fellowship", name: "St. Mark's Business Fellowship", kind: "CHURCH", region: "Riverside" },
  { id: "com_regional_manufacturers", name: "Regional Manufacturers Association", kind: "INDUSTRY_ASSOCIATION", region: "Millbrook" },
  { id: "com_riverside_chamber", name: "Riverside Chamber of Commerce", kind: "CHAMBER_OF_COMMERCE", region: "Riverside" },
  { id: "com_oakmont_golf", name: "Oakmont Golf Club", kind: "CLUB", region: "Capital District" },
  { id: "com_ledgerline_users", name: "Ledgerline Users Group", kind: "USER_GROUP", region: null },
  { id: "com_harbor_health_managers", name: "Harbor Health Practice Managers", kind: "INDUSTRY_ASSOCIATION", region: "Harbor City" },
] as const;

type CommunityKey = "church" | "makers" | "chamber" | "golf" | "users" | "harbor";
const COMMUNITY_IDS: Record<CommunityKey, string> = {
  church: "com_st_marks_fellowship",
  makers: "com_regional_manufacturers",
  chamber: "com_riverside_chamber",
  golf: "com_oakmont_golf",
  users: "com_ledgerline_users",
  harbor: "com_harbor_health_managers",
};

/** [community, account key, role, since]. Leaders first. */
const STORY_MEMBERSHIPS: (readonly [CommunityKey, string, MembershipRole, IsoDate])[] = [
  ["church", "grace_bookkeeping", "LEADER", "2016-09-01"],
  ["makers", "hartley_tooling", "LEADER", "2018-01-15"],
  ["chamber", "riverside_printworks", "LEADER", "2019-04-01"],
  ["users", "initech_industries", "LEADER", "2017-06-01"],
  ["golf", "vandelay_industries", "LEADER", "2015-03-01"],
  ["harbor", "harbor_family_clinic", "LEADER", "2021-02-01"],
  ...(
    [
      "bethel_daycare",
      "sunrise_florist",
      "mill_lane_dental",
      "good_shepherd_catering",
      "covenant_hardware",
      "lighthouse_tutoring",
      "faithful_friends_pet_care",
      "maple_street_pharmacy",
      "cornerstone_plumbing",
    ] as const
  ).map((k, i) => ["church", k, "MEMBER", fromEpochDay(toEpochDay("2017-02-05") + i * 173)] as const),
  ...(
    [
      "ironbridge_castings",
      "northgate_fabrication",
      "pioneer_plastics",
      "delta_welding",
      "apex_gearworks",
      "bluewater_pumps",
      "summit_machining",
      "titan_forge",
      "keystone_medsupply",
    ] as const
  ).map((k, i) => ["makers", k, "MEMBER", fromEpochDay(toEpochDay("2018-06-11") + i * 151)] as const),
  ...(
    [
      "main_street_law",
      "riverside_realty",
      "harborview_hotel",
      "riverside_library_trust",
      "corner_bakery",
      "quickprint_express",
      "grace_bookkeeping",
      "bargain_bins_retail",
    ] as const
  ).map((k, i) => ["chamber", k, "MEMBER", fromEpochDay(toEpochDay("2019-09-02") + i * 137)] as const),
  ...(["globex_multinational", "initech_industries", "massive_dynamic", "oceanic_shipping", "umbrella_health"] as const).map(
    (k, i) => ["golf", k, "MEMBER", fromEpochDay(toEpochDay("2016-05-09") + i * 211)] as const,
  ),
  ...(
    [
      "globex_multinational",
      "umbrella_health",
      "vandelay_industries",
      "state_transport_dept",
      "massive_dynamic",
      "apex_gearworks",
      "ironbridge_castings",
    ] as const
  ).map((k, i) => ["users", k, "MEMBER", fromEpochDay(toEpochDay("2018-03-05") + i * 97)] as const),
  ...(["keystone_medsupply", "seaside_dental_group", "bayview_physio", "anchor_eye_care", "tidewater_pediatrics"] as const).map(
    (k, i) => ["harbor", k, "MEMBER", fromEpochDay(toEpochDay("2021-05-03") + i * 89)] as const,
  ),
];

/** [from, to, kind, strength, since]. */
const STORY_INFLUENCES: (readonly [string, string, InfluenceKind, number, IsoDate])[] = [
  // The church group leader.
  ["grace_bookkeeping", "bethel_daycare", "PEER", 0.9, "2018-05-06"],
  ["grace_bookkeeping", "sunrise_florist", "PEER", 0.8, "2019-02-10"],
  ["grace_bookkeeping", "mill_lane_dental", "PEER", 0.6, "2021-11-14"],
  ["grace_bookkeeping", "good_shepherd_catering", "PEER", 0.85, "2019-08-18"],
  ["grace_bookkeeping", "covenant_hardware", "ADVISOR", 0.7, "2020-03-01"],
  ["grace_bookkeeping", "lighthouse_tutoring", "PEER", 0.75, "2022-09-11"],
  ["grace_bookkeeping", "faithful_friends_pet_care", "PEER", 0.65, "2021-04-25"],
  ["grace_bookkeeping", "maple_street_pharmacy", "ADVISOR", 0.8, "2023-10-08"],
  ["grace_bookkeeping", "cornerstone_plumbing", "PEER", 0.7, "2024-06-16"],
  ["grace_bookkeeping", "riverside_realty", "PEER", 0.5, "2022-01-30"],
  ["bethel_daycare", "sunrise_florist", "PEER", 0.7, "2022-10-02"],
  ["sunrise_florist", "mill_lane_dental", "FAMILY", 0.6, "2023-12-17"],
  ["covenant_hardware", "cornerstone_plumbing", "SUPPLIER", 0.5, "2023-02-05"],
  // The manufacturers' association leader.
  ["hartley_tooling", "ironbridge_castings", "PEER", 0.85, "2019-03-04"],
  ["hartley_tooling", "northgate_fabrication", "PEER", 0.7, "2020-07-20"],
  ["hartley_tooling", "pioneer_plastics", "ADVISOR", 0.6, "2021-05-10"],
  ["hartley_tooling", "delta_welding", "PEER", 0.65, "2022-02-14"],
  ["hartley_tooling", "apex_gearworks", "PEER", 0.8, "2019-10-28"],
  ["hartley_tooling", "bluewater_pumps", "ADVISOR", 0.75, "2022-08-29"],
  ["hartley_tooling", "summit_machining", "PEER", 0.85, "2023-04-24"],
  ["hartley_tooling", "titan_forge", "PEER", 0.7, "2024-01-22"],
  ["hartley_tooling", "keystone_medsupply", "ADVISOR", 0.6, "2021-09-13"],
  ["hartley_tooling", "covenant_hardware", "SUPPLIER", 0.5, "2020-11-02"],
  ["ironbridge_castings", "northgate_fabrication", "SUPPLIER", 0.7, "2021-06-07"],
  ["northgate_fabrication", "pioneer_plastics", "PEER", 0.6, "2023-08-21"],
  ["pioneer_plastics", "delta_welding", "SUPPLIER", 0.5, "2024-11-11"],
  ["apex_gearworks", "titan_forge", "SUPPLIER", 0.4, "2023-06-05"],
  // The chamber of commerce leader.
  ["riverside_printworks", "main_street_law", "PEER", 0.8, "2020-05-18"],
  ["riverside_printworks", "riverside_realty", "PEER", 0.75, "2021-09-27"],
  ["riverside_printworks", "harborview_hotel", "SUPPLIER", 0.8, "2022-04-11"],
  ["riverside_printworks", "riverside_library_trust", "PEER", 0.6, "2020-02-03"],
  ["riverside_printworks", "corner_bakery", "PEER", 0.55, "2023-07-24"],
  ["riverside_printworks", "quickprint_express", "PEER", 0.5, "2024-03-18"],
  ["riverside_printworks", "grace_bookkeeping", "PEER", 0.5, "2020-09-14"],
  ["main_street_law", "riverside_realty", "ADVISOR", 0.6, "2023-11-06"],
  // Large accounts watch each other, but weakly and rarely.
  ["globex_multinational", "oceanic_shipping", "SUPPLIER", 0.8, "2022-06-13"],
  ["vandelay_industries", "globex_multinational", "PEER", 0.4, "2019-04-15"],
  ["initech_industries", "massive_dynamic", "BOARD", 0.5, "2016-10-03"],
  ["massive_dynamic", "oceanic_shipping", "PEER", 0.3, "2024-02-19"],
  ["umbrella_health", "state_transport_dept", "PEER", 0.3, "2018-08-27"],
  ["apex_gearworks", "globex_multinational", "SUPPLIER", 0.3, "2021-01-18"],
  // The keystone and the clinics it supplies.
  ["keystone_medsupply", "harbor_family_clinic", "SUPPLIER", 0.8, "2022-03-07"],
  ["keystone_medsupply", "seaside_dental_group", "SUPPLIER", 0.7, "2022-10-17"],
  ["keystone_medsupply", "bayview_physio", "SUPPLIER", 0.6, "2023-05-08"],
  ["harbor_family_clinic", "tidewater_pediatrics", "PEER", 0.7, "2023-09-25"],
  ["harbor_family_clinic", "seaside_dental_group", "PEER", 0.6, "2024-08-12"],
  ["seaside_dental_group", "anchor_eye_care", "PEER", 0.5, "2024-04-01"],
  ["bayview_physio", "anchor_eye_care", "PEER", 0.4, "2025-10-20"],
];

/** [referrer, referred]; dated a few weeks before the referred account became a customer. */
const STORY_REFERRALS: (readonly [string, string])[] = [
  // Chains: A referred B, B referred C, C referred D.
  ["grace_bookkeeping", "bethel_daycare"],
  ["bethel_daycare", "sunrise_florist"],
  ["sunrise_florist", "mill_lane_dental"],
  ["hartley_tooling", "ironbridge_castings"],
  ["ironbridge_castings", "northgate_fabrication"],
  ["northgate_fabrication", "pioneer_plastics"],
  ["pioneer_plastics", "delta_welding"],
  ["riverside_printworks", "main_street_law"],
  ["main_street_law", "riverside_realty"],
  // More from the leaders.
  ["grace_bookkeeping", "good_shepherd_catering"],
  ["grace_bookkeeping", "covenant_hardware"],
  ["grace_bookkeeping", "lighthouse_tutoring"],
  ["hartley_tooling", "apex_gearworks"],
  ["hartley_tooling", "bluewater_pumps"],
  ["hartley_tooling", "keystone_medsupply"],
  ["riverside_printworks", "corner_bakery"],
  ["riverside_printworks", "riverside_library_trust"],
  // Across the bridge.
  ["keystone_medsupply", "harbor_family_clinic"],
  ["harbor_family_clinic", "seaside_dental_group"],
  // Large accounts refer rarely.
  ["initech_industries", "massive_dynamic"],
];

/** Communities filler accounts may join, per segment, with the probability of joining. */
const FILLER_COMMUNITIES: Record<Segment, readonly (readonly [CommunityKey, number])[]> = {
  SMALL_BUSINESS: [
    ["chamber", 0.4],
    ["church", 0.25],
  ],
  MID_MARKET: [
    ["makers", 0.5],
    ["users", 0.3],
  ],
  ENTERPRISE: [
    ["golf", 0.5],
    ["users", 0.7],
  ],
  PUBLIC_SECTOR: [["users", 0.5]],
  NON_PROFIT: [
    ["church", 0.5],
    ["chamber", 0.5],
  ],
};

/** Accounts that must keep their hand-drawn ties only (the clinics behind the keystone). */
const CLOSED = new Set([
  "keystone_medsupply",
  "harbor_family_clinic",
  "seaside_dental_group",
  "bayview_physio",
  "anchor_eye_care",
  "tidewater_pediatrics",
]);

// ---------- assembly ----------
interface Order {
  date: IsoDate;
  licences: number;
  discount: number;
}

function ordersOf(spec: AccountSpec, asOf: number): Order[] {
  if (!spec.since || spec.start === undefined) return [];
  const windowStart = asOf - WINDOW_DAYS;
  const end = Math.min(asOf, spec.churnedOn ? toEpochDay(spec.churnedOn) - 1 : asOf);
  const expansions = spec.expansions ?? [];
  const heldOn = (day: number): number => spec.start! + expansions.filter(([d]) => toEpochDay(d) < day).reduce((n, [, l]) => n + l, 0);
  const orders: Order[] = [];
  const [y, m, d] = spec.since.split("-").map(Number) as [number, number, number];
  for (let year = y; ; year++) {
    const anniversary = `${year}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
    const day = toEpochDay(anniversary);
    if (day > end) break;
    if (day >= windowStart) orders.push({ date: anniversary, licences: heldOn(day), discount: spec.discount ?? 0 });
  }
  for (const [date, licences, discount] of expansions) {
    const day = toEpochDay(date);
    if (day >= windowStart && day <= end) orders.push({ date, licences, discount });
  }
  return orders.sort((a, b) => a.date.localeCompare(b.date));
}

function nextAnniversary(since: IsoDate, asOf: IsoDate): IsoDate {
  const [, md] = [since.slice(0, 4), since.slice(5)];
  let year = Number(asOf.slice(0, 4));
  while (`${year}-${md}` <= asOf) year++;
  return `${year}-${md}`;
}

function amountOf(price: number, licences: number, discount: number): number {
  return Math.round(price * licences * (1 - discount));
}

function defaultPrice(spec: AccountSpec): number {
  return spec.price ?? (spec.segment === "NON_PROFIT" ? CHARITY_PRICE : LIST_PRICE);
}

/** The whole sample, dated as of SAMPLE_AS_OF. */
export function buildSampleDataset(): Dataset {
  const random = createRandom(SAMPLE_SEED);
  const asOf = toEpochDay(SAMPLE_AS_OF);
  const specs = [...STORY, ...buildFiller(random)];
  const byKey = new Map(specs.map((s) => [s.key, s]));
  if (byKey.size !== specs.length) throw new Error("seeds/build-sample-dataset: duplicate account key");
  const accountId = (key: string): string => {
    if (!byKey.has(key)) throw new Error(`seeds/build-sample-dataset: unknown account key ${key}`);
    return `acc_${key}`;
  };

  const managers: Dataset["managers"] = [
    { id: MANAGER_IDS.sara, name: "Sara Okafor", email: "sara.okafor@ledgerline.example", weeklyCapacityHours: 40 },
    { id: MANAGER_IDS.carla, name: "Carla Mendes", email: "carla.mendes@ledgerline.example", weeklyCapacityHours: 32 },
    { id: MANAGER_IDS.mike, name: "Mike Tanaka", email: "mike.tanaka@ledgerline.example", weeklyCapacityHours: 38 },
    { id: MANAGER_IDS.dan, name: "Dan Doyle", email: "dan.doyle@ledgerline.example", weeklyCapacityHours: 36 },
  ];
  const communities: Dataset["communities"] = COMMUNITIES.map((c) => ({ ...c }));

  // Engagements first: lastContact comes from them.
  const engagements: (NewEngagement & { id: string })[] = [];
  specs.forEach((spec, index) => {
    const cadence = spec.cadence;
    if (!cadence || !spec.owner) return;
    const stop = spec.churnedOn ? toEpochDay(spec.churnedOn) - 7 : asOf;
    const last = Math.min(stop, asOf - (cadence.lastDaysAgo ?? (cadence.even ? (index * 5) % cadence.everyDays : random.int(3, cadence.everyDays))));
    const first = Math.max(asOf - cadence.overDays, spec.since && spec.status !== "PROSPECT" ? toEpochDay(spec.since) : -Infinity);
    let n = 0;
    for (let day = last; day >= first; day -= cadence.everyDays, n++) {
      const [lo, hi] = cadence.minutes;
      const note = spec.notes?.find(([i]) => i === n)?.[1] ?? null;
      engagements.push({
        id: "",
        accountId: accountId(spec.key),
        managerId: MANAGER_IDS[spec.owner],
        minutes: cadence.even ? lo : 5 * random.int(lo / 5, hi / 5),
        // A little jitter, except on an evenly spaced round or a pinned latest contact.
        date: fromEpochDay(cadence.even || (n === 0 && cadence.lastDaysAgo !== undefined) ? day : day - random.int(0, 3)),
        kind: cadence.even ? cadence.kinds[n % cadence.kinds.length]! : random.pick(cadence.kinds),
        note,
      });
    }
  });
  engagements.sort((a, b) => a.date.localeCompare(b.date) || a.accountId.localeCompare(b.accountId));
  engagements.forEach((e, i) => (e.id = `eng_${String(i + 1).padStart(4, "0")}`));
  const lastContact = new Map<string, IsoDate>();
  for (const e of engagements) lastContact.set(e.accountId, e.date);

  const purchases: (NewPurchase & { id: string })[] = [];
  const accounts: (NewAccount & { id: string })[] = specs.map((spec, index) => {
    const id = accountId(spec.key);
    const price = defaultPrice(spec);
    const orders = ordersOf(spec, asOf);
    for (const o of orders) {
      purchases.push({
        id: "",
        accountId: id,
        amount: amountOf(price, o.licences, o.discount),
        licences: o.licences,
        discount: o.discount,
        date: o.date,
      });
    }
    const customer = spec.status === "CUSTOMER";
    const held = customer ? spec.start! + (spec.expansions ?? []).reduce((n, e) => n + e[1], 0) : 0;
    const trailingYear = orders.filter((o) => toEpochDay(o.date) > asOf - 365).reduce((sum, o) => sum + amountOf(price, o.licences, o.discount), 0);
    return {
      id,
      externalId: spec.status === "PROSPECT" ? null : `CRM-${1001 + index}`,
      name: spec.name,
      industry: spec.industry,
      segment: spec.segment,
      region: spec.region,
      ownerId: spec.owner ? MANAGER_IDS[spec.owner] : null,
      status: spec.status,
      annualRevenue: customer ? trailingYear : 0,
      grossMargin: spec.margin,
      licencesHeld: held,
      licencesPlanned: Math.max(spec.planned, held),
      licencePrice: price,
      customerSince: spec.since ?? null,
      renewalDate: customer && spec.since ? nextAnniversary(spec.since, SAMPLE_AS_OF) : null,
      discountPurchases: (spec.pastDiscountPurchases ?? 0) + orders.filter((o) => o.discount >= DISCOUNT_DRIVEN).length,
      supplierSwitches: spec.switches ?? 0,
      lastContact: lastContact.get(id) ?? null,
    };
  });
  purchases.sort((a, b) => a.date.localeCompare(b.date) || a.accountId.localeCompare(b.accountId));
  purchases.forEach((p, i) => (p.id = `pur_${String(i + 1).padStart(4, "0")}`));

  // Memberships: the story's, then filler accounts joining by segment.
  const memberships: NewMembership[] = STORY_MEMBERSHIPS.map(([c, k, role, since]) => ({
    accountId: accountId(k),
    communityId: COMMUNITY_IDS[c],
    role,
    since,
  }));
  const fillerSpecs = specs.slice(STORY.length);
  for (const spec of fillerSpecs) {
    for (const [c, p] of FILLER_COMMUNITIES[spec.segment]) {
      if (random.chance(p)) {
        memberships.push({
          accountId: accountId(spec.key),
          communityId: COMMUNITY_IDS[c],
          role: "MEMBER",
          since: fromEpochDay(asOf - random.int(60, 2500)),
        });
      }
    }
  }

  // Influence: the story's ties; community leaders reach their filler members; light peer ties.
  const influences: (NewInfluenceLink & { id: string })[] = [];
  const seen = new Set<string>();
  const addInfluence = (from: string, to: string, kind: InfluenceKind, strength: number, since: IsoDate): void => {
    const key = `${from}>${to}`;
    if (from === to || seen.has(key)) return;
    seen.add(key);
    influences.push({ id: `lnk_inf_${String(influences.length + 1).padStart(3, "0")}`, fromId: from, toId: to, kind, strength, since });
  };
  for (const [f, t, kind, strength, since] of STORY_INFLUENCES) addInfluence(accountId(f), accountId(t), kind, strength, since);
  const leaderOf = new Map(memberships.filter((m) => m.role === "LEADER").map((m) => [m.communityId, m.accountId]));
  const storyMemberIds = new Set(STORY_MEMBERSHIPS.map(([, k]) => accountId(k)));
  for (const m of memberships) {
    const leader = leaderOf.get(m.communityId);
    if (leader && !storyMemberIds.has(m.accountId)) {
      addInfluence(leader, m.accountId, "PEER", random.fraction(0.5, 0.9), fromEpochDay(asOf - random.int(90, 1500)));
    }
  }
  const open = specs.filter((s) => !CLOSED.has(s.key)).map((s) => accountId(s.key));
  for (const spec of fillerSpecs) {
    const id = accountId(spec.key);
    const ties = spec.status === "PROSPECT" ? 1 : random.int(1, 2);
    for (let t = 0; t < ties; t++) {
      const other = random.pick(open);
      const inbound = spec.status === "PROSPECT" || random.chance(0.5);
      addInfluence(
        inbound ? other : id,
        inbound ? id : other,
        random.pick(["PEER", "SUPPLIER", "ADVISOR"] as const),
        random.fraction(0.2, 0.5),
        fromEpochDay(asOf - random.int(30, 2000)),
      );
    }
  }

  // What the referral brought: the referred account's first-year order.
  const revenueBrought = (spec: AccountSpec): number => amountOf(defaultPrice(spec), spec.start ?? 0, spec.discount ?? 0);
  const referrals: (NewReferral & { id: string })[] = STORY_REFERRALS.map(([f, t], i) => {
    const referred = byKey.get(t);
    if (!referred?.since) throw new Error(`seeds/build-sample-dataset: referred account ${t} was never a customer`);
    return {
      id: `lnk_ref_${String(i + 1).padStart(3, "0")}`,
      fromId: accountId(f),
      toId: accountId(t),
      date: addDays(referred.since, -random.int(10, 40)),
      revenue: revenueBrought(referred),
    };
  });

  return { managers, communities, accounts, memberships, influences, referrals, engagements, purchases };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dataset = buildSampleDataset();
  writeFileSync(SAMPLE_DATASET_URL, formatDatasetJson(dataset));
  const counts = Object.entries(dataset)
    .map(([k, v]) => `${k} ${(v as unknown[]).length}`)
    .join(", ");
  console.log(`wrote ${fileURLToPath(SAMPLE_DATASET_URL)}: ${counts}`);
}
