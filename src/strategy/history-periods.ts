/**
 * A book's activity history cut into calendar quarters: for every account and quarter,
 * the minutes spent on it and the revenue it booked. This plain table is all the
 * response fit (response-fit.ts), the plan and the backtest read, so where the raw
 * engagements and purchases come from (store reads today, a read model later) does not
 * matter to them.
 *
 * Decisions (docs/scoring.md, section 8):
 * - Periods are calendar quarters, the unit sales teams plan and report in; a quarter
 *   smooths the week-to-week lumpiness of calls and orders while keeping several points
 *   per account over a year or two.
 * - Only complete quarters count: the quarter containing asOf is left out (unless asOf is
 *   its last day), because a half-elapsed quarter has half its orders and would read as
 *   a drop.
 * - "Revenue that followed the minutes" is the revenue booked in the same quarter
 *   (purchase amounts by purchase date). Attention and the orders it wins mostly fall in
 *   the same quarter; a lag would throw away a period per account.
 * - Minutes are everyone's minutes on the account (the account responds to attention,
 *   whoever gives it); `managerMinutes` are the planning manager's own (current habits).
 * - The book's history runs from the first quarter with any activity to the last complete
 *   quarter. A quarter with no activity on any account of the book is treated as not
 *   recorded (`observed: false`), not as a quarter of zeros.
 * - An account's own history starts at its first activity, and not before it became a
 *   customer (the first full quarter after customerSince): quarters before that say
 *   nothing about how it responds as a customer.
 * Cost: O(engagements + purchases + accounts x quarters).
 */
import { centsToUnits } from "../domain/money.js";
import type { Engagement, IsoDate, Purchase } from "./inputs.js";
import { addDays, dayNumber } from "./dates.js";

export interface HistoryPeriod {
  /** year x 4 + quarter (0..3): consecutive quarters have consecutive keys. */
  key: number;
  /** First and last day, inclusive. */
  start: IsoDate;
  end: IsoDate;
  weeks: number;
  /** False when no account of the book had any activity in it (not recorded). */
  observed: boolean;
}

export interface PeriodActivity {
  /** Everyone's minutes on the account in the period. */
  minutes: number;
  /** The planning manager's own minutes. */
  managerMinutes: number;
  /** Revenue booked in the period, currency units. */
  revenue: number;
}

export interface AccountHistory {
  accountId: string;
  /** Index into `ActivityHistory.periods` of the account's first period (periods.length when it has none). */
  firstPeriod: number;
  /** One entry per book period (zeros before `firstPeriod`). */
  activity: PeriodActivity[];
}

export interface ActivityHistory {
  asOf: IsoDate;
  /** Complete quarters from the book's first activity to the last complete one, oldest first. */
  periods: HistoryPeriod[];
  accounts: Map<string, AccountHistory>;
}

export interface HistoryInput {
  asOf: IsoDate;
  managerId: string;
  accounts: readonly { id: string; customerSince: IsoDate | null }[];
  /** Only who spent how many minutes on which account, when, is read. */
  engagements: readonly HistoryEngagement[];
  purchases: readonly Purchase[];
}

/** The fields of an engagement the history reads. */
export type HistoryEngagement = Pick<Engagement, "accountId" | "managerId" | "minutes" | "date">;

/** year x 4 + quarter of a date. */
export function quarterKey(date: IsoDate): number {
  return Number(date.slice(0, 4)) * 4 + Math.floor((Number(date.slice(5, 7)) - 1) / 3);
}

function quarterStart(key: number): IsoDate {
  const year = Math.floor(key / 4);
  return `${String(year).padStart(4, "0")}-${String((key - year * 4) * 3 + 1).padStart(2, "0")}-01`;
}

function quarterPeriod(key: number, observed: boolean): HistoryPeriod {
  const first = dayNumber(quarterStart(key));
  const next = dayNumber(quarterStart(key + 1));
  return { key, start: quarterStart(key), end: addDays(quarterStart(key + 1), -1), weeks: (next - first) / 7, observed };
}

/** Key of the last complete quarter on asOf. */
export function lastCompleteQuarter(asOf: IsoDate): number {
  const key = quarterKey(asOf);
  return quarterPeriod(key, true).end === asOf ? key : key - 1;
}

