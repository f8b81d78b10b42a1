# syntax=docker/dockerfile:1
# One image for both processes: the API by default, the worker with
# `command: ["node", "dist/worker-main.js"]` (see docker-compose.yml).
# Debian (glibc), not Alpine: @temporalio/core-bridge ships prebuilt glibc binaries.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /app
# The postinstall script (scripts/setup-tools.js) installs the Temporal CLI and test server for
# `npm start` / `npm test`; neither is needed in an image. Scarf is a dependency's install-time
# telemetry ping.
ENV SKIP_TEMPORAL_TOOLS=1 \
    SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN --mount=type=cache,target=/root/.npm \
    npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY web ./web
# tsc emits .js (and imported .json) only: copy any other file under src/ (templates, etc.) so
# dist/ is complete, then fail the build early if an entry point is missing. The build also bundles
# the workflow code into dist/workflow-bundle.js, which the worker loads instead of bundling at start-up.
# The web console: OpenAPI document → typed client → Vite bundle in web/dist (served by the API at /).
RUN npm run build:web \
 && npm run build \
 && tar -C src --exclude='*.ts' -cf - . | tar -C dist -xf - \
 && test -f dist/api-main.js \
 && test -f dist/worker-main.js \
 && test -f dist/workflow-bundle.js

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    SKIP_TEMPORAL_TOOLS=1 \
    SCARF_ANALYTICS=false \
    PORT=3000
# Install scripts stay on (no --ignore-scripts): the root postinstall must run, and it honours
# SKIP_TEMPORAL_TOOLS. Dependencies are installed as root and stay read-only for the `node` user.
COPY package.json package-lock.json ./
COPY scripts ./scripts
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
# Applied by the API at start when MIGRATE_ON_START=true.
COPY migrations ./migrations
USER node
EXPOSE 3000
CMD ["node", "dist/api-main.js"]
