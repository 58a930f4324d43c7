/**
 * Turns a request's credentials into an Actor, before any GraphQL runs:
 * `Authorization: Bearer <API key | JWT>` or `X-API-Key: <API key>`.
 *
 * Missing or invalid credentials end the request with HTTP 401, code UNAUTHENTICATED
 * and a `WWW-Authenticate: Bearer` challenge (RFC 6750 §3); the reason given is
 * coarse ("expired", "invalid") so the response never helps guess a key.
 * In local-development mode every request is the LOCAL_DEVELOPMENT_ACTOR (ADMIN).
 */
import { HeaderMap } from "@apollo/server";
import { GraphQLError } from "graphql";
import { LOCAL_DEVELOPMENT_ACTOR, type Actor } from "../../services/access-policy.js";
import { ApiKeyRegistry } from "./api-keys.js";
import type { AuthConfig } from "./auth-config.js";
import { JwtError, looksLikeJwt, verifyJwt, type JwtConfig } from "./jwt.js";

export interface CredentialHeaders {
  get(name: string): string | undefined;
}

export class Authenticator {
  readonly mode: AuthConfig["mode"];
  private readonly apiKeys: ApiKeyRegistry;
  private readonly jwt: JwtConfig | null;

  constructor(config: AuthConfig) {
    this.mode = config.mode;
    this.apiKeys = new ApiKeyRegistry(config.mode === "enforced" ? config.apiKeys : []);
    this.jwt = config.mode === "enforced" ? config.jwt : null;
  }

  /** What is accepted, for the start-up log. */
  describe(): string {
    if (this.mode === "open") return "none (local-development mode: every request is ADMIN)";
    return [this.apiKeys.size > 0 ? `${this.apiKeys.size} API key(s)` : null, this.jwt ? "HS256 JWT" : null].filter(Boolean).join(" + ");
  }

  /** The actor of a request; throws an UNAUTHENTICATED GraphQLError (HTTP 401) when there is none. */
  authenticate(headers: CredentialHeaders, requestId: string): Actor {
    if (this.mode === "open") return LOCAL_DEVELOPMENT_ACTOR;
    const token = presentedToken(headers);
    if (token === undefined) throw unauthenticated("authentication required: send Authorization: Bearer <API key or JWT>", requestId);
    if (token === null) throw unauthenticated("unsupported Authorization scheme: use Bearer", requestId);
    if (this.jwt && looksLikeJwt(token)) {
      try {
        return verifyJwt(token, this.jwt);
      } catch (error) {
        if (error instanceof JwtError) {
          const expired = error.reason === "EXPIRED";
          throw unauthenticated(expired ? "token has expired" : "invalid token", requestId, expired ? "TOKEN_EXPIRED" : undefined);
        }
        throw error;
      }
    }
    const actor = this.apiKeys.resolve(token);
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
