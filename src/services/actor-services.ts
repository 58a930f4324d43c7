/**
 * The services as one actor sees them: every write use case first asks the AccessPolicy for
 * the role rules, then runs with the actor's write scope, so the store checks ownership in
 * the write's transaction (ports/write-scope.ts). Built once per request (cheap: two proxies
 * over the shared services); ADMIN gets the shared services themselves.
 *
 * Reads pass through untouched (the views inherit every other method). A write use
 * case added later and not listed here is still unreachable for MANAGER and VIEWER:
 * the API's field guard only lets them call the mutations listed in
 * api/auth/field-authorization.ts, so a forgotten entry fails closed.
 */
import type { AccountService } from "./account-service.js";
import { AccessPolicy, type Actor } from "./access-policy.js";
import type { NetworkService } from "./network-service.js";

interface WriteServices {
  readonly accounts: AccountService;
  readonly network: NetworkService;
}

export function scopeServicesToActor<S extends WriteServices>(services: S, actor: Actor): S {
  if (actor.role === "ADMIN") return services;
  const policy = new AccessPolicy(actor);
  return { ...services, accounts: guardAccounts(services.accounts, policy), network: guardNetwork(services.network, policy) };
}

function guardAccounts(base: AccountService, policy: AccessPolicy): AccountService {
  return overlay(base, {
    createAccount: (command) => base.createAccount(command, policy.writeScope()),
    updateAccount: (id, command) => base.updateAccount(id, command, policy.writeScope()),
    deleteAccount: (id) => base.deleteAccount(id, policy.writeScope()),
    upsertAccount: (command) => base.upsertAccount(command, policy.writeScope()),
    async createManager(command) {
      policy.requireAdmin("create account managers");
      return base.createManager(command);
    },
    async updateManager(id, command) {
      policy.requireAdmin("update account managers");
      return base.updateManager(id, command);
    },
    async deleteManager(id, reassignTo) {
      policy.requireAdmin("delete account managers");
      return base.deleteManager(id, reassignTo);
    },
    async createCommunity(command) {
      policy.requireAdmin("create communities");
      return base.createCommunity(command);
    },
    async updateCommunity(id, command) {
      policy.requireAdmin("update communities");
      return base.updateCommunity(id, command);
    },
    async deleteCommunity(id) {
      policy.requireAdmin("delete communities");
      return base.deleteCommunity(id);
    },
  });
}

function guardNetwork(base: NetworkService, policy: AccessPolicy): NetworkService {
  return overlay(base, {
    addMembership: (command) => base.addMembership(command, policy.writeScope()),
    removeMembership: (accountId, communityId) => base.removeMembership(accountId, communityId, policy.writeScope()),
    linkInfluence: (command) => base.linkInfluence(command, policy.writeScope()),
    recordReferral: (command) => base.recordReferral(command, policy.writeScope()),
    unlink: (linkId) => base.unlink(linkId, policy.writeScope()),
    updateLink: (linkId, command) => base.updateLink(linkId, command, policy.writeScope()),
    recordEngagement: (command) => base.recordEngagement(command, policy.writeScope()),
    updateEngagement: (id, command) => base.updateEngagement(id, command, policy.writeScope()),
    deleteEngagement: (id) => base.deleteEngagement(id, policy.writeScope()),
    recordPurchase: (command) => base.recordPurchase(command, policy.writeScope()),
    updatePurchase: (id, command) => base.updatePurchase(id, command, policy.writeScope()),
    deletePurchase: (id) => base.deletePurchase(id, policy.writeScope()),
  });
}

/**
 * `base` with some methods replaced. Other methods are bound to `base` itself, so the
 * view works whatever the class keeps private (`#fields` included). Replacements are
 * async, so a synchronous throw (a role refusal) arrives as a rejection like any other.
 */
function overlay<T extends object>(base: T, overrides: Partial<T>): T {
  return new Proxy(base, {
    get(target, key) {
      if (Object.hasOwn(overrides, key)) {
        const replaced = overrides[key as keyof T] as (...args: unknown[]) => unknown;
        return async (...args: unknown[]) => replaced(...args);
      }
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
