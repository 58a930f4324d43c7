/**
 * The projection's accounts as columns: interned ids (index = CSR node number), names,
 * and one typed array per attribute the analytics read (revenue, status, segment, owner,
 * licences). Adopts the typed arrays of GraphColumns as they are (no copy) and grows by
 * doubling when accounts are added.
 *
 * `ids` is copy-on-write: a CSR and the snapshots computed on it keep the array of their
 * revision, so the table hands out a fresh copy only after an account was added or removed.
 *
 * Removing accounts compacts the columns (compactRemoved(), once per batch of writes):
 * indices stay dense, so every metric vector stays aligned with `ids`; the caller
 * renumbers what refers to accounts by index.
 */
import { NotFoundError } from "../domain/errors.js";
import type { GraphNode } from "../domain/graph.js";
import { ACCOUNT_STATUSES, SEGMENTS } from "../domain/model.js";
import type { AccountColumns } from "./graph-columns.js";
import { Dictionary, withCapacity } from "./kernels/growable-arrays.js";
import { toNodeAttributes, type AccountNodeAttributes } from "./projection-records.js";

export class AccountTable {
  private ids: string[];
  private shared: readonly string[] | null = null;
  /** Rows removed since the last compaction (1 = removed). */
  private removed: Uint8Array | null = null;
  private index: Map<string, number> | null = null;
  names: string[];
  status: Uint8Array;
  segment: Uint8Array;
  annualRevenue: Float64Array;
  licencesHeld: Float64Array;
  licencesPlanned: Float64Array;
  licencePrice: Float64Array;
  owner: Int32Array;
  readonly owners: Dictionary;

  constructor(columns: AccountColumns) {
    this.ids = columns.ids.slice();
    this.names = columns.names.slice();
    this.status = columns.status;
    this.segment = columns.segment;
    this.annualRevenue = columns.annualRevenue;
    this.licencesHeld = columns.licencesHeld;
    this.licencesPlanned = columns.licencesPlanned;
    this.licencePrice = columns.licencePrice;
    this.owner = columns.owner;
    this.owners = new Dictionary(columns.owners);
  }

  /**
   * Account id -> index. Built on first use (a Map of 200k strings costs ~0.1 s), so a
   * bulk load reaches its first CSR without it: only writes and id lookups need it.
   */
  get indexOf(): Map<string, number> {
    if (!this.index) {
      const index = new Map<string, number>();
      for (let i = 0; i < this.ids.length; i++) if (!this.isRemoved(i)) index.set(this.ids[i]!, i);
      this.index = index;
    }
    return this.index;
  }

  get count(): number {
    return this.ids.length;
  }

  /** The ids in index order, as an array no later change will touch. */
  idsView(): readonly string[] {
    this.shared ??= this.ids.slice();
    return this.shared;
  }

  idAt(index: number): string {
    return this.ids[index]!;
  }

  /** Adds or updates an account from a store row; returns its index and whether it is new. */
  upsert(node: GraphNode): { index: number; added: boolean } {
    const attributes = toNodeAttributes(node);
    let index = this.indexOf.get(node.id);
    const added = index === undefined;
    if (index === undefined) {
      index = this.ids.length;
      this.reserve(index + 1);
      this.ids.push(node.id);
      this.names.push(attributes.name);
      this.indexOf.set(node.id, index);
      this.shared = null;
    }
    this.names[index] = attributes.name;
    this.status[index] = ACCOUNT_STATUSES.indexOf(attributes.status);
    this.segment[index] = SEGMENTS.indexOf(attributes.segment);
    this.annualRevenue[index] = attributes.annualRevenue;
    this.licencesHeld[index] = attributes.licencesHeld;
    this.licencesPlanned[index] = attributes.licencesPlanned;
    this.licencePrice[index] = attributes.licencePrice;
    this.owner[index] = attributes.ownerId === null ? -1 : this.owners.indexOf(attributes.ownerId);
    return { index, added };
  }

  /** The account's attributes in the graphology node shape (community roles left empty). */
  attributesOf(index: number): AccountNodeAttributes {
    const owner = this.owner[index]!;
    return {
      name: this.names[index]!,
      status: ACCOUNT_STATUSES[this.status[index]!]!,
      segment: SEGMENTS[this.segment[index]!]!,
      annualRevenue: this.annualRevenue[index]!,
      ownerId: owner === -1 ? null : this.owners.values[owner]!,
      licencesHeld: this.licencesHeld[index]!,
      licencesPlanned: this.licencesPlanned[index]!,
      licencePrice: this.licencePrice[index]!,
      communities: [],
      leaderOf: [],
    };
  }

  /**
   * Takes the account out of `indexOf` at once (later lookups fail, the id may be added
   * again) but keeps its row until compactRemoved(), so one batch of writes renumbers once.
   */
  remove(id: string): number {
    const index = this.indexOf.get(id);
    if (index === undefined) throw new NotFoundError("Account", id);
    this.indexOf.delete(id);
    if (!this.removed || this.removed.length <= index) this.removed = withCapacity(this.removed ?? new Uint8Array(0), this.ids.length);
    this.removed[index] = 1;
    return index;
  }

  /** True when the row at `index` was removed and awaits compaction. */
  isRemoved(index: number): boolean {
    return this.removed !== null && this.removed[index] === 1;
  }

  /**
   * Drops the removed rows, keeping the others in order. Returns the old -> new index map
   * (−1 for a dropped row), or null when nothing was removed. O(V).
   */
  compactRemoved(): Int32Array | null {
    const removed = this.removed;
    if (!removed) return null;
    this.removed = null;
    const n = this.ids.length;
    const remap = new Int32Array(n);
    const columns = [this.status, this.segment, this.annualRevenue, this.licencesHeld, this.licencesPlanned, this.licencePrice, this.owner];
    let kept = 0;
    for (let i = 0; i < n; i++) {
      if (i < removed.length && removed[i]) {
        remap[i] = -1;
        continue;
      }
      remap[i] = kept;
      if (kept !== i) {
        this.ids[kept] = this.ids[i]!;
        this.names[kept] = this.names[i]!;
        for (const column of columns) column[kept] = column[i]!;
        this.index?.set(this.ids[kept]!, kept);
      }
      kept++;
    }
    this.ids.length = kept;
    this.names.length = kept;
    this.shared = null;
    return remap;
  }

  private reserve(count: number): void {
    if (count <= this.status.length) return;
    const capacity = Math.max(count, Math.ceil(this.status.length * 1.5), 16);
    this.status = withCapacity(this.status, capacity);
    this.segment = withCapacity(this.segment, capacity);
    this.annualRevenue = withCapacity(this.annualRevenue, capacity);
    this.licencesHeld = withCapacity(this.licencesHeld, capacity);
    this.licencesPlanned = withCapacity(this.licencesPlanned, capacity);
    this.licencePrice = withCapacity(this.licencePrice, capacity);
    this.owner = withCapacity(this.owner, capacity);
  }
}
