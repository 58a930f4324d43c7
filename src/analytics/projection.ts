/**
 * The influence projection: the account graph held in memory for analytics, the way
 * Neo4j Graph Data Science projects a graph before running algorithms. It is loaded in
 * bulk from typed columns (graph-columns.ts; or from chunks of rows through the
 * same columns) and then patched write by write (applyGraphPatch) instead of rebuilt.
 *
 * Representation: typed tables — accounts (account-table.ts), stored links
 * (link-table.ts), memberships (membership-table.ts) — from which the CSR views the
 * kernels run on (csr.ts) are built by counting sort and then patched in place
 * (csr-patch.ts). The graphology graph (the graph model for export and graphology-based
 * tools) is built from the tables on first use and kept in step after that
 * (projection-graphology.ts); metrics, Louvain and neighbourhoods never need it.
 *
 * Model decisions (each tested in test/analytics/projection.test.ts):
 * - Nodes are accounts only, keyed by account id.
 * - Direction: an edge A -> B means "A influences / referred B": influence flows from A to B.
 *   Metrics that rank "influential" accounts follow that convention (see metrics/pagerank.ts).
 * - One edge per stored link, keyed by the link id: a REFERRED and an INFLUENCES link
 *   between the same pair are both kept, and either can be removed by id. Kernels see one
 *   arc per ordered pair: the CSR view merges parallel ties (summed strength for flow
 *   metrics, the strongest one for path strength).
 * - Communities are not nodes. A community node would put every member two hops from every
 *   other and make each big church or association the top "influencer" of the network.
 *   Membership lives on the accounts (`communities`, `leaderOf`) and, when
 *   `membershipTies` is on, each community LEADER gets a weak implicit tie (type
 *   MEMBERSHIP, strength `membershipTieStrength`) to every other member of that community,
 *   so a leader counts as a centre of influence without outweighing real referrals.
 *
 * Cost: load O(V + E + Σ_c leaders(c)·members(c)); a patch O(1) per tie it touches plus
 * the CSR patch (O(V + E) block copies when arcs appear or vanish); removing accounts
 * renumbers once per batch, O(V + E).
 */
import { NotFoundError } from "../domain/errors.js";
import type { GraphChunk } from "../domain/graph.js";
import { requireFraction } from "../domain/guards.js";
import { AccountTable } from "./account-table.js";
import { combineTies, CSR_VIEWS, csrFromTies, type Csr, type CsrArrays, type CsrViewName } from "./csr.js";
import { patchCsr } from "./csr-patch.js";
import { columnsFromChunks, LINK_TYPE_CODES, requireValidColumns, type GraphColumns } from "./graph-columns.js";
import { GrowableFloat64, GrowableInt32 } from "./kernels/growable-arrays.js";
import { LinkTable } from "./link-table.js";
import { MembershipTable, type CommunityRoster, type TiePair } from "./membership-table.js";
import { GraphMirror, materializeGraph, type InfluenceGraph } from "./projection-graphology.js";
import { requireMembershipRole } from "./projection-records.js";
import type { GraphEdge, GraphNode } from "../domain/graph.js";
import type { Membership } from "../domain/model.js";

export type { AccountNodeAttributes, InfluenceEdgeAttributes, TieType } from "./projection-records.js";
export { TIE_TYPES } from "./projection-records.js";
export type { InfluenceGraph } from "./projection-graphology.js";
export { membershipTieKey } from "./projection-graphology.js";
export type { CommunityRoster } from "./membership-table.js";

export interface ProjectionOptions {
  /** Give each community leader an implicit MEMBERSHIP tie to every other member. */
  membershipTies: boolean;
  /** Strength of that tie: weaker than a typical INFLUENCES link, on purpose. */
  membershipTieStrength: number;
}

export const DEFAULTS: Readonly<ProjectionOptions> = Object.freeze({
  membershipTies: true,
  membershipTieStrength: 0.3,
});

