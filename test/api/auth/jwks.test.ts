/**
 * JWTs signed by an identity provider and checked against its JWK Set, fetched from a
 * local HTTP server: RS256 / ES256 / PS256 accepted with the right key only; key
 * rotation through one refetch; the refetch rate limit under a flood of unknown kids;
 * cached keys surviving an IdP outage; a bounded, explicit failure when the set was
 * never fetched; and the algorithm-confusion forgeries refused.
 */
import { createHmac } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { JwksKeySet, JwksUnavailableError, type JwksOptions } from "../../../src/api/auth/jwks.js";
import { verifyJwt, type JwtConfig } from "../../../src/api/auth/jwt.js";
import { signJwt } from "../../support/jwt-signer.js";
import { makeSigningKey, signWithKey, startJwksServer, unreachableUrl, type JwksServer } from "../../support/jwks-server.js";
import { captureLogger } from "../../support/secured-api.js";
import { jwtFailure } from "../../support/jwt-failure.js";

const rsa = makeSigningKey("RS256", "rsa-1");
const ec = makeSigningKey("ES256", "ec-1");
const pss = makeSigningKey("PS256", "pss-1");
const stranger = makeSigningKey("RS256", "rsa-1"); // same kid as `rsa`, another key: a forger's

const MANAGER = { role: "MANAGER", managerId: "mgr_one", sub: "mona" };

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

