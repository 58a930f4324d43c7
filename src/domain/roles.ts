/**
 * Who an authenticated caller may be. A plain value list so every layer can name a
 * role: the access rules (services/access-policy.ts), stored API keys (ports) and the
 * GraphQL `Role` enum all derive from it.
 */
export const ROLES = ["ADMIN", "MANAGER", "VIEWER"] as const;
export type Role = (typeof ROLES)[number];
