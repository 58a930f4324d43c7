/**
 * Read use cases over the read model that go beyond one lookup: account pages with the read
 * model's filters and orders, aggregates grouped by a dimension, and pages of communities,
 * managers and a community's members. Arguments are validated here (account-query-input.ts;
 * BAD_USER_INPUT naming the field, relative to its argument); the answers come from the newest
 * read view (read-model/*), never from a store query.
 *
 * Aggregates are memoised per view version (accounts and activity) and arguments in a
 * bounded memo: a dashboard asking the same breakdown again costs a lookup until a write.
 */
import { NotFoundError, ValidationError } from "../domain/errors.js";
import type { ActivityPageShape } from "./activity-page-loader.js";
import { requireOneOf } from "../domain/guards.js";
import { COMMUNITY_KINDS, MEMBERSHIP_ROLES, type AccountManager, type Community, type IsoDate, type Membership } from "../domain/model.js";
import { foldForSearch } from "../domain/search-text.js";
import {
  normaliseAccountFilter,
  normaliseAccountOrder,
  normaliseDateRange,
  normaliseEngagementWindow,
  requireList,
  type AccountFilterCommand,
  type AccountOrderCommand,
  type DateRangeCommand,
  type QueryClock,
} from "./account-query-input.js";
import { aggregateAccounts, ACCOUNT_GROUP_DIMENSIONS, type AccountAggregate, type AccountGroupDimension } from "./read-model/account-aggregates.js";
import { inDateRange, type AccountQueryFilter } from "./read-model/account-filter.js";
import type { AccountOrderTerm } from "./read-model/account-order.js";
import { accountPageOf, type AccountPage, type AccountPagePosition } from "./read-model/account-pages.js";
import { BoundedMemo } from "./read-model/bounded-memo.js";
import { listPageOf, type ListPage } from "./read-model/list-pages.js";
import type { ReadModel } from "./read-model/read-model.js";
import type { ReadView } from "./read-model/read-view.js";
import { rankingParameters } from "./strategy-population.js";
import type { StrategySession } from "./strategy-session.js";

/** Aggregate answers kept per accounts version. */
const KEPT_AGGREGATES = 64;

export interface AccountPageQuery {
  /** As `filter()` returned it. */
  filter?: AccountQueryFilter | undefined;
  order: readonly AccountOrderTerm[];
  first: number;
  after?: AccountPagePosition;
}

export interface AggregateQuery {
  /** As `filter()` returned it. */
  filter?: AccountQueryFilter | undefined;
  groupBy?: string | null;
  engagementWindow?: DateRangeCommand | null;
}

export interface ListQuery {
  first: number;
  after?: { value: unknown; id: unknown };
}

export interface CommunityListQuery extends ListQuery {
  kinds?: string[] | null;
  regions?: string[] | null;
  nameContains?: string | null;
}

export interface ManagerListQuery extends ListQuery {
  nameContains?: string | null;
}

export interface MemberListQuery extends ListQuery {
  roles?: string[] | null;
  /** When the membership began (its `since`). */
  since?: DateRangeCommand | null;
}

export class AccountQueryService {
  constructor(
    private readonly model: ReadModel,
    private readonly today: () => IsoDate,
  ) {}

  /** The newest view and the clock its arguments are read against. */
  private async current(): Promise<{ view: ReadView; clock: QueryClock }> {
    const view = await this.model.ready();
    return { view, clock: { today: this.today(), activitySince: view.activitySince } };
  }

  /** Validates an order, given as `orderBy` (one key) or `sort` (1 to 3; NAME ascending by default), and names it for cursors. */
  order(
    orderBy: AccountOrderCommand | null | undefined,
    sort?: readonly AccountOrderCommand[] | null,
  ): { order: AccountOrderTerm[]; ordering: string } {
    return normaliseAccountOrder(orderBy, sort);
  }

  /** A filter as the read model applies it (also what strategicRanking and amongFilter take). */
  async filter(command: AccountFilterCommand | null | undefined): Promise<AccountQueryFilter | undefined> {
    const { clock } = await this.current();
    return normaliseAccountFilter(command, clock);
  }

  async accounts(query: AccountPageQuery): Promise<AccountPage> {
    const view = await this.model.ready();
    const { filter, order, first, after } = query;
    return accountPageOf(view, { ...(filter ? { filter } : {}), order, first, ...(after ? { after } : {}) });
  }

