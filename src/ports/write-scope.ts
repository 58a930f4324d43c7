/**
 * Ownership rules that depend on stored data, checked by the store INSIDE the write's
 * transaction (threat 23 in docs/threats.md): a MANAGER's write passes its `WriteScope`, and
 * the adapter calls these with the rows it read in that same transaction. Checked before the
 * transaction, an ADMIN reassigning an account in between, or a cascade the caller did not
 * look at, could let a manager write what it does not own.
 *
 * Rules (README "Security and limits"): a MANAGER writes only accounts it owns — creates
 * accounts owned by itself, never hands one to another owner, links and memberships only on
 * its own accounts, engagements with itself as the manager. Deleting one of its accounts
 * must not take anything of another manager along: a link to or from an account it does not
 * own, or an engagement another manager recorded. Then the deletion is refused (FORBIDDEN,
 * field `id`); an ADMIN may delete it. ADMIN writes pass no scope.
 */
import { ForbiddenError } from "../domain/errors.js";

export interface WriteScope {
  /** The manager the write acts for: every account it touches must be this manager's. */
  managerId: string;
}

/** An account as the rules need it. */
export interface OwnedAccount {
  id: string;
  ownerId: string | null;
}

export function requireOwnedAccount(scope: WriteScope | undefined, account: OwnedAccount, field: string): void {
  if (scope && account.ownerId !== scope.managerId) {
    throw new ForbiddenError(`account ${JSON.stringify(account.id)} is not owned by manager ${JSON.stringify(scope.managerId)}`, field);
  }
}

/** An account a MANAGER creates or updates must stay its own. */
export function requireOwnOwner(scope: WriteScope | undefined, ownerId: string | null, field = "ownerId"): void {
  if (scope && ownerId !== scope.managerId) {
    throw new ForbiddenError(`a MANAGER may only assign accounts to itself (${field} must be ${JSON.stringify(scope.managerId)})`, field);
  }
}

/** Engagements are logged by the manager who spent the time. */
export function requireSelf(scope: WriteScope | undefined, managerId: string, field = "managerId"): void {
  if (scope && managerId !== scope.managerId) {
    throw new ForbiddenError(`a MANAGER may only record its own engagements (${field} must be ${JSON.stringify(scope.managerId)})`, field);
  }
}

/**
 * What deleting an account would take along that is not the scope's own: `linkedOwners`
 * are the owners of the accounts at the other end of its links, `engagementManagers` the
 * managers who recorded engagements on it.
 */
export function requireDeletableBy(
  scope: WriteScope | undefined,
  account: OwnedAccount,
  linkedOwners: readonly (string | null)[],
  engagementManagers: readonly string[],
): void {
  if (!scope) return;
  requireOwnedAccount(scope, account, "id");
  if (linkedOwners.some((owner) => owner !== scope.managerId)) {
    throw new ForbiddenError(
      `deleting account ${JSON.stringify(account.id)} would remove links to accounts another manager owns; ask an ADMIN`,
      "id",
    );
  }
  if (engagementManagers.some((manager) => manager !== scope.managerId)) {
    throw new ForbiddenError(`deleting account ${JSON.stringify(account.id)} would remove engagements another manager recorded; ask an ADMIN`, "id");
  }
}
