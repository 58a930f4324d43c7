/**
 * Synthetic account graphs for load tests and benchmarks, deterministic from a seed
 * (seeds/random.ts on src/domain/prng.ts, Mulberry32): the same options give a byte-identical dataset.
 *
 * Model, per account (see seeds/README.md for the field semantics shared with the sample):
 * - segment by a fixed mix; licences held log-normal by segment, so revenue
 *   (licences x list price x (1 - discount)) is log-normal by segment too;
 * - status ~60% CUSTOMER / 30% PROSPECT / 10% CHURNED; about a third of small customers
 *   (most small churned ones) are discount chasers: short tenure, several supplier
 *   switches, promotions at 30–50% off;
 * - purchases: the initial order, a renewal of every held licence on each anniversary,
 *   expansions; annualRevenue = what a CUSTOMER paid in the last 365 days;
 * - engagements: ~3 per customer (more for enterprise), a few for prospects.
 *
 * Links (total ≈ accounts x linksPerAccount; REFERRED ≈ referralShare of them):
 * - communities with Zipf-like sizes; each has one LEADER who INFLUENCES most members;
 * - the remaining INFLUENCES grow by preferential attachment on out-degree (Price 1976,
 *   "A general theory of bibliometric and other cumulative advantage processes"; Barabási &
 *   Albert 1999): accounts arrive in random order and each picks its influencers mostly in
 *   proportion to how many followers they already have, so followers per influencer are
 *   heavy-tailed (a few hubs, a long tail of accounts influencing one or two);
 * - REFERRED links mostly follow an INFLUENCES link between two accounts that were both
 *   customers, referrer first; the rest join customers sharing a community or at random.
 *
 * Cost: O(accounts + links) time and memory. Besides the output, only typed arrays and a
 * Set of numeric pair keys (from x N + to, for de-duplication) are kept. Measured on this
 * machine: 200k accounts / 1M links in ~6 s, ~0.5 GB of heap including the output.
 */
import { ValidationError } from "../src/domain/errors.js";
import { requireDate, requireNonNegativeInt, requirePositiveInt } from "../src/domain/guards.js";
import type { AccountStatus, CommunityKind, EngagementKind, InfluenceKind, IsoDate, Segment } from "../src/domain/model.js";
import type { Dataset } from "../src/ports/account-graph-store.js";
import { fromEpochDay, toEpochDay } from "./iso-dates.js";
import { createRandom, type Random } from "./random.js";

export interface GenerateDatasetOptions {
  accounts: number;
  seed: number;
  /** Default: one per DEFAULTS.accountsPerManager accounts. */
  managers?: number;
  /** Default: one per DEFAULTS.accountsPerCommunity accounts. */
  communities?: number;
  /** INFLUENCES + REFERRED links per account, on average. */
  linksPerAccount?: number;
  /** The day the data is "as of"; history runs up to it. Fixed by default so output never drifts. */
  today?: IsoDate;
}

export const DEFAULTS = {
  accountsPerManager: 50,
  accountsPerCommunity: 100,
  linksPerAccount: 5,
  today: "2026-11-01",
  maxAccounts: 5_000_000,
  maxLinksPerAccount: 50,
  historyDays: 730,
  /** Share of links that are REFERRED. */
  referralShare: 0.1,
  /** Share of referrals that follow an existing INFLUENCES link. */
  referralsAlongInfluence: 0.8,
  /** Chance that a community leader INFLUENCES a given member. */
  leaderReach: 0.6,
  /** A leader personally influences at most this many members of a big community. */
  maxLeaderFollowers: 150,
  /** Chance an influencer is picked by preferential attachment rather than uniformly. */
  preferentialShare: 0.7,
  /** Cap on influencers one arriving account names (keeps the spread sane). */
  maxInfluencersPerAccount: 60,
  /** Community size weight of the k-th community: 1 / k^exponent. */
  communitySizeExponent: 0.8,
  /** Share of small customers who chase discounts. */
  chaserShare: 0.3,
  /** A purchase at this discount or more counts as discount-driven. */
  discountDriven: 0.2,
} as const;

