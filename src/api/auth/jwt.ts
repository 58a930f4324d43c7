/**
 * JSON Web Tokens (RFC 7519), verified with `jose` (jwtVerify): HS256 with the shared
 * JWT_SECRET, or RS256 / PS256 / ES256 with a key from the identity provider's JWKS
 * (jwks.ts). jose does the JWS parsing, signature and time checks; this file decides what
 * is accepted and turns the claims into an Actor: `role` (ADMIN | MANAGER | VIEWER),
 * `managerId` (MANAGER only), `exp` (required, and at most `maxLifetimeSeconds` ahead),
 * `nbf`, `sub`, and `iss` / `aud` when configured.
 *
 * Hardening, after the classic JWT library bugs (see the OWASP JWT cheat sheet): the
 * server decides which algorithms it accepts — the header only picks among them (jose's
 * `algorithms` allow-list). HS256 is verified with JWT_SECRET and nothing else, so a
 * token "signed" with the IdP's public key as an HMAC secret fails (RS/HS confusion);
 * RS/PS/ES tokens need a configured key set and a key of the matching type; `alg: none`
 * and anything else are refused, as are `crit` headers (jose would accept recognised
 * extensions; this API recognises none). A token without `exp` is refused, and one whose
 * `exp` is far ahead (a "forever" token, or 1e308) too, so no token lives for long; a
 * small clock skew is tolerated on exp / nbf.
 */
import { decodeProtectedHeader, errors, jwtVerify, type CryptoKey, type FlattenedJWSInput, type JWTHeaderParameters, type JWTPayload } from "jose";
import { ROLES, type Actor, type Role } from "../../services/access-policy.js";

/** The asymmetric JWS algorithms accepted from a JWKS (RFC 7518 §3.3-3.5). */
export const ASYMMETRIC_ALGORITHMS = Object.freeze(["RS256", "PS256", "ES256"] as const);
export type AsymmetricAlgorithm = (typeof ASYMMETRIC_ALGORITHMS)[number];

export const JWT_DEFAULTS = Object.freeze({
  clockSkewSeconds: 30,
  /** RFC 7518 §3.2: a key of at least the hash size (256 bits). */
  minSecretBytes: 32,
  /** `exp` may be at most this far ahead (JWT_MAX_LIFETIME_S): a day covers any session token. */
  maxLifetimeSeconds: 24 * 60 * 60,
  /** Longer `sub` values are cut in logs. */
  maxSubjectLength: 64,
  /** Algorithms accepted with keys from the JWKS, unless `JwtConfig.algorithms` narrows them. */
  jwksAlgorithms: ASYMMETRIC_ALGORITHMS as readonly AsymmetricAlgorithm[],
});

/** What JWTs the server accepts: at least one of `secret` and `jwksUrl`. */
export interface JwtConfig {
  /** HS256 shared secret (JWT_SECRET). */
  secret?: string;
  /** The identity provider's key set (JWT_JWKS_URL), for RS256 / PS256 / ES256. */
  jwksUrl?: string;
  /** Asymmetric algorithms accepted; default JWT_DEFAULTS.jwksAlgorithms. */
  algorithms?: readonly AsymmetricAlgorithm[];
  issuer?: string;
  audience?: string;
  clockSkewSeconds?: number;
  /** Default JWT_DEFAULTS.maxLifetimeSeconds. */
  maxLifetimeSeconds?: number;
}

export type JwtFailure = "MALFORMED" | "UNSUPPORTED_ALGORITHM" | "UNKNOWN_KEY" | "BAD_SIGNATURE" | "EXPIRED" | "NOT_YET_VALID" | "BAD_CLAIMS";

export class JwtError extends Error {
  constructor(
    readonly reason: JwtFailure,
    message: string,
  ) {
    super(`api/auth/jwt: ${message}`);
    this.name = "JwtError";
  }
}

/** Finds the public key for an asymmetric token (jwks.ts); throws JwtError UNKNOWN_KEY when none fits. */
export interface JwtKeyResolver {
  getKey(header: JWTHeaderParameters, token: FlattenedJWSInput): Promise<CryptoKey>;
}

