/**
 * HS256 verification refuses every classic forgery (alg none, wrong key, tampered
 * claims) and enforces exp / nbf / iss / aud and the role claims.
 */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { JwtError, signJwt, verifyJwt, type JwtFailure } from "../../../src/api/auth/jwt.js";

const SECRET = "0123456789abcdef0123456789abcdef-secret";
const NOW = 1_800_000_000;
const config = { secret: SECRET };

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function failure(work: () => unknown): JwtFailure {
  try {
    work();
  } catch (error) {
    if (error instanceof JwtError) return error.reason;
    throw error;
  }
  throw new Error("expected a JwtError");
}

describe("verifyJwt", () => {
  it("accepts a valid token and returns its actor", () => {
    const token = signJwt({ role: "MANAGER", managerId: "mgr_one", sub: "mona" }, SECRET, { nowSeconds: NOW, expiresInSeconds: 60 });
    expect(verifyJwt(token, config, NOW + 10)).toEqual({ role: "MANAGER", managerId: "mgr_one", subject: "jwt:mona" });
  });

  it("drops managerId for roles other than MANAGER", () => {
    const token = signJwt({ role: "VIEWER", managerId: "mgr_one" }, SECRET, { nowSeconds: NOW, expiresInSeconds: 60 });
    expect(verifyJwt(token, config, NOW)).toEqual({ role: "VIEWER", managerId: null, subject: "jwt:anonymous" });
  });

  it("refuses alg none, another algorithm, and crit headers", () => {
    const payload = b64({ role: "ADMIN", exp: NOW + 60 });
    expect(failure(() => verifyJwt(`${b64({ alg: "none" })}.${payload}.x`, config, NOW))).toBe("UNSUPPORTED_ALGORITHM");
    const hs512Head = b64({ alg: "HS512" });
    const sig = createHmac("sha512", SECRET).update(`${hs512Head}.${payload}`).digest("base64url");
    expect(failure(() => verifyJwt(`${hs512Head}.${payload}.${sig}`, config, NOW))).toBe("UNSUPPORTED_ALGORITHM");
    const critHead = b64({ alg: "HS256", crit: ["exp"] });
    const critSig = createHmac("sha256", SECRET).update(`${critHead}.${payload}`).digest("base64url");
    expect(failure(() => verifyJwt(`${critHead}.${payload}.${critSig}`, config, NOW))).toBe("UNSUPPORTED_ALGORITHM");
  });

  it("refuses a wrong key and a tampered payload", () => {
    const token = signJwt({ role: "VIEWER" }, "another-secret-another-secret-another", { nowSeconds: NOW, expiresInSeconds: 60 });
    expect(failure(() => verifyJwt(token, config, NOW))).toBe("BAD_SIGNATURE");
    const [head, , sig] = signJwt({ role: "VIEWER" }, SECRET, { nowSeconds: NOW, expiresInSeconds: 60 }).split(".");
    const promoted = b64({ role: "ADMIN", iat: NOW, exp: NOW + 60 });
    expect(failure(() => verifyJwt(`${head}.${promoted}.${sig}`, config, NOW))).toBe("BAD_SIGNATURE");
  });

  it("refuses malformed tokens", () => {
    expect(failure(() => verifyJwt("a.b", config, NOW))).toBe("MALFORMED");
    expect(failure(() => verifyJwt("a.b.c=", config, NOW))).toBe("MALFORMED");
    expect(failure(() => verifyJwt(`${Buffer.from("not json").toString("base64url")}.e30.abc`, config, NOW))).toBe("MALFORMED");
  });

  it("requires exp, and honours exp and nbf with a 30 s skew", () => {
    const noExp = signJwt({ role: "ADMIN" }, SECRET, { nowSeconds: NOW });
    expect(failure(() => verifyJwt(noExp, config, NOW))).toBe("BAD_CLAIMS");
    const token = signJwt({ role: "ADMIN" }, SECRET, { nowSeconds: NOW, expiresInSeconds: 60 });
    expect(verifyJwt(token, config, NOW + 60 + 29).role).toBe("ADMIN");
    expect(failure(() => verifyJwt(token, config, NOW + 60 + 30))).toBe("EXPIRED");
    const later = signJwt({ role: "ADMIN", nbf: NOW + 100 }, SECRET, { nowSeconds: NOW, expiresInSeconds: 600 });
    expect(failure(() => verifyJwt(later, config, NOW))).toBe("NOT_YET_VALID");
    expect(verifyJwt(later, config, NOW + 71).role).toBe("ADMIN");
  });

  it("checks issuer and audience when configured", () => {
    const token = signJwt({ role: "ADMIN", iss: "crm", aud: ["accountgraph", "other"] }, SECRET, { nowSeconds: NOW, expiresInSeconds: 60 });
    expect(verifyJwt(token, { ...config, issuer: "crm", audience: "accountgraph" }, NOW).role).toBe("ADMIN");
    expect(failure(() => verifyJwt(token, { ...config, issuer: "someone-else" }, NOW))).toBe("BAD_CLAIMS");
    expect(failure(() => verifyJwt(token, { ...config, audience: "billing" }, NOW))).toBe("BAD_CLAIMS");
  });

  it("requires a known role, and a managerId for MANAGER", () => {
    const root = signJwt({ role: "ROOT" }, SECRET, { nowSeconds: NOW, expiresInSeconds: 60 });
    expect(failure(() => verifyJwt(root, config, NOW))).toBe("BAD_CLAIMS");
    const manager = signJwt({ role: "MANAGER" }, SECRET, { nowSeconds: NOW, expiresInSeconds: 60 });
    expect(failure(() => verifyJwt(manager, config, NOW))).toBe("BAD_CLAIMS");
  });
});