// ---------- vocabulary ----------
const STATUS_MIX: readonly (readonly [AccountStatus, number])[] = [
  ["CUSTOMER", 0.6],
  ["PROSPECT", 0.3],
  ["CHURNED", 0.1],
];

interface SegmentProfile {
  share: number;
  /** Licences held: log-normal [median, sigma]. */
  licences: readonly [number, number];
  price: number;
  discounts: readonly number[];
  /** Tenure range in days (log-uniform). */
  tenure: readonly [number, number];
  engagements: number;
  minutes: readonly [number, number];
  kinds: readonly EngagementKind[];
  industries: readonly string[];
  suffixes: readonly string[];
}

const SEGMENTS: Record<Segment, SegmentProfile> = {
  SMALL_BUSINESS: {
    share: 0.55,
    licences: [2, 0.7],
    price: 120_000,
    discounts: [0, 0.05, 0.1, 0.15, 0.2, 0.25],
    tenure: [60, 8 * 365],
    engagements: 2,
    minutes: [15, 60],
    kinds: ["CALL", "VISIT", "EMAIL", "CALL"],
    industries: ["Retail", "Hospitality", "Professional Services", "Construction", "Food & Beverage", "Healthcare"],
    suffixes: ["Bakery", "Plumbing", "Studio", "Florist", "Cafe", "Tailors", "Repairs", "Books", "Dental", "Accounting"],
  },
  MID_MARKET: {
    share: 0.25,
    licences: [20, 0.7],
    price: 120_000,
    discounts: [0, 0.05, 0.1, 0.15],
    tenure: [90, 10 * 365],
    engagements: 4,
    minutes: [30, 90],
    kinds: ["CALL", "VISIT", "DEMO", "MEETING", "EMAIL"],
    industries: ["Manufacturing", "Logistics", "Financial Services", "Construction", "Healthcare", "Technology"],
    suffixes: ["Logistics", "Manufacturing", "Engineering", "Foods", "Packaging", "Labs", "Brokers", "Fabrication"],
  },
  ENTERPRISE: {
    share: 0.07,
    licences: [150, 0.8],
    price: 120_000,
    discounts: [0, 0, 0, 0.05, 0.1],
    tenure: [365, 15 * 365],
    engagements: 8,
    minutes: [60, 120],
    kinds: ["MEETING", "VISIT", "DEMO", "CALL", "EVENT"],
    industries: ["Financial Services", "Energy", "Telecommunications", "Healthcare", "Industrial Equipment", "Retail"],
    suffixes: ["Holdings", "Group", "Corporation", "International", "Industries"],
  },
  PUBLIC_SECTOR: {
    share: 0.05,
    licences: [80, 0.8],
    price: 120_000,
    discounts: [0, 0, 0.05, 0.1],
    tenure: [365, 15 * 365],
    engagements: 6,
    minutes: [45, 120],
    kinds: ["MEETING", "VISIT", "CALL", "EMAIL"],
    industries: ["Public Administration", "Education", "Healthcare"],
    suffixes: ["Council", "Department", "Authority", "Agency", "University"],
  },
  NON_PROFIT: {
    share: 0.08,
    licences: [5, 0.7],
    price: 60_000,
    discounts: [0, 0, 0.1],
    tenure: [60, 8 * 365],
    engagements: 2,
    minutes: [15, 60],
    kinds: ["CALL", "EMAIL", "EVENT"],
    industries: ["Non-profit", "Education", "Healthcare"],
    suffixes: ["Trust", "Foundation", "Food Bank", "Hospice", "Society"],
  },
};
const SEGMENT_KEYS = Object.keys(SEGMENTS) as Segment[];
const SEGMENT_WEIGHTS = SEGMENT_KEYS.map((s) => SEGMENTS[s].share);

