/**
 * Local Neo4j for tests and CI, driven from Node (no dependencies beyond Node itself).
 *
 * There is no Docker engine on the build machines, so Neo4j Community 5.26 runs embedded:
 * `pom.xml` beside this file copies its jars from Maven Central into `.neo4j/lib`, and
 * `Launcher.java` (a one-file Java 17 program) starts N independent DBMS instances in one JVM,
 * each with Bolt on 127.0.0.1. Tests reach them with neo4j-driver exactly as production does.
 *
 * Cost (measured on the 2-core machine kind, shared with other work): jars ~50-90 s with an
 * empty ~/.m2, ~7 s from ~/.m2, 0.1 s when .neo4j/lib is complete; three instances ready with
 * ~7.5 s of CPU, four (the test default) with ~9 s: 9-25 s wall depending on load; JVM RSS
 * ~0.35-0.45 GB idle, ~0.55 GB peak during tests (heap capped at 1 GiB, 64 MiB page cache per
 * instance); stopping one instance ~1 s, starting it again ~1 s.
 */
import { spawn, execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** What every "cannot run Neo4j here" error tells the reader to do. */
export const NEO4J_SETUP_HINT = "install Java 17 and Maven, or set NEO4J_URI to an existing Neo4j 5.26";

export const DEFAULTS = {
  /** Cold JVM + three DBMS on two busy cores; generous so CI does not flake. */
  startTimeoutMs: 180_000,
  /** Clean shutdown of every instance; SIGKILL after this. */
  stopTimeoutMs: 45_000,
  /** `start K` re-opens a store and may run recovery. */
  controlTimeoutMs: 150_000,
  /** One heap shared by all instances in the JVM. */
  heap: "1g",
  pageCachePerInstance: "64m",
  /** Lines of launcher output quoted when startup fails. */
  outputTailLines: 40,
  /** Oldest Java that Neo4j 5.26 runs on. */
  minJavaMajor: 17,
} as const;

/**
 * JVM flags from Neo4j 5.26's own start configuration (`conf/neo4j.conf`, section "Open modules
 * for neo4j to allow internal access", the same list `neo4j-admin server migrate-configuration`
 * writes, see org.neo4j.commandline.dbms.ConfigFileMigrator). Without the --add-opens, the
 * page cache and Netty fall back to slow paths or fail with reflective-access errors on
 * `java.nio` / `sun.nio.ch`.
 */
export const JVM_FLAGS: readonly string[] = [
  "--add-opens=java.base/java.nio=ALL-UNNAMED",
  "--add-opens=java.base/java.io=ALL-UNNAMED",
  "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
  "--enable-native-access=ALL-UNNAMED",
  // Also from neo4j.conf: Netty direct buffers without cleaners, small cached NIO buffers.
  "-Dio.netty.tryReflectionSetAccessible=true",
  "-Djdk.nio.maxCachedBufferSize=1024",
  "-Dlog4j2.disable.jmx=true",
  "-XX:+UseG1GC",
  "-XX:-OmitStackTraceInFastThrow",
  // A test JVM that ran out of memory should die loudly rather than limp on.
  "-XX:+ExitOnOutOfMemoryError",
];

/**
 * C1-only JIT for short-lived test JVMs: measured here, three instances reach ready with about
 * half the CPU (7 s instead of 13-14 s) and ~70 MB less RSS. Tests run small queries, so the
 * peak speed C2 would bring later matters less than the cores it takes from the tests while
 * compiling. Long-lived dev instances (`npm run neo4j:start`) keep the full JIT.
 */
export const QUICK_START_JVM_FLAGS: readonly string[] = ["-XX:TieredStopAtLevel=1"];

/** Failure to fetch, start, stop or command the local Neo4j. */
export class Neo4jLauncherError extends Error {
  readonly code = "NEO4J_LAUNCHER_FAILED";
  constructor(message: string) {
    super(message);
    this.name = "Neo4jLauncherError";
  }
}

export interface Neo4jPaths {
  root: string;
  pom: string;
  launcher: string;
  cacheDir: string;
  libDir: string;
  stamp: string;
  /** Compiled Launcher classes, one folder per source hash. */
  classesDir: string;
}

/** Paths relative to the repository root (two levels above this file). */
export function resolveNeo4jPaths(root = resolve(dirname(fileURLToPath(import.meta.url)), "../..")): Neo4jPaths {
  const cacheDir = join(root, ".neo4j");
  const libDir = join(cacheDir, "lib");
  return {
    root,
    pom: join(root, "scripts/neo4j/pom.xml"),
    launcher: join(root, "scripts/neo4j/Launcher.java"),
    cacheDir,
    libDir,
    // Written only after a complete copy, so an interrupted fetch is never mistaken for one.
    stamp: join(libDir, ".complete.json"),
    classesDir: join(cacheDir, "classes"),
  };
}

interface JarStamp {
  neo4jVersion: string;
  pomSha256: string;
}

export interface EnsureJarsResult {
  libDir: string;
  neo4jVersion: string;
  fetched: boolean;
  jarCount: number;
  elapsedMs: number;
}

/**
 * Makes sure `.neo4j/lib` holds the jars the pom names, running Maven only when the copy is
 * missing, incomplete or made from another pom. Safe when several test runs share the tree:
 * each copies into its own temporary folder and renames it into place.
 */
export async function ensureNeo4jJars(paths = resolveNeo4jPaths()): Promise<EnsureJarsResult> {
  const started = Date.now();
  await assertJavaAvailable();
  const wanted = await readJarStamp(paths.pom);
  if (await isLibComplete(paths, wanted)) {
    return {
      libDir: paths.libDir,
      neo4jVersion: wanted.neo4jVersion,
      fetched: false,
      jarCount: await countJars(paths.libDir),
      elapsedMs: Date.now() - started,
    };
  }
  await assertToolRuns("mvn", ["-v"], "Maven");

  await mkdir(paths.cacheDir, { recursive: true });
  const staging = join(paths.cacheDir, `lib-staging-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    await runMaven(paths, staging);
    await writeFile(join(staging, ".complete.json"), JSON.stringify(wanted, null, 2));
    if (!(await isLibComplete(paths, wanted))) {
      await rm(paths.libDir, { recursive: true, force: true });
      try {
        await rename(staging, paths.libDir);
      } catch (error) {
        // Another run renamed its complete copy into place first; use that one.
        if (!(await isLibComplete(paths, wanted))) throw error;
      }
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  if (!(await isLibComplete(paths, wanted))) {
    throw new Neo4jLauncherError(`Neo4j jars in ${paths.libDir} are still incomplete after Maven ran; remove .neo4j and retry`);
  }
  return {
    libDir: paths.libDir,
    neo4jVersion: wanted.neo4jVersion,
    fetched: true,
    jarCount: await countJars(paths.libDir),
    elapsedMs: Date.now() - started,
  };
}

async function readJarStamp(pom: string): Promise<JarStamp> {
  const text = await readFile(pom, "utf8");
  const version = /<neo4j\.version>([^<]+)<\/neo4j\.version>/.exec(text)?.[1]?.trim();
  if (!version) throw new Neo4jLauncherError(`${pom} has no <neo4j.version> property`);
  return { neo4jVersion: version, pomSha256: createHash("sha256").update(text).digest("hex") };
}

async function isLibComplete(paths: Neo4jPaths, wanted: JarStamp): Promise<boolean> {
  if (!existsSync(paths.stamp)) return false;
  let stamp: Partial<JarStamp>;
  try {
    stamp = JSON.parse(readFileSync(paths.stamp, "utf8")) as Partial<JarStamp>;
  } catch {
    return false;
  }
  if (stamp.pomSha256 !== wanted.pomSha256) return false;
  const v = wanted.neo4jVersion;
  return existsSync(join(paths.libDir, `neo4j-${v}.jar`)) && existsSync(join(paths.libDir, `neo4j-bolt-${v}.jar`));
}

async function countJars(dir: string): Promise<number> {
  return (await readdir(dir)).filter((f) => f.endsWith(".jar")).length;
}

function runMaven(paths: Neo4jPaths, outputDir: string): Promise<void> {
  const args = ["-q", "-B", "-f", paths.pom, "dependency:copy-dependencies", `-DoutputDirectory=${outputDir}`];
  return new Promise((resolvePromise, reject) => {
    execFile("mvn", args, { cwd: paths.root, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolvePromise();
      const tail = lastLines(`${stdout}\n${stderr}`, DEFAULTS.outputTailLines);
      reject(new Neo4jLauncherError(`fetching Neo4j jars failed (mvn ${args.join(" ")}): ${error.message}\n${tail}\n(${NEO4J_SETUP_HINT})`));
    });
  });
}

/** Java must exist and be new enough; a clear hint beats a JVM stack trace. */
async function assertJavaAvailable(): Promise<void> {
  const output = await assertToolRuns("java", ["-version"], "Java");
  const major = parseJavaMajor(output);
  if (major !== undefined && major < DEFAULTS.minJavaMajor) {
    throw new Neo4jLauncherError(`Java ${major} found, Neo4j 5.26 needs Java ${DEFAULTS.minJavaMajor}+: ${NEO4J_SETUP_HINT}`);
  }
}

/** `java -version` prints e.g. `openjdk version "17.0.15"` (or `"1.8.0_392"` for Java 8). */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const quoted = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!quoted?.[1]) return undefined;
  const first = Number(quoted[1]);
  return first === 1 && quoted[2] ? Number(quoted[2]) : first;
}

function assertToolRuns(command: string, args: string[], name: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(command, args, (error, stdout, stderr) => {
      if (error) {
        const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
        reject(new Neo4jLauncherError(`${name} ${missing ? "not found on PATH" : `failed to run (${error.message})`}: ${NEO4J_SETUP_HINT}`));
        return;
      }
      resolvePromise(`${stdout}${stderr}`);
    });
  });
}

/**
 * Compiles Launcher.java once per content hash into `.neo4j/classes/<hash>` and returns that
 * folder, so each test run skips the source launcher's in-memory compile (~5 s of CPU on a
 * 2-core machine). Returns undefined when there is no javac (a bare JRE): the launcher then
 * runs in source-file mode, as `java ... Launcher.java` does by hand.
 */
export async function compileLauncher(paths = resolveNeo4jPaths()): Promise<string | undefined> {
  const source = await readFile(paths.launcher);
  const hash = createHash("sha256").update(source).digest("hex").slice(0, 16);
  const target = join(paths.classesDir, hash);
  if (existsSync(join(target, "Launcher.class"))) return target;
  const staging = `${target}-staging-${process.pid}-${randomBytes(4).toString("hex")}`;
  await mkdir(staging, { recursive: true });
  try {
    const compiled = await new Promise<boolean>((resolveCompile, reject) => {
      execFile("javac", ["-cp", `${paths.libDir}/*`, "-d", staging, paths.launcher], (error, stdout, stderr) => {
        if (!error) return resolveCompile(true);
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return resolveCompile(false);
        reject(new Neo4jLauncherError(`compiling ${paths.launcher} failed:\n${lastLines(`${stdout}\n${stderr}`, DEFAULTS.outputTailLines)}`));
      });
    });
    if (!compiled) return undefined;
    try {
      await rename(staging, target);
    } catch (error) {
      // A parallel run compiled the same source first; its classes are as good as ours.
      if (!existsSync(join(target, "Launcher.class"))) throw error;
    }
    return target;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

export interface Neo4jClusterOptions {
  instances: number;
  /** Each instance keeps its store under `<dataDir>/instance-<k>`. */
  dataDir: string;
  /** Fixed Bolt ports per instance; 0 or missing picks a free one. */
  ports?: number[];
  heap?: string;
  pageCachePerInstance?: string;
  /** Add QUICK_START_JVM_FLAGS (default true: test runs); false for a long-lived instance. */
  quickStart?: boolean;
  /** Extra JVM flags after the defaults (e.g. to try GC or JIT settings). */
  extraJvmFlags?: string[];
  startTimeoutMs?: number;
  paths?: Neo4jPaths;
}

export interface Neo4jCluster {
  /** Bolt URI of instance k at index k-1. */
  uris: string[];
  controlPort: number;
  pid: number;
  /** Shuts every instance down cleanly and waits for the JVM to exit. */
  stop(): Promise<void>;
}

/** Spawns the launcher JVM and resolves once every instance accepts Bolt. */
export async function startNeo4jCluster(options: Neo4jClusterOptions): Promise<Neo4jCluster> {
  const paths = options.paths ?? resolveNeo4jPaths();
  await ensureNeo4jJars(paths);
  const classes = await compileLauncher(paths);
  await mkdir(options.dataDir, { recursive: true });

  const args = [
    ...JVM_FLAGS,
    `-Xmx${options.heap ?? DEFAULTS.heap}`,
    ...(options.quickStart === false ? [] : QUICK_START_JVM_FLAGS),
    ...(options.extraJvmFlags ?? []),
    "-cp",
    // The JVM expands the wildcard itself; no shell is involved.
    classes ? `${paths.libDir}/*:${classes}` : `${paths.libDir}/*`,
    classes ? "Launcher" : paths.launcher,
    "--instances",
    String(options.instances),
    "--data-dir",
    options.dataDir,
    "--page-cache",
    options.pageCachePerInstance ?? DEFAULTS.pageCachePerInstance,
  ];
  if (options.ports?.length) args.push("--ports", options.ports.join(","));

  const child = spawn("java", args, { cwd: paths.root, stdio: ["pipe", "pipe", "pipe"] });
  // If Node exits without stop(), take the JVM along; closing stdin alone would also stop it.
  const killOnExit = () => {
    child.kill("SIGTERM");
  };
  process.once("exit", killOnExit);
  const exited = new Promise<number | null>((resolveExit) => {
    child.once("exit", (code, signal) => {
      process.removeListener("exit", killOnExit);
      resolveExit(code ?? (signal ? -1 : null));
    });
  });

  const tail: string[] = [];
  const remember = (line: string) => {
    tail.push(line);
    if (tail.length > DEFAULTS.outputTailLines) tail.shift();
  };
  const uris: string[] = [];
  let controlPort: number | undefined;

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin?.end();
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), DEFAULTS.stopTimeoutMs);
    try {
      await exited;
    } finally {
      clearTimeout(timer);
    }
  };

  const ready = new Promise<void>((resolveReady, reject) => {
    const fail = (why: string) =>
      reject(new Neo4jLauncherError(`local Neo4j did not start: ${why}\n--- last launcher output ---\n${tail.join("\n")}`));
    // Both streams must be drained for the JVM's whole life, or it blocks once a pipe fills.
    createInterface({ input: child.stderr! }).on("line", (line) => remember(`[stderr] ${line}`));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const readyLine = /^NEO4J_READY (\d+) (\S+)$/.exec(line);
      const controlLine = /^NEO4J_CONTROL (\d+)$/.exec(line);
      if (readyLine?.[1] && readyLine[2]) uris[Number(readyLine[1]) - 1] = readyLine[2];
      else if (controlLine?.[1]) controlPort = Number(controlLine[1]);
      else if (line === "NEO4J_ALL_READY") resolveReady();
      else if (line.startsWith("NEO4J_FAILED ")) fail(line.slice("NEO4J_FAILED ".length));
      else remember(line);
    });
    child.once("error", (error: NodeJS.ErrnoException) =>
      fail(error.code === "ENOENT" ? `java not found on PATH: ${NEO4J_SETUP_HINT}` : error.message),
    );
    void exited.then((code) => fail(`launcher JVM exited with code ${code} before it was ready`));
  });

  const timeoutMs = options.startTimeoutMs ?? DEFAULTS.startTimeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Neo4jLauncherError(`local Neo4j not ready after ${timeoutMs / 1000} s\n--- last launcher output ---\n${tail.join("\n")}`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([ready, timeout]);
  } catch (error) {
    await stop();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  if (controlPort === undefined || uris.length !== options.instances || uris.some((u) => !u)) {
    await stop();
    throw new Neo4jLauncherError(`launcher reported ready without every instance URI and a control port\n${tail.join("\n")}`);
  }
  return { uris, controlPort, pid: child.pid ?? -1, stop };
}

