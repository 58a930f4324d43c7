/**
 * What if we lose them: revenue directly at risk, revenue at risk in the network through
 * churn contagion, and the communities the account holds together.
 *
 * Churn contagion model (documented assumption, not a fitted law): an Independent
 * Cascade started at the lost account over influence links, where each link passes the
 * departure on with probability p(u, v) x contagionScale (default 0.5: a departure
 * persuades half as readily as an enthusiastic referral — negative word of mouth is
 * strong but acting on it, switching supplier, is costly). Each account that would follow
 * puts its annual revenue at risk (customers) or its potential (prospects). Estimated on R
 * seeded live-edge worlds (cascade.ts): mean and standard error.
 *
 * Keystone: for each community the account belongs to, the members' influence links
 * (either direction) are split into connected pieces with and without the account; a
 * community that falls into more pieces without it is one it would split. The same is
 * reported for its whole connected part of the network.
 * Cost: O(R x links explored) for the contagion, O(V + E) for the split analysis.
 */
import { NotFoundError } from "../domain/errors.js";
import { requireFraction, requireNonNegativeInt, requirePositiveInt } from "../domain/guards.js";
import { NODE_STATUS, type InfluenceNetwork } from "./inputs.js";
import { indexNodes, reverseNetwork, type ReverseCsr } from "./influence-network.js";
import { LiveEdgeWorlds, meanAndStandardError } from "./cascade.js";
import { compareText } from "./percentile.js";
import { component, formatAmount, formatPercent, type Explained } from "./explained.js";

export const LOSS_DEFAULTS = {
  contagionScale: 0.5,
  simulations: 2000,
  seed: 1,
  topExposed: 10,
};

export interface ExposedAccount {
  accountId: string;
  /** Share of simulations in which it followed the lost account out. */
  churnProbability: number;
  expectedLoss: number;
}

export interface CommunitySplit {
  communityId: string;
  members: number;
  piecesBefore: number;
  piecesAfter: number;
  /** Members cut off from the largest remaining piece. */
  strandedMembers: number;
}

export interface LossSimulation extends Explained {
  accountId: string;
  directRevenueAtRisk: number;
  networkRevenueAtRisk: number;
  networkRevenueStandardError: number;
  prospectPotentialAtRisk: number;
  totalRevenueAtRisk: number;
  exposedAccounts: ExposedAccount[];
  keystone: boolean;
  splitCommunities: CommunitySplit[];
  /** Pieces its connected part of the network falls into without it (1 = no split). */
  networkPiecesAfter: number;
  simulations: number;
  seed: number;
  contagionScale: number;
}

export interface LossQuery {
  accountId: string;
  simulations?: number;
  seed?: number;
  contagionScale?: number;
  networkIndex?: ReadonlyMap<string, number>;
}

export function simulateLoss(network: InfluenceNetwork, query: LossQuery): LossSimulation {
  const simulations = requirePositiveInt(query.simulations ?? LOSS_DEFAULTS.simulations, "simulations", 100_000);
  const seed = requireNonNegativeInt(query.seed ?? LOSS_DEFAULTS.seed, "seed", 2 ** 31 - 1);
  const contagionScale = requireFraction(query.contagionScale ?? LOSS_DEFAULTS.contagionScale, "contagionScale");
  const index = query.networkIndex ?? indexNodes(network);
  const lost = index.get(query.accountId);
  if (lost === undefined) throw new NotFoundError("Account", query.accountId, "accountId");
  const n = network.ids.length;

  // Weight = revenue of customers; the lost account itself counts 0 here (it is the direct loss).
  const revenueWeights = new Float64Array(n);
  const prospectWeights = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    if (v === lost) continue;
    if (network.status[v] === NODE_STATUS.CUSTOMER) revenueWeights[v] = network.revenue[v]!;
    else if (network.status[v] === NODE_STATUS.PROSPECT) prospectWeights[v] = network.potential[v]!;
  }
  const worlds = new LiveEdgeWorlds(network, revenueWeights, simulations, seed, contagionScale);
  worlds.addSeed(lost);
  const contagion = meanAndStandardError(worlds.worldSpread);
  const followCounts = new Int32Array(n);
  for (let w = 0; w < simulations; w++) {
    worlds.forEachActive(w, (v) => {
      if (v !== lost) followCounts[v]!++;
    });
  }
  let prospectPotentialAtRisk = 0;
  const exposed: ExposedAccount[] = [];
  for (let v = 0; v < n; v++) {
    if (followCounts[v] === 0) continue;
    const probability = followCounts[v]! / simulations;
    prospectPotentialAtRisk += probability * prospectWeights[v]!;
    if (revenueWeights[v]! > 0) {
      exposed.push({ accountId: network.ids[v]!, churnProbability: probability, expectedLoss: probability * revenueWeights[v]! });
    }
  }
  exposed.sort((a, b) => b.expectedLoss - a.expectedLoss || compareText(a.accountId, b.accountId));

  const direct = network.status[lost] === NODE_STATUS.CUSTOMER ? network.revenue[lost]! : 0;
  const reverse = reverseNetwork(network);
  const splitCommunities = findSplitCommunities(network, reverse, lost);
  const networkPiecesAfter = countPiecesAround(network, reverse, lost);
  const total = direct + contagion.mean;

  return {
    value: total,
    accountId: query.accountId,
    directRevenueAtRisk: direct,
    networkRevenueAtRisk: contagion.mean,
    networkRevenueStandardError: contagion.standardError,
    prospectPotentialAtRisk,
    totalRevenueAtRisk: total,
    exposedAccounts: exposed.slice(0, LOSS_DEFAULTS.topExposed),
    keystone: splitCommunities.length > 0 || networkPiecesAfter > 1,
    splitCommunities,
    networkPiecesAfter,
    simulations,
    seed,
    contagionScale,
    components: [
      component("directRevenueAtRisk", direct, "CURRENCY", `Its own annual revenue: ${formatAmount(direct)}.`),
      component(
        "networkRevenueAtRisk",
        contagion.mean,
        "CURRENCY",
        `Customers it influences may follow (contagion at ${formatPercent(contagionScale)} of influence strength): ${formatAmount(contagion.mean)} expected (± ${formatAmount(contagion.standardError)}).`,
      ),
      component(
        "prospectPotentialAtRisk",
        prospectPotentialAtRisk,
        "CURRENCY",
        `Prospects who may turn away: ${formatAmount(prospectPotentialAtRisk)} of potential.`,
      ),
      component(
        "communitiesSplit",
        splitCommunities.length,
        "COUNT",
        splitCommunities.length > 0
          ? `Keystone: ${splitCommunities.length} communit${splitCommunities.length === 1 ? "y" : "ies"} would fall apart without it.`
          : "No community depends on it to stay connected.",
      ),
    ],
  };
}