  async aggregate(query: AggregateQuery, strategy: StrategySession): Promise<AccountAggregate> {
    const { view, clock } = await this.current();
    const filter = query.filter ?? {};
    const groupBy = query.groupBy ? requireOneOf<AccountGroupDimension>(String(query.groupBy), ACCOUNT_GROUP_DIMENSIONS, "groupBy") : null;
    const window = normaliseEngagementWindow(query.engagementWindow, clock);
    let tierOf: ((id: string) => string | null) | undefined;
    let tiersFrom: number | null = null;
    if (groupBy === "TIER") {
      // Tiers of the strategic ranking with the default weights and thresholds.
      const population = await strategy.current();
      const { scores } = await population.ranking(rankingParameters(undefined, undefined));
      tierOf = (id) => scores.get(id)?.tier.tier ?? null;
      tiersFrom = population.id;
    }
    const key = JSON.stringify([view.activitySeq, filter, groupBy, window, tiersFrom]);
    const memo = view.derived.get("aggregates", () => new BoundedMemo<AccountAggregate>(KEPT_AGGREGATES));
    return memo.get(key, () => aggregateAccounts(view, { filter, groupBy, window, ...(tierOf ? { tierOf } : {}) }));
  }

  /** The shape of a page of an account's engagements or purchases: `first`, an inclusive window, where it continues. */
  async activityShape(query: {
    first: number;
    window?: DateRangeCommand | null;
    after?: { value: unknown; id: unknown };
  }): Promise<ActivityPageShape> {
    const { clock } = await this.current();
    if (query.window?.isNull !== undefined && query.window?.isNull !== null)
      throw new ValidationError("window.isNull does not apply to activity", "window.isNull");
    const window = normaliseDateRange(query.window, "window", clock);
    if (query.after && (typeof query.after.value !== "string" || typeof query.after.id !== "string")) {
      throw new ValidationError("after is not a valid cursor", "after");
    }
    return {
      first: query.first,
      ...(window ? { window: { ...(window.from ? { from: window.from } : {}), ...(window.to ? { to: window.to } : {}) } } : {}),
      ...(query.after ? { after: { date: query.after.value as string, id: query.after.id as string } } : {}),
    };
  }

  async communities(query: CommunityListQuery): Promise<ListPage<Community>> {
    const { view } = await this.current();
    const kinds = setOf(requireList(query.kinds, "filter.kinds", COMMUNITY_KINDS));
    const regions = setOf(requireList(query.regions, "filter.regions"));
    const needle = query.nameContains ? foldForSearch(query.nameContains) : null;
    const rows = [...view.communities.values()].filter(
      (c) =>
        (!kinds || kinds.has(c.kind)) &&
        (!regions || (c.region !== null && regions.has(c.region))) &&
        (!needle || foldForSearch(c.name).includes(needle)),
    );
    return listPageOf(rows, (c) => ({ value: c.name, id: c.id }), query.first, query.after);
  }

  async managers(query: ManagerListQuery): Promise<ListPage<AccountManager>> {
    const { view } = await this.current();
    const needle = query.nameContains ? foldForSearch(query.nameContains) : null;
    const rows = [...view.managers.values()].filter((m) => !needle || foldForSearch(m.name).includes(needle));
    return listPageOf(rows, (m) => ({ value: m.name, id: m.id }), query.first, query.after);
  }

  /** A community's members, leaders first, then by account id. */
  async members(communityId: string, query: MemberListQuery): Promise<ListPage<Membership>> {
    const { view, clock } = await this.current();
    if (!view.communities.get(communityId)) throw new NotFoundError("Community", communityId, "id");
    const roles = setOf(requireList(query.roles, "roles", MEMBERSHIP_ROLES));
    const since = normaliseDateRange(query.since, "since", clock);
    const rows = (view.membershipsByCommunity.get(communityId) ?? []).filter(
      (m) => (!roles || roles.has(m.role)) && (!since || inDateRange(since, m.since)),
    );
    // "LEADER" sorts before "MEMBER": the role itself is the first key.
    return listPageOf(rows, (m) => ({ value: m.role, id: m.accountId }), query.first, query.after);
  }
}

function setOf<T>(values: readonly T[] | undefined): ReadonlySet<T> | null {
  return values ? new Set(values) : null;
}
