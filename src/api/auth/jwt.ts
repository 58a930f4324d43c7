/**
 * JSON Web Tokens, HS256 only (RFC 7519 with RFC 7518 §3.2), verified with node:crypto:
 * no dependency for ~80 lines. Claims: `role` (ADMIN | MANAGER | VIEWER), `managerId`
 * (MANAGER only), `exp` (required), `nbf`, `sub`, and optionally `iss` / `aud` when
 * configured.
 *
 * Hardening, after the classic JWT library bugs (see the OWASP JWT cheat sheet):
 * the algorithm is fixed by the server, never taken from the header (`alg: none` and
 * RS/HS confusion are refused); `crit` headers are refused; the signature is compared
 * in constant time; a token without `exp` is refused, so no token lives forever; a
 * small clock skew is tolerated on exp / nbf.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { ROLES, type Actor, type Role } from "../../services/access-policy.js";

export const JWT_DEFAULTS = Object.freeze({
  clockSkewSeconds: 30,
  /** RFC 7518 §3.2: a key of at least the hash size (256 bits). */
  minSecretBytes: 32,
  /** Longer `sub` values are cut in logs. */
  maxSubjectLength: 64,
});

export interface JwtConfig {
  secret: string;
  issuer?: string;
  audience?: string;
  clockSkewSeconds?: number;
}

export type JwtFailure = "MALFORMED" | "UNSUPPORTED_ALGORITHM" | "BAD_SIGNATURE" | "EXPIRED" | "NOT_YET_VALID" | "BAD_CLAIMS";

export class JwtError extends Error {
  constructor(
    readonly reason: JwtFailure,
    message: string,
  ) {
    super(`api/auth/jwt: ${message}`);
    this.name = "JwtError";
  }
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;

export function looksLikeJwt(token: string): boolean {
  return token.split(".").length === 3;
}

/** Verifies `token` and returns the actor it names; throws JwtError otherwise. */
export function verifyJwt(token: string, config: JwtConfig, nowSeconds = Math.floor(Date.now() / 1000)): Actor {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts.every((part) => SEGMENT.test(part))) throw new JwtError("MALFORMED", "not a compact JWS");
  const [encodedHeader, encodedPayload, encodedSignature] = parts as [string, string, string];
  const header = decodeJson(encodedHeader, "header");
  if (header.alg !== "HS256") throw new JwtError("UNSUPPORTED_ALGORITHM", "only HS256 tokens are accepted");
  if (header.crit !== undefined) throw new JwtError("UNSUPPORTED_ALGORITHM", "critical header extensions are not supported");

  const expected = sign(`${encodedHeader}.${encodedPayload}`, config.secret);
  const given = Buffer.from(encodedSignature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new JwtError("BAD_SIGNATURE", "signature does not match");

  const claims = decodeJson(encodedPayload, "payload");
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

/** Issues an HS256 token (tests, scripts). `expiresInSeconds` sets `exp` from `iat`. */
export function signJwt(
  claims: Record<string, unknown>,
  secret: string,
  options: { expiresInSeconds?: number; nowSeconds?: number } = {},
): string {
  const iat = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const payload = { iat, ...(options.expiresInSeconds !== undefined ? { exp: iat + options.expiresInSeconds } : {}), ...claims };
  const head = encodeJson({ alg: "HS256", typ: "JWT" });
  const body = encodeJson(payload);
  return `${head}.${body}.${sign(`${head}.${body}`, secret).toString("base64url")}`;
}

function sign(input: string, secret: string): Buffer {
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
