/**
 * Community memberships of the projection, by account index: each community's members
 * and leaders (Sets of small integers), and each account's communities with its role in
 * joining order (a small number array: community number · 2 + 1 if it leads). Integers,
 * not id strings, so a bulk load of 200k accounts hashes no string and the MEMBERSHIP
 * ties come straight out as index pairs for the CSR; renumber() follows the accounts
 * when some were removed.
 *
 * They matter to the graph through the implicit MEMBERSHIP ties (projection.ts): every
 * leader of a community has one tie to every other member. A membership write therefore
 * reports the (leader, member, community) triples whose tie it may have changed, and
 * `tieCount(s, t)` recomputes one pair.
 */
import { NotFoundError } from "../domain/errors.js";
import { LEADER_CODE, type MembershipColumns } from "./graph-columns.js";
import { Dictionary } from "./kernels/growable-arrays.js";

/** Who is in a community (account ids); the source of truth for membership ties. */
export interface CommunityRoster {
  /** Every member, leaders included. */
  readonly members: ReadonlySet<string>;
  readonly leaders: ReadonlySet<string>;
}

/** A (leader, member) pair of account indices whose membership tie through community `community` may have changed. */
export type TiePair = readonly [leader: number, member: number, community: number];

/** One of an account's memberships. */
export interface Role {
  readonly communityId: string;
  readonly leader: boolean;
}

interface Members {
  members: Set<number>;
  leaders: Set<number>;
}

export class MembershipTable {
  readonly communities: Dictionary;
  /** Per community number; an emptied community keeps an empty entry. */
  private rosterOf: Members[];
  /** Per account index: community number · 2 + (1 if leader), in joining order. */
  private byAccount: (number[] | undefined)[];

  constructor(columns: MembershipColumns, accountCount: number) {
    this.communities = new Dictionary(columns.communities);
    this.rosterOf = columns.communities.map(() => ({ members: new Set<number>(), leaders: new Set<number>() }));
    this.byAccount = new Array<number[] | undefined>(accountCount);
    // Bulk load: no tie pairs to report, so no roster walk per row (a repeated row re-roles).
    for (let k = 0; k < columns.account.length; k++) {
      const account = columns.account[k]!;
      const community = columns.community[k]!;
      const leader = columns.role[k] === LEADER_CODE;
      const codes = this.byAccount[account];
      if (!codes) this.byAccount[account] = [code(community, leader)];
      else {
        const at = codes.findIndex((c) => c >> 1 === community);
        if (at >= 0) codes[at] = code(community, leader);
        else codes.push(code(community, leader));
      }
      const roster = this.rosterOf[community]!;
      roster.members.add(account);
      if (leader) roster.leaders.add(account);
      else roster.leaders.delete(account);
    }
  }

  /** Memberships held in total. */
  get count(): number {
    let total = 0;
    for (const codes of this.byAccount) total += codes?.length ?? 0;
    return total;
  }

  /** MEMBERSHIP ties in total: every leader to every other member, community by community. */
  get tieTotal(): number {
    let total = 0;
    for (const roster of this.rosterOf) if (roster.leaders.size > 0) total += roster.leaders.size * (roster.members.size - 1);
    return total;
  }

  /** The rosters by community id with account ids (a copy, for inspection; O(memberships)). */
  rosters(idAt: (index: number) => string): Map<string, CommunityRoster> {
    const rosters = new Map<string, CommunityRoster>();
    this.rosterOf.forEach((roster, c) => {
      if (roster.members.size === 0) return;
      rosters.set(this.communities.values[c]!, {
        members: new Set([...roster.members].map(idAt)),
        leaders: new Set([...roster.leaders].map(idAt)),
      });
    });
    return rosters;
  }

  /** The account's memberships, in joining order (empty when none). */
  rolesOf(account: number): Role[] {
    const codes = this.byAccount[account];
    if (!codes) return [];
    return codes.map((c) => ({ communityId: this.communities.values[c >> 1]!, leader: (c & 1) === 1 }));
  }

  /** Calls `visit(communityId)` for each community of the account, in joining order. */
  forEachCommunity(account: number, visit: (communityId: string) => void): void {
    const codes = this.byAccount[account];
    if (codes) for (const c of codes) visit(this.communities.values[c >> 1]!);
  }

