/**
 * Turns the account query arguments a client sends (filters, orders, date ranges relative to
 * today, aggregate windows) into the validated, absolute values the read model answers with
 * (read-model/account-filter.ts, account-order.ts). One place for their rules, shared by
 * `accounts`, `accountsAggregate`, `strategicRanking` and the advocates' `amongFilter`.
 * Field names are relative to the argument; the API prefixes them (`filter.renewalDate.nextDays`).
 *
 * Limits (README "Filters, sorting and aggregates"): a filter is answered in memory, so its size
 * is what a request costs. A list holds at most FILTER_LIMITS.maxListLength values (a 250,000-id
 * list would be 4 MB of work per request), AND / OR / NOT nest at most `maxDepth` deep and hold
 * at most `maxSubFilters` filters in all. Beyond them: BAD_USER_INPUT naming the field.
 */
import { ValidationError } from "../domain/errors.js";
import { DATE_RANGE, requireDate, requireNonNegativeInt, requireOneOf } from "../domain/guards.js";
import { ACCOUNT_STATUSES, SEGMENTS, type IsoDate } from "../domain/model.js";
import { parseMoney } from "../domain/money.js";
import { addDays } from "../domain/dates.js";
import type { MoneyInput } from "./account-input.js";
import type { AccountQueryFilter, DateRange, NumberRange } from "./read-model/account-filter.js";
import { ACCOUNT_ORDER_KEYS, NULLS_PLACEMENTS, orderingName, type AccountOrderTerm } from "./read-model/account-order.js";
import { requireOrder } from "./read-model/account-pages.js";

export const FILTER_LIMITS = Object.freeze({
  /** Values in one list (ids, externalIds, ownerIds, regions, …). */
  maxListLength: 1_000,
  /** Nesting of AND / OR / NOT. */
  maxDepth: 4,
  /** Filters inside AND / OR / NOT, counted over the whole filter. */
  maxSubFilters: 20,
  /** Furthest a relative date range reaches (nextDays, lastDays). */
  maxDays: 36_600,
  /** Default engagement window of aggregates: the last this many days. */
  defaultWindowDays: 90,
});

/** A date range as a client gives it: inclusive `from` / `to`, exclusive `before` / `after`, or days around today. */
export interface DateRangeCommand {
  from?: string | null;
  to?: string | null;
  before?: string | null;
  after?: string | null;
  /** Today through today + N. */
  nextDays?: number | null;
  /** Today - N through today. */
  lastDays?: number | null;
  isNull?: boolean | null;
}

export interface RangeCommand {
  min?: number | null;
  max?: number | null;
}

export interface AccountFilterCommand {
  ids?: string[] | null;
  externalIds?: string[] | null;
  segments?: string[] | null;
  industries?: string[] | null;
  regions?: string[] | null;
  ownerIds?: string[] | null;
  statuses?: string[] | null;
  communityId?: string | null;
  communityIds?: string[] | null;
  minRevenue?: MoneyInput | null;
  maxRevenue?: MoneyInput | null;
  nameContains?: string | null;
  hasOwner?: boolean | null;
  licencesHeld?: RangeCommand | null;
  licencesPlanned?: RangeCommand | null;
  whitespaceLicences?: RangeCommand | null;
  renewalDate?: DateRangeCommand | null;
  lastContact?: DateRangeCommand | null;
  customerSince?: DateRangeCommand | null;
  engagedSince?: string | null;
  notEngagedSince?: string | null;
  /** Engaged within the last N days (today - N on). */
  engagedWithinDays?: number | null;
  /** Not engaged within the last N days. */
  notEngagedWithinDays?: number | null;
  AND?: AccountFilterCommand[] | null;
  OR?: AccountFilterCommand[] | null;
  NOT?: AccountFilterCommand | null;
}

export interface AccountOrderCommand {
  key: string;
  direction?: string | null;
  nulls?: string | null;
}

/** What the rules need to know: today's date, and the first date the read model holds engagements for. */
export interface QueryClock {
  today: IsoDate;
  activitySince: IsoDate;
}

const present = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;

/** A list argument within FILTER_LIMITS.maxListLength, each value one of `allowed` when given. */
export function requireList<T extends string>(values: readonly string[] | null | undefined, field: string, allowed?: readonly T[]): T[] | undefined {
  if (!present(values)) return undefined;
  if (values.length > FILTER_LIMITS.maxListLength) {
    throw new ValidationError(`${field} may hold at most ${FILTER_LIMITS.maxListLength} values`, field);
  }
  if (allowed) for (const [i, value] of values.entries()) requireOneOf(String(value), allowed, `${field}.${i}`);
  return [...values] as T[];
}