const REGIONS = ["Northeast", "Southeast", "Midwest", "Mountain", "Pacific", "EMEA", "APAC"] as const;
const NAME_WORDS = [
  "Acorn",
  "Alder",
  "Amber",
  "Anchor",
  "Apex",
  "Arbor",
  "Aspen",
  "Atlas",
  "Beacon",
  "Birch",
  "Blue",
  "Bright",
  "Brook",
  "Cedar",
  "Cobalt",
  "Copper",
  "Crest",
  "Delta",
  "Eagle",
  "Elm",
  "Ember",
  "Falcon",
  "Fern",
  "Golden",
  "Granite",
  "Harbor",
  "Hazel",
  "Hilltop",
  "Iron",
  "Juniper",
  "Lake",
  "Maple",
  "Meridian",
  "North",
  "Oak",
  "Orchard",
  "Pine",
  "Pioneer",
  "Quarry",
  "Raven",
  "Ridge",
  "River",
  "Silver",
  "Stone",
  "Summit",
  "Sun",
  "Timber",
  "Valley",
  "Willow",
  "Zenith",
] as const;
const TOWNS = [
  "Riverside",
  "Millbrook",
  "Harbor City",
  "Oakmont",
  "Fairview",
  "Greenfield",
  "Kingsport",
  "Lakewood",
  "Springdale",
  "Westfield",
  "Ashford",
  "Bramble",
  "Clayton",
  "Dunmore",
  "Easton",
  "Foxhall",
] as const;
const FIRST_NAMES = [
  "Ada",
  "Ben",
  "Chen",
  "Dana",
  "Eli",
  "Fatima",
  "Gus",
  "Hana",
  "Ivan",
  "Jo",
  "Kofi",
  "Lena",
  "Mateo",
  "Nia",
  "Omar",
  "Priya",
  "Quinn",
  "Rosa",
  "Sam",
  "Tariq",
  "Uma",
  "Vic",
  "Wen",
  "Yara",
  "Zoe",
] as const;
const LAST_NAMES = [
  "Adams",
  "Baker",
  "Costa",
  "Diaz",
  "Evans",
  "Fischer",
  "Garcia",
  "Haddad",
  "Ito",
  "Jensen",
  "Khan",
  "Lopez",
  "Moreau",
  "Nowak",
  "Okafor",
  "Patel",
  "Quist",
  "Rossi",
  "Silva",
  "Tanaka",
  "Usman",
  "Varga",
  "Weber",
  "Yilmaz",
  "Zhou",
] as const;

const COMMUNITY_KINDS: readonly (readonly [CommunityKind, number, (town: string, n: number) => string])[] = [
  ["INDUSTRY_ASSOCIATION", 0.3, (t, n) => `${t} ${pickBy(n, ["Manufacturers", "Retailers", "Healthcare", "Logistics", "Builders"])} Association`],
  ["CHAMBER_OF_COMMERCE", 0.2, (t) => `${t} Chamber of Commerce`],
  ["CHURCH", 0.15, (t, n) => `${pickBy(n, ["St. Mark's", "Grace", "Bethel", "St. Anne's", "Cornerstone"])} Fellowship of ${t}`],
  ["CLUB", 0.15, (t, n) => `${t} ${pickBy(n, ["Golf", "Rotary", "Yacht", "Tennis"])} Club`],
  ["USER_GROUP", 0.15, (t) => `Ledgerline Users ${t}`],
  ["OTHER", 0.05, (t) => `${t} Business Network`],
];

const INFLUENCE_KINDS: readonly InfluenceKind[] = [
  "PEER",
  "PEER",
  "PEER",
  "PEER",
  "PEER",
  "SUPPLIER",
  "SUPPLIER",
  "SUPPLIER",
  "ADVISOR",
  "ADVISOR",
  "BOARD",
  "FAMILY",
];

