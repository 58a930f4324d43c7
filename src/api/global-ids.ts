/**
 * Global object ids (Relay Global Object Identification,
 * https://relay.dev/graphql/objectidentification.htm): every `Node` has an `id` that no other
 * object of any type has, so `node(id)` can refetch it and a client cache can key it.
 *
 * - **Stored entities** (Account, AccountManager, Community, Link) keep their stored id. It
 *   is already type-prefixed and unique across types by construction (domain/ids.ts:
 *   `acc_…`, `mgr_…`), so no client has to translate ids between `account(id:)`,
 *   `fromId` fields, CRM exports and `node(id:)`.
 * - **Derived objects** that have no stored id (Membership, Influence, StrategicScore) get
 *   `<prefix>_<base64url of a JSON array>` of what identifies them. Clients treat every id
 *   as opaque; the server decodes these to refetch.
 */
import type { StrategicWeights, TierThresholds } from "../services/strategy-service.js";

const PREFIXES = { Membership: "mbr", Influence: "inf", StrategicScore: "stg" } as const;

export type DerivedNodeType = keyof typeof PREFIXES;

export type DerivedNodeKey =
  | { type: "Membership"; accountId: string; communityId: string }
  | { type: "Influence"; accountId: string }
  | { type: "StrategicScore"; accountId: string; weights: StrategicWeights; thresholds: TierThresholds };

export function membershipId(accountId: string, communityId: string): string {
  return encode("Membership", [accountId, communityId]);
}

export function influenceId(accountId: string): string {
  return encode("Influence", [accountId]);
}

/** The effective parameters are part of the identity: the same account ranks differently under other weights. */
export function strategicScoreId(accountId: string, weights: StrategicWeights, thresholds: TierThresholds): string {
  const { revenue, efficiency, expansion, loyalty, wordOfMouth } = weights;
  const { highValue, lowValue, highInfluence } = thresholds;
  return encode("StrategicScore", [accountId, revenue, efficiency, expansion, loyalty, wordOfMouth, highValue, lowValue, highInfluence]);
}

/** What a derived id names, or null when `id` is not one (a stored id, or garbage). */
export function parseDerivedId(id: string): DerivedNodeKey | null {
  const match = /^([a-z]{3})_([A-Za-z0-9_-]+)$/.exec(id);
  if (!match) return null;
  const type = (Object.keys(PREFIXES) as DerivedNodeType[]).find((t) => PREFIXES[t] === match[1]);
  if (!type) return null;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(match[2]!, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(parts) || typeof parts[0] !== "string") return null;
  const [accountId, ...rest] = parts as [string, ...unknown[]];
  if (type === "Influence" && rest.length === 0) return { type, accountId };
  if (type === "Membership" && rest.length === 1 && typeof rest[0] === "string") return { type, accountId, communityId: rest[0] };
  if (type === "StrategicScore" && rest.length === 8 && rest.every((n) => typeof n === "number")) {
    const [revenue, efficiency, expansion, loyalty, wordOfMouth, highValue, lowValue, highInfluence] = rest as number[];
    return {
      type,
      accountId,
      weights: { revenue: revenue!, efficiency: efficiency!, expansion: expansion!, loyalty: loyalty!, wordOfMouth: wordOfMouth! },
      thresholds: { highValue: highValue!, lowValue: lowValue!, highInfluence: highInfluence! },
    };
  }
  return null;
}

function encode(type: DerivedNodeType, parts: (string | number)[]): string {
  return `${PREFIXES[type]}_${Buffer.from(JSON.stringify(parts), "utf8").toString("base64url")}`;
}
