/**
 * The identity provider's signing keys, fetched from its JWK Set URL (RFC 7517 §5; the
 * `jwks_uri` of OpenID Connect discovery) and cached in memory. jose's createLocalJWKSet
 * picks the key for a token (kid, alg, kty, crv, use, key_ops) and imports it; this file
 * decides when to fetch, and which published keys count.
 *
 * Policy, and why:
 * - The set is cached for `cacheTtlMs`. Past that, the next token is verified with the
 *   keys held while one refresh runs in the background (stale-while-revalidate), so no
 *   request waits on the IdP on the happy path.
 * - A token whose `kid` is not in the set triggers one refetch: that is how key rotation
 *   shows up (the IdP publishes a new key, then signs with it). Fetches of any kind are
 *   at most one per `minRefetchIntervalMs`, and concurrent callers share the one in
 *   flight, so a flood of tokens with random kids costs the IdP at most one request per
 *   interval instead of one per request.
 * - Every fetch is bounded: `fetchTimeoutMs` for connect, headers and body together
 *   (AbortSignal.timeout), and at most `maxResponseBytes` read.
 * - A failed refresh keeps the keys already held and logs a warning: an IdP outage does
 *   not lock out tokens signed with known keys, and no token is ever accepted unverified.
 *   With no key set ever fetched, verification throws JwksUnavailableError (the API then
 *   answers 503 with Retry-After; see authenticator.ts).
 * - Only signature keys are used: `use` "sig" or absent, `key_ops` including "verify"
 *   when present, RSA (≥ 2048 bits) or EC P-256; symmetric ("oct") entries are ignored,
 *   and only public members are kept. A JWK's `alg`, when present, must equal the token's.
 *
 * Why not jose's createRemoteJWKSet (6.2), which fetches and caches too: once its
 * `cacheMaxAge` has passed it makes the token wait for a reload and fails it when the
 * IdP is down (we keep the held keys); its cooldown starts only after a successful fetch,
 * so a down IdP is asked again on every token (we allow one attempt per interval, and
 * know when the next is due for Retry-After); it reads no size cap and its clock is
 * Date.now. Its key selection is the part we use, through createLocalJWKSet.
 *
 * Cost: a refresh parses the set once (one createPublicKey per JWK, to drop weak or
 * broken keys); a lookup is jose's scan of the few keys an IdP publishes, with the
 * imported CryptoKey cached per key.
 */
import { createPublicKey, type JsonWebKey } from "node:crypto";
import { createLocalJWKSet, errors, type CryptoKey, type FlattenedJWSInput, type JWK, type JWTHeaderParameters } from "jose";
import type { Logger } from "../../logger.js";
import { JwtError, type JwtKeyResolver } from "./jwt.js";

export const JWKS_DEFAULTS = Object.freeze({
  cacheTtlMs: 10 * 60_000,
  minRefetchIntervalMs: 30_000,
  fetchTimeoutMs: 5_000,
  /** Real sets are a few KB (a dozen keys with certificate chains stay under 30 KB). */
  maxResponseBytes: 128 * 1024,
  /** NIST SP 800-131A: RSA keys below 2048 bits are no longer acceptable for signatures. */
  minRsaModulusBits: 2048,
});

export interface JwksOptions {
  url: string;
  cacheTtlMs?: number;
  minRefetchIntervalMs?: number;
  fetchTimeoutMs?: number;
  maxResponseBytes?: number;
  logger?: Pick<Logger, "warn">;
  /** Clock in milliseconds (tests move it forward). */
  now?: () => number;
}

/** No key set could be fetched yet: tokens cannot be checked, neither accepted nor refused. */
export class JwksUnavailableError extends Error {
  constructor(
    message: string,
    /** When the next fetch will be allowed. */
    readonly retryAfterSeconds: number,
  ) {
    super(`api/auth/jwks: ${message}`);
    this.name = "JwksUnavailableError";
  }
}

type KeyPicker = ReturnType<typeof createLocalJWKSet>;

export class JwksKeySet implements JwtKeyResolver {
  private readonly settings: Record<Exclude<keyof typeof JWKS_DEFAULTS, "minRsaModulusBits">, number>;
  private readonly now: () => number;
  private keys: KeyPicker | null = null;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private keyCount = 0;
  private inFlight: Promise<void> | null = null;

  constructor(private readonly options: JwksOptions) {
    this.settings = {
      cacheTtlMs: options.cacheTtlMs ?? JWKS_DEFAULTS.cacheTtlMs,
      minRefetchIntervalMs: options.minRefetchIntervalMs ?? JWKS_DEFAULTS.minRefetchIntervalMs,
      fetchTimeoutMs: options.fetchTimeoutMs ?? JWKS_DEFAULTS.fetchTimeoutMs,
      maxResponseBytes: options.maxResponseBytes ?? JWKS_DEFAULTS.maxResponseBytes,
    };
    this.now = options.now ?? Date.now;
  }

  /** The URL without query or fragment, for logs and the start-up line. */
  get displayUrl(): string {
    return displayUrl(this.options.url);
  }