describe("JWTs verified with a JWKS", () => {
  let idp: JwksServer;
  let clock = 1_000_000_000;
  const sets: JwksKeySet[] = [];

  /** A key set over `url` on the test clock; the config accepts only JWKS-signed tokens unless `extra` adds a secret. */
  function setup(url = idp.url, options: Partial<JwksOptions> = {}, extra: Partial<JwtConfig> = {}) {
    const logs = captureLogger("warn");
    const keys = new JwksKeySet({ url, now: () => clock, logger: logs.logger, ...options });
    sets.push(keys);
    const config: JwtConfig = { jwksUrl: url, ...extra };
    return { keys, logs, verify: (token: string) => verifyJwt(token, config, { keys }) };
  }

  beforeAll(async () => {
    idp = await startJwksServer([rsa.jwk, ec.jwk, pss.jwk]);
  });
  afterEach(async () => {
    await Promise.all(sets.splice(0).map((set) => set.whenIdle()));
    idp.publish([rsa.jwk, ec.jwk, pss.jwk]);
    idp.setMode("ok");
  });
  afterAll(async () => {
    await idp.close();
  });

  it("accepts RS256, ES256 and PS256 tokens signed with a published key, fetching the set once", async () => {
    const { verify } = setup();
    const before = idp.hits();
    const expected = { role: "MANAGER", managerId: "mgr_one", subject: "jwt:mona" };
    expect(await verify(signWithKey(rsa, MANAGER))).toEqual(expected);
    expect(await verify(signWithKey(ec, MANAGER))).toEqual(expected);
    expect(await verify(signWithKey(pss, { role: "VIEWER" }))).toEqual({ role: "VIEWER", managerId: null, subject: "jwt:anonymous" });
    expect(idp.hits() - before).toBe(1);
  });

  it("refuses a token signed with another key under a published kid, and a tampered payload", async () => {
    const { verify } = setup();
    expect(await jwtFailure(() => verify(signWithKey(stranger, { role: "ADMIN" })))).toBe("BAD_SIGNATURE");
    const [head, , signature] = signWithKey(ec, { role: "VIEWER" }).split(".");
    const promoted = b64({ role: "ADMIN", exp: Math.floor(Date.now() / 1000) + 300 });
    expect(await jwtFailure(() => verify(`${head}.${promoted}.${signature}`))).toBe("BAD_SIGNATURE");
  });

  it("applies the same claim checks as HS256: expiry, issuer, audience, role", async () => {
    const { keys } = setup();
    const config: JwtConfig = { jwksUrl: idp.url, issuer: "https://idp.example", audience: "accountgraph" };
    const good = signWithKey(rsa, { ...MANAGER, iss: "https://idp.example", aud: "accountgraph" });
    expect((await verifyJwt(good, config, { keys })).managerId).toBe("mgr_one");
    const expired = signWithKey(rsa, { ...MANAGER, iss: "https://idp.example", aud: "accountgraph" }, { expiresInSeconds: -120 });
    expect(await jwtFailure(() => verifyJwt(expired, config, { keys }))).toBe("EXPIRED");
    const otherAudience = signWithKey(ec, { ...MANAGER, iss: "https://idp.example", aud: "billing" });
    expect(await jwtFailure(() => verifyJwt(otherAudience, config, { keys }))).toBe("BAD_CLAIMS");
    const noRole = signWithKey(ec, { iss: "https://idp.example", aud: "accountgraph" });
    expect(await jwtFailure(() => verifyJwt(noRole, config, { keys }))).toBe("BAD_CLAIMS");
  });

  it("refuses the algorithm-confusion forgeries", async () => {
    const { verify } = setup();
    const payload = b64({ role: "ADMIN", exp: Math.floor(Date.now() / 1000) + 300 });
    // HS256 "signed" with the IdP's public key as the HMAC secret: no secret configured, refused outright.
    const pem = rsa.publicKey.export({ format: "pem", type: "spki" }).toString();
    const hsHead = b64({ alg: "HS256", kid: "rsa-1" });
    const forged = `${hsHead}.${payload}.${createHmac("sha256", pem).update(`${hsHead}.${payload}`).digest("base64url")}`;
    expect(await jwtFailure(() => verify(forged))).toBe("UNSUPPORTED_ALGORITHM");
    expect(await jwtFailure(() => verify(signJwt({ role: "ADMIN" }, pem, { expiresInSeconds: 60 })))).toBe("UNSUPPORTED_ALGORITHM");
    // alg none, with and without a kid.
    expect(await jwtFailure(() => verify(`${b64({ alg: "none", kid: "rsa-1" })}.${payload}.`))).toBe("MALFORMED");
    expect(await jwtFailure(() => verify(`${b64({ alg: "none", kid: "rsa-1" })}.${payload}.AAAA`))).toBe("UNSUPPORTED_ALGORITHM");
    // An RS256 header naming the EC key, and an ES256 header naming the RSA key: the key type must fit.
    const [, ecBody, ecSig] = signWithKey(ec, { role: "ADMIN" }).split(".");
    expect(await jwtFailure(() => verify(`${b64({ alg: "RS256", kid: "ec-1" })}.${ecBody}.${ecSig}`))).toBe("UNKNOWN_KEY");
    expect(await jwtFailure(() => verify(signWithKey({ ...ec, kid: "rsa-1" }, { role: "ADMIN" })))).toBe("UNKNOWN_KEY");
    // The PSS key is published with alg PS256: an RS256 token under its kid is refused even though both are RSA.
    expect(await jwtFailure(() => verify(signWithKey({ ...pss, alg: "RS256" }, { role: "ADMIN" })))).toBe("UNKNOWN_KEY");
  });

  it("verifies HS256 with the secret only, when a secret and a key set are both configured", async () => {
    const secret = "a-shared-secret-of-at-least-32-bytes!!";
    const { verify } = setup(idp.url, {}, { secret });
    expect((await verify(signJwt({ role: "VIEWER" }, secret, { expiresInSeconds: 60 }))).role).toBe("VIEWER");
    expect((await verify(signWithKey(rsa, { role: "ADMIN" }))).role).toBe("ADMIN");
    const pem = rsa.publicKey.export({ format: "pem", type: "spki" }).toString();
    expect(await jwtFailure(() => verify(signJwt({ role: "ADMIN" }, pem, { expiresInSeconds: 60 })))).toBe("BAD_SIGNATURE");
  });

  it("picks the key by kid; without a kid, only when exactly one key fits the algorithm", async () => {
    const { verify } = setup();
    expect((await verify(signWithKey(ec, { role: "VIEWER" }, { kid: null }))).role).toBe("VIEWER");
    idp.publish([rsa.jwk, ec.jwk, makeSigningKey("ES256", "ec-2").jwk]);
    const second = setup();
    expect(await jwtFailure(() => second.verify(signWithKey(ec, { role: "VIEWER" }, { kid: null })))).toBe("UNKNOWN_KEY");
    expect((await second.verify(signWithKey(ec, { role: "VIEWER" }))).role).toBe("VIEWER");
  });

  it("ignores keys not meant for signatures, weak RSA keys, and secrets published in the set", async () => {
    const weak = makeSigningKey("RS256", "weak", { modulusLength: 1024 });
    const encryption = makeSigningKey("RS256", "enc-1");
    const wrapping = makeSigningKey("ES256", "ops-1");
    idp.publish([
      { ...encryption.jwk, use: "enc" },
      { ...wrapping.jwk, use: undefined, key_ops: ["encrypt"] },
      weak.jwk,
      { kty: "oct", kid: "oct-1", k: Buffer.from("a-shared-secret-of-at-least-32-bytes!!").toString("base64url"), use: "sig" },
      { kty: "RSA", kid: "broken", n: "AQAB" },
      rsa.jwk,
    ]);
    const { verify } = setup();
    expect(await jwtFailure(() => verify(signWithKey(encryption, { role: "ADMIN" })))).toBe("UNKNOWN_KEY");
    expect(await jwtFailure(() => verify(signWithKey(wrapping, { role: "ADMIN" })))).toBe("UNKNOWN_KEY");
    expect(await jwtFailure(() => verify(signWithKey(weak, { role: "ADMIN" })))).toBe("UNKNOWN_KEY");
    const octHead = b64({ alg: "HS256", kid: "oct-1" });
    const octBody = b64({ role: "ADMIN", exp: Math.floor(Date.now() / 1000) + 300 });
    const octSig = createHmac("sha256", "a-shared-secret-of-at-least-32-bytes!!").update(`${octHead}.${octBody}`).digest("base64url");
    expect(await jwtFailure(() => verify(`${octHead}.${octBody}.${octSig}`))).toBe("UNSUPPORTED_ALGORITHM");
    expect((await verify(signWithKey(rsa, { role: "ADMIN" }))).role).toBe("ADMIN");
  });

  it("follows a key rotation: an unknown kid triggers one refetch, and the new key is accepted", async () => {
    const { verify } = setup();
    expect((await verify(signWithKey(rsa, { role: "VIEWER" }))).role).toBe("VIEWER");
    const rotated = makeSigningKey("RS256", "rsa-2");
    idp.publish([rotated.jwk, ec.jwk]);
    clock += 31_000; // past the refetch interval, well within the cache TTL
    const before = idp.hits();
    expect((await verify(signWithKey(rotated, MANAGER))).managerId).toBe("mgr_one");
    expect(idp.hits() - before).toBe(1);
    // Known kids need no fetch.
    expect((await verify(signWithKey(rotated, MANAGER))).managerId).toBe("mgr_one");
    expect(idp.hits() - before).toBe(1);
  });

  it("drops a key removed from the set once the cache TTL has passed", async () => {
    const { keys, verify } = setup();
    expect((await verify(signWithKey(rsa, { role: "VIEWER" }))).role).toBe("VIEWER");
    idp.publish([ec.jwk]);
    clock += 10 * 60_000; // the default TTL
    // Stale-while-revalidate: this one is checked with the held set while the refresh runs...
    expect((await verify(signWithKey(rsa, { role: "VIEWER" }))).role).toBe("VIEWER");
    await keys.whenIdle();
    // ...and from then on the removed key is gone.
    expect(await jwtFailure(() => verify(signWithKey(rsa, { role: "VIEWER" })))).toBe("UNKNOWN_KEY");
  });

  it("refetches at most once per interval under a flood of tokens with random kids", async () => {
    const { verify } = setup();
    expect((await verify(signWithKey(ec, { role: "VIEWER" }))).role).toBe("VIEWER");
    clock += 31_000;
    const flood = () =>
      Promise.all(
        Array.from({ length: 100 }, (_, i) => jwtFailure(() => verify(signWithKey(rsa, { role: "ADMIN" }, { kid: `random-${Math.random()}-${i}` })))),
      );
    const before = idp.hits();
    expect(new Set(await flood())).toEqual(new Set(["UNKNOWN_KEY"]));
    expect(idp.hits() - before).toBe(1);
    clock += 10_000;
    expect(new Set(await flood())).toEqual(new Set(["UNKNOWN_KEY"]));
    expect(idp.hits() - before).toBe(1);
    clock += 21_000;
    await flood();
    expect(idp.hits() - before).toBe(2);
    // Genuine tokens went on working throughout.
    expect((await verify(signWithKey(ec, { role: "VIEWER" }))).role).toBe("VIEWER");
  });

  it("keeps using the cached keys when the IdP fails or goes away after the first fetch, and says so in the log", async () => {
    const own = await startJwksServer([rsa.jwk, ec.jwk]);
    const { keys, logs, verify } = setup(own.url);
    try {
      expect((await verify(signWithKey(rsa, MANAGER))).role).toBe("MANAGER");
      own.setMode("failing");
      clock += 10 * 60_000; // the cache is stale: a refresh is due
      expect((await verify(signWithKey(rsa, MANAGER))).role).toBe("MANAGER");
      await keys.whenIdle();
      expect(own.hits()).toBe(2);
      expect(logs.lines.some((line) => line.level === 40 && String(line.msg).includes("keeping the keys already held"))).toBe(true);
      // Gone for good (connections refused): still served from the cache, forgeries still refused.
      await own.close();
      clock += 60_000;
      expect((await verify(signWithKey(ec, MANAGER))).role).toBe("MANAGER");
      await keys.whenIdle();
      expect(await jwtFailure(() => verify(signWithKey(stranger, MANAGER)))).toBe("BAD_SIGNATURE");
      expect(logs.lines.filter((line) => String(line.msg).includes("keeping the keys already held"))).toHaveLength(2);
    } finally {
      await own.close();
    }
  });

  it("answers JwksUnavailableError quickly when the set was never fetched, and does not retry within the interval", async () => {
    const downUrl = await unreachableUrl();
    const { logs, verify } = setup(downUrl);
    const started = performance.now();
    const error = await verify(signWithKey(rsa, MANAGER)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JwksUnavailableError);
    expect((error as JwksUnavailableError).retryAfterSeconds).toBe(30);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(logs.lines.filter((line) => String(line.msg).startsWith("JWKS fetch failed"))).toHaveLength(1);
    clock += 12_000;
    const again = await verify(signWithKey(rsa, MANAGER)).catch((e: unknown) => e);
    expect((again as JwksUnavailableError).retryAfterSeconds).toBe(18);
    expect(logs.lines.filter((line) => String(line.msg).startsWith("JWKS fetch failed"))).toHaveLength(1);
    // Malformed tokens and foreign algorithms are refused as such, without needing the keys.
    expect(await jwtFailure(() => verify("a.b.c"))).toBe("MALFORMED");
  });

  it("bounds a fetch that hangs by the timeout, and refuses an oversized set", async () => {
    idp.setMode("hanging");
    const hung = setup(idp.url, { fetchTimeoutMs: 300 });
    const started = performance.now();
    await expect(hung.verify(signWithKey(rsa, MANAGER))).rejects.toBeInstanceOf(JwksUnavailableError);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(2_000);
    expect(hung.logs.lines.some((line) => String(line.reason).includes("timeout"))).toBe(true);

    idp.setMode("huge");
    const huge = setup();
    await expect(huge.verify(signWithKey(rsa, MANAGER))).rejects.toBeInstanceOf(JwksUnavailableError);
    expect(huge.logs.lines.some((line) => String(line.reason).includes("larger than"))).toBe(true);
  });
});
