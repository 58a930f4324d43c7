/**
 * The projection's stored links (REFERRED, INFLUENCES) as columns over slots: endpoints
 * by account index, type code, strength, revenue. Adopts the typed arrays of GraphColumns
 * (no copy); a removed link frees its slot for the next one added.
 *
 * Two indexes are built on first use only, so a fresh load reaches its first CSR without
 * paying for them: `slotOf` (link id -> slot; what ADD_EDGE / REMOVE_EDGE look up) and the
 * per-account link lists (firstOut/nextOut, firstIn/nextIn: singly linked through the
 * slots), which give the links between one pair in O(out-degree) for a CSR patch, and an
 * account's links for neighbourhoods, referral paths and account removal.
 *
 * Cost: 25 bytes per slot; the lists add 8 bytes per slot and 8 per account, `slotOf` one
 * Map entry per link.
 */
import { ConflictError, NotFoundError } from "../domain/errors.js";
import type { GraphEdge } from "../domain/graph.js";
import { LINK_TYPES } from "../domain/model.js";
import type { LinkColumns } from "./graph-columns.js";
import { withCapacity } from "./kernels/growable-arrays.js";
import { toEdgeAttributes } from "./projection-records.js";

/** Slot of an absent link, end of a list. */
export const NONE = -1;

export interface LinkWrite {
  slot: number;
  from: number;
  to: number;
  /** True when the link is new, false when an existing one was updated. */
  added: boolean;
}

export class LinkTable {
  /** Link id per slot; "" for a free slot. */
  ids: string[];
  type: Uint8Array;
  from: Int32Array;
  to: Int32Array;
  strength: Float64Array;
  revenue: Float64Array;
  /** Slots in use (high-water mark); free slots below it are listed in `free`. */
  slots: number;
  private readonly free: number[] = [];
  private slotIndex: Map<string, number> | null = null;
  private lists: { firstOut: Int32Array; nextOut: Int32Array; firstIn: Int32Array; nextIn: Int32Array } | null = null;

  constructor(columns: LinkColumns) {
    this.ids = columns.ids.slice();
    this.type = columns.type;
    this.from = columns.from;
    this.to = columns.to;
    this.strength = columns.strength;
    this.revenue = columns.revenue;
    this.slots = columns.ids.length;
  }

  /** Links currently held. */
  get count(): number {
    return this.slots - this.free.length;
  }

  isLive(slot: number): boolean {
    return this.from[slot]! !== NONE;
  }

  slotOf(id: string): number | undefined {
    if (!this.slotIndex) {
      const index = new Map<string, number>();
      for (let slot = 0; slot < this.slots; slot++) if (this.from[slot] !== NONE) index.set(this.ids[slot]!, slot);
      this.slotIndex = index;
    }
    return this.slotIndex.get(id);
  }

  /**
   * Adds a stored link; re-adding the same id between the same accounts updates it, the
   * same id between other accounts is a CONFLICT. `indexOf` resolves account ids.
   */
  upsert(edge: GraphEdge, indexOf: ReadonlyMap<string, number>): LinkWrite {
    const attributes = toEdgeAttributes(edge);
    const from = indexOf.get(edge.fromId);
    if (from === undefined) throw new NotFoundError("Account", edge.fromId, `edges[${edge.id}].fromId`);
    const to = indexOf.get(edge.toId);
    if (to === undefined) throw new NotFoundError("Account", edge.toId, `edges[${edge.id}].toId`);
    let slot = this.slotOf(edge.id);
    const added = slot === undefined;
    if (slot !== undefined) {
      if (this.from[slot] !== from || this.to[slot] !== to) {
        throw new ConflictError(`link ${edge.id} already joins other accounts`, `edges[${edge.id}].id`);
      }
    } else {
      slot = this.free.pop() ?? this.grow();
      this.ids[slot] = edge.id;
      this.from[slot] = from;
      this.to[slot] = to;
      this.slotIndex!.set(edge.id, slot);
      this.link(slot);
    }
    this.type[slot] = LINK_TYPES.indexOf(attributes.type as (typeof LINK_TYPES)[number]);
    this.strength[slot] = attributes.strength;
    this.revenue[slot] = attributes.revenue === null ? Number.NaN : attributes.revenue;
    return { slot, from, to, added };
  }

  /** Removes the link with this id; returns its endpoints. */
  remove(id: string): { from: number; to: number } {
    const slot = this.slotOf(id);
    if (slot === undefined) throw new NotFoundError("Link", id);
    return this.removeSlot(slot);
  }

