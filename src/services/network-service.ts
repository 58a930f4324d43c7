/**
 * Use cases for the influence network's edges: community memberships, INFLUENCES
 * and REFERRED links, and activity on accounts (engagements, purchases).
 */
import type { Engagement, Link, Membership, Purchase } from "../domain/model.js";
import type { AccountGraphStore } from "../ports/account-graph-store.js";
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
  constructor(private readonly store: AccountGraphStore) {}

  addMembership(command: MembershipCommand): Promise<Membership> {
    return this.store.addMembership(normaliseMembership(command));
  }

  removeMembership(accountId: string, communityId: string): Promise<Membership> {
    return this.store.removeMembership(requireId(accountId, "accountId"), requireId(communityId, "communityId"));
  }

  linkInfluence(command: InfluenceCommand): Promise<Link> {
    return this.store.linkInfluence(normaliseInfluence(command));
  }

  recordReferral(command: ReferralCommand): Promise<Link> {
    return this.store.recordReferral(normaliseReferral(command));
  }

  unlink(linkId: string): Promise<Link> {
    return this.store.unlink(requireId(linkId, "id"));
  }

  recordEngagement(command: EngagementCommand): Promise<Engagement> {
    return this.store.recordEngagement(normaliseEngagement(command));
  }

  recordPurchase(command: PurchaseCommand): Promise<Purchase> {
    return this.store.recordPurchase(normalisePurchase(command));
  }
}
