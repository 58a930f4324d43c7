/**
 * The bulk form of the account graph the projection is loaded from: interned ids plus one
 * typed array per field, so 200,000 accounts and a million links cross to the analytics
 * worker as a handful of ArrayBuffers (transferred, not copied: columnsTransferList) and
 * the CSR is built from them by counting sort, with no per-row object on the way.
 *
 * Indices: `links.from[k]` / `links.to[k]` / `memberships.account[k]` index
 * `accounts.ids`; `accounts.owner[i]` indexes `accounts.owners` (−1: none);
 * `memberships.community[k]` indexes `memberships.communities`. Codes index the domain
 * vocabularies: status ACCOUNT_STATUSES, segment SEGMENTS, link type LINK_TYPES, role
 * MEMBERSHIP_ROLES. A link's revenue is NaN when it has none (INFLUENCES).
 *
 * GraphColumnsBuilder turns rows (the read model's records, or GraphChunks) into columns, checking
 * every row as it goes (projection-records.ts); requireValidColumns checks columns that
 * arrive ready-made. Either way a bad number never reaches a kernel.
 */
import { NotFoundError, ValidationError } from "../domain/errors.js";
import type { GraphChunk, GraphEdge, GraphNode } from "../domain/graph.js";
import { ACCOUNT_STATUSES, LINK_TYPES, MEMBERSHIP_ROLES, SEGMENTS, type Membership } from "../domain/model.js";
import { isCleanEdge, isCleanNode, requireMembershipRole, toEdgeAttributes, toNodeAttributes } from "./projection-records.js";
import { Dictionary, GrowableFloat64, GrowableInt32, GrowableUint8 } from "./kernels/growable-arrays.js";

export interface AccountColumns {
  readonly ids: readonly string[];
  readonly names: readonly string[];
  readonly status: Uint8Array;
  readonly segment: Uint8Array;
  /** Cents. */
  readonly annualRevenue: Float64Array;
  readonly licencesHeld: Float64Array;
  readonly licencesPlanned: Float64Array;
  /** Cents. */
  readonly licencePrice: Float64Array;
  readonly owner: Int32Array;
  readonly owners: readonly string[];
}

export interface LinkColumns {
  readonly ids: readonly string[];
  readonly type: Uint8Array;
  readonly from: Int32Array;
  readonly to: Int32Array;
  /** In [0, 1]. */
  readonly strength: Float64Array;
  /** Cents; NaN when the link has none. */
  readonly revenue: Float64Array;
}

export interface MembershipColumns {
  readonly account: Int32Array;
  readonly community: Int32Array;
  readonly role: Uint8Array;
  readonly communities: readonly string[];
}

export interface GraphColumns {
  readonly accounts: AccountColumns;
  readonly links: LinkColumns;
  readonly memberships: MembershipColumns;
}

export const LINK_TYPE_CODES = LINK_TYPES;
export const LEADER_CODE = MEMBERSHIP_ROLES.indexOf("LEADER");
const INFLUENCES_CODE = LINK_TYPES.indexOf("INFLUENCES");
const REFERRED_CODE = LINK_TYPES.indexOf("REFERRED");

/** Every ArrayBuffer of the columns, for postMessage's transfer list (the strings are cloned). */
export function columnsTransferList(columns: GraphColumns): ArrayBuffer[] {
  const { accounts: a, links: l, memberships: m } = columns;
  const arrays: ArrayBufferView[] = [
    a.status,
    a.segment,
    a.annualRevenue,
    a.licencesHeld,
    a.licencesPlanned,
    a.licencePrice,
    a.owner,
    l.type,
    l.from,
    l.to,
    l.strength,
    l.revenue,
    m.account,
    m.community,
    m.role,
  ];
  return [...new Set(arrays.map((array) => array.buffer as ArrayBuffer))];
}

/**
 * Checks ready-made columns in O(V + E): aligned lengths, indices in range, codes in
 * their vocabularies, strengths in [0, 1], no link to self. Names the first bad row.
 */
