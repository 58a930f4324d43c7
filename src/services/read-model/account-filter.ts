/**
 * Which accounts a filter matches, answered from a read view: the store port's AccountFilter
 * (the fields both stores' listAccounts implement, with exactly their semantics) plus what
 * only the read model answers: CRM ids, several communities, licence and whitespace ranges,
 * date ranges, an owner or none, "engaged since" / "not engaged since", and AND / OR / NOT.
 * Values arrive validated and absolute (services/account-query-input.ts turns "the next 30
 * days" into dates, caps list sizes and nesting).
 *
 * Semantics: every field present must hold (AND); a list matches its members, so an empty
 * list matches nothing; ranges are inclusive; a date range matches only accounts that have
 * the date, unless `isNull` asks for those without it; `and` needs every sub-filter, `or`
 * any (an empty `or` matches nothing), `not` none. Engagement filters see the engagements the
 * read model holds (the last two years: read-model.ts activityDays); the input rules refuse
 * dates before that window rather than answer from part of the history.
 */
import type { Account, IsoDate } from "../../domain/model.js";
import { foldForSearch } from "../../domain/search-text.js";
import type { AccountFilter } from "../../ports/account-graph-store.js";
import { lastEngagementDates } from "./activity-facts.js";
import type { ReadView } from "./read-view.js";

/** Inclusive bounds on a date; `isNull` true: only accounts without the date, false: only those with it. */
export interface DateRange {
  from?: IsoDate;
  to?: IsoDate;
  isNull?: boolean;
}

/** Inclusive bounds on a number. */
export interface NumberRange {
  min?: number;
  max?: number;
}

export interface AccountQueryFilter extends AccountFilter {
  /** CRM ids (Account.externalId). */
  externalIds?: string[];
  /** Members of any of these communities. */
  communityIds?: string[];
  /** True: accounts with an owner; false: unassigned accounts. */
  hasOwner?: boolean;
  licencesHeld?: NumberRange;
  licencesPlanned?: NumberRange;
  /** licencesPlanned - licencesHeld, at least 0 (strategy/expansion-score.ts). */
  whitespaceLicences?: NumberRange;
  renewalDate?: DateRange;
  lastContact?: DateRange;
  customerSince?: DateRange;
  /** Has an engagement dated on or after this date. */
  engagedSince?: IsoDate;
  /** Has no engagement dated on or after this date. */
  notEngagedSince?: IsoDate;
  and?: AccountQueryFilter[];
  or?: AccountQueryFilter[];
  not?: AccountQueryFilter;
}

type Test = (a: Account) => boolean;

/**
 * Each record's name folded for search, kept by record: records are frozen, so a fold stays
 * true for its record in every view that holds it (an account write does not fold every name
 * again), and goes when the record goes.
 */
const foldedNames = new WeakMap<Account, string>();

export function whitespaceLicencesOf(account: Account): number {
  return Math.max(0, account.licencesPlanned - account.licencesHeld);
}

/** Every account of the view as an array, once per accounts version (iterating a LayeredMap allocates per entry). */
export function accountsOf(view: ReadView): readonly Account[] {
  return view.derived.get("accounts", () => [...view.accounts.values()]);
}

/** True when `test` holds for the filter or any of its sub-filters (`and`, `or`, `not`). */
function anyPart(filter: AccountQueryFilter, test: (part: AccountQueryFilter) => boolean): boolean {
  return (
    test(filter) ||
    (filter.and ?? []).some((sub) => anyPart(sub, test)) ||
    (filter.or ?? []).some((sub) => anyPart(sub, test)) ||
    (filter.not !== undefined && anyPart(filter.not, test))
  );
}

const readsActivity = (part: AccountQueryFilter) => part.engagedSince !== undefined || part.notEngagedSince !== undefined;

/** True when the filter reads engagements (its matches then change with the view's activity, not only its accounts). */
export function usesActivity(filter: AccountQueryFilter): boolean {
  return anyPart(filter, readsActivity);
}

/**
 * True when whether an account matches depends on its record alone: no engagements, no
 * communities. Then an account the view did not change matches in the next view as it did
 * (what lets a count be patched for the changed accounts: account-pages.ts).
 */
export function matchesOnRecordAlone(filter: AccountQueryFilter): boolean {
  return !anyPart(filter, (part) => readsActivity(part) || (part.communityId ?? null) !== null || part.communityIds !== undefined);
}

