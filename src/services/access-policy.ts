/**
 * Who is asking, and what they may write. The API authenticates a request into an
 * `Actor`; reads are open to every authenticated actor, so the only rules that need
 * data are the MANAGER ownership rules below. They live here, in the services layer,
 * because only here are accounts and links known (the API's field guard,
 * api/auth/field-authorization.ts, decides per field and role, without data).
 *
 * Rules (README "Security and limits"):
 * - ADMIN writes everything.
 * - MANAGER writes only accounts it owns: creates accounts owned by itself, updates or
 *   deletes its own accounts (and cannot hand one to another manager), links only
 *   between two of its own accounts, adds/removes memberships, engagements (with
 *   itself as the manager) and purchases only on its own accounts. Managers and
 *   communities are ADMIN-only.
 * - VIEWER writes nothing.
 *
 * Checks read the current owner just before the write, outside the store's write
 * transaction: an ADMIN reassigning the account in between is the only race, and it
 * can only make a manager's write land on an account it owned a moment earlier.
 */
import { ForbiddenError, NotFoundError } from "../domain/errors.js";
import { ROLES, type Role } from "../domain/roles.js";
import type { AccountGraphStore } from "../ports/account-graph-store.js";

/** Roles are domain vocabulary (domain/roles.ts); re-exported where the rules about them live. */
export { ROLES, type Role };

export interface Actor {
  role: Role;
  /** The AccountManager this actor acts as; required for MANAGER, null otherwise. */
  managerId: string | null;
  /** Who, for logs: an API key id, a JWT `sub`, or "local-development". Never a secret. */
  subject: string;
}

/** The actor of local-development mode (no credentials configured): full access, loudly logged. */
export const LOCAL_DEVELOPMENT_ACTOR: Actor = Object.freeze({ role: "ADMIN", managerId: null, subject: "local-development" });

/** The only store reads the rules need. */
export type OwnershipLookup = Pick<AccountGraphStore, "getAccounts" | "getLinks">;

export class AccessPolicy {
  constructor(
    readonly actor: Actor,
    private readonly lookup: OwnershipLookup,
  ) {}

  /** Managers and communities: ADMIN only. */
  requireAdmin(what: string): void {
    if (this.actor.role !== "ADMIN") throw new ForbiddenError(`${this.actor.role} may not ${what}; ADMIN only`);
  }

  /** Any write at all: VIEWER is read-only. */
  requireWriter(): void {
    if (this.actor.role === "VIEWER") throw new ForbiddenError("VIEWER is read-only");
  }

  /** A new account must name the acting manager as its owner. */
  requireOwnOwnerId(ownerId: string | null | undefined, field = "ownerId"): void {
    this.requireWriter();
    if (this.actor.role !== "MANAGER") return;
    if (ownerId !== this.actor.managerId) {
      throw new ForbiddenError(`a MANAGER may only assign accounts to itself (${field} must be ${JSON.stringify(this.actor.managerId)})`, field);
    }
  }

  /** The account exists and (for a MANAGER) is owned by the actor. */
  async requireOwnAccount(accountId: string, field: string): Promise<void> {
    this.requireWriter();
    if (this.actor.role !== "MANAGER") return;
    const [account] = await this.lookup.getAccounts([accountId]);
    if (!account) throw new NotFoundError("Account", accountId, field);
    if (account.ownerId !== this.actor.managerId) {
      throw new ForbiddenError(`account ${JSON.stringify(accountId)} is not owned by manager ${JSON.stringify(this.actor.managerId)}`, field);
    }
  }

  /** Both ends of a link are the actor's own accounts. */
  async requireOwnLink(linkId: string, field = "id"): Promise<void> {
    this.requireWriter();
    if (this.actor.role !== "MANAGER") return;
    const [link] = await this.lookup.getLinks([linkId]);
    if (!link) throw new NotFoundError("Link", linkId, field);
    await this.requireOwnAccount(link.fromId, field);
    await this.requireOwnAccount(link.toId, field);
  }

  /** Engagements are logged by the manager who spent the time. */
  requireSelf(managerId: string, field: string): void {
    this.requireWriter();
    if (this.actor.role !== "MANAGER") return;
    if (managerId !== this.actor.managerId) {
      throw new ForbiddenError(`a MANAGER may only record its own engagements (${field} must be ${JSON.stringify(this.actor.managerId)})`, field);
    }
  }
}
