# Production image for api, worker and the migrate step (one image, three commands).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --loglevel=warn --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json tsconfig.json nx.json ./
COPY apps apps
COPY libs libs
COPY tools tools
# tsc, tsc-alias, and the prebuilt workflow bundle (dist/workflow-bundle.js)
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --loglevel=warn --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist dist
# The access log's anchor directory (a volume in docker-compose), owned by the user the apps run as.
RUN mkdir -p /var/lib/psp/anchors && chown node:node /var/lib/psp/anchors
USER node
CMD ["node", "dist/apps/api/src/main.js"]