/** Communities containing `lost` whose members' links split into more pieces without it. */
function findSplitCommunities(network: InfluenceNetwork, reverse: ReverseCsr, lost: number): CommunitySplit[] {
  const communities = network.communities;
  if (!communities) return [];
  const splits: CommunitySplit[] = [];
  for (let c = 0; c < communities.ids.length; c++) {
    const members = communities.members.subarray(communities.offsets[c]!, communities.offsets[c + 1]!);
    if (!members.includes(lost)) continue;
    const inside = new Set(members);
    const before = countPieces(network, reverse, inside, -1);
    const after = countPieces(network, reverse, inside, lost);
    if (after.pieces > before.pieces) {
      splits.push({
        communityId: communities.ids[c]!,
        members: inside.size,
        piecesBefore: before.pieces,
        piecesAfter: after.pieces,
        strandedMembers: inside.size - 1 - after.largest,
      });
    }
  }
  return splits.sort((a, b) => b.strandedMembers - a.strandedMembers || compareText(a.communityId, b.communityId));
}

function forEachNeighbour(network: InfluenceNetwork, reverse: ReverseCsr, u: number, visit: (v: number) => void): void {
  for (let e = network.offsets[u]!; e < network.offsets[u + 1]!; e++) visit(network.targets[e]!);
  for (let i = reverse.offsets[u]!; i < reverse.offsets[u + 1]!; i++) visit(reverse.sources[i]!);
}

/** Connected pieces (links in either direction) among `inside`, ignoring `removed`. */
function countPieces(network: InfluenceNetwork, reverse: ReverseCsr, inside: ReadonlySet<number>, removed: number) {
  const seen = new Set<number>();
  let pieces = 0;
  let largest = 0;
  for (const start of inside) {
    if (start === removed || seen.has(start)) continue;
    pieces++;
    let size = 0;
    const stack = [start];
    seen.add(start);
    while (stack.length > 0) {
      const u = stack.pop()!;
      size++;
      forEachNeighbour(network, reverse, u, (v) => {
        if (v !== removed && inside.has(v) && !seen.has(v)) {
          seen.add(v);
          stack.push(v);
        }
      });
    }
    largest = Math.max(largest, size);
  }
  return { pieces, largest };
}

/** Pieces that the neighbours of `lost` fall into once it is gone (whole network). */
function countPiecesAround(network: InfluenceNetwork, reverse: ReverseCsr, lost: number): number {
  const piece = new Int32Array(network.ids.length).fill(-1);
  piece[lost] = -2;
  let pieces = 0;
  const neighbours: number[] = [];
  forEachNeighbour(network, reverse, lost, (v) => neighbours.push(v));
  for (const start of neighbours) {
    if (piece[start] !== -1) continue;
    const stack = [start];
    piece[start] = pieces;
    while (stack.length > 0) {
      const u = stack.pop()!;
      forEachNeighbour(network, reverse, u, (v) => {
        if (piece[v] === -1) {
          piece[v] = pieces;
          stack.push(v);
        }
      });
    }
    pieces++;
  }
  return Math.max(1, pieces);
}