function pickBy<T>(n: number, items: readonly T[]): T {
  return items[n % items.length]!;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function requireOptions(options: GenerateDatasetOptions) {
  const accounts = requirePositiveInt(options.accounts, "accounts", DEFAULTS.maxAccounts);
  const seed = requireNonNegativeInt(options.seed, "seed", 0xffff_ffff);
  const managers = requirePositiveInt(options.managers ?? Math.max(1, Math.round(accounts / DEFAULTS.accountsPerManager)), "managers", accounts);
  const communities = requireNonNegativeInt(
    options.communities ?? Math.max(1, Math.round(accounts / DEFAULTS.accountsPerCommunity)),
    "communities",
    accounts,
  );
  const linksPerAccount = options.linksPerAccount ?? DEFAULTS.linksPerAccount;
  if (!Number.isFinite(linksPerAccount) || linksPerAccount < 0 || linksPerAccount > DEFAULTS.maxLinksPerAccount) {
    throw new ValidationError(`linksPerAccount must be a number between 0 and ${DEFAULTS.maxLinksPerAccount}`, "linksPerAccount");
  }
  const today = requireDate(options.today ?? DEFAULTS.today, "today");
  return { accounts, seed, managers, communities, linksPerAccount, today };
}

/** Calendar-date strings, cached per epoch day so a million links share a few thousand strings. */
function createDateFormatter(): (day: number) => IsoDate {
  const cache = new Map<number, IsoDate>();
  return (day) => {
    let iso = cache.get(day);
    if (iso === undefined) {
      iso = fromEpochDay(day);
      cache.set(day, iso);
    }
    return iso;
  };
}

/** Epoch day of the given year's anniversary of `day` (29 Feb never occurs: starts avoid it). */
function anniversaryIn(year: number, day: number): number {
  const d = new Date(day * 86_400_000);
  return Date.UTC(year, d.getUTCMonth(), d.getUTCDate()) / 86_400_000;
}

function logUniformInt(random: Random, min: number, max: number): number {
  return Math.round(Math.exp(Math.log(min) + random.next() * (Math.log(max) - Math.log(min))));
}

/** Cumulative weights for O(log n) weighted draws over many items. */
function cumulative(weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) out[i] = sum += weights[i]!;
  return out;
}