/** One incremental change, mirroring one store write. */
export type GraphPatch =
  | { op: "UPSERT_NODE"; node: GraphNode }
  | { op: "REMOVE_NODE"; id: string }
  | { op: "ADD_EDGE"; edge: GraphEdge }
  | { op: "REMOVE_EDGE"; id: string }
  | { op: "ADD_MEMBERSHIP"; membership: Membership }
  | { op: "REMOVE_MEMBERSHIP"; accountId: string; communityId: string };

/** Pair key of (s, t) for up to 2^26 accounts, exact in a double. */
const PAIR_BASE = 2 ** 26;

/** A CSR view and the pairs whose arcs changed since it was brought up to date. */
interface ViewState {
  csr: CsrArrays;
  pending: number[];
  rebuild: boolean;
}

export class Projection {
  readonly options: Readonly<ProjectionOptions>;
  readonly accounts: AccountTable;
  readonly links: LinkTable;
  readonly memberships: MembershipTable;
  /** Bumped by every applied patch. */
  revision = 0;
  /** Bumped whenever account indices are renumbered (accounts removed): vectors of an older epoch need remapping. */
  epoch = 0;
  private readonly views = new Map<CsrViewName, ViewState>();
  private mirror: GraphMirror | null = null;

  constructor(columns: GraphColumns, options: Readonly<ProjectionOptions>) {
    this.options = options;
    this.accounts = new AccountTable(columns.accounts);
    this.links = new LinkTable(columns.links);
    this.memberships = new MembershipTable(columns.memberships, columns.accounts.ids.length);
  }

  /** Who is in each community, by account id (a copy built per call, for inspection). */
  get rosters(): ReadonlyMap<string, CommunityRoster> {
    return this.memberships.rosters((index) => this.accounts.idAt(index));
  }

  /** Accounts in the projection. */
  get order(): number {
    return this.accounts.count;
  }

  /** Edges of the graph model: stored links plus implicit MEMBERSHIP ties (graphology's size). */
  get edgeCount(): number {
    return this.links.count + (this.options.membershipTies ? this.memberships.tieTotal : 0);
  }

  /** The graphology graph of the projection, built on first use and patched from then on. */
  get graph(): InfluenceGraph {
    this.mirror ??= new GraphMirror(materializeGraph(this.tables()), this.tables());
    return this.mirror.graph;
  }

  /** True once the graphology graph exists (tests, memory accounting). */
  get hasGraph(): boolean {
    return this.mirror !== null;
  }

  /** The named CSR view at the current revision: built once, then patched. */
  csr(view: CsrViewName = "INFLUENCE"): Csr {
    let state = this.views.get(view);
    const ids = this.accounts.idsView();
    if (!state || state.rebuild || state.pending.length > state.csr.size / 8 + 64) {
      state = { csr: this.buildView(view, ids), pending: [], rebuild: false };
      this.views.set(view, state);
    } else if (state.pending.length > 0 || state.csr.order !== ids.length) {
      state.csr = patchCsr(state.csr, ids, this.changedArcs(view, state.pending));
      state.pending = [];
    }
    return state.csr;
  }

  /**
   * Builds the indexes writes need (account id and link id lookups, links per account) now
   * instead of on the first write: ~0.5 s at 200k accounts / 1M links, better spent
   * while nothing waits than on the write that makes a new link visible.
   */
  prepareForWrites(): void {
    void this.accounts.indexOf;
    this.links.slotOf("");
    this.links.forEachOut(0, () => {});
  }

