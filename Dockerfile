# syntax=docker/dockerfile:1
#
# itsm-crosswalk as a container image: the one binary (dataset and web page embedded), non-root,
# no shell, nothing else that runs.
#
#   docker build -t itsm-crosswalk:0.1.0 .
#   docker run --rm -p 8080:8080 itsm-crosswalk:0.1.0
#
# Decision: a glibc build on distroless/cc, not a static musl build on distroless/static.
# - A static musl build works (the only C compiled is psm's assembly, the stack guard of
#   async-graphql's parser, which musl-gcc handles) and was built and run on the development
#   machine, but musl's allocator serialises threads: measured side by side in one run, the musl
#   binary answered about half the requests per second of the glibc one, for /healthz and for
#   the README's clause query alike (docs/DEPLOY.md, "The image"). That undoes issue 11's work on
#   speed. With mimalloc as the global allocator the musl build got the clause query back to
#   glibc's rate; that is a change to Cargo.toml and main.rs, and docs/DEPLOY.md says how the
#   two stages below change then (musl-tools, the musl target, distroless/static).
# - distroless/cc is distroless/static plus glibc, libm and libgcc_s: still no shell, no package
#   manager, the `nonroot` user (65532), CA certificates and tzdata. The binary needs exactly
#   those libraries (checked below). Build and run stages are both Debian 12, so the glibc the
#   binary was linked against is the one it runs on.
# - Not debian-slim: a shell and apt in the image would be attack surface the server never uses.
#
# The healthcheck needs neither a shell nor curl: the binary probes itself
# (`itsm-crosswalk probe [URL]`, default http://127.0.0.1:8080/readyz; exit 0 on 200).
#
# Pin the base images by digest in a production pipeline (`FROM image:tag@sha256:...`); tags are
# given here because no registry could be asked for digests where this file was written.

ARG RUST_VERSION=1.95

FROM rust:${RUST_VERSION}-slim-bookworm AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /src
# The build context is an allow-list (.dockerignore): the manifest and lock file, build.rs, the
# sources, and what build.rs and include_bytes! embed (crosswalks/, assets/, the inventory
# template in examples/); benches/ only because Cargo.toml declares a bench target.
COPY . .
# The cache mounts keep the registry and the target directory between builds (BuildKit); the
# binary is copied out in the same step, since the target directory is not part of the layer.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked \
    && install -D -m 0755 target/release/itsm-crosswalk /out/usr/local/bin/itsm-crosswalk
# Refuse a binary that needs a library distroless/cc lacks, or that cannot load the dataset it
# ships with; then lay out the base dataset as files (for overlays: `--data` reads directories
# only) and an empty overlay directory, the mount point for a ConfigMap.
RUN needed="$(readelf -d /out/usr/local/bin/itsm-crosswalk | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p')" \
    && extra="$(grep -v -x -E 'libc\.so\.6|libm\.so\.6|libgcc_s\.so\.1|ld-linux-[a-z0-9-]+\.so\.[0-9]+' <<< "$needed" || true)" \
    && if [ -n "$extra" ]; then echo "needs libraries distroless/cc lacks: $extra" >&2; exit 1; fi \
    && /out/usr/local/bin/itsm-crosswalk validate --data crosswalks \
    && mkdir -p /out/usr/share/itsm-crosswalk /out/etc/itsm-crosswalk/overlay \
    && cp -r crosswalks /out/usr/share/itsm-crosswalk/crosswalks

FROM gcr.io/distroless/cc-debian12:nonroot
# /usr/local/bin/itsm-crosswalk, /usr/share/itsm-crosswalk/crosswalks (the embedded dataset as
# files, the base an overlay goes on), /etc/itsm-crosswalk/overlay (empty).
COPY --from=build /out/ /
USER 65532:65532
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
    CMD ["/usr/local/bin/itsm-crosswalk", "probe"]
ENTRYPOINT ["/usr/local/bin/itsm-crosswalk"]
CMD ["serve", "--addr", "0.0.0.0:8080"]
