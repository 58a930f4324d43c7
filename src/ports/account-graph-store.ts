/**
 * The one port every store adapter implements (store/sqlite, store/neo4j) and every
 * service depends on. Contract (test/store/account-graph-store.contract.ts runs it
 * against both adapters):
 *
 * - Every write method is one transaction: it either applies completely or throws a
 *   DomainError and leaves the store exactly as it was.
 * - Inputs arrive already validated for shape and range by the services; the store
 *   still owns referential checks (unknown ids -> NotFoundError naming the field) and
 *   uniqueness (duplicate link / external id -> ConflictError), because only it can
 *   check them inside the transaction.
 * - Every write that changes something appends one change to the store's change feed in
 *   the same transaction (ports/change-feed.ts) and returns it with its result
 *   (`Committed<T>`); a write that changes nothing appends nothing. The feed is how every
 *   process's read model learns what changed: there is no other version counter.
 * - Unreachable database -> StoreUnavailableError; a write that cannot get the store's
 *   write lock in time (another process holds it) -> StoreBusyError.
 * - Writes on accounts take an optional `WriteScope` (a MANAGER's): the adapter checks the
 *   ownership rules of ports/write-scope.ts inside the transaction -> ForbiddenError.
 */
import type {
  Account,
  AccountManager,
  AccountStatus,
  Cents,
  Community,
  CommunityKind,
  Engagement,
  EngagementKind,
  InfluenceKind,
  IsoDate,
  Link,
  LinkType,
  Membership,
  MembershipRole,
  Purchase,
  Segment,
} from "../domain/model.js";

// ---------- inputs (validated, normalised values) ----------

export interface NewAccount {
  /** Supplied by imports; generated when absent. */
  id?: string;
  externalId?: string | null;
  name: string;
  industry?: string | null;
  segment: Segment;
  region?: string | null;
  ownerId?: string | null;
  status: AccountStatus;
  annualRevenue: Cents;
  grossMargin: number;
  licencesHeld: number;
  licencesPlanned: number;
  licencePrice: Cents;
  customerSince?: IsoDate | null;
  renewalDate?: IsoDate | null;
  discountPurchases: number;
  supplierSwitches: number;
  lastContact?: IsoDate | null;
}

/** Fields absent from the patch stay as they are; `null` clears a nullable field. */
export type AccountPatch = Partial<Omit<NewAccount, "id">>;

export interface NewManager {
  id?: string;
  name: string;
  email: string;
  weeklyCapacityHours: number;
}
export type ManagerPatch = Partial<Omit<NewManager, "id">>;

export interface NewCommunity {
  id?: string;
  name: string;
  kind: CommunityKind;
  region?: string | null;
}

export interface NewMembership {
  accountId: string;
  communityId: string;
  role: MembershipRole;
  since?: IsoDate | null;
}

export interface NewInfluenceLink {
  id?: string;
  fromId: string;
  toId: string;
  kind: InfluenceKind;
  strength: number;
  since?: IsoDate | null;
}

export interface NewReferral {
  id?: string;
  fromId: string;
  toId: string;
  date: IsoDate;
  revenue: Cents;
}

export interface NewEngagement {
  id?: string;
  accountId: string;
  managerId: string;
  minutes: number;
  date: IsoDate;
  kind: EngagementKind;
  note?: string | null;
}

export interface NewPurchase {
  id?: string;
  accountId: string;
  amount: Cents;
  licences: number;
  discount: number;
  date: IsoDate;
}

// ---------- edits (full CRUD; rules in record-edits.ts) ----------

/** The fields of an engagement that may change (never its account). */
export type EngagementPatch = Partial<Pick<NewEngagement, "managerId" | "minutes" | "date" | "kind" | "note">>;

/** The fields of a purchase that may change (never its account). */
export type PurchasePatch = Partial<Pick<NewPurchase, "amount" | "licences" | "discount" | "date">>;

/** A link's editable fields; which apply depends on its type (file header). `date: null` clears an INFLUENCES link's date. */
export interface LinkPatch {
  kind?: InfluenceKind;
  strength?: number;
  date?: IsoDate | null;
  revenue?: Cents;
}

export type CommunityPatch = Partial<Omit<NewCommunity, "id">>;

export interface DeleteManagerOptions {
  /** The manager who takes over the deleted one's accounts and engagements. */
  reassignTo?: string;
}

/** What upsertAccount writes: the patch for an existing account, or the whole account to create. */
export interface AccountUpsert {
  patch: AccountPatch;
  /** Null when the input cannot create an account (it has no name). */
  create: NewAccount | null;
}

