# syntax=docker/dockerfile:1
# The PGB Portaal in three stages: the NL Design System CSS from npm, the Go
# binary (which embeds web/static), and a small Debian runtime.

# 1. Front-end assets: what scripts/assets.sh does (npm ci + build-assets.mjs).
FROM node:20-bookworm-slim AS assets
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY web/build-assets.mjs ./
COPY web/static ./static
RUN node build-assets.mjs

# 2. The binary. templ output is committed, so no generation step is needed.
FROM golang:1.26-bookworm AS build
WORKDIR /src
ENV CGO_ENABLED=0
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=assets /src/web/static/vendor ./web/static/vendor
RUN go build -trimpath -ldflags="-s -w" -o /out/pgbportaal ./cmd/pgbportaal

# 3. Runtime: debian-slim for a shell (demo-data, then serve) and curl (the
# healthcheck); the binary itself is static and carries its time zone data.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin pgb
COPY --from=build /out/pgbportaal /usr/local/bin/pgbportaal
USER 10001
ENV PGB_ADDR=:8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["pgbportaal"]
CMD ["serve"]