function drawCumulative(random: Random, cum: Float64Array): number {
  const r = random.next() * cum[cum.length - 1]!;
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid]! > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** A deterministic synthetic Dataset; throws ValidationError on bad options. */
export function generateDataset(options: GenerateDatasetOptions): Dataset {
  const opts = requireOptions(options);
  const random = createRandom(opts.seed);
  const N = opts.accounts;
  const today = toEpochDay(opts.today);
  const windowStart = today - DEFAULTS.historyDays;
  const dateOf = createDateFormatter();

  // ---------- managers ----------
  const managerWidth = Math.max(4, String(opts.managers).length);
  const managers: Dataset["managers"] = [];
  for (let m = 0; m < opts.managers; m++) {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const id = `mgr_${pad(m + 1, managerWidth)}`;
    managers.push({
      id,
      name: `${first} ${last}`,
      email: `${first.toLowerCase()}.${last.toLowerCase()}.${m + 1}@ledgerline.example`,
      weeklyCapacityHours: random.int(30, 40),
    });
  }

  // ---------- accounts, purchases, engagements ----------
  const accountWidth = Math.max(6, String(N).length);
  const accountIds: string[] = new Array<string>(N);
  const status = new Uint8Array(N); // index into STATUS_MIX
  const sinceDay = new Float64Array(N).fill(Number.NaN);
  const firstYearRevenue = new Float64Array(N);
  const accounts: Dataset["accounts"] = new Array(N);
  const purchases: Dataset["purchases"] = [];
  const engagements: Dataset["engagements"] = [];
  const statusWeights = STATUS_MIX.map(([, w]) => w);
  const activityIdWidth = 8; // engagement and purchase ids: up to ~100M rows

  for (let i = 0; i < N; i++) {
    const id = `acc_${pad(i + 1, accountWidth)}`;
    accountIds[i] = id;
    const segment = SEGMENT_KEYS[random.weighted(SEGMENT_WEIGHTS)]!;
    const profile = SEGMENTS[segment];
    const s = random.weighted(statusWeights);
    status[i] = s;
    const accountStatus = STATUS_MIX[s]![0];
    const small = segment === "SMALL_BUSINESS";
    const chaser = small && accountStatus !== "PROSPECT" && random.chance(accountStatus === "CHURNED" ? 0.6 : DEFAULTS.chaserShare);
    const ownerIndex = random.chance(accountStatus === "CUSTOMER" ? 0.95 : 0.55) ? random.int(0, opts.managers - 1) : -1;
    const name = `${random.pick(NAME_WORDS)} ${random.pick(NAME_WORDS)} ${random.pick(profile.suffixes)}`;
    const price = profile.price;
    let held = 0;
    let planned = 0;
    let since: number | null = null;
    let end = today; // last day with activity
    let annualRevenue = 0;
    let renewal: number | null = null;
    let discountPurchases = 0;
    let switches = 0;
    let discount = 0;

    if (accountStatus === "PROSPECT") {
      planned = Math.max(1, Math.round(random.logNormal(profile.licences[0], profile.licences[1])));
    } else {
      const churnAgo = accountStatus === "CHURNED" ? random.int(15, DEFAULTS.historyDays) : 0;
      const tenure = chaser ? random.int(30, 365) : logUniformInt(random, profile.tenure[0], profile.tenure[1]);
      since = today - churnAgo - tenure;
      if (fromEpochDay(since).endsWith("-02-29")) since += 1;
      end = today - churnAgo;
      const start = chaser ? random.int(1, 3) : Math.max(1, Math.round(random.logNormal(profile.licences[0], profile.licences[1])));
      discount = chaser ? 0.3 + 0.05 * random.int(0, 4) : random.pick(profile.discounts);
      // Expansions: [day, licences, discount].
      const expansions: [number, number, number][] = [];
      const expansionCount = chaser ? random.int(1, 3) : random.chance(0.35) ? 1 : 0;
      for (let e = 0; e < expansionCount; e++) {
        const day = Math.max(since + 1, windowStart) + random.int(0, Math.max(0, end - 1 - Math.max(since + 1, windowStart)));
        if (day >= end) continue;
        const licences = chaser ? 1 : Math.max(1, Math.round(start * (0.1 + 0.4 * random.next())));
        expansions.push([day, licences, chaser ? 0.3 + 0.05 * random.int(0, 4) : discount]);
      }
      expansions.sort((a, b) => a[0] - b[0]);
      const addPurchase = (day: number, licences: number, d: number): void => {
        const amount = Math.round(price * licences * (1 - d));
        purchases.push({ id: "", accountId: id, amount, licences, discount: d, date: dateOf(day) });
        if (d >= DEFAULTS.discountDriven) discountPurchases++;
        if (accountStatus === "CUSTOMER" && day > today - 365) annualRevenue += amount;
      };
      const sinceYear = new Date(since * 86_400_000).getUTCFullYear();
      const firstPurchase = purchases.length;
      // A customer renewing today has renewed; a churned account left on its last active day.
      const lastActive = accountStatus === "CHURNED" ? end - 1 : end;
      for (let year = sinceYear; ; year++) {
        const day = anniversaryIn(year, since);
        if (day > lastActive) {
          if (accountStatus === "CUSTOMER") renewal = day;
          break;
        }
        if (day < windowStart) continue;
        let licences = start;
        for (const [d, l] of expansions) if (d < day) licences += l;
        addPurchase(day, licences, discount);
      }
      for (const [d, l, disc] of expansions) if (d >= windowStart) addPurchase(d, l, disc);
      // Keep each account's purchases in date order (renewals and expansions interleave).
      const own = purchases.splice(firstPurchase).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      for (const p of own) purchases.push(p);
      held = accountStatus === "CUSTOMER" ? start + expansions.reduce((n, [, l]) => n + l, 0) : 0;
      planned = accountStatus === "CUSTOMER" ? held + (random.chance(0.5) ? Math.round(held * (0.1 + 1.1 * random.next())) : 0) : 0;
      firstYearRevenue[i] = Math.round(price * start * (1 - discount));
      sinceDay[i] = since;
      discountPurchases += chaser ? random.int(1, 4) : small ? random.int(0, 1) : 0;
      switches = chaser ? random.int(2, 5) : small ? random.weighted([0.7, 0.25, 0.05]) : random.chance(0.05) ? 1 : 0;
    }

    // Engagements: roughly proportional to the account's weight.
    const count =
      accountStatus === "CUSTOMER"
        ? Math.round(profile.engagements * (0.5 + random.next()))
        : accountStatus === "PROSPECT"
          ? random.chance(0.5)
            ? random.int(1, 2)
            : 0
          : random.int(0, 1);
    let lastContact: number | null = null;
    if (count > 0) {
      const from = accountStatus === "PROSPECT" ? today - 120 : Math.max(windowStart, (since ?? today) - 30);
      const days: number[] = [];
      for (let e = 0; e < count; e++) days.push(from + random.int(0, Math.max(0, end - from)));
      days.sort((a, b) => a - b);
      const managerIndex = ownerIndex >= 0 ? ownerIndex : random.int(0, opts.managers - 1);
      for (const day of days) {
        const [lo, hi] = profile.minutes;
        engagements.push({
          id: "",
          accountId: id,
          managerId: managers[managerIndex]!.id,
          minutes: 5 * random.int(lo / 5, hi / 5),
          date: dateOf(day),
          kind: random.pick(profile.kinds),
          note: null,
        });
      }
      lastContact = days[days.length - 1]!;
    }

    const margin = Math.min(0.95, Math.max(0.3, 0.85 - 0.6 * discount + 0.06 * (random.next() - 0.5)));
    accounts[i] = {
      id,
      externalId: accountStatus !== "PROSPECT" && random.chance(0.8) ? `CRM-${pad(i + 1, accountWidth)}` : null,
      name,
      industry: random.pick(profile.industries),
      segment,
      region: random.pick(REGIONS),
      ownerId: ownerIndex >= 0 ? managers[ownerIndex]!.id : null,
      status: accountStatus,
      annualRevenue,
      grossMargin: Math.round(margin * 100) / 100,
      licencesHeld: held,
      licencesPlanned: planned,
      licencePrice: price,
      customerSince: since === null ? null : dateOf(since),
      renewalDate: renewal === null ? null : dateOf(renewal),
      discountPurchases,
      supplierSwitches: switches,
      lastContact: lastContact === null ? null : dateOf(lastContact),
    };
  }
  purchases.forEach((p, k) => (p.id = `pur_${pad(k + 1, activityIdWidth)}`));
  engagements.forEach((e, k) => (e.id = `eng_${pad(k + 1, activityIdWidth)}`));

  // ---------- communities and memberships ----------
  const C = opts.communities;
  const communities: Dataset["communities"] = [];
  const kindWeights = COMMUNITY_KINDS.map(([, w]) => w);
  for (let c = 0; c < C; c++) {
    const [kind, , nameOf] = COMMUNITY_KINDS[random.weighted(kindWeights)]!;
    const town = TOWNS[c % TOWNS.length]!;
    const round = Math.floor(c / TOWNS.length);
    const name = nameOf(town, random.int(0, 99)) + (round > 0 ? ` ${round + 1}` : "");
    communities.push({ id: `com_${pad(c + 1, Math.max(4, String(C).length))}`, name, kind, region: random.pick(REGIONS) });
  }
  const memberships: Dataset["memberships"] = [];
  const membershipCommunity: number[] = [];
  const membershipAccount: number[] = [];
  /** An account's first community, or -1. */
  const accountCommunity = new Int32Array(N).fill(-1);
  if (C > 0) {
    const sizeWeights = new Float64Array(C);
    for (let c = 0; c < C; c++) sizeWeights[c] = 1 / (c + 1) ** DEFAULTS.communitySizeExponent;
    const cum = cumulative(sizeWeights);
    for (let i = 0; i < N; i++) {
      const k = Math.min(C, random.weighted([0.35, 0.45, 0.2]));
      let first = -1;
      for (let j = 0; j < k; j++) {
        const c = drawCumulative(random, cum);
        if (c === first) continue;
        first = c;
        memberships.push({ accountId: accountIds[i]!, communityId: communities[c]!.id, role: "MEMBER", since: dateOf(today - random.int(30, 3000)) });
        membershipCommunity.push(c);
        membershipAccount.push(i);
        if (j === 0) accountCommunity[i] = c;
      }
    }
  }
  // Members per community (counting sort of membership indices).
  const memberStart = new Int32Array(C + 1);
  for (const c of membershipCommunity) memberStart[c + 1]!++;
  for (let c = 0; c < C; c++) memberStart[c + 1]! += memberStart[c]!;
  const memberIndex = new Int32Array(memberships.length);
  {
    const fill = memberStart.slice(0, C);
    membershipCommunity.forEach((c, m) => (memberIndex[fill[c]!++] = m));
  }
  const leaderOf = new Int32Array(C).fill(-1);
  for (let c = 0; c < C; c++) {
    const from = memberStart[c]!;
    const size = memberStart[c + 1]! - from;
    if (size === 0) continue;
    // Prefer a customer as leader: try a few members, keep the last tried.
    let chosen = memberIndex[from + random.int(0, size - 1)]!;
    for (let t = 0; t < 5 && STATUS_MIX[status[membershipAccount[chosen]!]!]![0] !== "CUSTOMER"; t++) {
      chosen = memberIndex[from + random.int(0, size - 1)]!;
    }
    memberships[chosen]!.role = "LEADER";
    leaderOf[c] = membershipAccount[chosen]!;
  }

  // ---------- influence ----------
  const totalLinks = Math.round(N * opts.linksPerAccount);
  const referralTarget = Math.round(totalLinks * DEFAULTS.referralShare);
  const influenceTarget = totalLinks - referralTarget;
  const influences: Dataset["influences"] = [];
  const linkWidth = Math.max(7, String(totalLinks).length);
  const influencePairs = new Set<number>();
  const pairKey = (from: number, to: number): number => from * N + to;
  const influenceFrom: number[] = [];
  const influenceTo: number[] = [];
  // Preferential-attachment urn: one ticket per arrived account plus one per follower it has.
  const urn = new Int32Array(N + influenceTarget + 1);
  let urnSize = 0;
  const addInfluence = (from: number, to: number, kind: InfluenceKind, strength: number): boolean => {
    if (from === to || influences.length >= influenceTarget) return false;
    const key = pairKey(from, to);
    if (influencePairs.has(key)) return false;
    influencePairs.add(key);
    influences.push({
      id: `lnk_i${pad(influences.length + 1, linkWidth)}`,
      fromId: accountIds[from]!,
      toId: accountIds[to]!,
      kind,
      strength,
      since: dateOf(today - random.int(1, 3000)),
    });
    influenceFrom.push(from);
    influenceTo.push(to);
    urn[urnSize++] = from;
    return true;
  };
  const leaderFollowers = new Int32Array(C);
  for (let m = 0; m < memberships.length; m++) {
    const membership = memberships[m]!;
    const c = membershipCommunity[m]!;
    const leader = leaderOf[c]!;
    if (membership.role === "LEADER" || leader < 0 || !random.chance(DEFAULTS.leaderReach)) continue;
    if (leaderFollowers[c]!++ >= DEFAULTS.maxLeaderFollowers) continue;
    addInfluence(leader, membershipAccount[m]!, random.chance(0.7) ? "PEER" : "ADVISOR", Math.round((0.5 + 0.4 * random.next()) * 100) / 100);
  }
  // Growth: accounts arrive in random order; each names its influencers among earlier arrivals.
  const order = new Int32Array(N);
  for (let i = 0; i < N; i++) order[i] = i;
  for (let i = N - 1; i > 0; i--) {
    const j = random.int(0, i);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  for (let t = 0; t < N; t++) {
    const v = order[t]!;
    const remaining = influenceTarget - influences.length;
    // Some accounts listen to many peers, most to a few: exponential spread around the mean
    // still needed to reach the target (recomputed per arrival, so the total lands on it).
    const wanted = (remaining / (N - t)) * (0.3 - 0.7 * Math.log(1 - random.next()));
    const m = Math.min(t, DEFAULTS.maxInfluencersPerAccount, Math.floor(wanted) + (random.next() < wanted - Math.floor(wanted) ? 1 : 0));
    for (let e = 0; e < m; e++) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const from = urnSize > 0 && random.chance(DEFAULTS.preferentialShare) ? urn[random.int(0, urnSize - 1)]! : order[random.int(0, t - 1)]!;
        // Skewed towards weak ties: most influence is light, a little is strong.
        const strength = Math.round((0.1 + 0.85 * random.next() ** 1.5) * 100) / 100;
        if (addInfluence(from, v, random.pick(INFLUENCE_KINDS), strength)) break;
      }
    }
    urn[urnSize++] = v;
  }

  // ---------- referrals ----------
  const referrals: Dataset["referrals"] = [];
  const referralPairs = new Set<number>();
  const wasCustomer = (i: number): boolean => !Number.isNaN(sinceDay[i]!);
  const customers: number[] = [];
  for (let i = 0; i < N; i++) if (wasCustomer(i)) customers.push(i);
  const addReferral = (from: number, to: number): boolean => {
    if (from === to || !wasCustomer(from) || !wasCustomer(to)) return false;
    // The referrer must have been a customer before recommending us.
    const latest = sinceDay[to]! - 10;
    const earliest = Math.max(sinceDay[from]! + 1, sinceDay[to]! - 40);
    if (earliest > latest) return false;
    const key = pairKey(from, to);
    if (referralPairs.has(key)) return false;
    referralPairs.add(key);
    referrals.push({
      id: `lnk_r${pad(referrals.length + 1, linkWidth)}`,
      fromId: accountIds[from]!,
      toId: accountIds[to]!,
      date: dateOf(random.int(earliest, latest)),
      revenue: firstYearRevenue[to]!,
    });
    return true;
  };
  const alongTarget = Math.round(referralTarget * DEFAULTS.referralsAlongInfluence);
  for (let attempts = 0; referrals.length < alongTarget && influences.length > 0 && attempts < alongTarget * 30; attempts++) {
    const e = random.int(0, influences.length - 1);
    addReferral(influenceFrom[e]!, influenceTo[e]!);
  }
  for (let attempts = 0; referrals.length < referralTarget && customers.length > 1 && attempts < referralTarget * 30; attempts++) {
    const to = customers[random.int(0, customers.length - 1)]!;
    // Half the time someone from the referee's community (when it has one), else anyone.
    const c = accountCommunity[to]!;
    const size = c >= 0 ? memberStart[c + 1]! - memberStart[c]! : 0;
    const from =
      size > 1 && random.chance(0.5)
        ? membershipAccount[memberIndex[memberStart[c]! + random.int(0, size - 1)]!]!
        : customers[random.int(0, customers.length - 1)]!;
    addReferral(from, to);
  }

  return { managers, communities, accounts, memberships, influences, referrals, engagements, purchases };
}
