# One image for the migrate job, plan-service and the gateway (docker-compose picks the command).
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN npm install -g pnpm@12.4.2
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY packages/plan-store/package.json packages/plan-store/
COPY packages/plan-service/package.json packages/plan-service/
COPY packages/http-gateway/package.json packages/http-gateway/
RUN pnpm install --frozen-lockfile
COPY tsconfig.base.json buf.yaml buf.gen.yaml ./
COPY proto proto
COPY migrations migrations
COPY packages packages
RUN pnpm build
# Keep only what runs: production dependencies and the builds.
RUN pnpm install --frozen-lockfile --prod --offline

FROM node:20-bookworm-slim
ENV NODE_ENV=production
# A container is reached through its published ports, so it listens on every interface; outside
# a container the gateway defaults to 127.0.0.1.
ENV HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 8000 50051 9464
CMD ["node", "packages/http-gateway/dist/bin.js"]
