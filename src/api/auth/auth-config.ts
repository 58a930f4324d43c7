/**
 * Which credentials the API accepts, read once from the environment:
 *
 * - `API_KEYS="ROLE:managerId:sha256hex,..."` — hashed API keys (api-keys.ts);
 * - `JWT_SECRET` (≥ 32 bytes), optional `JWT_ISSUER` / `JWT_AUDIENCE` — HS256 tokens (jwt.ts).
 *
 * Neither set: local-development mode, every request acts as ADMIN. That is refused
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
  let jwt: JwtConfig | null = null;
  if (env.JWT_SECRET !== undefined && env.JWT_SECRET !== "") {
    if (Buffer.byteLength(env.JWT_SECRET, "utf8") < JWT_DEFAULTS.minSecretBytes) {
      throw new AuthConfigError(`config: JWT_SECRET must be at least ${JWT_DEFAULTS.minSecretBytes} bytes (HS256 needs a 256-bit key)`);
    }
    jwt = {
      secret: env.JWT_SECRET,
      ...(env.JWT_ISSUER ? { issuer: env.JWT_ISSUER } : {}),
      ...(env.JWT_AUDIENCE ? { audience: env.JWT_AUDIENCE } : {}),
    };
  }
  if (apiKeys.length === 0 && jwt === null) return OPEN_AUTH;
  return { mode: "enforced", apiKeys, jwt };
}

/** Production without credentials would be an open API: refuse to start, saying what to set. */
export function requireAuthInProduction(config: AuthConfig, production: boolean): void {
  if (production && config.mode === "open") {
    throw new AuthConfigError(
      "config: NODE_ENV=production but no authentication is configured. Set API_KEYS " +
        '("ROLE:managerId:sha256hex,...", create one with `npm run apikey:create -- --role ADMIN`) ' +
        "and/or JWT_SECRET (at least 32 bytes). Refusing to start an open API.",
    );
  }
}
