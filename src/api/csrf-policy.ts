/**
 * Cross-site request forgery policy: which requests a browser could have sent on another
 * site's behalf, and which of those are refused.
 *
 * CSRF needs *ambient* credentials: something the browser attaches to a request that
 * another site makes it send (cookies, cached HTTP auth, a client certificate, or the
 * network position of a server on localhost or an intranet). Apollo's `csrfPrevention`
 * therefore refuses every request a browser may send cross-site without a CORS preflight:
 * a GET, or a POST whose content type is one of the three "simple" ones
 * (https://www.apollographql.com/docs/apollo-server/security/cors#preventing-cross-site-request-forgery-csrf,
 * source: https://github.com/apollographql/apollo-server/blob/main/packages/server/src/preventCsrf.ts).
 * Its GET rule exists because a query over GET may still have side effects or leak
 * data to a server that trusts cookies.
 *
 * Here:
 * - **GET is served without a preflight header, for queries only.** This API takes
 *   credentials only from the `Authorization` and `X-API-Key` headers, which a cross-site
 *   page cannot make a browser attach without a preflight; it sets no cookies and sends
 *   no CORS headers, so another origin cannot read an answer either. Queries have no
 *   side effects (and are priced and bounded like any other request); Apollo answers a
 *   mutation over GET with 405 whatever the headers. This is what urql (GET for queries
 *   by default since v4), graphql-request in GET mode and CDN-cached clients send.
 *   The one ambient credential left is local-development mode (no credentials
 *   configured: every request is ADMIN, so a page the developer visits could make the
 *   browser send GETs to localhost): such a GET can only read, and cannot see the answer.
 * - **POST keeps Apollo's rule**, applied the same way: it needs a
 *   content type that forces a preflight (e.g. `application/json`, which every GraphQL
 *   client sends) or a non-empty `apollo-require-preflight` / `x-apollo-operation-name`
 *   header. That is where a forged request could write (a `text/plain` or form POST of
 *   a mutation, in local-development mode or behind network-position trust).
 */
import type { HeaderMap } from "@apollo/server";

/** Headers that only a script can set, so a request carrying one was preflighted (Apollo's list). */
export const PREFLIGHT_HEADERS = ["x-apollo-operation-name", "apollo-require-preflight"] as const;

/** Content types a browser sends cross-site without a preflight (Fetch standard's CORS-safelisted ones). */
const SIMPLE_CONTENT_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];

/** Why the request is refused as a possible forgery, or null when it may run. */
export function csrfRefusal(method: string, headers: HeaderMap): string | null {
  // Only a POST can be a forged write: GET is above, and Apollo runs no other method
  // (405 with `Allow: GET, POST`, which a CORS preflight OPTIONS gets too: no CORS here).
  if (method !== "POST") return null;
  const contentType = headers.get("content-type");
  if (contentType !== undefined && !SIMPLE_CONTENT_TYPES.includes(essenceOf(contentType))) return null;
  if (PREFLIGHT_HEADERS.some((name) => (headers.get(name) ?? "").length > 0)) return null;
  return (
    "This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). " +
    `Send a content-type other than ${SIMPLE_CONTENT_TYPES.join(", ")} (application/json), ` +
    `or a non-empty ${PREFLIGHT_HEADERS.join(" or ")} header.`
  );
}

/** `type/subtype` of a content-type header, lower-cased, without parameters. */
function essenceOf(contentType: string): string {
  return contentType.split(";")[0]!.trim().toLowerCase();
}
