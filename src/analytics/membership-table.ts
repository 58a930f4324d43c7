/**
 * Community memberships of the projection, by account id (so renumbering accounts never
 * touches them): each community's roster (members, leaders) and each account's
 * communities with its role, in the order the account joined them.
 *
 * They matter to the graph through the implicit MEMBERSHIP ties (projection.ts): every
 * leader of a community has one tie to every other member. A membership write therefore
 * reports the (leader, member) pairs whose tie count it may have changed, and
 * `tieCount(s, t)` recomputes one pair from the rosters.
 */
import { NotFoundError } from "../domain/errors.js";
import type { MembershipRole } from "../domain/model.js";
import { ROLE_CODES, type MembershipColumns } from "./graph-columns.js";

/** Who is in a community; the source of truth for membership ties. */
export interface CommunityRoster {
  /** Every member, leaders included. */
  readonly members: Set<string>;
  readonly leaders: Set<string>;
}

/** A (leader, member) pair of account ids whose membership tie through `communityId` may have changed. */
export type TiePair = readonly [leaderId: string, memberId: string, communityId: string];

export class MembershipTable {
  readonly rosters = new Map<string, CommunityRoster>();
  private readonly byAccount = new Map<string, Map<string, MembershipRole>>();

  constructor(columns: MembershipColumns, accountIds: readonly string[]) {
    for (let k = 0; k < columns.account.length; k++) {
      this.add(accountIds[columns.account[k]!]!, columns.communities[columns.community[k]!]!, ROLE_CODES[columns.role[k]!]!);
    }
  }

  /** Memberships held in total. */
  get count(): number {
    let total = 0;
    for (const roles of this.byAccount.values()) total += roles.size;
    return total;
  }

  /** MEMBERSHIP ties in total: every leader to every other member, community by community. */
  get tieTotal(): number {
    let total = 0;
    for (const roster of this.rosters.values()) total += roster.leaders.size * (roster.members.size - 1);
    return total;
  }

  /** The account's communities with its role, in joining order (empty when none). */
  rolesOf(accountId: string): ReadonlyMap<string, MembershipRole> {
    return this.byAccount.get(accountId) ?? EMPTY;
  }

  /** Adds (or re-roles) a membership; returns the tie pairs it may have changed. */
  add(accountId: string, communityId: string, role: MembershipRole): TiePair[] {
    const changed = this.rolesOf(accountId).has(communityId) ? this.remove(accountId, communityId) : [];
    let roster = this.rosters.get(communityId);
    if (!roster) this.rosters.set(communityId, (roster = { members: new Set(), leaders: new Set() }));
    let roles = this.byAccount.get(accountId);
    if (!roles) this.byAccount.set(accountId, (roles = new Map()));
    roles.set(communityId, role);
    roster.members.add(accountId);
    if (role === "LEADER") roster.leaders.add(accountId);
    return changed.concat(this.tiesThrough(roster, accountId, communityId));
  }

  /** Removes a membership; returns the tie pairs it may have changed. */
  remove(accountId: string, communityId: string): TiePair[] {
    const roster = this.rosters.get(communityId);
    const roles = this.byAccount.get(accountId);
    if (!roster || !roles?.has(communityId)) throw new NotFoundError("Membership", `${accountId}:${communityId}`);
    const changed = this.tiesThrough(roster, accountId, communityId);
    roster.members.delete(accountId);
    roster.leaders.delete(accountId);
    if (roster.members.size === 0) this.rosters.delete(communityId);
    roles.delete(communityId);
    if (roles.size === 0) this.byAccount.delete(accountId);
    return changed;
  }

  /** Removes every membership of the account; returns the tie pairs that changed. */
  removeAccount(accountId: string): TiePair[] {
    const changed: TiePair[] = [];
    for (const communityId of [...this.rolesOf(accountId).keys()]) changed.push(...this.remove(accountId, communityId));
    return changed;
  }

  /** True when `leaderId` leads `communityId` and `memberId` (another account) belongs to it. */
  hasTie(leaderId: string, memberId: string, communityId: string): boolean {
    const roster = this.rosters.get(communityId);
    return leaderId !== memberId && roster !== undefined && roster.leaders.has(leaderId) && roster.members.has(memberId);
  }

  /** Communities in which `leaderId` leads and `memberId` is a member (the MEMBERSHIP ties s -> t). */
  tieCount(leaderId: string, memberId: string): number {
    if (leaderId === memberId) return 0;
    let count = 0;
    for (const [communityId, role] of this.rolesOf(leaderId)) {
      if (role === "LEADER" && this.rosters.get(communityId)!.members.has(memberId)) count++;
    }
    return count;
  }

  /** Calls `visit(leaderId, memberId)` for every MEMBERSHIP tie, community by community. */
  forEachTie(visit: (leaderId: string, memberId: string, communityId: string) => void): void {
    for (const [communityId, roster] of this.rosters) {
      for (const leader of roster.leaders) {
        for (const member of roster.members) if (member !== leader) visit(leader, member, communityId);
      }
    }
  }

  /** Ties that involve `accountId` within one community: from its leaders, and from it if it leads. */
  private tiesThrough(roster: CommunityRoster, accountId: string, communityId: string): TiePair[] {
    const pairs: TiePair[] = [];
    for (const leader of roster.leaders) if (leader !== accountId) pairs.push([leader, accountId, communityId]);
    if (roster.leaders.has(accountId)) {
      for (const member of roster.members) if (member !== accountId) pairs.push([accountId, member, communityId]);
    }
    return pairs;
  }
}

const EMPTY: ReadonlyMap<string, MembershipRole> = new Map();
