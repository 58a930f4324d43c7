/**
 * Use cases for accounts, account managers and communities. Validates commands
 * (account-input.ts), checks references the store cannot name precisely, and
 * delegates to the AccountGraphStore port. No GraphQL or driver types here.
 */
import { NotFoundError } from "../domain/errors.js";
import type { Account, AccountManager, Community } from "../domain/model.js";
import type { AccountGraphStore } from "../ports/account-graph-store.js";
import {
  normaliseAccountPatch,
  normaliseManagerPatch,
  normaliseNewAccount,
  normaliseNewCommunity,
  normaliseNewManager,
  type AccountCommand,
  type CommunityCommand,
  type ManagerCommand,
} from "./account-input.js";
import { GraphWriteTracker, toGraphNode, type GraphWriteListener } from "./graph-writes.js";

export const MAX_PAGE_SIZE = 100;

const NO_PATCHES = () => [];

export class AccountService {
  private readonly writes: GraphWriteTracker;

  /** `graphWrites` (the influence engine) hears of every account write, to patch its projection. */
  constructor(
    private readonly store: AccountGraphStore,
    graphWrites: GraphWriteListener | null = null,
  ) {
    this.writes = new GraphWriteTracker(store, graphWrites);
  }

  async getAccount(id: string): Promise<Account> {
    const [account] = await this.store.getAccounts([id]);
    if (!account) throw new NotFoundError("Account", id, "id");
    return account;
  }

  async createAccount(command: AccountCommand): Promise<Account> {
    const input = normaliseNewAccount(command);
    await this.requireOwner(input.ownerId);
    return this.writes.track(
      () => this.store.createAccount(input),
      (account) => [{ op: "UPSERT_NODE", node: toGraphNode(account) }],
    );
  }

  async updateAccount(id: string, command: AccountCommand): Promise<Account> {
    const patch = normaliseAccountPatch(command);
    await this.requireOwner(patch.ownerId);
    return this.writes.track(
      () => this.store.updateAccount(id, patch),
      (account) => [{ op: "UPSERT_NODE", node: toGraphNode(account) }],
    );
  }

  deleteAccount(id: string): Promise<Account> {
    return this.writes.track(
      () => this.store.deleteAccount(id),
      (account) => [{ op: "REMOVE_NODE", id: account.id }],
    );
  }

  async getManager(id: string): Promise<AccountManager> {
    const [manager] = await this.store.getManagers([id]);
    if (!manager) throw new NotFoundError("AccountManager", id, "id");
    return manager;
  }

  listManagers(): Promise<AccountManager[]> {
    return this.store.listManagers();
  }

  // Manager and community writes move the graph version (read caches key on it) but
  // change nothing the influence projection holds: reported with no patches, so the
  // engine relabels its snapshot instead of recomputing or re-reading it.
  createManager(command: ManagerCommand): Promise<AccountManager> {
    const input = normaliseNewManager(command);
    return this.writes.track(() => this.store.createManager(input), NO_PATCHES);
  }

  updateManager(id: string, command: ManagerCommand): Promise<AccountManager> {
    const patch = normaliseManagerPatch(command);
    return this.writes.track(() => this.store.updateManager(id, patch), NO_PATCHES);
  }

  async getCommunity(id: string): Promise<Community> {
    const [community] = await this.store.getCommunities([id]);
    if (!community) throw new NotFoundError("Community", id, "id");
    return community;
  }

  listCommunities(): Promise<Community[]> {
    return this.store.listCommunities();
  }

  createCommunity(command: CommunityCommand): Promise<Community> {
    const input = normaliseNewCommunity(command);
    return this.writes.track(() => this.store.createCommunity(input), NO_PATCHES);
  }

  /** Managers are never deleted, so checking before the write cannot race into a dangling owner. */
  private async requireOwner(ownerId: string | null | undefined): Promise<void> {
    if (!ownerId) return;
    const [manager] = await this.store.getManagers([ownerId]);
    if (!manager) throw new NotFoundError("AccountManager", ownerId, "ownerId");
  }
}
