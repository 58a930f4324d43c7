/**
 * HS256 verification refuses every classic forgery (alg none, wrong key, tampered
 * claims) and enforces exp / nbf / iss / aud and the role claims.
 */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyJwt } from "../../../src/api/auth/jwt.js";
import { signJwt } from "../../support/jwt-signer.js";
import { jwtFailure } from "../../support/jwt-failure.js";

const SECRET = "0123456789abcdef0123456789abcdef-secret";
const NOW = 1_800_000_000;
const config = { secret: SECRET };

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

describe("verifyJwt", () => {
  it("accepts a valid token and returns its actor", async () => {
    const token = signJwt({ role: "MANAGER", managerId: "mgr_one", sub: "mona" }, SECRET, { nowSeconds: NOW, expiresInSeconds: 60 });
    expect(await verifyJwt(token, config, { nowSeconds: NOW + 10 })).toEqual({ role: "MANAGER", managerId: "mgr_one", subject: "jwt:mona" });
  });

  it("drops managerId for roles other than MANAGER", async () => {
    const token = signJwt({ role: "VIEWER", managerId: "mgr_one" }, SECRET, { nowSeconds: NOW, expiresInSeconds: 60 });
    expect(await verifyJwt(token, config, { nowSeconds: NOW })).toEqual({ role: "VIEWER", managerId: null, subject: "jwt:anonymous" });
  });

  it("refuses alg none, another algorithm, and crit headers", async () => {
    const payload = b64({ role: "ADMIN", exp: NOW + 60 });
    expect(await jwtFailure(() => verifyJwt(`${b64({ alg: "none" })}.${payload}.x`, config, { nowSeconds: NOW }))).toBe("UNSUPPORTED_ALGORITHM");
    const hs512Head = b64({ alg: "HS512" });
    const sig = createHmac("sha512", SECRET).update(`${hs512Head}.${payload}`).digest("base64url");
    expect(await jwtFailure(() => verifyJwt(`${hs512Head}.${payload}.${sig}`, config, { nowSeconds: NOW }))).toBe("UNSUPPORTED_ALGORITHM");
    const critHead = b64({ alg: "HS256", crit: ["exp"] });
    const critSig = createHmac("sha256", SECRET).update(`${critHead}.${payload}`).digest("base64url");
    expect(await jwtFailure(() => verifyJwt(`${critHead}.${payload}.${critSig}`, config, { nowSeconds: NOW }))).toBe("UNSUPPORTED_ALGORITHM");
  });

  it("refuses a wrong key and a tampered payload", async () => {
    const token = signJwt({ role: "VIEWER" }, "another-secret-another-secret-another", { nowSeconds: NOW, expiresInSeconds: 60 });
    expect(await jwtFailure(() => verifyJwt(token, config, { nowSeconds: NOW }))).toBe("BAD_SIGNATURE");
    const [head, , sig] = signJwt({ role: "VIEWER" }, SECRET, { nowSeconds: NOW, expiresInSeconds: 60 }).split(".");
    const promoted = b64({ role: "ADMIN", iat: NOW, exp: NOW + 60 });
    expect(await jwtFailure(() => verifyJwt(`${head}.${promoted}.${sig}`, config, { nowSeconds: NOW }))).toBe("BAD_SIGNATURE");
  });

  it("refuses malformed tokens", async () => {
    expect(await jwtFailure(() => verifyJwt("a.b", config, { nowSeconds: NOW }))).toBe("MALFORMED");
    expect(await jwtFailure(() => verifyJwt("a.b.c=", config, { nowSeconds: NOW }))).toBe("MALFORMED");
    expect(await jwtFailure(() => verifyJwt(`${Buffer.from("not json").toString("base64url")}.e30.abc`, config, { nowSeconds: NOW }))).toBe(
      "MALFORMED",
    );
  });

  it("requires exp, and honours exp and nbf with a 30 s skew", async () => {
    const noExp = signJwt({ role: "ADMIN" }, SECRET, { nowSeconds: NOW });
    expect(await jwtFailure(() => verifyJwt(noExp, config, { nowSeconds: NOW }))).toBe("BAD_CLAIMS");
    const token = signJwt({ role: "ADMIN" }, SECRET, { nowSeconds: NOW, expiresInSeconds: 60 });
    expect((await verifyJwt(token, config, { nowSeconds: NOW + 60 + 29 })).role).toBe("ADMIN");
    expect(await jwtFailure(() => verifyJwt(token, config, { nowSeconds: NOW + 60 + 30 }))).toBe("EXPIRED");
    const later = signJwt({ role: "ADMIN", nbf: NOW + 100 }, SECRET, { nowSeconds: NOW, expiresInSeconds: 600 });
    expect(await jwtFailure(() => verifyJwt(later, config, { nowSeconds: NOW }))).toBe("NOT_YET_VALID");
    expect((await verifyJwt(later, config, { nowSeconds: NOW + 71 })).role).toBe("ADMIN");
  });

  it("checks issuer and audience when configured", async () => {
    const token = signJwt({ role: "ADMIN", iss: "crm", aud: ["accountgraph", "other"] }, SECRET, { nowSeconds: NOW, expiresInSeconds: 60 });
    expect((await verifyJwt(token, { ...config, issuer: "crm", audience: "accountgraph" }, { nowSeconds: NOW })).role).toBe("ADMIN");
    expect(await jwtFailure(() => verifyJwt(token, { ...config, issuer: "someone-else" }, { nowSeconds: NOW }))).toBe("BAD_CLAIMS");
    expect(await jwtFailure(() => verifyJwt(token, { ...config, audience: "billing" }, { nowSeconds: NOW }))).toBe("BAD_CLAIMS");
  });

  it("requires a known role, and a managerId for MANAGER", async () => {
    const root = signJwt({ role: "ROOT" }, SECRET, { nowSeconds: NOW, expiresInSeconds: 60 });
    expect(await jwtFailure(() => verifyJwt(root, config, { nowSeconds: NOW }))).toBe("BAD_CLAIMS");
    const manager = signJwt({ role: "MANAGER" }, SECRET, { nowSeconds: NOW, expiresInSeconds: 60 });
    expect(await jwtFailure(() => verifyJwt(manager, config, { nowSeconds: NOW }))).toBe("BAD_CLAIMS");
  });
});
