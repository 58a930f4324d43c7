/**
 * The browser pages the server itself serves, with no CDN: the landing page at `/` (for a
 * browser: GET with Accept text/html and no GraphQL query), the explorer at /explorer, the
 * influence map at /map, their bundles under /assets/, and the schema as SDL at
 * /schema.graphql (outside production, like introspection). The pages are static files
 * built by scripts/web/build-web.ts into dist/web; they call the GraphQL API like any
 * other client, with the credential the user gives them.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { printAccountGraphSchema } from "../build-schema.js";
import { sendMethodNotAllowed, sendNotFound } from "../http-error-response.js";

const PAGES: Readonly<Record<string, string>> = { "/": "index.html", "/explorer": "explorer.html", "/map": "map.html" };

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".ttf": "font/ttf",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** dist/web beside the package root, whether this file runs from src/ (tsx) or dist/src/ (compiled). */
export function findWebRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, "dist", "web");
}

export interface WebPagesOptions {
  /** Folder of the built pages (default: dist/web of this package). */
  root?: string;
  /** Production: no schema download (introspection is off there too). */
  production: boolean;
}

export class WebPages {
  readonly #root: string;
  readonly #production: boolean;
  #schema: Promise<string> | null = null;

  constructor(options: WebPagesOptions) {
    this.#root = options.root ?? findWebRoot();
    this.#production = options.production;
  }

  /** Serves the request if it is for a page, an asset or the schema; returns whether it did. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<boolean> {
    if (req.method !== "GET" && req.method !== "HEAD") {
      // `/` also takes GraphQL POSTs; the other paths are ours only, so a POST there is the wrong method, not a wrong URL.
      if (url.pathname === "/" || !isPagePath(url.pathname)) return false;
      sendMethodNotAllowed(res, ["GET", "HEAD"], requestId);
      return true;
    }
    const page = PAGES[url.pathname];
    if (page !== undefined) {
      // `/` stays the GraphQL endpoint for clients that do not ask for HTML. A browser always
      // gets the landing page there, `?query=` or not: Sandbox is /graphql's.
      if (url.pathname === "/" && !prefersHtml(req)) return false;
      this.#sendFile(res, join(this.#root, page), requestId);
      return true;
    }
    if (url.pathname.startsWith("/assets/")) {
      const file = resolve(this.#root, `.${url.pathname}`);
      // Only files inside the assets folder, whatever "..", "%2e" or symlink games the path plays.
      if (!file.startsWith(join(this.#root, "assets") + sep) || !(extname(file) in CONTENT_TYPES)) return notFound(res, requestId);
      this.#sendFile(res, file, requestId);
      return true;
    }
    if (url.pathname === "/schema.graphql") {
      if (this.#production) return notFound(res, requestId);
      this.#schema ??= printAccountGraphSchema();
      res.setHeader("content-type", "text/plain; charset=utf-8");
      res.end(await this.#schema);
      return true;
    }
    return false;
  }

  #sendFile(res: ServerResponse, file: string, requestId: string): void {
    if (!existsSync(file) || !statSync(file).isFile()) {
      if (!existsSync(this.#root)) {
        res.statusCode = 503;
        res.setHeader("content-type", "text/plain; charset=utf-8");
        res.end("The browser pages are not built: run `npm run build:web` (npm start and npm run build do it for you).\n");
        return;
      }
      sendNotFound(res, requestId);
      return;
    }
    res.setHeader("content-type", CONTENT_TYPES[extname(file)] ?? "application/octet-stream");
    // Rebuilt bundles keep their names: browsers revalidate rather than run an old one.
    res.setHeader("cache-control", "no-cache");
    res.setHeader("x-content-type-options", "nosniff");
    res.end(readFileSync(file));
  }
}

/**
 * A browser's navigation (`text/html,application/xhtml+xml,…`), not a GraphQL client that
 * also lists HTML: one naming a JSON response type is answered GraphQL.
 */
function prefersHtml(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? "";
  return /text\/html/i.test(accept) && !/application\/(graphql-response\+)?json/i.test(accept);
}

function isPagePath(pathname: string): boolean {
  return pathname in PAGES || pathname.startsWith("/assets/") || pathname === "/schema.graphql";
}

function notFound(res: ServerResponse, requestId: string): true {
  sendNotFound(res, requestId);
  return true;
}