  async getKey(header: JWTHeaderParameters, token: FlattenedJWSInput): Promise<CryptoKey> {
    if (this.keys === null) await this.refresh();
    else if (this.now() - this.fetchedAt >= this.settings.cacheTtlMs) void this.refresh();
    try {
      return await this.heldKeys()(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw asUnknownKey(error);
    }
    // Possibly a rotation; refresh() itself enforces the rate limit.
    await this.refresh();
    try {
      return await this.heldKeys()(header, token);
    } catch (error) {
      throw asUnknownKey(error);
    }
  }

  /** Resolves once no fetch is in flight (tests, orderly shutdown). */
  async whenIdle(): Promise<void> {
    await this.inFlight;
  }

  private heldKeys(): KeyPicker {
    if (this.keys !== null) return this.keys;
    const wait = this.lastAttemptAt + this.settings.minRefetchIntervalMs - this.now();
    throw new JwksUnavailableError("no key set fetched yet from the identity provider", Math.max(1, Math.ceil(wait / 1000)));
  }

  /** One fetch at a time, at most one per interval; never rejects (failures are logged). */
  private refresh(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.now() - this.lastAttemptAt < this.settings.minRefetchIntervalMs) return Promise.resolve();
    this.lastAttemptAt = this.now();
    this.inFlight = this.fetchKeys()
      .then(
        (keys) => {
          this.keys = createLocalJWKSet({ keys });
          this.keyCount = keys.length;
          this.fetchedAt = this.now();
        },
        (error: unknown) => {
          const held = this.keys !== null;
          this.options.logger?.warn(
            { jwksUrl: this.displayUrl, reason: describeFailure(error), keptKeys: held ? this.keyCount : 0 },
            held
              ? "JWKS refresh failed: keeping the keys already held"
              : "JWKS fetch failed: tokens from the identity provider cannot be verified until it succeeds",
          );
        },
      )
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  private async fetchKeys(): Promise<JWK[]> {
    const response = await fetch(this.options.url, {
      headers: { accept: "application/jwk-set+json, application/json" },
      signal: AbortSignal.timeout(this.settings.fetchTimeoutMs),
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`HTTP ${response.status}`);
    }
    const text = await readCapped(response, this.settings.maxResponseBytes);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error("the response is not JSON");
    }
    return parseKeySet(body);
  }
}

/** jose's "no key" / "several keys" (a token without kid that more than one key fits) as our failure. */
function asUnknownKey(error: unknown): unknown {
  if (error instanceof errors.JWKSNoMatchingKey) return new JwtError("UNKNOWN_KEY", "no key of the set fits this kid and algorithm");
  if (error instanceof errors.JWKSMultipleMatchingKeys) return new JwtError("UNKNOWN_KEY", "the token has no kid and several keys fit its algorithm");
  return error;
}

/** The usable signature keys of a JWK Set, public members, kid and alg only; throws when there is none. */
function parseKeySet(body: unknown): JWK[] {
  if (!isRecord(body) || !Array.isArray(body.keys)) throw new Error("not a JWK Set (no keys array)");
  const keys: JWK[] = [];
  for (const jwk of body.keys as unknown[]) {
    if (!isRecord(jwk)) continue;
    if (jwk.use !== undefined && jwk.use !== "sig") continue;
    if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes("verify"))) continue;
    if (jwk.kid !== undefined && typeof jwk.kid !== "string") continue;
    if (jwk.alg !== undefined && typeof jwk.alg !== "string") continue;
    const publicJwk = publicMembers(jwk);
    if (!publicJwk || !isStrongSignatureKey(publicJwk)) continue;
    keys.push({
      ...(publicJwk as JWK),
      ...(jwk.kid !== undefined ? { kid: jwk.kid as string } : {}),
      ...(jwk.alg !== undefined ? { alg: jwk.alg as string } : {}),
    });
  }
  if (keys.length === 0) throw new Error("the set holds no usable signature key");
  return keys;
}

/** NIST SP 800-131A: RSA below 2048 bits is no longer acceptable for signatures; EC only on P-256 (ES256). A malformed key is dropped, not fatal. */
function isStrongSignatureKey(jwk: JsonWebKey): boolean {
  try {
    const key = createPublicKey({ key: jwk, format: "jwk" });
    const details = key.asymmetricKeyDetails ?? {};
    if (key.asymmetricKeyType === "rsa") return (details.modulusLength ?? 0) >= JWKS_DEFAULTS.minRsaModulusBits;
    return key.asymmetricKeyType === "ec" && details.namedCurve === "prime256v1";
  } catch {
    return false;
  }
}

/** Only the public members: a set that leaks private parts still yields public keys, and "oct" yields none. */
function publicMembers(jwk: Record<string, unknown>): JsonWebKey | null {
  const text = (name: string) => (typeof jwk[name] === "string" ? (jwk[name] as string) : undefined);
  if (jwk.kty === "RSA" && text("n") && text("e")) return { kty: "RSA", n: text("n")!, e: text("e")! };
  if (jwk.kty === "EC" && text("crv") && text("x") && text("y")) return { kty: "EC", crv: text("crv")!, x: text("x")!, y: text("y")! };
  return null;
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new Error(`the response is larger than ${maxBytes} bytes`);
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new Error(`the response is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause ? `${error.message} (${cause.code ?? cause.message ?? "unknown cause"})` : error.message;
}

function displayUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
