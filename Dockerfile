# API image. Production by default: NODE_ENV=production, so the server refuses to start
# until credentials are given (API_KEYS, JWT_SECRET and/or JWT_JWKS_URL; see the README's
# "Security and limits"). docker-compose.yml opts into local-development mode explicitly.
#
# Two stages on the same base: `build` compiles the TypeScript and better-sqlite3's native
# module (it builds from source, which needs python3, make and g++), then drops the dev
# dependencies; the runtime stage copies the built node_modules and dist, so it carries no
# compiler. Node 24 is the current LTS; the project also runs on Node 20 and 22.
# Compiled JS, not tsx: tsx turns on source maps, and neo4j-driver captures a stack trace per
# query result (`npm run load` measured the compiled server faster).
FROM node:24-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts explicitly allowed for better-sqlite3 and esbuild (newer npm blocks dependency scripts by default).
RUN npm ci --no-audit --no-fund --allow-scripts=better-sqlite3,esbuild \
 && node -e "new (require('better-sqlite3'))(':memory:').close()"
COPY tsconfig.json vitest.config.ts README.md ./
COPY src ./src
COPY schema ./schema
COPY seeds ./seeds
COPY scripts ./scripts
# The browser pages (web/) are bundled into dist/web by `npm run build`.
COPY web ./web
COPY bench ./bench
COPY test ./test
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-slim
WORKDIR /app
ENV NODE_ENV=production PORT=4000
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Neo4j constraints and indexes, read at start by dist/src/store/neo4j/neo4j-schema.js.
COPY schema ./schema
# The embedded SQLite store (used when NEO4J_URI is unset) lives in a volume owned by the unprivileged user.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Same node flags as `npm run start:prod` (package.json, where they are explained in the README).
CMD ["node", "--max-semi-space-size=64", "dist/src/main.js"]
