/**
 * Reading the authentication settings: JWT_JWKS_URL alone or with JWT_SECRET, issuer
 * and audience applying to both, a bad URL refused at start without echoing it, and a
 * JWKS counting as authentication for the production check.
 */
import { describe, expect, it } from "vitest";
import { AuthConfigError, readAuthConfig, requireAuthInProduction } from "../../../src/api/auth/auth-config.js";

const JWKS = "https://idp.example.com/.well-known/jwks.json";

describe("readAuthConfig with JWT_JWKS_URL", () => {
  it("enforces authentication with a JWKS alone, or with a secret too; issuer and audience apply to both", () => {
    expect(readAuthConfig({ JWT_JWKS_URL: JWKS })).toEqual({ mode: "enforced", apiKeys: [], jwt: { jwksUrl: JWKS } });
    const both = readAuthConfig({
      JWT_JWKS_URL: ` ${JWKS} `,
      JWT_SECRET: "s".repeat(32),
      JWT_ISSUER: "https://idp.example.com/",
      JWT_AUDIENCE: "accountgraph",
    });
    expect(both).toEqual({
      mode: "enforced",
      apiKeys: [],
      jwt: { secret: "s".repeat(32), jwksUrl: JWKS, issuer: "https://idp.example.com/", audience: "accountgraph" },
    });
    expect(readAuthConfig({ JWT_JWKS_URL: "http://keycloak:8080/realms/crm/protocol/openid-connect/certs" }).mode).toBe("enforced");
    expect(readAuthConfig({ JWT_JWKS_URL: "  " })).toEqual({ mode: "open" });
  });

  it.each([
    ["not a URL", "idp.example.com/jwks.json", /not a URL/],
    ["another scheme", "file:///etc/jwks.json", /http or https/],
    ["credentials in the URL", "https://user:pa55@idp.example.com/jwks.json", /user name or password/],
  ])("refuses %s at start, without echoing the value", (_name, value, message) => {
    let error: unknown;
    try {
      readAuthConfig({ JWT_JWKS_URL: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AuthConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain(value);
  });

  it("counts a JWKS as authentication in production, and names it when nothing is set", () => {
    expect(() => requireAuthInProduction(readAuthConfig({ JWT_JWKS_URL: JWKS }), true)).not.toThrow();
    expect(() => requireAuthInProduction(readAuthConfig({}), true)).toThrow(/JWT_JWKS_URL/);
  });
});
