/**
 * Use cases for the influence network's edges: community memberships, INFLUENCES
 * and REFERRED links, and activity on accounts (engagements, purchases): recording,
 * editing and deleting them. Every id argument is checked before the store sees it.
 */
import type { Engagement, Link, Membership, Purchase } from "../domain/model.js";
import type { AccountGraphStore, WriteScope } from "../ports/account-graph-store.js";
import type { CommittedWrites } from "./committed-writes.js";
import type { EditCommand } from "./account-input.js";
import {
  normaliseEngagement,
  normaliseEngagementPatch,
  normaliseInfluence,
  normaliseLinkPatch,
  normalisePurchasePatch,
  normaliseMembership,
  normalisePurchase,
  normaliseReferral,
  requireId,
  type EngagementCommand,
  type InfluenceCommand,
  type LinkPatchCommand,
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

  /** Changes a link's strength, kind or date (INFLUENCES) or date and revenue (REFERRED). */
  async updateLink(linkId: string, command: LinkPatchCommand, scope?: WriteScope): Promise<Link> {
    return this.writes.settle(this.store.updateLink(requireId(linkId, "id"), normaliseLinkPatch(command), scope));
  }

  recordEngagement(command: EngagementCommand, scope?: WriteScope): Promise<Engagement> {
    return this.writes.settle(this.store.recordEngagement(normaliseEngagement(command), scope));
  }

  recordPurchase(command: PurchaseCommand, scope?: WriteScope): Promise<Purchase> {
    return this.writes.settle(this.store.recordPurchase(normalisePurchase(command), scope));
  }

  async updateEngagement(id: string, command: EditCommand<Omit<EngagementCommand, "accountId">>, scope?: WriteScope): Promise<Engagement> {
    return this.writes.settle(this.store.updateEngagement(requireId(id, "id"), normaliseEngagementPatch(command), scope));
  }

  async deleteEngagement(id: string, scope?: WriteScope): Promise<Engagement> {
    return this.writes.settle(this.store.deleteEngagement(requireId(id, "id"), scope));
  }

  async updatePurchase(id: string, command: EditCommand<Omit<PurchaseCommand, "accountId">>, scope?: WriteScope): Promise<Purchase> {
    return this.writes.settle(this.store.updatePurchase(requireId(id, "id"), normalisePurchasePatch(command), scope));
  }

  async deletePurchase(id: string, scope?: WriteScope): Promise<Purchase> {
    return this.writes.settle(this.store.deletePurchase(requireId(id, "id"), scope));
  }
}