  /** Applies one store write to the tables, the CSR views' change lists and the graphology mirror. */
  apply(patch: GraphPatch): void {
    switch (patch.op) {
      case "UPSERT_NODE": {
        const { index } = this.accounts.upsert(patch.node);
        this.mirror?.upsertAccount(index);
        break;
      }
      case "REMOVE_NODE":
        this.removeAccount(patch.id);
        break;
      case "ADD_EDGE": {
        const write = this.links.upsert(patch.edge, this.accounts.indexOf);
        this.linkChanged(write.from, write.to);
        this.mirror?.upsertLink(write.slot);
        break;
      }
      case "REMOVE_EDGE": {
        const { from, to } = this.links.remove(patch.id);
        this.linkChanged(from, to);
        this.mirror?.removeLink(patch.id);
        break;
      }
      case "ADD_MEMBERSHIP": {
        const { accountId, communityId } = patch.membership;
        const role = requireMembershipRole(patch.membership);
        const account = this.accounts.indexOf.get(accountId);
        if (account === undefined) throw new NotFoundError("Account", accountId, "membership.accountId");
        this.membershipChanged(account, this.memberships.add(account, communityId, role === "LEADER"));
        break;
      }
      case "REMOVE_MEMBERSHIP": {
        const account = this.accounts.indexOf.get(patch.accountId);
        if (account === undefined) throw new NotFoundError("Membership", `${patch.accountId}:${patch.communityId}`);
        this.membershipChanged(account, this.memberships.remove(account, patch.communityId, patch.accountId));
        break;
      }
    }
    this.revision++;
  }

  /** Renumbers accounts once after a batch that removed some. */
  settle(): void {
    const remap = this.accounts.compactRemoved();
    if (!remap) return;
    this.links.renumber(remap);
    this.memberships.renumber(remap, this.accounts.count);
    this.epoch++;
    for (const state of this.views.values()) {
      state.rebuild = true;
      state.pending = [];
    }
  }

  private tables() {
    return {
      accounts: this.accounts,
      links: this.links,
      memberships: this.memberships,
      membershipTies: this.options.membershipTies,
      membershipTieStrength: this.options.membershipTieStrength,
    };
  }

  private removeAccount(id: string): void {
    const index = this.accounts.indexOf.get(id);
    if (index === undefined) {
      this.accounts.remove(id); // throws NOT_FOUND
      return;
    }
    this.mirror?.syncMembership(index, this.memberships.removeAccount(index));
    const slots: number[] = [];
    this.links.forEachOut(index, (slot) => slots.push(slot));
    this.links.forEachIn(index, (slot) => slots.push(slot));
    for (const slot of slots) this.links.removeSlot(slot);
    this.accounts.remove(id);
    this.mirror?.removeAccount(id);
    for (const state of this.views.values()) state.rebuild = true;
  }

  private linkChanged(from: number, to: number): void {
    const key = from * PAIR_BASE + to;
    for (const state of this.views.values()) state.pending.push(key);
  }

  private membershipChanged(account: number, pairs: readonly TiePair[]): void {
    this.mirror?.syncMembership(account, pairs);
    if (!this.options.membershipTies) return;
    for (const [view, state] of this.views) {
      if (!CSR_VIEWS[view].types.includes("MEMBERSHIP")) continue;
      for (const [leader, member] of pairs) state.pending.push(leader * PAIR_BASE + member);
    }
  }

  /** Every raw tie of the view, from the tables. */
  private buildView(view: CsrViewName, ids: readonly string[]): CsrArrays {
    const { types, merge } = CSR_VIEWS[view];
    const { links, memberships, accounts } = this;
    const linkTypes = LINK_TYPE_CODES.map((type) => types.includes(type));
    const withTies = this.options.membershipTies && types.includes("MEMBERSHIP");
    const from = new GrowableInt32(links.slots + 1024);
    const to = new GrowableInt32(links.slots + 1024);
    const weight = new GrowableFloat64(links.slots + 1024);
    for (let slot = 0; slot < links.slots; slot++) {
      if (!links.isLive(slot) || !linkTypes[links.type[slot]!]) continue;
      from.push(links.from[slot]!);
      to.push(links.to[slot]!);
      weight.push(links.strength[slot]!);
    }
    if (withTies) {
      const strength = this.options.membershipTieStrength;
      memberships.forEachTie((leader, member) => {
        from.push(leader);
        to.push(member);
        weight.push(strength);
      });
    }
    return csrFromTies(ids, accounts, { count: from.length, from: from.view(), to: to.view(), weight: weight.view() }, merge);
  }

