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
RUN mkdir -p /var/lib/phi-ledger && chown node:node /var/lib/phi-ledger
USER node
EXPOSE 3000
# the same V8 flags as `npm start` (docs/operations.md, "Memory")
CMD ["node", "--max-semi-space-size=64", "dist/app/main.js"]