function range(input: RangeCommand | null | undefined, field: string): NumberRange | undefined {
  if (!present(input)) return undefined;
  const out: NumberRange = {};
  for (const bound of ["min", "max"] as const) {
    const value = input[bound];
    if (!present(value)) continue;
    if (!Number.isFinite(value)) throw new ValidationError(`${field}.${bound} must be a finite number`, `${field}.${bound}`);
    out[bound] = value;
  }
  return out;
}

/** A date range as inclusive absolute bounds: every bound given applies (they intersect). */
export function normaliseDateRange(input: DateRangeCommand | null | undefined, field: string, clock: QueryClock): DateRange | undefined {
  if (!present(input)) return undefined;
  const lower: IsoDate[] = [];
  const upper: IsoDate[] = [];
  const date = (name: keyof DateRangeCommand) => requireDate(String(input[name]), `${field}.${name}`);
  const days = (name: "nextDays" | "lastDays") => requireNonNegativeInt(input[name]!, `${field}.${name}`, FILTER_LIMITS.maxDays);
  if (present(input.from)) lower.push(date("from"));
  if (present(input.to)) upper.push(date("to"));
  if (present(input.after)) {
    const after = date("after");
    // Nothing is after the last accepted date, and the day after it has a five-digit year
    // that sorts before every date: an empty range instead (from after to).
    if (after === DATE_RANGE.last) upper.push(addDays(after, -1));
    lower.push(after === DATE_RANGE.last ? after : addDays(after, 1));
  }
  if (present(input.before)) upper.push(addDays(date("before"), -1));
  if (present(input.nextDays)) {
    lower.push(clock.today);
    upper.push(addDays(clock.today, days("nextDays")));
  }
  if (present(input.lastDays)) {
    lower.push(addDays(clock.today, -days("lastDays")));
    upper.push(clock.today);
  }
  const out: DateRange = {};
  if (lower.length > 0) out.from = lower.reduce((a, b) => (a > b ? a : b));
  if (upper.length > 0) out.to = upper.reduce((a, b) => (a < b ? a : b));
  if (present(input.isNull)) out.isNull = input.isNull;
  return out;
}

/**
 * An engagement date the read model can answer for (on or after its first held day), given as
 * a date or as days before today; with both, the later date (both conditions hold).
 */
function engagementDate(
  value: string | null | undefined,
  days: number | null | undefined,
  field: string,
  daysField: string,
  clock: QueryClock,
): IsoDate | undefined {
  const dates: [IsoDate, string][] = [];
  if (present(value)) dates.push([requireDate(value, field), field]);
  if (present(days)) dates.push([addDays(clock.today, -requireNonNegativeInt(days, daysField, FILTER_LIMITS.maxDays)), daysField]);
  for (const [date, name] of dates) {
    if (date < clock.activitySince) {
      throw new ValidationError(`${name} must reach no earlier than ${clock.activitySince}: engagements are searchable for the last two years`, name);
    }
  }
  return dates.length === 0 ? undefined : dates.map(([date]) => date).reduce((a, b) => (a > b ? a : b));
}

interface Budget {
  subFilters: number;
}

export function normaliseAccountFilter(input: AccountFilterCommand | null | undefined, clock: QueryClock): AccountQueryFilter | undefined {
  if (!present(input)) return undefined;
  return filterAt(input, "", 0, { subFilters: 0 }, clock);
}