export interface UpsertedAccount {
  account: Account;
  /** True when no account had the externalId and one was created. */
  created: boolean;
}

/** Newest first: by date descending, then id descending. A page continues strictly after its position. */
export interface ActivityPosition {
  date: IsoDate;
  id: string;
}

export interface ActivityPageQuery {
  accountIds: readonly string[];
  /** Inclusive date bounds. */
  window?: DateWindow;
  /** Items per account, >= 0 (adapters read one more to learn hasNextPage). */
  first: number;
  after?: ActivityPosition;
}

export interface ActivityPage<T> {
  items: T[];
  hasNextPage: boolean;
  /** Items of the account within the window, ignoring `first` and `after`. */
  totalCount: number;
}

// ---------- queries ----------

export interface AccountFilter {
  segments?: Segment[];
  industries?: string[];
  regions?: string[];
  ownerIds?: string[];
  statuses?: AccountStatus[];
  minRevenue?: Cents;
  maxRevenue?: Cents;
  communityId?: string;
  /** Case-insensitive substring of the name. */
  nameContains?: string;
  /** Restrict to these ids (used by analytics-driven queries). */
  ids?: string[];
}

/** Sort keys are an allow-list: adapters map each to a fixed column/property. */
export const ACCOUNT_SORT_KEYS = ["NAME", "ANNUAL_REVENUE", "CREATED_AT", "RENEWAL_DATE", "LICENCES_PLANNED"] as const;
export type AccountSortKey = (typeof ACCOUNT_SORT_KEYS)[number];
export type SortDirection = "ASC" | "DESC";

/**
 * Keyset position: the sort value and id of the last row seen. Pages continue strictly
 * after it in (sortValue, id) order, so inserts elsewhere never shift or repeat rows.
 */
export interface KeysetPosition {
  value: string | number | null;
  id: string;
}

export interface AccountPageQuery {
  filter?: AccountFilter;
  sort: { key: AccountSortKey; direction: SortDirection };
  first: number;
  after?: KeysetPosition;
}

export interface Page<T> {
  items: T[];
  /** Position of each item, aligned with `items`, for cursors. */
  positions: KeysetPosition[];
  hasNextPage: boolean;
  totalCount: number;
}

export interface LinkQuery {
  accountIds: string[];
  direction: "OUT" | "IN";
  types?: LinkType[];
}

export interface DateWindow {
  from?: IsoDate;
  to?: IsoDate;
}

import type { ChangeFeed, Committed, StoreState } from "./change-feed.js";
import type { WriteScope } from "./write-scope.js";
export type { WriteScope } from "./write-scope.js";

export type { Change, ChangeEntry, Committed, FeedPage, StoreState } from "./change-feed.js";

export interface StoreCounts {
  accounts: number;
  managers: number;
  communities: number;
  memberships: number;
  links: number;
  engagements: number;
  purchases: number;
}

/** A whole dataset for bulk loading (seeds, generator). Ids are supplied. */
export interface Dataset {
  managers: (NewManager & { id: string })[];
  accounts: (NewAccount & { id: string })[];
  communities: (NewCommunity & { id: string })[];
  memberships: NewMembership[];
  influences: (NewInfluenceLink & { id: string })[];
  referrals: (NewReferral & { id: string })[];
  engagements: (NewEngagement & { id: string })[];
  purchases: (NewPurchase & { id: string })[];
}

// ---------- CRM import (importRecords; matching rules and the planner in crm-import.ts) ----------

export const CRM_FILES = ["accounts", "links", "memberships", "engagements", "purchases"] as const;
export type CrmFile = (typeof CRM_FILES)[number];

export const CRM_IMPORT_MODES = ["DRY_RUN", "ALL_OR_NOTHING", "SKIP_BAD_ROWS"] as const;
/** DRY_RUN writes nothing; ALL_OR_NOTHING writes only when no row is bad; SKIP_BAD_ROWS writes the good rows. */
export type CrmImportMode = (typeof CRM_IMPORT_MODES)[number];

/** Codes a rejected row can carry (BAD_USER_INPUT comes from field validation, before the store). */
export type RowProblemCode = "BAD_USER_INPUT" | "NOT_FOUND" | "CONFLICT" | "REJECTED_REFERENCE";

export interface RowProblem {
  file: CrmFile;
  /** Line number in the file as a spreadsheet shows it: the header is row 1. */
  row: number;
  /** The column as the file names it (or the canonical field name when the file has none). */
  column: string;
  code: RowProblemCode;
  message: string;
}

/** Where a record came from; `columns` maps canonical fields to the file's header names. */
export interface RecordSource {
  row: number;
  columns: Readonly<Record<string, string>>;
}

