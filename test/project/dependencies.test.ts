/**
 * package.json stays honest: every declared dependency is used, runtime dependencies are
 * the ones the server needs, and the declared Node versions are ones every installed
 * package accepts (so `npm ci` prints no EBADENGINE warning on any of them).
 * Running each Node is scripts/node-matrix.sh's job (README, "Node versions").
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../../", import.meta.url).pathname;
const readJson = (path: string) => JSON.parse(readFileSync(join(ROOT, path), "utf8"));

interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  scripts?: Record<string, string>;
  bin?: string | Record<string, string>;
  engines?: { node?: string };
}

const pkg = readJson("package.json") as Manifest & { name: string };
const lock = readJson("package-lock.json") as { packages: Record<string, Manifest & { optional?: boolean; dev?: boolean }> };
const installed = (name: string) => readJson(`node_modules/${name}/package.json`) as Manifest;

/** Packages imported (statically, dynamically or required) by the .ts / .cjs / .mjs files under `dirs`. */
function importedBy(dirs: string[]): Set<string> {
  const names = new Set<string>();
  const visit = (path: string) => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== "node_modules" && !entry.startsWith(".cache")) visit(join(path, entry));
      return;
    }
    if (!/\.(ts|tsx|cjs|mjs|js)$/.test(path)) return;
    const source = readFileSync(path, "utf8");
    for (const match of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)["']([^"'./][^"']*)["']/gm)) {
      const spec = match[1]!.replace(/^node:.*/, "");
      if (!spec) continue;
      const parts = spec.split("/");
      names.add(spec.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!);
    }
  };
  for (const dir of dirs) visit(join(ROOT, dir));
  return names;
}

/** Binaries run by the npm scripts (`tsx`, `tsc`, `vitest`, `depcruise`), by package. */
function runByScripts(names: string[]): Set<string> {
  const commands = Object.values(pkg.scripts ?? {}).join(" && ");
  const words = new Set(commands.split(/[\s&|;()"]+/));
  return new Set(
    names.filter((name) => {
      const { bin } = installed(name);
      const bins = typeof bin === "string" ? [name] : Object.keys(bin ?? {});
      return bins.some((b) => words.has(b));
    }),
  );
}

/** Required (non-optional) peer dependencies of the given packages. */
function requiredPeersOf(names: string[]): Set<string> {
  const peers = new Set<string>();
  for (const name of names) {
    const manifest = installed(name);
    for (const peer of Object.keys(manifest.peerDependencies ?? {})) {
      if (!manifest.peerDependenciesMeta?.[peer]?.optional) peers.add(peer);
    }
  }
  return peers;
}

const runtime = Object.keys(pkg.dependencies ?? {});
const dev = Object.keys(pkg.devDependencies ?? {});

describe("package.json dependencies", () => {
  it("lists as runtime dependencies only what the server, its scripts or their peers need", () => {
    const used = new Set([...importedBy(["src", "seeds", "scripts"]), ...runByScripts(runtime), ...requiredPeersOf(runtime)]);
    expect(runtime.filter((name) => !used.has(name))).toEqual([]);
  });

  it("uses every development dependency (tests, benchmarks, configs, npm scripts, types of a used package)", () => {
    const all = [...runtime, ...dev];
    const used = new Set([
      ...importedBy(["src", "seeds", "scripts", "bench", "test", "web", "vitest.config.ts", ".dependency-cruiser.cjs", "eslint.config.js"]),
      ...runByScripts(dev),
      ...requiredPeersOf(all),
    ]);
    const typesOfUsed = (name: string) => name.startsWith("@types/") && (name === "@types/node" || all.includes(name.slice(7)));
    expect(dev.filter((name) => !used.has(name) && !typesOfUsed(name))).toEqual([]);
  });
});

describe("package.json engines", () => {
  const engines = pkg.engines?.node ?? "";

  it("declares Node 20, 22 and 24", () => {
    for (const major of ["20", "22", "24"]) expect(semver.intersects(engines, `${major}.x`), `Node ${major}`).toBe(true);
    expect(semver.intersects(engines, "<20")).toBe(false);
  });

  it("is accepted by every package in the lock file, so npm ci warns no EBADENGINE", () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== "" && entry.engines?.node && !entry.optional)
      .filter(([, entry]) => !semver.subset(engines, entry.engines!.node!))
      .map(([path, entry]) => `${path.replace(/^.*node_modules\//, "")} wants node ${entry.engines!.node}`);
    expect(refusing).toEqual([]);
  });
});
