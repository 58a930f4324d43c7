/**
 * Which credentials the API accepts, read once from the environment:
 *
 * - `API_KEYS="ROLE:managerId:sha256hex,..."` — hashed API keys (api-keys.ts);
 * - `JWT_SECRET` (≥ 32 bytes) — HS256 tokens (jwt.ts);
 * - `JWT_JWKS_URL` (http or https) — RS256 / PS256 / ES256 tokens signed by an identity
 *   provider, checked against its published key set (jwks.ts);
 * - `JWT_ISSUER` / `JWT_AUDIENCE` — when set, required of every JWT, however signed;
 * - `JWT_MAX_LIFETIME_S` — how far ahead a JWT's `exp` may be (default 24 h).
 *
 * Both JWT variables may be set: a token's `alg` says which one checks it (HS256 the
 * secret, RS/PS/ES the key set), and each verifies only its own algorithms.
 * No credential set: local-development mode, every request acts as ADMIN. That is refused
 * when NODE_ENV=production (`requireAuthInProduction`), so a forgotten variable can
 * never ship an open API.
 */
import { parseApiKeys, type ApiKeyEntry } from "./api-keys.js";
import { JWT_DEFAULTS, type JwtConfig } from "./jwt.js";

export type AuthConfig = { mode: "open" } | { mode: "enforced"; apiKeys: ApiKeyEntry[]; jwt: JwtConfig | null };

export const OPEN_AUTH: AuthConfig = Object.freeze({ mode: "open" });

export class AuthConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuthConfigError";
  }
}

export function readAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  let apiKeys: ApiKeyEntry[];
  try {
    apiKeys = parseApiKeys(env.API_KEYS);
  } catch (error) {
    throw new AuthConfigError(`config: ${(error as Error).message}`);
  }
  const secret = env.JWT_SECRET !== undefined && env.JWT_SECRET !== "" ? env.JWT_SECRET : undefined;
  if (secret !== undefined && Buffer.byteLength(secret, "utf8") < JWT_DEFAULTS.minSecretBytes) {
    throw new AuthConfigError(`config: JWT_SECRET must be at least ${JWT_DEFAULTS.minSecretBytes} bytes (HS256 needs a 256-bit key)`);
  }
  const jwksUrl = env.JWT_JWKS_URL !== undefined && env.JWT_JWKS_URL.trim() !== "" ? checkJwksUrl(env.JWT_JWKS_URL.trim()) : undefined;
  const jwt: JwtConfig | null =
    secret === undefined && jwksUrl === undefined
      ? null
      : {
          ...(secret !== undefined ? { secret } : {}),
          ...(jwksUrl !== undefined ? { jwksUrl } : {}),
          ...(env.JWT_ISSUER ? { issuer: env.JWT_ISSUER } : {}),
          ...(env.JWT_AUDIENCE ? { audience: env.JWT_AUDIENCE } : {}),
          ...(env.JWT_MAX_LIFETIME_S ? { maxLifetimeSeconds: readLifetime(env.JWT_MAX_LIFETIME_S) } : {}),
        };
  if (apiKeys.length === 0 && jwt === null) return OPEN_AUTH;
  return { mode: "enforced", apiKeys, jwt };
}

function readLifetime(value: string): number {
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds <= 0)
    throw new AuthConfigError(`config: JWT_MAX_LIFETIME_S must be a whole number of seconds > 0, got ${value}`);
  return seconds;
}

/** An absolute http(s) URL; the value is not echoed (a URL may carry a token in its query). */
function checkJwksUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AuthConfigError("config: JWT_JWKS_URL is not a URL (expected e.g. https://idp.example.com/.well-known/jwks.json)");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new AuthConfigError("config: JWT_JWKS_URL must be an http or https URL");
  // fetch refuses URLs with credentials; say so at start rather than on the first token.
  if (url.username !== "" || url.password !== "") throw new AuthConfigError("config: JWT_JWKS_URL must not contain a user name or password");
  return url.href;
}

/** Production without credentials would be an open API: refuse to start, saying what to set. */
export function requireAuthInProduction(config: AuthConfig, production: boolean): void {
  if (production && config.mode === "open") {
    throw new AuthConfigError(
      "config: NODE_ENV=production but no authentication is configured. Set API_KEYS " +
        '("ROLE:managerId:sha256hex,...", create one with `npm run apikey:create -- --role ADMIN`) ' +
        "and/or JWT_SECRET (at least 32 bytes) and/or JWT_JWKS_URL (your identity provider's key set). Refusing to start an open API.",
    );
  }
}