export function requireValidColumns(columns: GraphColumns): void {
  const { accounts, links, memberships } = columns;
  const n = accounts.ids.length;
  const aligned = (length: number, expected: number, field: string) => {
    if (length !== expected) throw new ValidationError(`${field} has ${length} entries, expected ${expected}`, field);
  };
  for (const [field, column] of Object.entries(accounts) as [string, { length: number }][]) {
    if (field !== "owners") aligned(column.length, n, `accounts.${field}`);
  }
  for (let i = 0; i < n; i++) {
    if (accounts.status[i]! >= ACCOUNT_STATUSES.length)
      throw new ValidationError(`accounts.status[${i}] is not a status code`, `accounts.status[${i}]`);
    if (accounts.segment[i]! >= SEGMENTS.length) throw new ValidationError(`accounts.segment[${i}] is not a segment code`, `accounts.segment[${i}]`);
    const owner = accounts.owner[i]!;
    if (owner < -1 || owner >= accounts.owners.length) throw new ValidationError(`accounts.owner[${i}] is out of range`, `accounts.owner[${i}]`);
    for (const field of ["annualRevenue", "licencesHeld", "licencesPlanned", "licencePrice"] as const) {
      const value = accounts[field][i]!;
      if (!(value >= 0) || !Number.isFinite(value))
        throw new ValidationError(`accounts.${field}[${i}] must be a finite number ≥ 0`, `accounts.${field}[${i}]`);
    }
  }
  const e = links.ids.length;
  for (const field of ["type", "from", "to", "strength", "revenue"] as const) aligned(links[field].length, e, `links.${field}`);
  for (let k = 0; k < e; k++) {
    const from = links.from[k]!;
    const to = links.to[k]!;
    const at = `links[${k}]`;
    if (!(from >= 0 && from < n)) throw new NotFoundError("Account", String(from), `${at}.from`);
    if (!(to >= 0 && to < n)) throw new NotFoundError("Account", String(to), `${at}.to`);
    if (from === to) throw new ValidationError(`${at} joins account ${accounts.ids[from]} to itself`, `${at}.to`);
    if (links.type[k]! >= LINK_TYPES.length) throw new ValidationError(`${at}.type is not a link type code`, `${at}.type`);
    const strength = links.strength[k]!;
    if (!(strength >= 0 && strength <= 1)) throw new ValidationError(`${at}.strength must be between 0 and 1`, `${at}.strength`);
  }
  const m = memberships.account.length;
  aligned(memberships.community.length, m, "memberships.community");
  aligned(memberships.role.length, m, "memberships.role");
  for (let k = 0; k < m; k++) {
    const account = memberships.account[k]!;
    if (!(account >= 0 && account < n)) throw new NotFoundError("Account", String(account), `memberships[${k}].account`);
    const community = memberships.community[k]!;
    if (!(community >= 0 && community < memberships.communities.length)) {
      throw new ValidationError(`memberships[${k}].community is out of range`, `memberships[${k}].community`);
    }
    if (memberships.role[k]! >= MEMBERSHIP_ROLES.length)
      throw new ValidationError(`memberships[${k}].role is not a role code`, `memberships[${k}].role`);
  }
}

/** Rows a builder expects, so its columns are allocated once at their final size. */
export interface ExpectedRows {
  accounts: number;
  links: number;
  memberships: number;
}

/**
 * Collects rows into columns: rows one by one (addNode, then addMembership / addEdge for
 * rows whose accounts were added: the read model's records, which are GraphNodes and
 * GraphEdges as they are), or whole chunks of rows (add: tests, benchmarks). Chunks list nodes before the
 * memberships and edges that use them, but one whose account arrives in a later chunk is
 * held back and resolved in finish(); one naming an account that never arrives is a
 * NotFoundError. A node seen twice keeps its latest row.
 */
export class GraphColumnsBuilder {
  private readonly ids: string[] = [];
  private readonly indexOf = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly status: GrowableUint8;
  private readonly segment: GrowableUint8;
  private readonly annualRevenue: GrowableFloat64;
  private readonly licencesHeld: GrowableFloat64;
  private readonly licencesPlanned: GrowableFloat64;
  private readonly licencePrice: GrowableFloat64;
  private readonly owner: GrowableInt32;
  private readonly owners = new Dictionary();

  private readonly linkIds: string[] = [];
  private readonly linkType: GrowableUint8;
  private readonly linkFrom: GrowableInt32;
  private readonly linkTo: GrowableInt32;
  private readonly linkStrength: GrowableFloat64;
  private readonly linkRevenue: GrowableFloat64;

  private readonly memberAccount: GrowableInt32;
  private readonly memberCommunity: GrowableInt32;
  private readonly memberRole: GrowableUint8;
  private readonly communities = new Dictionary();

  private readonly heldEdges: GraphEdge[] = [];
  private readonly heldMemberships: Membership[] = [];

  constructor(expected: ExpectedRows = { accounts: 1024, links: 1024, memberships: 1024 }) {
    const { accounts: a, links: l, memberships: m } = expected;
    this.status = new GrowableUint8(a);
    this.segment = new GrowableUint8(a);
    this.annualRevenue = new GrowableFloat64(a);
    this.licencesHeld = new GrowableFloat64(a);
    this.licencesPlanned = new GrowableFloat64(a);
    this.licencePrice = new GrowableFloat64(a);
    this.owner = new GrowableInt32(a);
    this.linkType = new GrowableUint8(l);
    this.linkFrom = new GrowableInt32(l);
    this.linkTo = new GrowableInt32(l);
    this.linkStrength = new GrowableFloat64(l);
    this.linkRevenue = new GrowableFloat64(l);
    this.memberAccount = new GrowableInt32(m);
    this.memberCommunity = new GrowableInt32(m);
    this.memberRole = new GrowableUint8(m);
  }

