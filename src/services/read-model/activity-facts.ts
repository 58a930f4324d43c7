/**
 * Per-account facts of the engagements a read view holds (those dated on or after its
 * `activitySince`; read-view.ts), for the account filters ("engaged since") and the
 * aggregates (minutes in a window). Each is computed in one pass over the view's activity,
 * O(engagements held), and kept per version of that activity: views share their `activity`
 * map until an engagement or purchase changes it (an account edit leaves it as it was), so
 * the map itself is the key, held weakly so an old version's facts go with it.
 */
import type { IsoDate } from "../../domain/model.js";
import { BoundedMemo } from "./bounded-memo.js";
import type { ReadView } from "./read-view.js";

/** Windows kept per activity version. */
const KEPT = 16;

const factsByActivity = new WeakMap<object, BoundedMemo<ReadonlyMap<string, number | IsoDate>>>();

function memoOf(view: ReadView): BoundedMemo<ReadonlyMap<string, number | IsoDate>> {
  let memo = factsByActivity.get(view.activity);
  if (!memo) factsByActivity.set(view.activity, (memo = new BoundedMemo(KEPT)));
  return memo;
}

/** Each account's newest engagement date within the view's window (accounts with none are absent). */
export function lastEngagementDates(view: ReadView): ReadonlyMap<string, IsoDate> {
  return memoOf(view).get("last", () => {
    const last = new Map<string, IsoDate>();
    for (const [accountId, activity] of view.activity.entries()) {
      let newest: IsoDate | null = null;
      for (const e of activity.engagements) if (newest === null || e.date > newest) newest = e.date;
      if (newest !== null) last.set(accountId, newest);
    }
    return last;
  }) as ReadonlyMap<string, IsoDate>;
}

/** Each account's engagement minutes dated within [from, to] (inclusive; accounts with none are absent). */
export function engagementMinutes(view: ReadView, from: IsoDate, to: IsoDate): ReadonlyMap<string, number> {
  return memoOf(view).get(`minutes:${from}:${to}`, () => {
    const minutes = new Map<string, number>();
    for (const [accountId, activity] of view.activity.entries()) {
      let sum = 0;
      for (const e of activity.engagements) if (e.date >= from && e.date <= to) sum += e.minutes;
      if (sum > 0) minutes.set(accountId, sum);
    }
    return minutes;
  }) as ReadonlyMap<string, number>;
}
