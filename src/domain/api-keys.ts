/**
 * API keys managed at runtime: the stored record and the secret's life cycle.
 *
 * A key is `agk_` + 32 random bytes (base64url). Only its SHA-256 is ever stored; the
 * secret is returned once, by whatever created it. Why a plain SHA-256 and not a
 * password hash (scrypt, argon2): the key is 256 random bits, not a human password, so
 * there is nothing to brute-force, and a slow hash would only add latency to every
 * request (the argument GitHub and Stripe make for their token hashes).
 */
import { createHash, randomBytes } from "node:crypto";
import type { IsoDateTime } from "./model.js";
import type { Role } from "./roles.js";

export const API_KEY_SECRET = Object.freeze({
  /** Recognisable in logs and secret scanners, like GitHub's `ghp_`. */
  prefix: "agk_",
  randomBytes: 32,
  /** Hex digits of the hash that identify a key without revealing anything: logs, listings. */
  fingerprintLength: 12,
});

/** A stored API key. Never holds the secret: `sha256` is what a presented key is matched by. */
export interface ApiKey {
  id: string;
  /** Who or what holds it ("Carla's laptop", "CRM sync"). */
  name: string;
  role: Role;
  /** The AccountManager a MANAGER key acts as; null for other roles. */
  managerId: string | null;
  /** Lowercase hex SHA-256 of the whole key string. */
  sha256: string;
  createdAt: IsoDateTime;
  /** Subject of the actor who created it (`apikey:…`, `jwt:…`, `cli:…`). */
  createdBy: string;
  /** Null while the key is active. */
  revokedAt: IsoDateTime | null;
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** A fresh random secret. The caller shows it once and keeps only hashApiKey(secret). */
export function generateApiKeySecret(): string {
  return API_KEY_SECRET.prefix + randomBytes(API_KEY_SECRET.randomBytes).toString("base64url");
}

/** The first hex digits of a key's hash: enough to tell keys apart, useless to an attacker. */
export function apiKeyFingerprint(sha256: string): string {
  return sha256.slice(0, API_KEY_SECRET.fingerprintLength);
}
