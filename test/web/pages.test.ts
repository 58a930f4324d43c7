/**
 * The browser pages as a person meets them after `npm install && npm start`: the real
 * entry point on the sample dataset, opened in a real headless Chromium (Debian's
 * chromium, driven by puppeteer-core; never downloaded) with every request to anything but
 * 127.0.0.1 aborted. Each page must load without a console error and without trying to
 * leave the machine; the explorer runs a README example; the map draws every account of
 * the sample, a click opens the side panel, and search finds an account by name.
 * Screenshots go to test-results/pages/ (gitignored) for a person to look at.
 * Without Chromium the test fails with what to install; it is never skipped.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWebBundles, WEB_OUTPUT_DIR } from "../../scripts/web/build-web.js";
import { CHROMIUM_PATH, launchTestBrowser, newPageLog, requireChromium, type PageLog, type TestBrowser } from "../support/browser.js";
import { startServerProcess, type ServerProcess } from "../support/server-process.js";

// The functions passed to page.evaluate / waitForFunction run in the page; these name its globals
// for the type checker without bringing the DOM library into the Node test build.
declare const document: {
  body: { dataset: Record<string, string | undefined> };
  querySelector(selector: string): { textContent: string | null } | null;
  getElementById(id: string): { getBoundingClientRect(): { left: number; top: number } } | null;
};
declare const window: unknown;

export const SCREENSHOT_DIR = fileURLToPath(new URL("../../test-results/pages/", import.meta.url));

interface MapHandle {
  graph: { nodes(): string[]; getNodeAttribute(node: string, name: string): number };
  renderer: {
    getNodeDisplayData(node: string): { x: number; y: number; hidden?: boolean } | undefined;
    framedGraphToViewport(point: { x: number; y: number }): { x: number; y: number };
  };
}

describe("browser pages (headless Chromium, network blocked)", () => {
  const dir = mkdtempSync(join(tmpdir(), "accountgraph-pages-"));
  let server: ServerProcess;
  let browser: TestBrowser;
  /** The server's origin, no trailing slash. */
  let origin: string;

  beforeAll(async () => {
    // `npm test` builds the bundles first (pretest); a lone `vitest run` of this file builds them here.
    if (!existsSync(join(WEB_OUTPUT_DIR, "assets", "map.js"))) await buildWebBundles();
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    // Without Chromium every test below fails on its first line (requireChromium), by name.
    if (existsSync(CHROMIUM_PATH)) browser = await launchTestBrowser();
    server = await startServerProcess({ SQLITE_PATH: join(dir, "pages.db") });
    origin = new URL(server.url).origin;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const expectClean = (log: PageLog) => {
    expect(log.blocked, "requests that tried to leave the machine").toEqual([]);
    expect(log.consoleErrors, "console errors").toEqual([]);
    expect(log.pageErrors, "uncaught page errors").toEqual([]);
  };
  const open = (path: string, log: PageLog) => {
    requireChromium();
    return browser.open(`${origin}${path}`, log);
  };
  const shoot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });

  it("the landing page names the product and links the explorer, map, schema and Sandbox", async () => {
    const log = newPageLog();
    const page = await open("/", log);
    expect(await page.$eval("h1", (h) => h.textContent)).toBe("accountgraph");
    const links = await page.$$eval("a", (as) => as.map((a) => a.getAttribute("href")));
    expect(links).toEqual(expect.arrayContaining(["/explorer", "/map", "/schema.graphql", "/graphql"]));
    expect(await page.$eval("#curl", (pre) => pre.textContent)).toContain(`${origin}/graphql`);
    await shoot(page, "landing");
    expectClean(log);
    await page.close();
  });

  it("the explorer runs the first README example", async () => {
    const log = newPageLog();
    const page = await open("/explorer", log);
    await page.waitForSelector(".graphiql-execute-button", { timeout: 30_000 });
    // Monaco has put the example into the editor before the button runs it.
    await page.waitForFunction(() => document.querySelector(".graphiql-query-editor")?.textContent?.includes("accounts"), { timeout: 30_000 });
    await page.click(".graphiql-execute-button");
    await page.waitForFunction(() => document.querySelector(".graphiql-response")?.textContent?.includes("totalCount"), { timeout: 30_000 });
    const response = await page.$eval(".graphiql-response", (el) => el.textContent ?? "");
    expect(response).toContain("annualRevenue");
    expect(response).not.toContain('"errors"');
    await shoot(page, "explorer");
    expectClean(log);
    await page.close();
  });

  it("the map draws every account, opens the side panel on a click, and finds an account by name", { timeout: 180_000 }, async () => {
    const log = newPageLog();
    const page = await open("/map", log);
    await page.waitForFunction(() => document.body.dataset.mapState === "ready" || document.body.dataset.mapState === "error", { timeout: 60_000 });
    expect(await page.evaluate(() => document.body.dataset.mapState)).toBe("ready");
    const total = (await server.gql(`{ accounts(first: 1) { totalCount } }`)).data.accounts.totalCount as number;
    // Nodes sigma holds display data for and does not hide: what it draws.
    const drawn = await page.evaluate(() => {
      const map = (window as { accountgraphMap: MapHandle }).accountgraphMap;
      return map.graph.nodes().filter((node) => {
        const display = map.renderer.getNodeDisplayData(node);
        return display !== undefined && !display.hidden;
      }).length;
    });
    expect(drawn).toBe(total);

    // Click the biggest node where sigma drew it, once ForceAtlas2 has stopped moving it.
    await page.waitForFunction(() => document.body.dataset.layout === "done", { timeout: 60_000 });
    const target = await page.evaluate(() => {
      const map = (window as { accountgraphMap: MapHandle }).accountgraphMap;
      const node = map.graph.nodes().sort((a, b) => map.graph.getNodeAttribute(b, "size") - map.graph.getNodeAttribute(a, "size"))[0]!;
      const point = map.renderer.framedGraphToViewport(map.renderer.getNodeDisplayData(node)!);
      const box = document.getElementById("graph")!.getBoundingClientRect();
      return { node, x: box.left + point.x, y: box.top + point.y };
    });
    await page.mouse.click(target.x, target.y);
    await page.waitForSelector("#panel-title", { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector("#panel")?.textContent?.includes("Strategic score"), { timeout: 30_000 });
    const clicked = await server.gql(`query($id: ID!) { account(id: $id) { name } }`, { id: target.node });
    expect(await page.$eval("#panel-title", (h) => h.textContent)).toBe(clicked.data.account.name);
    await shoot(page, "map-panel");

    await page.type("#search", "grace book");
    await page.waitForSelector("#matches li", { timeout: 10_000 });
    expect(await page.$$eval("#matches li", (items) => items.map((li) => li.textContent))).toContain("Grace Bookkeeping Services");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector("#panel-title")?.textContent === "Grace Bookkeeping Services", { timeout: 30_000 });
    await shoot(page, "map-search");
    expectClean(log);
    await page.close();
  });
});
