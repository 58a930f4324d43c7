# API image for docker-compose.yml: compiled once (npm run build), run as plain JS.
# tsx from source would also work, but it turns on source maps, and neo4j-driver captures
# a stack trace per query result: `npm run load` measured the compiled server faster.
# better-sqlite3 builds from source, hence the toolchain in both stages.
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json README.md ./
COPY src ./src
COPY schema ./schema
COPY seeds ./seeds
COPY scripts ./scripts
# The browser pages (web/) are bundled into dist/web by `npm run build`.
COPY web ./web
COPY bench ./bench
COPY test ./test
COPY vitest.config.ts ./
RUN npm run build

FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY --from=build /app/dist ./dist
# Neo4j constraints and indexes, read at start by dist/src/store/neo4j/neo4j-schema.js.
COPY schema ./schema
ENV NODE_ENV=development PORT=4000
EXPOSE 4000
# Same node flags as `npm run start:prod` (package.json, where they are explained in the README).
CMD ["node", "--max-semi-space-size=64", "dist/src/main.js"]
