/**
 * The services as one actor sees them: every write use case first asks the
 * AccessPolicy, then runs unchanged. Built once per request (cheap: two proxies over
 * the shared services); ADMIN gets the shared services themselves.
 *
 * Reads pass through untouched (the views inherit every other method). A write use
 * case added later and not listed here is still unreachable for MANAGER and VIEWER:
 * the API's field guard only lets them call the mutations listed in
 * api/auth/field-authorization.ts, so a forgotten entry fails closed.
 */
import type { AccountService } from "./account-service.js";
import { AccessPolicy, type Actor, type OwnershipLookup } from "./access-policy.js";
import type { NetworkService } from "./network-service.js";

interface WriteServices {
  readonly accounts: AccountService;
  readonly network: NetworkService;
}

export function scopeServicesToActor<S extends WriteServices>(services: S, lookup: OwnershipLookup, actor: Actor): S {
  if (actor.role === "ADMIN") return services;
  const policy = new AccessPolicy(actor, lookup);
  return { ...services, accounts: guardAccounts(services.accounts, policy), network: guardNetwork(services.network, policy) };
}

function guardAccounts(base: AccountService, policy: AccessPolicy): AccountService {
  return overlay(base, {
    async createAccount(command) {
      policy.requireOwnOwnerId(command.ownerId);
      return base.createAccount(command);
    },
    async updateAccount(id, command) {
      await policy.requireOwnAccount(id, "id");
      if (command.ownerId !== undefined) policy.requireOwnOwnerId(command.ownerId);
      return base.updateAccount(id, command);
    },
    async deleteAccount(id) {
      await policy.requireOwnAccount(id, "id");
      return base.deleteAccount(id);
    },
    async createManager(command) {
      policy.requireAdmin("create account managers");
      return base.createManager(command);
    },
    async updateManager(id, command) {
      policy.requireAdmin("update account managers");
      return base.updateManager(id, command);
    },
    async createCommunity(command) {
      policy.requireAdmin("create communities");
      return base.createCommunity(command);
    },
  });
}

function guardNetwork(base: NetworkService, policy: AccessPolicy): NetworkService {
  return overlay(base, {
    async addMembership(command) {
      await policy.requireOwnAccount(command.accountId, "accountId");
      return base.addMembership(command);
    },
    async removeMembership(accountId, communityId) {
      await policy.requireOwnAccount(accountId, "accountId");
      return base.removeMembership(accountId, communityId);
    },
    async linkInfluence(command) {
      await policy.requireOwnAccount(command.fromId, "fromId");
      await policy.requireOwnAccount(command.toId, "toId");
      return base.linkInfluence(command);
    },
    async recordReferral(command) {
      await policy.requireOwnAccount(command.fromId, "fromId");
      await policy.requireOwnAccount(command.toId, "toId");
      return base.recordReferral(command);
    },
    async unlink(linkId) {
      await policy.requireOwnLink(linkId, "id");
      return base.unlink(linkId);
    },
    async recordEngagement(command) {
      policy.requireSelf(command.managerId, "managerId");
      await policy.requireOwnAccount(command.accountId, "accountId");
      return base.recordEngagement(command);
    },
    async recordPurchase(command) {
      await policy.requireOwnAccount(command.accountId, "accountId");
      return base.recordPurchase(command);
    },
  });
}

/**
 * `base` with some methods replaced. Other methods are bound to `base` itself, so the
 * view works whatever the class keeps private (`#fields` included).
 */
function overlay<T extends object>(base: T, overrides: Partial<T>): T {
  return new Proxy(base, {
    get(target, key) {
      if (Object.hasOwn(overrides, key)) return overrides[key as keyof T];
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
