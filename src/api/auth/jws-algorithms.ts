/**
 * The asymmetric JWS algorithms accepted from a JWKS (RFC 7518 §3.3–3.5), verified with
 * node:crypto: RS256 (RSASSA-PKCS1-v1_5 + SHA-256), PS256 (RSASSA-PSS + SHA-256, salt =
 * hash length) and ES256 (ECDSA P-256 + SHA-256, signature as the fixed 64-byte R||S,
 * which node calls "ieee-p1363", not DER).
 *
 * Each algorithm names the key type it needs, so a key is used only for the algorithm its
 * JWK describes: an RSA key never verifies an ES256 token, an EC key never an RS256 one,
 * and no algorithm here is symmetric, so a public key can never be used as an HMAC secret
 * (the RS/HS confusion attack). HS256 lives apart, in jwt.ts, keyed only by JWT_SECRET.
 */
import { constants, sign, verify, type KeyObject, type SigningOptions } from "node:crypto";

export const JWS_ALGORITHM_DEFAULTS = Object.freeze({
  /** NIST SP 800-131A: RSA keys below 2048 bits are no longer acceptable for signatures. */
  minRsaModulusBits: 2048,
});

interface AlgorithmSpec {
  kty: "RSA" | "EC";
  /** node's name for the curve, for EC keys. */
  namedCurve?: string;
  padding?: number;
  saltLength?: number;
  dsaEncoding?: "ieee-p1363";
}

const SPECS = {
  RS256: { kty: "RSA", padding: constants.RSA_PKCS1_PADDING },
  // RFC 7518 §3.5: the salt is as long as the hash (32 bytes); AUTO would accept any salt.
  PS256: { kty: "RSA", padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
  ES256: { kty: "EC", namedCurve: "prime256v1", dsaEncoding: "ieee-p1363" },
} as const satisfies Record<string, AlgorithmSpec>;

export type AsymmetricAlgorithm = keyof typeof SPECS;

export const ASYMMETRIC_ALGORITHMS: readonly AsymmetricAlgorithm[] = Object.freeze(Object.keys(SPECS) as AsymmetricAlgorithm[]);

export function isAsymmetricAlgorithm(alg: unknown): alg is AsymmetricAlgorithm {
  return typeof alg === "string" && Object.hasOwn(SPECS, alg);
}

/** Whether `key` (a public key) is of the type and strength `alg` requires. */
export function keyFitsAlgorithm(key: KeyObject, alg: AsymmetricAlgorithm): boolean {
  const spec: AlgorithmSpec = SPECS[alg];
  if (key.type !== "public") return false;
  const details = key.asymmetricKeyDetails ?? {};
  if (spec.kty === "RSA") return key.asymmetricKeyType === "rsa" && (details.modulusLength ?? 0) >= JWS_ALGORITHM_DEFAULTS.minRsaModulusBits;
  return key.asymmetricKeyType === "ec" && details.namedCurve === spec.namedCurve;
}

/** Verifies a JWS signature; false (never a throw) for a malformed signature. */
export function verifyAsymmetric(alg: AsymmetricAlgorithm, signingInput: string, signature: Buffer, key: KeyObject): boolean {
  if (!keyFitsAlgorithm(key, alg)) return false;
  try {
    return verify("sha256", Buffer.from(signingInput, "utf8"), { key, ...options(alg) }, signature);
  } catch {
    return false;
  }
}

/** Signs for tests and scripts (the API itself only verifies). */
export function signAsymmetric(alg: AsymmetricAlgorithm, signingInput: string, privateKey: KeyObject): Buffer {
  return sign("sha256", Buffer.from(signingInput, "utf8"), { key: privateKey, ...options(alg) });
}

function options(alg: AsymmetricAlgorithm): SigningOptions {
  const { kty: _kty, namedCurve: _curve, ...rest } = SPECS[alg] as AlgorithmSpec;
  return rest;
}
