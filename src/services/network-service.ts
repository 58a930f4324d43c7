/**
 * Use cases for the influence network's edges: community memberships, INFLUENCES
 * and REFERRED links, and activity on accounts (engagements, purchases).
 */
import type { Engagement, Link, Membership, Purchase } from "../domain/model.js";
import type { AccountGraphStore, WriteScope } from "../ports/account-graph-store.js";
import type { CommittedWrites } from "./committed-writes.js";
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

export class NetworkService {
  constructor(
    private readonly store: AccountGraphStore,
    private readonly writes: CommittedWrites,
  ) {}

  addMembership(command: MembershipCommand, scope?: WriteScope): Promise<Membership> {
    return this.writes.settle(this.store.addMembership(normaliseMembership(command), scope));
  }

  removeMembership(accountId: string, communityId: string, scope?: WriteScope): Promise<Membership> {
    const [account, community] = [requireId(accountId, "accountId"), requireId(communityId, "communityId")];
    return this.writes.settle(this.store.removeMembership(account, community, scope));
  }

  linkInfluence(command: InfluenceCommand, scope?: WriteScope): Promise<Link> {
    return this.writes.settle(this.store.linkInfluence(normaliseInfluence(command), scope));
  }

  recordReferral(command: ReferralCommand, scope?: WriteScope): Promise<Link> {
    return this.writes.settle(this.store.recordReferral(normaliseReferral(command), scope));
  }

  unlink(linkId: string, scope?: WriteScope): Promise<Link> {
    return this.writes.settle(this.store.unlink(requireId(linkId, "id"), scope));
  }

  recordEngagement(command: EngagementCommand, scope?: WriteScope): Promise<Engagement> {
    return this.writes.settle(this.store.recordEngagement(normaliseEngagement(command), scope));
  }

  recordPurchase(command: PurchaseCommand, scope?: WriteScope): Promise<Purchase> {
    return this.writes.settle(this.store.recordPurchase(normalisePurchase(command), scope));
  }
}