  /** The merged weight of each pending pair now (NaN: no tie left), sorted and without repeats. */
  private changedArcs(view: CsrViewName, pending: number[]) {
    const keys = Float64Array.from(pending).sort();
    let count = 0;
    for (let k = 0; k < keys.length; k++) if (k === 0 || keys[k] !== keys[k - 1]) keys[count++] = keys[k]!;
    const from = new Int32Array(count);
    const to = new Int32Array(count);
    const weight = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      const s = Math.floor(keys[k]! / PAIR_BASE);
      const t = keys[k]! - s * PAIR_BASE;
      from[k] = s;
      to[k] = t;
      weight[k] = this.arcWeight(view, s, t);
    }
    return { count, from, to, weight };
  }

  /** Merged weight of the arc s -> t in the view, from the tables; NaN when no tie joins them. */
  private arcWeight(view: CsrViewName, s: number, t: number): number {
    const { types, merge } = CSR_VIEWS[view];
    const { links } = this;
    const ties: number[] = [];
    links.forEachOut(s, (slot) => {
      if (links.to[slot] === t && types.includes(LINK_TYPE_CODES[links.type[slot]!]!)) ties.push(links.strength[slot]!);
    });
    if (this.options.membershipTies && types.includes("MEMBERSHIP")) {
      const count = this.memberships.tieCount(s, t);
      for (let k = 0; k < count; k++) ties.push(this.options.membershipTieStrength);
    }
    if (ties.length === 0) return Number.NaN;
    return ties.length === 1 ? ties[0]! : combineTies(Float64Array.from(ties), merge === "MAX");
  }
}

export function createEmptyProjection(options: Partial<ProjectionOptions> = {}): Projection {
  return projectionFromColumns(EMPTY_COLUMNS(), options);
}

/**
 * The projection of ready-made columns (checked by requireValidColumns). The typed arrays
 * are adopted, not copied: the caller must not change them afterwards.
 */
export function projectionFromColumns(columns: GraphColumns, options: Partial<ProjectionOptions> = {}, checked = false): Projection {
  const resolved = { ...DEFAULTS, ...options };
  requireFraction(resolved.membershipTieStrength, "options.membershipTieStrength");
  if (!checked) requireValidColumns(columns);
  return new Projection(columns, Object.freeze(resolved));
}

/**
 * Builds the projection from chunks of rows (tests, benchmarks) (GraphColumnsBuilder: rows checked
 * and held back until their accounts arrive; an account that never arrives is NOT_FOUND).
 */
export async function buildProjection(
  chunks: AsyncIterable<GraphChunk> | Iterable<GraphChunk>,
  options: Partial<ProjectionOptions> = {},
): Promise<Projection> {
  return projectionFromColumns(await columnsFromChunks(chunks), options, true);
}

/**
 * Applies one write (or several, in order) to the projection in place, bumping its
 * revision once per patch. A patch that fails (NOT_FOUND, CONFLICT, BAD_USER_INPUT)
 * leaves the patches before it applied: the caller should rebuild from the store then.
 * ADD_EDGE of an existing link id and ADD_MEMBERSHIP of an existing member update them.
 */
export function applyGraphPatch(projection: Projection, patch: GraphPatch | readonly GraphPatch[]): Projection {
  const patches: readonly GraphPatch[] = Array.isArray(patch) ? patch : [patch as GraphPatch];
  try {
    for (const one of patches) projection.apply(one);
  } finally {
    projection.settle();
  }
  return projection;
}

function EMPTY_COLUMNS(): GraphColumns {
  return {
    accounts: {
      ids: [],
      names: [],
      status: new Uint8Array(0),
      segment: new Uint8Array(0),
      annualRevenue: new Float64Array(0),
      licencesHeld: new Float64Array(0),
      licencesPlanned: new Float64Array(0),
      licencePrice: new Float64Array(0),
      owner: new Int32Array(0),
      owners: [],
    },
    links: {
      ids: [],
      type: new Uint8Array(0),
      from: new Int32Array(0),
      to: new Int32Array(0),
      strength: new Float64Array(0),
      revenue: new Float64Array(0),
    },
    memberships: { account: new Int32Array(0), community: new Int32Array(0), role: new Uint8Array(0), communities: [] },
  };
}
