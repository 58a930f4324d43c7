/**
 * Opaque, server-generated ids: a type prefix (so a mistaken id type is obvious in
 * logs) and a random, URL-safe body. Ids supplied by an import keep their value.
 */
import { randomUUID } from "node:crypto";

export const ID_PREFIXES = {
  account: "acc",
  manager: "mgr",
  community: "com",
  engagement: "eng",
  purchase: "pur",
  link: "lnk",
  apiKey: "key",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${randomUUID().replace(/-/g, "")}`;
}
