# Build and run image for docker-compose users (no image can be built on the CI machine itself).
FROM node:20.19-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20.19-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# the embedded store, read models and keys live in a volume the service (user node) can write, and only it
ENV LEDGER_DATA_DIR=/var/lib/phi-ledger
RUN mkdir -p /var/lib/phi-ledger && chown node:node /var/lib/phi-ledger && chmod 700 /var/lib/phi-ledger
VOLUME ["/var/lib/phi-ledger"]
USER node
EXPOSE 3000
# ready = the store and the read models answer (GET /health/ready); node's own fetch, the image has no curl
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# the same V8 flags as `npm start` (docs/operations.md, "Memory")
# the V8 heap flags follow LEDGER_MEMORY_MB (src/app/heap-flags.ts)
CMD ["sh", "-c", "exec node $(node dist/app/heap-flags.js) dist/app/main.js"]