export interface CrmAccountRecord {
  source: RecordSource;
  externalId: string;
  /** The columns present, validated (as updateAccount takes them); ownerId here is unresolved. */
  patch: AccountPatch;
  /** The whole account with defaults, when the row has a name (needed to create one). */
  create: NewAccount | null;
  /** Manager id, email or name from the owner column; null clears, undefined keeps. */
  owner?: string | null;
}

export interface CrmLinkRecord {
  source: RecordSource;
  type: LinkType;
  fromExternalId: string;
  toExternalId: string;
  /** INFLUENCES: kind and strength; REFERRED: date and revenue (strength 1). */
  kind: Link["kind"];
  strength: number;
  date: string | null;
  revenue: number | null;
}

export interface CrmMembershipRecord {
  source: RecordSource;
  accountExternalId: string;
  community: string;
  membership: Omit<NewMembership, "accountId" | "communityId">;
}

export interface CrmEngagementRecord {
  source: RecordSource;
  accountExternalId: string;
  manager: string;
  /** Stable id from the row's content or CRM activity id. */
  id: string;
  engagement: Omit<NewEngagement, "accountId" | "managerId" | "id">;
}

export interface CrmPurchaseRecord {
  source: RecordSource;
  accountExternalId: string;
  id: string;
  purchase: Omit<NewPurchase, "accountId" | "id">;
}

export interface CrmImportBatch {
  accounts: CrmAccountRecord[];
  links: CrmLinkRecord[];
  memberships: CrmMembershipRecord[];
  engagements: CrmEngagementRecord[];
  purchases: CrmPurchaseRecord[];
}

export interface CrmImportOptions {
  mode: CrmImportMode;
  /** Rows field validation refused before the store saw the batch: reported with the store's, and they block ALL_OR_NOTHING. */
  rejectedEarlier?: readonly RowProblem[];
  /** External ids of account rows among those, with their row: rows naming them are REJECTED_REFERENCE. */
  rejectedExternalIds?: readonly { externalId: string; row: number }[];
}

export interface CrmImportCounts {
  accountsCreated: number;
  accountsUpdated: number;
  linksCreated: number;
  linksUpdated: number;
  memberships: number;
  engagements: number;
  purchases: number;
  /** Engagements and purchases already stored by an earlier import of the same rows. */
  unchanged: number;
}

export interface CrmImportResult extends CrmImportCounts {
  mode: CrmImportMode;
  /** Whether anything was written (never for DRY_RUN; not for ALL_OR_NOTHING with a bad row). */
  written: boolean;
  /** Every row that cannot be written, in file order then row order. */
  rejected: RowProblem[];
}

export interface AccountGraphStore extends ChangeFeed {
  /** Name for logs and health output, e.g. "sqlite" or "neo4j". */
  readonly kind: string;

  /**
   * Creates the schema, or migrates a store written by an earlier release forward (never
   * back: a store newer than this code is refused with StoreVersionError). Idempotent.
   */
  init(): Promise<void>;
  close(): Promise<void>;
  /** Throws StoreUnavailableError when the database cannot answer. */
  ping(): Promise<void>;
  counts(): Promise<StoreCounts>;
  /**
   * Everything a read model holds, consistent at one feed sequence (services/read-model):
   * the graph, API keys, and activity dated on or after `activitySince`.
   */
  readState(options: { activitySince: IsoDate }): Promise<StoreState>;

  // accounts
  /** Results align with `ids`; unknown ids give `null`. */
  getAccounts(ids: readonly string[]): Promise<(Account | null)[]>;
  /**
   * One page of accounts by one sort key with the port's filter fields. The API answers its
   * account pages from the read model instead (services/read-model/account-pages.ts), which
   * adds filters, orders of several keys and aggregates; this stays the simpler contract both
   * stores keep, and the contract suite checks the read model answers it exactly as they do.
   */
  listAccounts(query: AccountPageQuery): Promise<Page<Account>>;
  createAccount(input: NewAccount, scope?: WriteScope): Promise<Committed<Account>>;
  /** A patch that changes nothing commits nothing (`change` is null). */
  updateAccount(id: string, patch: AccountPatch, scope?: WriteScope): Promise<Committed<Account>>;
  /** Removes the account with its links, memberships, engagements and purchases. */
  deleteAccount(id: string, scope?: WriteScope): Promise<Committed<Account>>;
  /**
   * Updates the account whose externalId is `externalId` with `input.patch`, or creates
   * `input.create` when none has it (ports/record-edits.ts), in one transaction.
   */
  upsertAccount(externalId: string, input: AccountUpsert, scope?: WriteScope): Promise<Committed<UpsertedAccount>>;