/**
 * Sends one control line (`stop K`, `start K`, `status`) to a running launcher and returns its
 * `OK ...` answer; an `ERR ...` answer or a dead socket rejects.
 */
export function controlNeo4j(controlPort: number, command: string, timeoutMs: number = DEFAULTS.controlTimeoutMs): Promise<string> {
  return new Promise((resolveAnswer, reject) => {
    const socket = connect({ host: "127.0.0.1", port: controlPort });
    let buffered = "";
    let settled = false;
    const settle = (error: Error | null, answer?: string) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      if (error) reject(error);
      else resolveAnswer(answer ?? "");
    };
    socket.setTimeout(timeoutMs, () => settle(new Neo4jLauncherError(`Neo4j control '${command}' got no answer in ${timeoutMs / 1000} s`)));
    socket.on("connect", () => socket.write(`${command}\n`));
    socket.on("data", (chunk) => {
      buffered += chunk.toString("utf8");
      const end = buffered.indexOf("\n");
      if (end < 0) return;
      const answer = buffered.slice(0, end).trim();
      if (answer.startsWith("OK")) settle(null, answer);
      else settle(new Neo4jLauncherError(`Neo4j control '${command}' failed: ${answer}`));
    });
    socket.on("error", (error) => settle(new Neo4jLauncherError(`Neo4j control port ${controlPort} unreachable: ${error.message}`)));
    socket.on("close", () => settle(new Neo4jLauncherError(`Neo4j control '${command}': connection closed without an answer`)));
  });
}

function lastLines(text: string, count: number): string {
  return text.trim().split("\n").slice(-count).join("\n");
}
