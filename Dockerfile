# API image for docker-compose.yml. better-sqlite3 builds from source, hence the toolchain.
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY tsconfig.json ./
COPY src ./src
COPY schema ./schema
COPY seeds ./seeds
ENV NODE_ENV=development PORT=4000
EXPOSE 4000
CMD ["npx", "tsx", "src/main.ts"]
