/**
 * A real headless Chromium for the page tests: Debian's `chromium` (installed by .ci/run
 * with apt-get), driven by puppeteer-core with its executable path; nothing is downloaded.
 * Every request to anything but 127.0.0.1 is aborted and recorded, so a page that tries
 * to reach a CDN or a font host fails the test instead of quietly working online.
 * Console errors and page errors are recorded too.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface PageLog {
  /** Requests that tried to leave the machine (aborted). */
  blocked: string[];
  consoleErrors: string[];
  pageErrors: string[];
}

export interface TestBrowser {
  browser: Browser;
  open(url: string, log: PageLog): Promise<Page>;
  close(): Promise<void>;
}

/** Fails (never skips) with what to install when Chromium is missing. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: the browser tests need Debian's chromium ` +
        "(apt-get update && apt-get install -y chromium; .ci/run does this) or CHROMIUM_PATH pointing at one.",
    );
  }
}

const LOCAL = /^(https?|wss?):\/\/127\.0\.0\.1(:\d+)?\//;
/** Requests that never leave the page: inline data, blob workers (ForceAtlas2's), about:blank. */
const IN_PAGE = /^(data|blob|about):/;

export async function launchTestBrowser(): Promise<TestBrowser> {
  requireChromium();
  const profile = mkdtempSync(join(tmpdir(), "accountgraph-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      // WebGL (sigma) on the CPU: SwiftShader stands in for the GPU that --disable-gpu turns off.
      "--use-angle=swiftshader",
      "--enable-unsafe-swiftshader",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-dev-shm-usage",
      `--user-data-dir=${profile}`,
      "--window-size=1400,900",
    ],
    defaultViewport: { width: 1400, height: 900 },
  });
  return {
    browser,
    async open(url, log) {
      const page = await browser.newPage();
      await page.setRequestInterception(true);
      page.on("request", (request) => {
        const target = request.url();
        if (LOCAL.test(target) || IN_PAGE.test(target)) return void request.continue();
        log.blocked.push(target);
        void request.abort("blockedbyclient");
      });
      page.on("console", (message) => {
        if (message.type() === "error") log.consoleErrors.push(`${message.text()} @ ${message.location().url ?? ""}`);
      });
      page.on("pageerror", (error) => log.pageErrors.push(String(error)));
      await page.goto(url, { waitUntil: "load" });
      return page;
    },
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function newPageLog(): PageLog {
  return { blocked: [], consoleErrors: [], pageErrors: [] };
}
