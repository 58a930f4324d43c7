/**
 * Who is asking, and what they may write. The API authenticates a request into an
 * `Actor`; reads are open to every authenticated actor, so the only rules that need
 * data are the MANAGER ownership rules below. They live here, in the services layer,
 * because only here are accounts and links known (the API's field guard,
 * api/auth/field-authorization.ts, decides per field and role, without data).
 *
 * Rules (README "Security and limits"):
 * - ADMIN writes everything.
 * - MANAGER writes only accounts it owns: creates (or upserts) accounts owned by itself,
 *   updates or deletes its own accounts (and cannot hand one to another manager), links
 *   (and their edits) only between two of its own accounts, adds/removes memberships,
 *   records, edits and deletes engagements (its own) and purchases only on its own
 *   accounts. Managers and communities (create, update, delete) are ADMIN-only.
 * - VIEWER writes nothing.
 *
 * The role rules (managers and communities are ADMIN-only, VIEWER writes nothing) need no
 * data and are checked here. The ownership rules need the rows the write touches, so they are
 * checked by the store inside the write's own transaction (ports/write-scope.ts): a MANAGER's
 * write carries its `WriteScope`. Checked before the transaction, an ADMIN reassigning an
 * account in between, or a cascade nobody looked at, could let a write through.
 */
import { ForbiddenError } from "../domain/errors.js";
import { ROLES, type Role } from "../domain/roles.js";
import type { WriteScope } from "../ports/write-scope.js";

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

export class AccessPolicy {
  constructor(readonly actor: Actor) {}

  /** Managers and communities: ADMIN only. */
  requireAdmin(what: string): void {
    if (this.actor.role !== "ADMIN") throw new ForbiddenError(`${this.actor.role} may not ${what}; ADMIN only`);
  }

  /**
   * Any write at all: VIEWER is read-only. Returns the scope the store checks ownership
   * against: a MANAGER's own id, none for ADMIN.
   */
  writeScope(): WriteScope | undefined {
    if (this.actor.role === "VIEWER") throw new ForbiddenError("VIEWER is read-only");
    if (this.actor.role === "ADMIN") return undefined;
    if (!this.actor.managerId) throw new ForbiddenError("a MANAGER credential must name its manager");
    return { managerId: this.actor.managerId };
  }
}
