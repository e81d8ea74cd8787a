# Ollama Ops: the console (Next.js standalone server, `node server.js`) and the cache agent (`node agent/main.ts`) in one image.
# Runs as uid 1000 on a read-only root filesystem; only /tmp and /app/.next/cache need to be writable (emptyDir volumes).
# tests/integration/standalone-image.test.ts replays the runtime stage's COPY lines and CMD without Docker.
# The base image, pinned by digest so every rebuild starts from the same reviewed bytes (a tag can be moved): Node
# 24.21.0 on Debian bookworm-slim, the multi-architecture index digest (amd64 and arm64 both resolve). The tag is for
# readers; the digest decides. To update, run `docker buildx imagetools inspect node:24-bookworm-slim`, put the Node
# version and the index's "Digest:" here, rebuild and run the tests (Renovate and Dependabot can propose this).
ARG NODE_IMAGE=node:24.21.0-bookworm-slim@sha256:2fe369e969550cde8e867afc3fe370b260140cab4a23d467074295b42163d553

FROM ${NODE_IMAGE} AS deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM ${NODE_IMAGE} AS build
WORKDIR /src
ARG NEXT_DIST_DIR=.next
ENV NEXT_TELEMETRY_DISABLED=1 NEXT_DIST_DIR=${NEXT_DIST_DIR}
COPY --from=deps /src/node_modules ./node_modules
COPY . .
RUN npx next build

FROM ${NODE_IMAGE} AS runtime
ARG NEXT_DIST_DIR=.next
# HOSTNAME: Next's server binds to it; the pod's own name would leave localhost (kubectl port-forward) unanswered.
# NODE_OPTIONS: V8's heap caps for the pod's memory limit; MALLOC_ARENA_MAX: two glibc malloc arenas instead of up to 8 per
# core (deploy/base/deployment.yaml sets the same; README, "Memory budget").
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0 NODE_OPTIONS="--max-old-space-size=192 --max-semi-space-size=16" MALLOC_ARENA_MAX=2
WORKDIR /app
# Owned by root and not writable by the runtime user. public/ holds the favicon, app icons and web manifest.
COPY --from=build /src/${NEXT_DIST_DIR}/standalone ./
COPY --from=build /src/${NEXT_DIST_DIR}/static ./${NEXT_DIST_DIR}/static
COPY --from=build /src/public ./public
# The cache agent: plain TypeScript run by Node 24 itself, node: builtins only (agent/README.md).
COPY --from=build /src/agent/main.ts /src/agent/report.ts /src/agent/scan.ts /src/agent/wire.ts ./agent/
USER 1000:1000
EXPOSE 3000 9101
CMD ["node", "server.js"]
