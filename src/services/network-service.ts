/**
 * Use cases for the influence network's edges: community memberships, INFLUENCES
 * and REFERRED links, and activity on accounts (engagements, purchases).
 */
import type { Engagement, Link, Membership, Purchase } from "../domain/model.js";
import type { AccountGraphStore } from "../ports/account-graph-store.js";
import { GraphWriteTracker, toGraphEdge, type GraphWriteListener } from "./graph-writes.js";
import {
  normaliseEngagement,
  normaliseInfluence,
  normaliseMembership,
  normalisePurchase,
  normaliseReferral,
  requireId,
  type EngagementCommand,
  type InfluenceCommand,
  type MembershipCommand,
  type PurchaseCommand,
  type ReferralCommand,
} from "./network-input.js";

/**
 * Runs the engagement and purchase writes of this process, to note what they stored (the
 * strategy population cache, which also holds its counts reads until writes in flight
 * have finished: activity-gate.ts).
 */
export interface ActivityListener {
  recordEngagement(write: () => Promise<Engagement>): Promise<Engagement>;
  recordPurchase(write: () => Promise<Purchase>): Promise<Purchase>;
}

export class NetworkService {
  private readonly writes: GraphWriteTracker;

  /**
   * `graphWrites` (the influence engine) hears of every graph write, to patch its projection;
   * `activity` of every engagement and purchase, to add them to the strategy population.
   */
  constructor(
    private readonly store: AccountGraphStore,
    graphWrites: GraphWriteListener | null = null,
    private readonly activity: ActivityListener | null = null,
  ) {
    this.writes = new GraphWriteTracker(store, graphWrites);
  }

  addMembership(command: MembershipCommand): Promise<Membership> {
    const input = normaliseMembership(command);
    return this.writes.track(
      () => this.store.addMembership(input),
      (membership) => [{ op: "ADD_MEMBERSHIP", membership }],
    );
  }

  removeMembership(accountId: string, communityId: string): Promise<Membership> {
    const [account, community] = [requireId(accountId, "accountId"), requireId(communityId, "communityId")];
    return this.writes.track(
      () => this.store.removeMembership(account, community),
      (removed) => [{ op: "REMOVE_MEMBERSHIP", accountId: removed.accountId, communityId: removed.communityId }],
    );
  }

  linkInfluence(command: InfluenceCommand): Promise<Link> {
    const input = normaliseInfluence(command);
    return this.writes.track(
      () => this.store.linkInfluence(input),
      (link) => [{ op: "ADD_EDGE", edge: toGraphEdge(link) }],
    );
  }

  recordReferral(command: ReferralCommand): Promise<Link> {
    const input = normaliseReferral(command);
    return this.writes.track(
      () => this.store.recordReferral(input),
      (link) => [{ op: "ADD_EDGE", edge: toGraphEdge(link) }],
    );
  }

  unlink(linkId: string): Promise<Link> {
    const id = requireId(linkId, "id");
    return this.writes.track(
      () => this.store.unlink(id),
      (link) => [{ op: "REMOVE_EDGE", id: link.id }],
    );
  }

  async recordEngagement(command: EngagementCommand): Promise<Engagement> {
    const input = normaliseEngagement(command);
    const write = () => this.store.recordEngagement(input);
    return this.activity ? this.activity.recordEngagement(write) : write();
  }

  async recordPurchase(command: PurchaseCommand): Promise<Purchase> {
    const input = normalisePurchase(command);
    const write = () => this.store.recordPurchase(input);
    return this.activity ? this.activity.recordPurchase(write) : write();
  }
}