  add(chunk: GraphChunk): void {
    for (const node of chunk.nodes) this.addNode(node);
    for (const membership of chunk.memberships) {
      if (this.indexOf.has(membership.accountId)) this.addMembership(membership);
      else this.heldMemberships.push(membership);
    }
    for (const edge of chunk.edges) {
      if (this.indexOf.has(edge.fromId) && this.indexOf.has(edge.toId)) this.addEdge(edge);
      else this.heldEdges.push(edge);
    }
  }

  finish(): GraphColumns {
    for (const membership of this.heldMemberships.splice(0)) this.addMembership(membership);
    for (const edge of this.heldEdges.splice(0)) this.addEdge(edge);
    return {
      accounts: {
        ids: this.ids,
        names: this.names,
        status: this.status.toArray(),
        segment: this.segment.toArray(),
        annualRevenue: this.annualRevenue.toArray(),
        licencesHeld: this.licencesHeld.toArray(),
        licencesPlanned: this.licencesPlanned.toArray(),
        licencePrice: this.licencePrice.toArray(),
        owner: this.owner.toArray(),
        owners: this.owners.values,
      },
      links: {
        ids: this.linkIds,
        type: this.linkType.toArray(),
        from: this.linkFrom.toArray(),
        to: this.linkTo.toArray(),
        strength: this.linkStrength.toArray(),
        revenue: this.linkRevenue.toArray(),
      },
      memberships: {
        account: this.memberAccount.toArray(),
        community: this.memberCommunity.toArray(),
        role: this.memberRole.toArray(),
        communities: this.communities.values,
      },
    };
  }

  addNode(node: GraphNode): void {
    // Rows from a store are already clean: copy them without building an attributes object.
    const row = isCleanNode(node) ? node : { ...node, ...toNodeAttributes(node) };
    const status = ACCOUNT_STATUSES.indexOf(row.status);
    const segment = SEGMENTS.indexOf(row.segment);
    const owner = row.ownerId === null ? -1 : this.owners.indexOf(row.ownerId);
    const i = this.indexOf.get(node.id);
    if (i === undefined) {
      this.indexOf.set(node.id, this.ids.length);
      this.ids.push(node.id);
      this.names.push(row.name);
      this.status.push(status);
      this.segment.push(segment);
      this.annualRevenue.push(row.annualRevenue);
      this.licencesHeld.push(row.licencesHeld);
      this.licencesPlanned.push(row.licencesPlanned);
      this.licencePrice.push(row.licencePrice);
      this.owner.push(owner);
      return;
    }
    this.names[i] = row.name;
    this.status.set(i, status);
    this.segment.set(i, segment);
    this.annualRevenue.set(i, row.annualRevenue);
    this.licencesHeld.set(i, row.licencesHeld);
    this.licencesPlanned.set(i, row.licencesPlanned);
    this.licencePrice.set(i, row.licencePrice);
    this.owner.set(i, owner);
  }

  /** A membership of an account added before (NotFoundError otherwise). */
  addMembership(membership: Membership): void {
    const role = requireMembershipRole(membership);
    const account = this.indexOf.get(membership.accountId);
    if (account === undefined) throw new NotFoundError("Account", membership.accountId, "membership.accountId");
    this.memberAccount.push(account);
    this.memberCommunity.push(this.communities.indexOf(membership.communityId));
    this.memberRole.push(MEMBERSHIP_ROLES.indexOf(role));
  }

  /** A link between accounts added before (NotFoundError otherwise). */
  addEdge(edge: GraphEdge): void {
    const clean = isCleanEdge(edge);
    const attributes = clean ? null : toEdgeAttributes(edge);
    const from = this.indexOf.get(edge.fromId);
    if (from === undefined) throw new NotFoundError("Account", edge.fromId, `edges[${edge.id}].fromId`);
    const to = this.indexOf.get(edge.toId);
    if (to === undefined) throw new NotFoundError("Account", edge.toId, `edges[${edge.id}].toId`);
    const type = attributes ? attributes.type : edge.type;
    const revenue = attributes ? attributes.revenue : edge.revenue;
    this.linkIds.push(edge.id);
    this.linkType.push(type === "INFLUENCES" ? INFLUENCES_CODE : REFERRED_CODE);
    this.linkFrom.push(from);
    this.linkTo.push(to);
    this.linkStrength.push(attributes ? attributes.strength : edge.strength);
    this.linkRevenue.push(revenue === null || revenue === undefined ? Number.NaN : revenue);
  }
}

/** Columns from whole chunks, e.g. a test's or a benchmark's rows. */
export async function columnsFromChunks(chunks: AsyncIterable<GraphChunk> | Iterable<GraphChunk>): Promise<GraphColumns> {
  const builder = new GraphColumnsBuilder();
  for await (const chunk of chunks) builder.add(chunk);
  return builder.finish();
}
