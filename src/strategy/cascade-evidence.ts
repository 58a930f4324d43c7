/**
 * The activation fit's evidence (strategy/cascade-fit.ts) in columns over the cascade
 * network's nodes, so it crosses to a worker thread as a few typed arrays instead of a
 * hundred thousand objects: on 20,000 accounts (~90,000 ties) copying the records cost
 * ~250 ms of the sending thread, the columns a few milliseconds.
 *
 * Accounts are the network's node indices; a tie or referral with an end outside the network
 * (an account newer than the influence snapshot) is left out until the next snapshot, which
 * follows within seconds. Dates are indices into a small table of distinct dates (a day
 * repeats across ties), so no date is parsed while the columns are built.
 * Cost: O(1) per tie, referral or node added; O(ties + referrals + nodes) to read back.
 */
import { INFLUENCE_KINDS, type InfluenceKind, type IsoDate } from "../domain/model.js";
import {
  calibratedProbabilities,
  fitActivationScale,
  type AccountRecord,
  type ActivationFit,
  type CascadeEdges,
  type ReferralRecord,
  type TieRecord,
} from "./cascade-fit.js";

const STATUSES = ["PROSPECT", "CUSTOMER", "CHURNED"] as const satisfies readonly AccountRecord["status"][];
const NONE = -1;

export interface CascadeEvidence {
  /** Per node: index into STATUSES, or -1 for an account no longer held. */
  status: Int8Array;
  /** Per node: index into `dates` of its customer date, or -1. */
  customerSince: Int32Array;
  ties: { from: Int32Array; to: Int32Array; strength: Float64Array; kind: Int8Array; since: Int32Array };
  referrals: { from: Int32Array; to: Int32Array; date: Int32Array };
  dates: IsoDate[];
}

/** Builds CascadeEvidence over `nodes` network nodes, one record at a time. */
export class CascadeEvidenceBuilder {
  private readonly status: Int8Array;
  private readonly customerSince: Int32Array;
  private readonly dates: IsoDate[] = [];
  private readonly dateIndex = new Map<IsoDate, number>();
  private readonly tieColumns = { from: [] as number[], to: [] as number[], strength: [] as number[], kind: [] as number[], since: [] as number[] };
  private readonly referralColumns = { from: [] as number[], to: [] as number[], date: [] as number[] };

  constructor(nodes: number) {
    this.status = new Int8Array(nodes).fill(NONE);
    this.customerSince = new Int32Array(nodes).fill(NONE);
  }

  account(node: number, record: AccountRecord): void {
    this.status[node] = STATUSES.indexOf(record.status);
    this.customerSince[node] = this.date(record.customerSince);
  }

  tie(from: number, to: number, strength: number, kind: InfluenceKind | null, since: IsoDate | null): void {
    const c = this.tieColumns;
    c.from.push(from);
    c.to.push(to);
    c.strength.push(strength);
    c.kind.push(kind === null ? NONE : INFLUENCE_KINDS.indexOf(kind));
    c.since.push(this.date(since));
  }

  referral(from: number, to: number, date: IsoDate | null): void {
    const c = this.referralColumns;
    c.from.push(from);
    c.to.push(to);
    c.date.push(this.date(date));
  }

  build(): CascadeEvidence {
    const t = this.tieColumns;
    const r = this.referralColumns;
    return {
      status: this.status,
      customerSince: this.customerSince,
      ties: {
        from: Int32Array.from(t.from),
        to: Int32Array.from(t.to),
        strength: Float64Array.from(t.strength),
        kind: Int8Array.from(t.kind),
        since: Int32Array.from(t.since),
      },
      referrals: { from: Int32Array.from(r.from), to: Int32Array.from(r.to), date: Int32Array.from(r.date) },
      dates: this.dates,
    };
  }

  private date(date: IsoDate | null): number {
    if (date === null) return NONE;
    let index = this.dateIndex.get(date);
    if (index === undefined) {
      index = this.dates.length;
      this.dates.push(date);
      this.dateIndex.set(date, index);
    }
    return index;
  }
}

/** The evidence as cascade-fit's records, ids from the network's nodes. */
export function cascadeRecordsOf(
  evidence: CascadeEvidence,
  ids: readonly string[],
): { ties: TieRecord[]; referrals: ReferralRecord[]; accounts: Map<string, AccountRecord> } {
  const dateAt = (index: number) => (index === NONE ? null : evidence.dates[index]!);
  const accounts = new Map<string, AccountRecord>();
  evidence.status.forEach((status, node) => {
    if (status !== NONE) accounts.set(ids[node]!, { status: STATUSES[status]!, customerSince: dateAt(evidence.customerSince[node]!) });
  });
  const t = evidence.ties;
  const ties: TieRecord[] = Array.from(t.from, (from, i) => ({
    fromId: ids[from]!,
    toId: ids[t.to[i]!]!,
    strength: t.strength[i]!,
    kind: t.kind[i] === NONE ? null : INFLUENCE_KINDS[t.kind[i]!]!,
    since: dateAt(t.since[i]!),
  }));
  const r = evidence.referrals;
  const referrals: ReferralRecord[] = Array.from(r.from, (from, i) => ({ fromId: ids[from]!, toId: ids[r.to[i]!]!, date: dateAt(r.date[i]!) }));
  return { ties, referrals, accounts };
}

/** The activation fit on the evidence, and the network's probabilities at the scale it chose (the work pool's task). */
export function fitCascadeEvidence(evidence: CascadeEvidence, network: CascadeEdges): { fit: ActivationFit; probabilities: Float64Array } {
  const fit = fitActivationScale(cascadeRecordsOf(evidence, network.ids));
  // Node pairs as one number (exact below 2^53: ~94 million nodes).
  const n = network.ids.length;
  const t = evidence.ties;
  const kinds = new Map<number, InfluenceKind>();
  for (let i = 0; i < t.from.length; i++) if (t.kind[i] !== NONE) kinds.set(t.from[i]! * n + t.to[i]!, INFLUENCE_KINDS[t.kind[i]!]!);
  return { fit, probabilities: calibratedProbabilities(network, (u, v) => kinds.get(u * n + v), fit) };
}
