/**
 * The credential the pages send (an API key `agk_…` or a JWT), kept in this browser's
 * localStorage so the explorer and the map share it. Sent as `Authorization: Bearer …`,
 * exactly as any other client of the API would; with none set, requests go without it
 * (fine in local-development mode, where every request acts as ADMIN).
 */
const KEY = "accountgraph.credential";

export function readCredential(): string {
  try {
    return localStorage.getItem(KEY) ?? "";
  } catch {
    return "";
  }
}

export function saveCredential(value: string): void {
  try {
    if (value.trim()) localStorage.setItem(KEY, value.trim());
    else localStorage.removeItem(KEY);
  } catch {
    // Private mode without storage: the credential lasts for this page only.
  }
}

export function authHeaders(credential = readCredential()): Record<string, string> {
  return credential ? { Authorization: `Bearer ${credential}` } : {};
}