  /** Adds (or re-roles) a membership; returns the tie pairs it may have changed. */
  add(account: number, communityId: string, leader: boolean): TiePair[] {
    const community = this.communities.indexOf(communityId);
    const changed = this.byAccount[account]?.some((c) => c >> 1 === community) ? this.remove(account, communityId) : [];
    const roster = (this.rosterOf[community] ??= { members: new Set(), leaders: new Set() });
    const codes = this.byAccount[account];
    if (codes) codes.push(code(community, leader));
    else this.byAccount[account] = [code(community, leader)];
    roster.members.add(account);
    if (leader) roster.leaders.add(account);
    return changed.concat(this.tiesThrough(roster, account, community));
  }

  /** Removes a membership; returns the tie pairs it may have changed. `accountId` names it in errors. */
  remove(account: number, communityId: string, accountId = String(account)): TiePair[] {
    const community = this.communities.indexOf(communityId);
    const codes = this.byAccount[account];
    const at = codes ? codes.findIndex((c) => c >> 1 === community) : -1;
    if (!codes || at < 0) throw new NotFoundError("Membership", `${accountId}:${communityId}`);
    const roster = this.rosterOf[community]!;
    const changed = this.tiesThrough(roster, account, community);
    roster.members.delete(account);
    roster.leaders.delete(account);
    codes.splice(at, 1);
    if (codes.length === 0) this.byAccount[account] = undefined;
    return changed;
  }

  /** Removes every membership of the account; returns the tie pairs that changed. */
  removeAccount(account: number): TiePair[] {
    const changed: TiePair[] = [];
    for (const { communityId } of this.rolesOf(account)) changed.push(...this.remove(account, communityId));
    return changed;
  }

  /** True when `leader` leads `community` and `member` (another account) belongs to it. */
  hasTie(leader: number, member: number, community: number): boolean {
    const roster = this.rosterOf[community];
    return leader !== member && roster !== undefined && roster.leaders.has(leader) && roster.members.has(member);
  }

  /** Communities in which `leader` leads and `member` is a member: the MEMBERSHIP ties leader -> member. */
  tieCount(leader: number, member: number): number {
    const codes = this.byAccount[leader];
    if (!codes || leader === member) return 0;
    let count = 0;
    for (const c of codes) if ((c & 1) === 1 && this.rosterOf[c >> 1]!.members.has(member)) count++;
    return count;
  }

  /** Calls `visit(leader, member, community)` for every MEMBERSHIP tie, community by community. */
  forEachTie(visit: (leader: number, member: number, community: number) => void): void {
    this.rosterOf.forEach((roster, community) => {
      for (const leader of roster.leaders) {
        for (const member of roster.members) if (member !== leader) visit(leader, member, community);
      }
    });
  }

  /** Calls `visit(leader, member, community)` for every MEMBERSHIP tie that starts or ends at `account`. */
  forEachTieOf(account: number, visit: (leader: number, member: number, community: number) => void): void {
    const codes = this.byAccount[account];
    if (!codes) return;
    for (const c of codes) {
      const community = c >> 1;
      const roster = this.rosterOf[community]!;
      for (const leader of roster.leaders) if (leader !== account) visit(leader, account, community);
      if ((c & 1) === 1) for (const member of roster.members) if (member !== account) visit(account, member, community);
    }
  }

  /** Follows a renumbering of the accounts (remap: old -> new index, −1 for removed ones). O(memberships). */
  renumber(remap: Int32Array, accountCount: number): void {
    const byAccount = new Array<number[] | undefined>(accountCount);
    this.byAccount.forEach((codes, old) => {
      if (codes && remap[old]! >= 0) byAccount[remap[old]!] = codes;
    });
    this.byAccount = byAccount;
    const moved = (set: Set<number>) => new Set([...set].map((old) => remap[old]!).filter((i) => i >= 0));
    this.rosterOf = this.rosterOf.map((roster) => ({ members: moved(roster.members), leaders: moved(roster.leaders) }));
  }

  /** Ties that involve `account` within one community: from its leaders, and from it if it leads. */
  private tiesThrough(roster: Members, account: number, community: number): TiePair[] {
    const pairs: TiePair[] = [];
    for (const leader of roster.leaders) if (leader !== account) pairs.push([leader, account, community]);
    if (roster.leaders.has(account)) {
      for (const member of roster.members) if (member !== account) pairs.push([account, member, community]);
    }
    return pairs;
  }
}

function code(community: number, leader: boolean): number {
  return community * 2 + (leader ? 1 : 0);
}
