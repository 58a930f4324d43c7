/**
 * JSON Web Tokens (RFC 7519), verified with node:crypto, no dependency: HS256 with the
 * shared JWT_SECRET (RFC 7518 §3.2), or RS256 / PS256 / ES256 with a public key from the
 * identity provider's JWKS (jws-algorithms.ts, jwks.ts). However a token was signed, its
 * claims go through one check (`validateClaims`): `role` (ADMIN | MANAGER | VIEWER),
 * `managerId` (MANAGER only), `exp` (required), `nbf`, `sub`, and `iss` / `aud` when
 * configured.
 *
 * Hardening, after the classic JWT library bugs (see the OWASP JWT cheat sheet): the
 * server decides which algorithms it accepts — the header only picks among them. HS256
 * is verified with JWT_SECRET and nothing else, so a token "signed" with the IdP's public
 * key as an HMAC secret fails (RS/HS confusion); RS/PS/ES tokens need a configured key
 * set and a key of the matching type; `alg: none` and anything else are refused, as are
 * `crit` headers. HMACs are compared in constant time; a token without `exp` is refused,
 * so no token lives forever; a small clock skew is tolerated on exp / nbf.
 */
import { createHmac, timingSafeEqual, type KeyObject } from "node:crypto";
import { ROLES, type Actor, type Role } from "../../services/access-policy.js";
import { ASYMMETRIC_ALGORITHMS, isAsymmetricAlgorithm, signAsymmetric, verifyAsymmetric, type AsymmetricAlgorithm } from "./jws-algorithms.js";

export const JWT_DEFAULTS = Object.freeze({
  clockSkewSeconds: 30,
  /** RFC 7518 §3.2: a key of at least the hash size (256 bits). */
  minSecretBytes: 32,
  /** Longer `sub` values are cut in logs. */
  maxSubjectLength: 64,
  /** Algorithms accepted with keys from the JWKS, unless `JwtConfig.algorithms` narrows them. */
  jwksAlgorithms: ASYMMETRIC_ALGORITHMS,
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
}

export type JwtFailure =
  | "MALFORMED"
  | "UNSUPPORTED_ALGORITHM"
  | "UNKNOWN_KEY"
  | "BAD_SIGNATURE"
  | "EXPIRED"
  | "NOT_YET_VALID"
  | "BAD_CLAIMS";

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
  resolveKey(alg: AsymmetricAlgorithm, kid: string | undefined): Promise<KeyObject>;
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
  const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];
  const header = decodeJson(encodedHeader, "header");
  if (header.crit !== undefined) throw new JwtError("UNSUPPORTED_ALGORITHM", "critical header extensions are not supported");
  if (header.kid !== undefined && typeof header.kid !== "string") throw new JwtError("MALFORMED", "kid must be a string");

  const signingInput = `${encodedHeader}.${encodedPayload}`;
  const signature = Buffer.from(encodedSignature, "base64url");
  const alg = header.alg;
  if (alg === "HS256" && config.secret !== undefined) {
    const expected = hmac(signingInput, config.secret);
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) throw new JwtError("BAD_SIGNATURE", "signature does not match");
  } else if (isAsymmetricAlgorithm(alg) && options.keys && (config.algorithms ?? JWT_DEFAULTS.jwksAlgorithms).includes(alg)) {
    const key = await options.keys.resolveKey(alg, header.kid as string | undefined);
    if (!verifyAsymmetric(alg, signingInput, signature, key)) throw new JwtError("BAD_SIGNATURE", "signature does not match");
  } else {
    throw new JwtError("UNSUPPORTED_ALGORITHM", "this algorithm is not accepted here");
  }
  return validateClaims(decodeJson(encodedPayload, "payload"), config, options.nowSeconds ?? Math.floor(Date.now() / 1000));
}

/** The one claim check, after any signature: time window, issuer, audience, then the actor. */
function validateClaims(claims: Record<string, unknown>, config: JwtConfig, nowSeconds: number): Actor {
  const skew = config.clockSkewSeconds ?? JWT_DEFAULTS.clockSkewSeconds;
  if (typeof claims.exp !== "number" || !Number.isFinite(claims.exp)) throw new JwtError("BAD_CLAIMS", "exp (expiry) is required");
  if (nowSeconds >= claims.exp + skew) throw new JwtError("EXPIRED", "token has expired");
  if (claims.nbf !== undefined) {
    if (typeof claims.nbf !== "number" || !Number.isFinite(claims.nbf)) throw new JwtError("BAD_CLAIMS", "nbf must be a number");
    if (nowSeconds + skew < claims.nbf) throw new JwtError("NOT_YET_VALID", "token is not valid yet");
  }
  if (config.issuer !== undefined && claims.iss !== config.issuer) throw new JwtError("BAD_CLAIMS", "unexpected issuer");
  if (config.audience !== undefined) {
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(config.audience)) throw new JwtError("BAD_CLAIMS", "unexpected audience");
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

export interface SignJwtOptions {
  /** Sets `exp` this many seconds after `iat`. */
  expiresInSeconds?: number;
  nowSeconds?: number;
}

/** Issues an HS256 token (tests, scripts). */
export function signJwt(claims: Record<string, unknown>, secret: string, options: SignJwtOptions = {}): string {
  return encodeToken({ alg: "HS256", typ: "JWT" }, claims, options, (input) => hmac(input, secret));
}

/** Issues an RS256 / PS256 / ES256 token with an IdP-style private key (tests, scripts). */
export function signJwtWithKey(
  claims: Record<string, unknown>,
  privateKey: KeyObject,
  options: SignJwtOptions & { alg: AsymmetricAlgorithm; kid?: string },
): string {
  const header = { alg: options.alg, typ: "JWT", ...(options.kid !== undefined ? { kid: options.kid } : {}) };
  return encodeToken(header, claims, options, (input) => signAsymmetric(options.alg, input, privateKey));
}

function encodeToken(header: Record<string, unknown>, claims: Record<string, unknown>, options: SignJwtOptions, sign: (input: string) => Buffer): string {
  const iat = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const payload = { iat, ...(options.expiresInSeconds !== undefined ? { exp: iat + options.expiresInSeconds } : {}), ...claims };
  const signingInput = `${encodeJson(header)}.${encodeJson(payload)}`;
  return `${signingInput}.${sign(signingInput).toString("base64url")}`;
}

function hmac(input: string, secret: string): Buffer {
  return createHmac("sha256", secret).update(input, "utf8").digest();
}

function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

function decodeJson(segment: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
  } catch {
    throw new JwtError("MALFORMED", `${what} is not base64url JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new JwtError("MALFORMED", `${what} is not a JSON object`);
  return value as Record<string, unknown>;
}
