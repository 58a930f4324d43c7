/**
 * A stand-in identity provider for JWT tests: signing keys made with node:crypto, and a
 * local node:http server publishing their JWK Set, which a test can rotate, break, slow
 * down or stop, while counting how often it was asked.
 */
import { generateKeyPairSync, type JsonWebKey, type KeyObject } from "node:crypto";
import http, { type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { AsymmetricAlgorithm } from "../../src/api/auth/jwt.js";
import { signJwtWithKey, type SignJwtOptions } from "./jwt-signer.js";

export interface SigningKey {
  alg: AsymmetricAlgorithm;
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public JWK as an IdP publishes it: with kid, alg and use. */
  jwk: JsonWebKey & { kid: string; alg: string; use: string };
}

/** A fresh key pair for `alg` (RSA 2048 unless `modulusLength` says otherwise; EC P-256). */
export function makeSigningKey(alg: AsymmetricAlgorithm, kid: string, options: { modulusLength?: number } = {}): SigningKey {
  const { privateKey, publicKey } =
    alg === "ES256"
      ? generateKeyPairSync("ec", { namedCurve: "P-256" })
      : generateKeyPairSync("rsa", { modulusLength: options.modulusLength ?? 2048 });
  return { alg, kid, privateKey, publicKey, jwk: { ...publicKey.export({ format: "jwk" }), kid, alg, use: "sig" } };
}

/** A token signed by `key`, valid for 5 minutes unless `options` say otherwise. */
export function signWithKey(key: SigningKey, claims: Record<string, unknown>, options: SignJwtOptions & { kid?: string | null } = {}): string {
  const { kid, ...rest } = options;
  return signJwtWithKey(claims, key.privateKey, {
    expiresInSeconds: 300,
    ...rest,
    alg: key.alg,
    ...(kid === null ? {} : { kid: kid ?? key.kid }),
  });
}

/** ok: serve the set; failing: HTTP 500; hanging: never answer; huge: a body past any sane cap. */
export type JwksServerMode = "ok" | "failing" | "hanging" | "huge";

export interface JwksServer {
  url: string;
  /** Requests received so far. */
  hits(): number;
  /** Publishes these JWKs from now on (key rotation). */
  publish(jwks: object[]): void;
  setMode(mode: JwksServerMode): void;
  close(): Promise<void>;
}

export async function startJwksServer(jwks: object[]): Promise<JwksServer> {
  let published = jwks;
  let mode: JwksServerMode = "ok";
  let hits = 0;
  const hanging: ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    hits += 1;
    if (mode === "hanging") {
      hanging.push(res);
      return;
    }
    if (mode === "failing") {
      res.statusCode = 500;
      res.end("identity provider is having a bad day");
      return;
    }
    res.setHeader("content-type", "application/json");
    if (mode === "huge") {
      res.end(JSON.stringify({ keys: published, padding: "x".repeat(1024 * 1024) }));
      return;
    }
    res.end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    hits: () => hits,
    publish: (next) => {
      published = next;
    },
    setMode: (next) => {
      mode = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A URL on which nothing listens (connections are refused): an IdP that is down. */
export async function unreachableUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/.well-known/jwks.json`;
}