export function buildActivityHistory(input: HistoryInput): ActivityHistory {
  const last = lastCompleteQuarter(input.asOf);
  const ids = new Set(input.accounts.map((a) => a.id));
  let first = Infinity;
  const seen = new Set<number>();
  const note = (accountId: string, date: IsoDate) => {
    const key = quarterKey(date);
    if (!ids.has(accountId) || key > last) return -1;
    seen.add(key);
    if (key < first) first = key;
    return key;
  };
  const engagementKeys = input.engagements.map((e) => note(e.accountId, e.date));
  const purchaseKeys = input.purchases.map((p) => note(p.accountId, p.date));

  const periods: HistoryPeriod[] = [];
  if (first !== Infinity) for (let key = first; key <= last; key++) periods.push(quarterPeriod(key, seen.has(key)));
  const indexOf = (key: number) => key - first;

  const accounts = new Map<string, AccountHistory>();
  const firstActive = new Map<string, number>();
  for (const a of input.accounts) {
    accounts.set(a.id, {
      accountId: a.id,
      firstPeriod: periods.length,
      activity: periods.map(() => ({ minutes: 0, managerMinutes: 0, revenue: 0 })),
    });
  }
  const touch = (accountId: string, index: number) => {
    if (index < (firstActive.get(accountId) ?? Infinity)) firstActive.set(accountId, index);
  };
  input.engagements.forEach((e, i) => {
    const key = engagementKeys[i]!;
    if (key < 0) return;
    const cell = accounts.get(e.accountId)!.activity[indexOf(key)]!;
    cell.minutes += e.minutes;
    if (e.managerId === input.managerId) cell.managerMinutes += e.minutes;
    touch(e.accountId, indexOf(key));
  });
  input.purchases.forEach((p, i) => {
    const key = purchaseKeys[i]!;
    if (key < 0) return;
    accounts.get(p.accountId)!.activity[indexOf(key)]!.revenue += centsToUnits(p.amount);
    touch(p.accountId, indexOf(key));
  });
  for (const a of input.accounts) {
    const active = firstActive.get(a.id);
    if (active === undefined) continue;
    let start = active;
    if (a.customerSince) {
      const since = quarterKey(a.customerSince);
      // The quarter it became a customer in is only partly a customer quarter.
      const firstFull = quarterPeriod(since, true).start === a.customerSince ? since : since + 1;
      start = Math.max(start, indexOf(firstFull));
    }
    accounts.get(a.id)!.firstPeriod = Math.min(Math.max(0, start), periods.length);
  }
  return { asOf: input.asOf, periods, accounts };
}

/** One observed period of one account, per week: what the response fit consumes. */
export interface PeriodPoint {
  minutesPerWeek: number;
  revenuePerWeek: number;
  weeks: number;
}

/** The account's observed periods with index in [from, to) as per-week points. */
export function periodPoints(history: ActivityHistory, accountId: string, from = 0, to = history.periods.length): PeriodPoint[] {
  const account = history.accounts.get(accountId);
  if (!account) return [];
  const points: PeriodPoint[] = [];
  for (let i = Math.max(from, account.firstPeriod); i < to; i++) {
    const period = history.periods[i]!;
    if (!period.observed) continue;
    const cell = account.activity[i]!;
    points.push({ minutesPerWeek: cell.minutes / period.weeks, revenuePerWeek: cell.revenue / period.weeks, weeks: period.weeks });
  }
  return points;
}

/**
 * The manager's own minutes per week on each account in the latest observed period
 * before `to` in which they logged any time on the book: "current habits".
 */
export function latestHabits(history: ActivityHistory, to = history.periods.length): { period: HistoryPeriod | null; minutes: Map<string, number> } {
  for (let i = to - 1; i >= 0; i--) {
    const period = history.periods[i]!;
    let total = 0;
    for (const account of history.accounts.values()) total += account.activity[i]!.managerMinutes;
    if (total === 0) continue;
    const minutes = new Map<string, number>();
    for (const [id, account] of history.accounts) minutes.set(id, account.activity[i]!.managerMinutes / period.weeks);
    return { period, minutes };
  }
  return { period: null, minutes: new Map() };
}