function filterAt(input: AccountFilterCommand, prefix: string, depth: number, budget: Budget, clock: QueryClock): AccountQueryFilter {
  const f = (name: string) => `${prefix}${name}`;
  const out: AccountQueryFilter = {};
  const set = <K extends keyof AccountQueryFilter>(key: K, value: AccountQueryFilter[K] | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  set("ids", requireList(input.ids, f("ids")));
  set("externalIds", requireList(input.externalIds, f("externalIds")));
  set("segments", requireList(input.segments, f("segments"), SEGMENTS));
  set("industries", requireList(input.industries, f("industries")));
  set("regions", requireList(input.regions, f("regions")));
  set("ownerIds", requireList(input.ownerIds, f("ownerIds")));
  set("statuses", requireList(input.statuses, f("statuses"), ACCOUNT_STATUSES));
  set("communityIds", requireList(input.communityIds, f("communityIds")));
  if (present(input.communityId) && input.communityId !== "") out.communityId = input.communityId;
  if (present(input.minRevenue)) out.minRevenue = parseMoney(input.minRevenue, f("minRevenue"));
  if (present(input.maxRevenue)) out.maxRevenue = parseMoney(input.maxRevenue, f("maxRevenue"));
  if (present(input.nameContains) && input.nameContains !== "") out.nameContains = input.nameContains;
  if (present(input.hasOwner)) out.hasOwner = input.hasOwner;
  set("licencesHeld", range(input.licencesHeld, f("licencesHeld")));
  set("licencesPlanned", range(input.licencesPlanned, f("licencesPlanned")));
  set("whitespaceLicences", range(input.whitespaceLicences, f("whitespaceLicences")));
  set("renewalDate", normaliseDateRange(input.renewalDate, f("renewalDate"), clock));
  set("lastContact", normaliseDateRange(input.lastContact, f("lastContact"), clock));
  set("customerSince", normaliseDateRange(input.customerSince, f("customerSince"), clock));
  set("engagedSince", engagementDate(input.engagedSince, input.engagedWithinDays, f("engagedSince"), f("engagedWithinDays"), clock));
  set("notEngagedSince", engagementDate(input.notEngagedSince, input.notEngagedWithinDays, f("notEngagedSince"), f("notEngagedWithinDays"), clock));
  const nested = (name: "AND" | "OR" | "NOT", filters: readonly AccountFilterCommand[]) => {
    if (depth + 1 > FILTER_LIMITS.maxDepth) throw new ValidationError(`AND / OR / NOT nest at most ${FILTER_LIMITS.maxDepth} deep`, f(name));
    budget.subFilters += filters.length;
    if (budget.subFilters > FILTER_LIMITS.maxSubFilters) {
      throw new ValidationError(`a filter may combine at most ${FILTER_LIMITS.maxSubFilters} filters with AND / OR / NOT`, f(name));
    }
    return filters.map((sub, i) => filterAt(sub, name === "NOT" ? `${f(name)}.` : `${f(name)}.${i}.`, depth + 1, budget, clock));
  };
  if (present(input.AND)) out.and = nested("AND", input.AND);
  if (present(input.OR)) out.or = nested("OR", input.OR);
  if (present(input.NOT)) out.not = nested("NOT", [input.NOT])[0]!;
  return out;
}

/**
 * The order to page in, from `orderBy` (one key, as the API always took it) or `sort` (1 to 3
 * keys, @neo4j/graphql's name): NAME ascending when neither is given, nulls last unless asked
 * otherwise. Both at once are refused (on `sort`).
 */
export function normaliseAccountOrder(
  orderBy: AccountOrderCommand | null | undefined,
  sort: readonly AccountOrderCommand[] | null | undefined,
): { order: AccountOrderTerm[]; ordering: string } {
  if (present(orderBy) && present(sort)) throw new ValidationError("give orderBy (one key) or sort (several), not both", "sort");
  const [terms, fieldOf, field] = present(sort)
    ? [sort, (i: number) => `sort.${i}`, "sort"]
    : [present(orderBy) ? [orderBy] : [{ key: "NAME" }], () => "orderBy", "orderBy"];
  const order = terms.map((term, i) => ({
    key: requireOneOf(String(term.key), ACCOUNT_ORDER_KEYS, `${fieldOf(i)}.key`),
    direction: requireOneOf(String(term.direction ?? "ASC"), ["ASC", "DESC"] as const, `${fieldOf(i)}.direction`),
    nulls: requireOneOf(String(term.nulls ?? "LAST"), NULLS_PLACEMENTS, `${fieldOf(i)}.nulls`),
  }));
  requireOrder(order, field);
  return { order, ordering: orderingName(order) };
}

/** The engagement window of an aggregate: the last FILTER_LIMITS.defaultWindowDays days unless given; within what the read model holds. */
export function normaliseEngagementWindow(
  input: DateRangeCommand | null | undefined,
  clock: QueryClock,
  field = "engagementWindow",
): { from: IsoDate; to: IsoDate } {
  if (present(input?.isNull)) throw new ValidationError(`${field}.isNull does not apply to a window`, `${field}.isNull`);
  const given = normaliseDateRange(input, field, clock) ?? {};
  const from = given.from ?? (given.to ? clock.activitySince : addDays(clock.today, -FILTER_LIMITS.defaultWindowDays));
  const to = given.to ?? clock.today;
  if (from < clock.activitySince) {
    throw new ValidationError(`${field} must start on or after ${clock.activitySince}: engagements are held for the last two years`, `${field}.from`);
  }
  return { from, to };
}
