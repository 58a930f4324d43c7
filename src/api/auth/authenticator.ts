/**
 * Turns a request's credentials into an Actor, before any GraphQL runs:
 * `Authorization: Bearer <API key | JWT>` or `X-API-Key: <API key>`.
 *
 * Missing or invalid credentials end the request with HTTP 401, code UNAUTHENTICATED
 * and a `WWW-Authenticate: Bearer` challenge (RFC 6750 §3); the reason given is
 * coarse ("expired", "invalid") so the response never helps guess a key. When a JWT
 * can be checked only against the identity provider's key set and none could ever be
 * fetched, the answer is 503 SERVICE_UNAVAILABLE instead (see `keysUnavailable`).
 * In local-development mode every request is the LOCAL_DEVELOPMENT_ACTOR (ADMIN).
 */
import { HeaderMap } from "@apollo/server";
import { GraphQLError } from "graphql";
import { LOCAL_DEVELOPMENT_ACTOR, type Actor } from "../../services/access-policy.js";
import { ApiKeyRegistry } from "./api-keys.js";
import type { Logger } from "../../logger.js";
import type { AuthConfig } from "./auth-config.js";
import { JwksKeySet, JwksUnavailableError, type JwksOptions } from "./jwks.js";
import { JWT_DEFAULTS, JwtError, looksLikeJwt, verifyJwt, type JwtConfig } from "./jwt.js";

export interface CredentialHeaders {
  get(name: string): string | undefined;
}

/** API keys created at runtime (services/api-key-service.ts): answered from memory, never a store query per request. */
export interface StoredApiKeys {
  resolve(key: string): Actor | null;
}

export interface AuthenticatorOptions {
  /** Accepted after the configured API_KEYS (which stay the bootstrap keys). */
  storedApiKeys?: StoredApiKeys;
  /** Receives the key set's fetch failures. */
  logger?: Pick<Logger, "warn">;
  /** Overrides JWKS_DEFAULTS (tests). */
  jwks?: Omit<JwksOptions, "url" | "logger">;
}

export class Authenticator {
  readonly mode: AuthConfig["mode"];
  private readonly apiKeys: ApiKeyRegistry;
  private readonly jwt: JwtConfig | null;
  private readonly jwks: JwksKeySet | null;
  private readonly storedApiKeys: StoredApiKeys | null;

  constructor(config: AuthConfig, options: AuthenticatorOptions = {}) {
    this.mode = config.mode;
    this.storedApiKeys = options.storedApiKeys ?? null;
    this.apiKeys = new ApiKeyRegistry(config.mode === "enforced" ? config.apiKeys : []);
    this.jwt = config.mode === "enforced" ? config.jwt : null;
    this.jwks = this.jwt?.jwksUrl
      ? new JwksKeySet({ ...options.jwks, url: this.jwt.jwksUrl, ...(options.logger ? { logger: options.logger } : {}) })
      : null;
  }

  /** What is accepted, for the start-up log. */
  describe(): string {
    if (this.mode === "open") return "none (local-development mode: every request is ADMIN)";
    const algorithms = (this.jwt?.algorithms ?? JWT_DEFAULTS.jwksAlgorithms).join("/");
    return [
      this.apiKeys.size > 0 ? `${this.apiKeys.size} API key(s)` : null,
      this.jwt?.secret !== undefined ? "HS256 JWT" : null,
      this.jwks ? `${algorithms} JWT (keys from ${this.jwks.displayUrl})` : null,
    ]
      .filter(Boolean)
      .join(" + ");
  }

  /**
   * The actor of a request; rejects with an UNAUTHENTICATED GraphQLError (HTTP 401) when
   * there is none, or SERVICE_UNAVAILABLE (HTTP 503) when a JWT cannot be checked yet.
   */
  async authenticate(headers: CredentialHeaders, requestId: string): Promise<Actor> {
    if (this.mode === "open") return LOCAL_DEVELOPMENT_ACTOR;
    const token = presentedToken(headers);
    if (token === undefined) throw unauthenticated("authentication required: send Authorization: Bearer <API key or JWT>", requestId);
    if (token === null) throw unauthenticated("unsupported Authorization scheme: use Bearer", requestId);
    if (this.jwt && looksLikeJwt(token)) {
      try {
        return await verifyJwt(token, this.jwt, { keys: this.jwks });
      } catch (error) {
        if (error instanceof JwtError) {
          const expired = error.reason === "EXPIRED";
          throw unauthenticated(expired ? "token has expired" : "invalid token", requestId, expired ? "TOKEN_EXPIRED" : undefined);
        }
        if (error instanceof JwksUnavailableError) throw keysUnavailable(requestId, error.retryAfterSeconds);
        throw error;
      }
    }
    const actor = this.apiKeys.resolve(token) ?? this.storedApiKeys?.resolve(token);
    if (!actor) throw unauthenticated("invalid credentials", requestId);
    return actor;
  }
}

/** undefined: nothing presented; null: an Authorization header we do not understand. */
function presentedToken(headers: CredentialHeaders): string | null | undefined {
  const authorization = headers.get("authorization");
  if (authorization !== undefined && authorization.trim() !== "") {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization.trim());
    return match ? match[1]! : null;
  }
  const apiKey = headers.get("x-api-key");
  return apiKey !== undefined && apiKey.trim() !== "" ? apiKey.trim() : undefined;
}

/**
 * 503, not 401: the token may be perfectly valid, we just cannot check it because the
 * identity provider's key set has never been reachable. A 401 tells a client its
 * credential is bad, so OAuth clients drop it and sign in again — piling onto an IdP
 * that is already failing — and it books our outage as the client's mistake. 503 with
 * Retry-After (RFC 9110 §15.6.4, §10.2.3) says "same request, later", the same answer
 * as a store outage (SERVICE_UNAVAILABLE). Nothing is let through: this never fails open.
 */
function keysUnavailable(requestId: string, retryAfterSeconds: number): GraphQLError {
  return new GraphQLError("cannot verify the token now: the identity provider's keys are unavailable; retry later", {
    extensions: {
      code: "SERVICE_UNAVAILABLE",
      requestId,
      http: { status: 503, headers: new HeaderMap([["retry-after", String(retryAfterSeconds)]]) },
    },
  });
}

function unauthenticated(message: string, requestId: string, reason?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: "UNAUTHENTICATED",
      requestId,
      ...(reason ? { reason } : {}),
      http: { status: 401, headers: new HeaderMap([["www-authenticate", 'Bearer realm="accountgraph"']]) },
    },
  });
}
