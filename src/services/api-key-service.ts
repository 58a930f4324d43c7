/**
 * Use cases for API keys managed at runtime: create (the secret is returned this once
 * and never stored or logged), revoke, list — ADMIN only, for the GraphQL API and the
 * CLI (scripts/api-key.ts) alike — and `resolve`, which authentication calls on every
 * request and answers from memory (api-key-cache.ts, derived from the read model).
 *
 * Every use case takes the acting Actor explicitly: it is checked here (AccessPolicy
 * .requireAdmin), whatever the caller, and it is recorded as the key's `createdBy`.
 *
 * Decisions (README "Security and limits"):
 * - revoking a key already revoked returns it unchanged (idempotent, so a retry is safe);
 * - an ADMIN may revoke the key it is using: that request completes, the next is 401.
 */
import type { ApiKey } from "../domain/api-keys.js";
import { generateApiKeySecret, hashApiKey } from "../domain/api-keys.js";
import { StoreUnavailableError, ValidationError } from "../domain/errors.js";
import { requireName, requireOneOf } from "../domain/guards.js";
import { ROLES, type Role } from "../domain/roles.js";
import type { ApiKeyStore, NewApiKey } from "../ports/api-key-store.js";
import type { Committed } from "../ports/change-feed.js";
import { AccessPolicy, type Actor } from "./access-policy.js";
import { ApiKeyCache } from "./api-key-cache.js";
import { settleIfServing, type CommittedWrites } from "./committed-writes.js";
import type { ReadModel } from "./read-model/read-model.js";

export interface ApiKeyServiceOptions {
  /** The clock that stamps revocations (tests). */
  now?: () => Date;
}

/** What a server wires in: its read model answers `resolve`, and writes settle it. A CLI passes none. */
export interface ApiKeyServiceWiring {
  model: ReadModel;
  writes: CommittedWrites;
}

/** What a client or the CLI sends; validated here, not by GraphQL alone. */
export interface ApiKeyCommand {
  name?: string | null;
  role?: string | null;
  managerId?: string | null;
}

export interface CreatedApiKey {
  /** The secret: shown once, never stored. */
  key: string;
  apiKey: ApiKey;
}

export class ApiKeyService {
  readonly #store: ApiKeyStore | null;
  readonly #cache: ApiKeyCache | null;
  readonly #writes: CommittedWrites | null;
  readonly #now: () => Date;

  /** `store` null: the store in use keeps no API keys (a test double); every use case refuses. */
  constructor(store: ApiKeyStore | null, wiring: ApiKeyServiceWiring | null = null, options: ApiKeyServiceOptions = {}) {
    this.#store = store;
    this.#cache = wiring ? new ApiKeyCache(wiring.model) : null;
    this.#writes = wiring?.writes ?? null;
    this.#now = options.now ?? (() => new Date());
  }

  async listApiKeys(actor: Actor): Promise<ApiKey[]> {
    this.#requireAdmin(actor, "list API keys");
    return this.#requireStore().listApiKeys();
  }

  async createApiKey(actor: Actor, command: ApiKeyCommand): Promise<CreatedApiKey> {
    this.#requireAdmin(actor, "create API keys");
    const input = normaliseNewApiKey(command);
    const key = generateApiKeySecret();
    const apiKey = await this.#settle(this.#requireStore().createApiKey({ ...input, sha256: hashApiKey(key), createdBy: actor.subject }));
    return { key, apiKey };
  }

  async revokeApiKey(actor: Actor, id: string): Promise<ApiKey> {
    this.#requireAdmin(actor, "revoke API keys");
    return this.#settle(this.#requireStore().revokeApiKey(id, this.#now().toISOString()));
  }

  /** The actor of a presented key if it is a stored, active one; null otherwise. Never queries the store. */
  resolve(key: string): Actor | null {
    return this.#cache?.resolve(key) ?? null;
  }

  /** Active stored keys this process knows of (start-up log). */
  get activeCount(): number {
    return this.#cache?.size ?? 0;
  }

  /** A server's read model sees the key write before the answer; a CLI just takes the result. */
  #settle(write: Promise<Committed<ApiKey>>): Promise<ApiKey> {
    return settleIfServing(this.#writes, write);
  }

  #requireAdmin(actor: Actor, what: string): void {
    new AccessPolicy(actor).requireAdmin(what);
  }

  #requireStore(): ApiKeyStore {
    if (!this.#store) throw new StoreUnavailableError("this store does not keep API keys");
    return this.#store;
  }
}

/** Name, role and manager of a new key; fields named as in the input (`name`, `role`, `managerId`). */
export function normaliseNewApiKey(command: ApiKeyCommand): Omit<NewApiKey, "sha256" | "createdBy"> {
  const name = requireName(command.name ?? "", "name");
  const role: Role = requireOneOf(command.role ?? "", ROLES, "role");
  const managerId = command.managerId?.trim() || null;
  if (role === "MANAGER" && managerId === null) throw new ValidationError("a MANAGER key needs managerId", "managerId");
  if (role !== "MANAGER" && managerId !== null) throw new ValidationError("only MANAGER keys act as a manager", "managerId");
  return { name, role, managerId };
}