  removeSlot(slot: number): { from: number; to: number } {
    const ends = { from: this.from[slot]!, to: this.to[slot]! };
    this.unlink(slot);
    this.slotIndex?.delete(this.ids[slot]!);
    this.ids[slot] = "";
    this.from[slot] = NONE;
    this.to[slot] = NONE;
    this.free.push(slot);
    return ends;
  }

  /** Calls `visit(slot)` for each link leaving `account`. */
  forEachOut(account: number, visit: (slot: number) => void): void {
    const { firstOut, nextOut } = this.requireLists();
    if (account >= firstOut.length) return;
    for (let slot = firstOut[account]!; slot !== NONE; slot = nextOut[slot]!) visit(slot);
  }

  /** Calls `visit(slot)` for each link reaching `account`. */
  forEachIn(account: number, visit: (slot: number) => void): void {
    const { firstIn, nextIn } = this.requireLists();
    if (account >= firstIn.length) return;
    for (let slot = firstIn[account]!; slot !== NONE; slot = nextIn[slot]!) visit(slot);
  }

  /** Renumbers endpoints after accounts were compacted (remap: old -> new index, −1 dropped). */
  renumber(remap: Int32Array): void {
    for (let slot = 0; slot < this.slots; slot++) {
      if (this.from[slot] === NONE) continue;
      this.from[slot] = remap[this.from[slot]!]!;
      this.to[slot] = remap[this.to[slot]!]!;
    }
    this.lists = null; // rebuilt on next use, sized for the new account count
  }

  private grow(): number {
    const slot = this.slots++;
    if (slot >= this.from.length) {
      const capacity = Math.max(16, Math.ceil(this.from.length * 1.5));
      this.type = withCapacity(this.type, capacity);
      this.from = withCapacity(this.from, capacity);
      this.to = withCapacity(this.to, capacity);
      this.strength = withCapacity(this.strength, capacity);
      this.revenue = withCapacity(this.revenue, capacity);
      if (this.lists) {
        this.lists.nextOut = withCapacity(this.lists.nextOut, capacity);
        this.lists.nextIn = withCapacity(this.lists.nextIn, capacity);
      }
    }
    return slot;
  }

  private requireLists() {
    if (!this.lists) {
      let accounts = 0;
      for (let slot = 0; slot < this.slots; slot++) accounts = Math.max(accounts, this.from[slot]! + 1, this.to[slot]! + 1);
      const firstOut = new Int32Array(Math.max(16, accounts)).fill(NONE);
      const firstIn = new Int32Array(Math.max(16, accounts)).fill(NONE);
      const nextOut = new Int32Array(this.from.length).fill(NONE);
      const nextIn = new Int32Array(this.from.length).fill(NONE);
      this.lists = { firstOut, nextOut, firstIn, nextIn };
      // Back to front, so each list comes out in slot order.
      for (let slot = this.slots - 1; slot >= 0; slot--) if (this.from[slot] !== NONE) this.link(slot);
    }
    return this.lists;
  }

  private link(slot: number): void {
    const lists = this.lists;
    if (!lists) return;
    const from = this.from[slot]!;
    const to = this.to[slot]!;
    const size = Math.max(from, to) + 1;
    if (size > lists.firstOut.length) {
      const capacity = Math.max(size, Math.ceil(lists.firstOut.length * 1.5));
      lists.firstOut = withCapacity(lists.firstOut, capacity).fill(NONE, lists.firstOut.length);
      lists.firstIn = withCapacity(lists.firstIn, capacity).fill(NONE, lists.firstIn.length);
    }
    lists.nextOut[slot] = lists.firstOut[from]!;
    lists.firstOut[from] = slot;
    lists.nextIn[slot] = lists.firstIn[to]!;
    lists.firstIn[to] = slot;
  }

  private unlink(slot: number): void {
    const lists = this.lists;
    if (!lists) return;
    lists.firstOut[this.from[slot]!] = without(lists.firstOut[this.from[slot]!]!, lists.nextOut, slot);
    lists.firstIn[this.to[slot]!] = without(lists.firstIn[this.to[slot]!]!, lists.nextIn, slot);
  }
}

/** The list starting at `head` with `slot` taken out; returns the new head. O(list length). */
function without(head: number, next: Int32Array, slot: number): number {
  if (head === slot) return next[slot]!;
  for (let at = head; at !== NONE; at = next[at]!) {
    if (next[at] === slot) {
      next[at] = next[slot]!;
      break;
    }
  }
  return head;
}
