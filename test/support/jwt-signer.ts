/**
 * Issues JWTs for tests, synchronously, with node:crypto: HS256 with a shared secret, and
 * RS256 / PS256 / ES256 with an IdP-style private key. The API itself only verifies
 * (src/api/auth/jwt.ts, with jose); signing stays here so tests can build any token,
 * including the malformed and forged ones the API must refuse.
 */
import { constants, createHmac, sign, type KeyObject, type SigningOptions } from "node:crypto";
import type { AsymmetricAlgorithm } from "../../src/api/auth/jwt.js";

export interface SignJwtOptions {
  /** Sets `exp` this many seconds after `iat`. */
  expiresInSeconds?: number;
  nowSeconds?: number;
}

/** RFC 7518 §3.3-3.5; ES256 signatures are the fixed 64-byte R||S ("ieee-p1363"), not DER; PSS salt = hash length. */
const SIGNING: Record<AsymmetricAlgorithm, SigningOptions> = {
  RS256: { padding: constants.RSA_PKCS1_PADDING },
  PS256: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
  ES256: { dsaEncoding: "ieee-p1363" },
};

/** An HS256 token. */
export function signJwt(claims: Record<string, unknown>, secret: string, options: SignJwtOptions = {}): string {
  return encodeToken({ alg: "HS256", typ: "JWT" }, claims, options, (input) => createHmac("sha256", secret).update(input, "utf8").digest());
}

/** An RS256 / PS256 / ES256 token signed with `privateKey`. */
export function signJwtWithKey(
  claims: Record<string, unknown>,
  privateKey: KeyObject,
  options: SignJwtOptions & { alg: AsymmetricAlgorithm; kid?: string },
): string {
  const header = { alg: options.alg, typ: "JWT", ...(options.kid !== undefined ? { kid: options.kid } : {}) };
  return encodeToken(header, claims, options, (input) => sign("sha256", Buffer.from(input, "utf8"), { key: privateKey, ...SIGNING[options.alg] }));
}

function encodeToken(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  options: SignJwtOptions,
  signInput: (input: string) => Buffer,
): string {
  const iat = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const payload = { iat, ...(options.expiresInSeconds !== undefined ? { exp: iat + options.expiresInSeconds } : {}), ...claims };
  const signingInput = `${encodeJson(header)}.${encodeJson(payload)}`;
  return `${signingInput}.${signInput(signingInput).toString("base64url")}`;
}

function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}