function inList<T>(tests: Test[], list: readonly T[] | undefined | null, value: (a: Account) => T | null): void {
  if (list === undefined || list === null) return;
  const set = new Set<unknown>(list);
  tests.push((a) => {
    const v = value(a);
    return v !== null && set.has(v);
  });
}

function inRange(tests: Test[], range: NumberRange | undefined, value: (a: Account) => number): void {
  if (!range) return;
  if (range.min !== undefined) tests.push((a) => value(a) >= range.min!);
  if (range.max !== undefined) tests.push((a) => value(a) <= range.max!);
}

/** Whether a (nullable) date lies in `range` (file header: a range wants the date, unless `isNull`). */
export function inDateRange(range: DateRange, date: IsoDate | null): boolean {
  if (range.isNull !== undefined && (date === null) !== range.isNull) return false;
  if (range.from === undefined && range.to === undefined) return true;
  return date !== null && (range.from === undefined || date >= range.from) && (range.to === undefined || date <= range.to);
}

function inDates(tests: Test[], range: DateRange | undefined, value: (a: Account) => IsoDate | null): void {
  if (range) tests.push((a) => inDateRange(range, value(a)));
}

/** The predicate of `filter` (the stores' filter fragments, in JavaScript, and the read model's own fields). */
export function matcherOf(view: ReadView, filter: AccountQueryFilter): (a: Account) => boolean {
  const tests: Test[] = [];
  inList(tests, filter.segments, (a) => a.segment);
  inList(tests, filter.industries, (a) => a.industry);
  inList(tests, filter.regions, (a) => a.region);
  inList(tests, filter.ownerIds, (a) => a.ownerId);
  inList(tests, filter.statuses, (a) => a.status);
  inList(tests, filter.ids, (a) => a.id);
  inList(tests, filter.externalIds, (a) => a.externalId);
  if (filter.minRevenue !== undefined && filter.minRevenue !== null) tests.push((a) => a.annualRevenue >= filter.minRevenue!);
  if (filter.maxRevenue !== undefined && filter.maxRevenue !== null) tests.push((a) => a.annualRevenue <= filter.maxRevenue!);
  for (const communities of [
    filter.communityId === undefined || filter.communityId === null ? undefined : [filter.communityId],
    filter.communityIds,
  ]) {
    if (communities === undefined) continue;
    const members = new Set(communities.flatMap((id) => (view.membershipsByCommunity.get(id) ?? []).map((m) => m.accountId)));
    tests.push((a) => members.has(a.id));
  }
  if (filter.nameContains !== undefined && filter.nameContains !== null) {
    const needle = foldForSearch(filter.nameContains);
    tests.push((a) => {
      let name = foldedNames.get(a);
      if (name === undefined) foldedNames.set(a, (name = foldForSearch(a.name)));
      return name.includes(needle);
    });
  }
  if (filter.hasOwner !== undefined) tests.push((a) => (a.ownerId !== null) === filter.hasOwner);
  inRange(tests, filter.licencesHeld, (a) => a.licencesHeld);
  inRange(tests, filter.licencesPlanned, (a) => a.licencesPlanned);
  inRange(tests, filter.whitespaceLicences, whitespaceLicencesOf);
  inDates(tests, filter.renewalDate, (a) => a.renewalDate);
  inDates(tests, filter.lastContact, (a) => a.lastContact);
  inDates(tests, filter.customerSince, (a) => a.customerSince);
  if (filter.engagedSince !== undefined || filter.notEngagedSince !== undefined) {
    const last = lastEngagementDates(view);
    if (filter.engagedSince !== undefined) tests.push((a) => (last.get(a.id) ?? "") >= filter.engagedSince!);
    if (filter.notEngagedSince !== undefined) tests.push((a) => !((last.get(a.id) ?? "") >= filter.notEngagedSince!));
  }
  for (const sub of filter.and ?? []) tests.push(matcherOf(view, sub));
  if (filter.or !== undefined) {
    const any = filter.or.map((sub) => matcherOf(view, sub));
    tests.push((a) => any.some((test) => test(a)));
  }
  if (filter.not !== undefined) {
    const none = matcherOf(view, filter.not);
    tests.push((a) => !none(a));
  }
  return (a) => tests.every((test) => test(a));
}
