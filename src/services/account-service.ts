/**
 * Use cases for accounts, account managers and communities. Validates commands
 * (account-input.ts), delegates writes to the AccountGraphStore port (which checks, inside
 * the transaction, every reference and a MANAGER's ownership: ports/write-scope.ts) and
 * reads from the read model. No GraphQL or driver types here.
 */
import { NotFoundError, ValidationError } from "../domain/errors.js";
import type { Account, AccountManager, Community } from "../domain/model.js";
import type { AccountGraphStore, UpsertedAccount, WriteScope } from "../ports/account-graph-store.js";
import {
  normaliseAccountPatch,
  normaliseAccountUpsert,
  normaliseCommunityPatch,
  normaliseManagerPatch,
  normaliseNewAccount,
  normaliseNewCommunity,
  normaliseNewManager,
  type AccountCommand,
  type CommunityCommand,
  type EditCommand,
  type ManagerCommand,
} from "./account-input.js";
import { requireId } from "./network-input.js";
import type { CommittedWrites } from "./committed-writes.js";
import type { ReadModel } from "./read-model/read-model.js";

export const MAX_PAGE_SIZE = 100;

export class AccountService {
  constructor(
    private readonly store: AccountGraphStore,
    private readonly model: ReadModel,
    private readonly writes: CommittedWrites,
  ) {}

  async getAccount(id: string): Promise<Account> {
    const account = (await this.model.ready()).accounts.get(id);
    if (!account) throw new NotFoundError("Account", id, "id");
    return account;
  }

  async createAccount(command: AccountCommand, scope?: WriteScope): Promise<Account> {
    const input = normaliseNewAccount(command);
    await this.requireOwner(input.ownerId);
    return this.writes.settle(this.store.createAccount(input, scope));
  }

  async updateAccount(id: string, command: AccountCommand, scope?: WriteScope): Promise<Account> {
    const patch = normaliseAccountPatch(command);
    await this.requireOwner(patch.ownerId);
    return this.writes.settle(this.store.updateAccount(id, patch, scope));
  }

  deleteAccount(id: string, scope?: WriteScope): Promise<Account> {
    return this.writes.settle(this.store.deleteAccount(id, scope));
  }

  /** Updates the account with this CRM id, or creates it (ports/record-edits.ts); one transaction. */
  async upsertAccount(command: AccountCommand & { externalId: string }, scope?: WriteScope): Promise<UpsertedAccount> {
    const { externalId, upsert } = normaliseAccountUpsert(command);
    await this.requireOwner(upsert.patch.ownerId);
    return this.writes.settle(this.store.upsertAccount(externalId, upsert, scope));
  }

  async getManager(id: string): Promise<AccountManager> {
    const manager = (await this.model.ready()).managers.get(id);
    if (!manager) throw new NotFoundError("AccountManager", id, "id");
    return manager;
  }

  createManager(command: ManagerCommand): Promise<AccountManager> {
    return this.writes.settle(this.store.createManager(normaliseNewManager(command)));
  }

  updateManager(id: string, command: ManagerCommand): Promise<AccountManager> {
    return this.writes.settle(this.store.updateManager(id, normaliseManagerPatch(command)));
  }

  /** Refused while the manager owns accounts or recorded engagements, unless `reassignTo` takes them over. */
  async deleteManager(id: string, reassignTo?: string | null): Promise<AccountManager> {
    const manager = requireId(id, "id");
    const successor = reassignTo === undefined || reassignTo === null ? undefined : requireId(reassignTo, "reassignTo");
    if (successor === manager) throw new ValidationError("reassignTo must name another manager", "reassignTo");
    return this.writes.settle(this.store.deleteManager(manager, successor === undefined ? {} : { reassignTo: successor }));
  }

  async getCommunity(id: string): Promise<Community> {
    const community = (await this.model.ready()).communities.get(id);
    if (!community) throw new NotFoundError("Community", id, "id");
    return community;
  }

  createCommunity(command: CommunityCommand): Promise<Community> {
    return this.writes.settle(this.store.createCommunity(normaliseNewCommunity(command)));
  }

  async updateCommunity(id: string, command: EditCommand<CommunityCommand>): Promise<Community> {
    return this.writes.settle(this.store.updateCommunity(requireId(id, "id"), normaliseCommunityPatch(command)));
  }

  /** Removes the community and its memberships. */
  async deleteCommunity(id: string): Promise<Community> {
    return this.writes.settle(this.store.deleteCommunity(requireId(id, "id")));
  }

  /** Names the field the API's clients know (`AccountManager`, not the store's `Manager`); the store checks again in its transaction. */
  private async requireOwner(ownerId: string | null | undefined): Promise<void> {
    if (!ownerId) return;
    if (!(await this.model.ready()).managers.get(ownerId)) throw new NotFoundError("AccountManager", ownerId, "ownerId");
  }
}