  // managers
  getManagers(ids: readonly string[]): Promise<(AccountManager | null)[]>;
  listManagers(): Promise<AccountManager[]>;
  /** ConflictError when another manager has the same email (case-insensitive). */
  createManager(input: NewManager): Promise<Committed<AccountManager>>;
  updateManager(id: string, patch: ManagerPatch): Promise<Committed<AccountManager>>;
  /**
   * Removes a manager. One who owns accounts or recorded engagements is refused
   * (ConflictError naming `reassignTo`) unless `reassignTo` names the manager who takes them over.
   */
  deleteManager(id: string, options?: DeleteManagerOptions): Promise<Committed<AccountManager>>;

  // communities and memberships
  getCommunities(ids: readonly string[]): Promise<(Community | null)[]>;
  listCommunities(): Promise<Community[]>;
  /** ConflictError when another community has the same name (case-insensitive). */
  createCommunity(input: NewCommunity): Promise<Committed<Community>>;
  /** ConflictError when another community has the new name (case-insensitive). */
  updateCommunity(id: string, patch: CommunityPatch): Promise<Committed<Community>>;
  /** Removes the community and every membership of it. */
  deleteCommunity(id: string): Promise<Committed<Community>>;
  /** ConflictError if the account is already a member. */
  addMembership(input: NewMembership, scope?: WriteScope): Promise<Committed<Membership>>;
  /** NotFoundError if there is no such membership. */
  removeMembership(accountId: string, communityId: string, scope?: WriteScope): Promise<Committed<Membership>>;
  membershipsOfAccounts(accountIds: readonly string[]): Promise<Membership[]>;
  membershipsOfCommunities(communityIds: readonly string[]): Promise<Membership[]>;

  // links
  /** ConflictError if an INFLUENCES link already joins from -> to. */
  linkInfluence(input: NewInfluenceLink, scope?: WriteScope): Promise<Committed<Link>>;
  /** ConflictError if a REFERRED link already joins from -> to. */
  recordReferral(input: NewReferral, scope?: WriteScope): Promise<Committed<Link>>;
  unlink(linkId: string, scope?: WriteScope): Promise<Committed<Link>>;
  /** Changes a link's strength, kind, date or revenue as its type allows (ports/record-edits.ts). */
  updateLink(linkId: string, patch: LinkPatch, scope?: WriteScope): Promise<Committed<Link>>;
  getLinks(ids: readonly string[]): Promise<(Link | null)[]>;
  linksOfAccounts(query: LinkQuery): Promise<Link[]>;

  // activity
  recordEngagement(input: NewEngagement, scope?: WriteScope): Promise<Committed<Engagement>>;
  recordPurchase(input: NewPurchase, scope?: WriteScope): Promise<Committed<Purchase>>;
  updateEngagement(id: string, patch: EngagementPatch, scope?: WriteScope): Promise<Committed<Engagement>>;
  deleteEngagement(id: string, scope?: WriteScope): Promise<Committed<Engagement>>;
  updatePurchase(id: string, patch: PurchasePatch, scope?: WriteScope): Promise<Committed<Purchase>>;
  deletePurchase(id: string, scope?: WriteScope): Promise<Committed<Purchase>>;
  /** Each account's engagements newest first (date desc, id desc), one page per account, aligned with `accountIds`. */
  engagementPages(query: ActivityPageQuery): Promise<ActivityPage<Engagement>[]>;
  /** Each account's purchases newest first (date desc, id desc), one page per account, aligned with `accountIds`. */
  purchasePages(query: ActivityPageQuery): Promise<ActivityPage<Purchase>[]>;
  engagementsOfAccounts(accountIds: readonly string[], window?: DateWindow): Promise<Engagement[]>;
  engagementsOfManager(managerId: string, window?: DateWindow): Promise<Engagement[]>;
  purchasesOfAccounts(accountIds: readonly string[], window?: DateWindow): Promise<Purchase[]>;

  /** Bulk load in batches, all or nothing; each batch transaction appends a RESET change. Returns the counts written. */
  importDataset(dataset: Dataset, options?: { batchSize?: number }): Promise<StoreCounts>;
  /**
   * CRM import (ports/crm-import.ts): upserts accounts by externalId, links, memberships,
   * engagements and purchases, and reports every row it cannot write. DRY_RUN writes
   * nothing; ALL_OR_NOTHING writes only when no row is bad; SKIP_BAD_ROWS writes the rest.
   * A write appends a RESET change (readers reload: an import may touch everything).
   */
  importRecords(batch: CrmImportBatch, options: CrmImportOptions): Promise<Committed<CrmImportResult>>;
}
