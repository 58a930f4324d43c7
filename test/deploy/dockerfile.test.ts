/**
 * The image's security defaults, read from the Dockerfile and docker-compose.yml as text:
 * there is no Docker engine on the build machines, so the image is never built here (this
 * test proves nothing about building it). What it pins is what a reviewer would check and a
 * later edit could silently undo: the runtime stage defaults to production (so the server
 * refuses to start without credentials — that refusal itself is tested on the real entry
 * point in test/api/auth/auth-start.test.ts), carries no compiler, copies the modules built
 * in the build stage, runs as a non-root user on a current Node LTS; and the compose file
 * opts into local-development mode explicitly.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url);
const dockerfile = readFileSync(new URL("Dockerfile", root), "utf8");
const compose = readFileSync(new URL("docker-compose.yml", root), "utf8");

/** Instructions (comments and line continuations folded) per stage. */
function stages(text: string): string[][] {
  const instructions = text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const result: string[][] = [];
  for (const instruction of instructions) {
    if (/^FROM\s/i.test(instruction)) result.push([]);
    result.at(-1)?.push(instruction);
  }
  return result;
}

describe("Dockerfile", () => {
  const all = stages(dockerfile);
  const runtime = all.at(-1)!;

  it("builds in one stage and runs from another, both on Node 24 (the current LTS)", () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (const stage of all) expect(stage[0]).toMatch(/^FROM node:24[-.\w]*(\s+AS\s+\w+)?$/i);
  });

  it("defaults the runtime to production and sets no credentials", () => {
    const env = runtime.filter((line) => /^ENV\s/i.test(line)).join(" ");
    expect(env).toMatch(/\bNODE_ENV=production\b/);
    expect(dockerfile).not.toMatch(/NODE_ENV=development/);
    expect(dockerfile).not.toMatch(/\b(API_KEYS|JWT_SECRET|JWT_JWKS_URL)=/);
  });

  it("has no compiler in the runtime stage and copies the built modules from the build stage", () => {
    expect(runtime.join("\n")).not.toMatch(/apt-get|g\+\+|\bmake\b|python3|npm (ci|install)/);
    expect(runtime).toContainEqual(expect.stringMatching(/^COPY --from=build \/app\/node_modules \.\/node_modules$/));
    expect(runtime).toContainEqual(expect.stringMatching(/^COPY --from=build \/app\/dist \.\/dist$/));
  });

  it("runs as the unprivileged node user", () => {
    expect(runtime).toContainEqual("USER node");
  });
});

describe("docker-compose.yml", () => {
  it("opts the API into local-development mode explicitly, and says so", () => {
    expect(compose).toMatch(/^\s+NODE_ENV: development$/m);
    expect(compose).toMatch(/LOCAL\s+DEVELOPMENT/);
  });
});