export interface VerifyJwtOptions {
  /** The key set for RS256 / PS256 / ES256; without it only HS256 can verify. */
  keys?: JwtKeyResolver | null;
  nowSeconds?: number;
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;

export function looksLikeJwt(token: string): boolean {
  return token.split(".").length === 3;
}

/** Verifies `token` and returns the actor it names; throws JwtError otherwise. */
export async function verifyJwt(token: string, config: JwtConfig, options: VerifyJwtOptions = {}): Promise<Actor> {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts.every((part) => SEGMENT.test(part))) throw new JwtError("MALFORMED", "not a compact JWS");
  const header = readHeader(token);
  if (header.crit !== undefined) throw new JwtError("UNSUPPORTED_ALGORITHM", "critical header extensions are not supported");
  if (header.kid !== undefined && typeof header.kid !== "string") throw new JwtError("MALFORMED", "kid must be a string");

  const keys = options.keys ?? null;
  const algorithms = [...(config.secret !== undefined ? ["HS256"] : []), ...(keys ? (config.algorithms ?? JWT_DEFAULTS.jwksAlgorithms) : [])];
  const skew = config.clockSkewSeconds ?? JWT_DEFAULTS.clockSkewSeconds;
  const nowSeconds = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(
      token,
      // HS256 only ever with the secret, the rest only with the key set: the allow-list says which exist.
      async (protectedHeader, jws) =>
        protectedHeader.alg === "HS256" ? new TextEncoder().encode(config.secret) : keys!.getKey(protectedHeader, jws),
      {
        algorithms,
        clockTolerance: skew,
        currentDate: new Date(nowSeconds * 1000),
        requiredClaims: ["exp"],
        ...(config.issuer !== undefined ? { issuer: config.issuer } : {}),
        ...(config.audience !== undefined ? { audience: config.audience } : {}),
      },
    ));
  } catch (error) {
    throw asJwtError(error);
  }
  return actorOf(payload, config, nowSeconds, skew);
}

function readHeader(token: string): Record<string, unknown> {
  try {
    return decodeProtectedHeader(token) as Record<string, unknown>;
  } catch {
    throw new JwtError("MALFORMED", "the header is not base64url JSON");
  }
}

/** jose's errors (by their stable `code`) as our failure reasons; others (ours, jwks.ts's) pass through. */
function asJwtError(error: unknown): unknown {
  if (!(error instanceof errors.JOSEError)) return error;
  const code = (error as { code?: unknown }).code;
  const claim = (error as { claim?: unknown }).claim;
  const message = (error as Error).message;
  switch (code) {
    case "ERR_JOSE_ALG_NOT_ALLOWED":
    case "ERR_JOSE_NOT_SUPPORTED":
      return new JwtError("UNSUPPORTED_ALGORITHM", "this algorithm is not accepted here");
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return new JwtError("BAD_SIGNATURE", "signature does not match");
    case "ERR_JWT_EXPIRED":
      return new JwtError("EXPIRED", "token has expired");
    case "ERR_JWT_CLAIM_VALIDATION_FAILED":
      return claim === "nbf" && !/must be a number/.test(message)
        ? new JwtError("NOT_YET_VALID", "token is not valid yet")
        : new JwtError("BAD_CLAIMS", message);
    case "ERR_JWKS_NO_MATCHING_KEY":
    case "ERR_JWKS_MULTIPLE_MATCHING_KEYS":
      return new JwtError("UNKNOWN_KEY", "no single key of the set fits this kid and algorithm");
    default:
      // ERR_JWS_INVALID, ERR_JWT_INVALID (payload not a JSON object).
      return new JwtError("MALFORMED", message);
  }
}

/** After jose's checks: the lifetime bound, then the actor the claims name. */
function actorOf(claims: JWTPayload, config: JwtConfig, nowSeconds: number, skew: number): Actor {
  const maxLifetime = config.maxLifetimeSeconds ?? JWT_DEFAULTS.maxLifetimeSeconds;
  // jose accepts any number, including Infinity (JSON 1e999) and 1e308.
  if (!Number.isFinite(claims.exp) || claims.exp! > nowSeconds + maxLifetime + skew) {
    throw new JwtError("BAD_CLAIMS", `exp is more than ${maxLifetime} s ahead`);
  }
  const role = claims.role;
  if (typeof role !== "string" || !(ROLES as readonly string[]).includes(role)) {
    throw new JwtError("BAD_CLAIMS", `role must be one of ${ROLES.join(", ")}`);
  }
  let managerId: string | null = null;
  if (role === "MANAGER") {
    if (typeof claims.managerId !== "string" || claims.managerId === "") throw new JwtError("BAD_CLAIMS", "a MANAGER token needs managerId");
    managerId = claims.managerId;
  }
  const sub = typeof claims.sub === "string" ? claims.sub.slice(0, JWT_DEFAULTS.maxSubjectLength) : "anonymous";
  return { role: role as Role, managerId, subject: `jwt:${sub}` };
}
