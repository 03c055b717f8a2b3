# syntax=docker/dockerfile:1
#
# itsm-crosswalk as a container image: the one static binary, non-root, nothing else that runs.
#
#   docker build -t itsm-crosswalk .
#   docker run --rm -p 8080:8080 itsm-crosswalk
#
# Decision: a static musl build on distroless/static (not debian-slim, not glibc).
# - The binary has no C library dependency of its own: TLS, zlib and the spreadsheet writer are
#   pure Rust, and the only C the build compiles is the assembly of `psm` (the stack guard of
#   async-graphql's parser), which musl-gcc (Debian's musl-tools) handles. A musl build is
#   therefore fully static and runs on an image with no libc, no shell and no package manager.
# - distroless/static over scratch: the same nothing-to-run, plus /etc/passwd with the `nonroot`
#   user (65532), /tmp, CA certificates and tzdata, so that the user has a name and nothing in
#   this file has to fake one.
# - Checked by hand on the development machine (no Docker engine there): the same `cargo build
#   --release --locked --target x86_64-unknown-linux-musl` gives a binary with no NEEDED entry and
#   no interpreter, which serves, validates and answers load (docs/DEPLOY.md).
# - The catch with musl is its allocator, which is slower than glibc's under many threads;
#   docs/DEPLOY.md records the throughput measured side by side. If it ever matters more than the
#   image size, build for the gnu target and use gcr.io/distroless/cc-debian12:nonroot instead.
#
# The healthcheck needs neither a shell nor curl: the binary probes itself
# (`itsm-crosswalk probe [URL]`, default http://127.0.0.1:8080/readyz; exit 0 on 200).
#
# Pin the base images by digest in a production pipeline (`FROM image:tag@sha256:...`); tags are
# given here so that the file reads, and because no registry could be asked for digests here.

ARG RUST_VERSION=1.95

FROM rust:${RUST_VERSION}-slim-bookworm AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# musl-gcc for psm's assembly; the musl target of the build platform's own architecture, so that
# `docker buildx build --platform linux/amd64,linux/arm64` needs no cross toolchain.
RUN apt-get update \
    && apt-get install -y --no-install-recommends musl-tools=1.2.3-1 \
    && rm -rf /var/lib/apt/lists/*
RUN rustup target add "$(uname -m)-unknown-linux-musl"
WORKDIR /src
# The build context is an allow-list (.dockerignore): the manifest and lock file, build.rs, the
# sources, and what build.rs and include_bytes! embed (crosswalks/, assets/, the inventory
# template in examples/). benches/ only because Cargo.toml declares a bench target.
COPY . .
# The cache mounts keep the registry and the target directory between builds (BuildKit); the
# binary is copied out in the same step because the target directory is not part of the layer.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    target="$(uname -m)-unknown-linux-musl" \
    && cargo build --release --locked --target "$target" \
    && install -D -m 0755 "target/$target/release/itsm-crosswalk" /out/usr/local/bin/itsm-crosswalk
# Refuse a binary that would not run on an image without libc, and one that cannot load the
# dataset it is shipped with.
RUN if readelf -l /out/usr/local/bin/itsm-crosswalk | grep -q 'INTERP'; then \
        echo "itsm-crosswalk is dynamically linked; the final image has no libc" >&2; exit 1; \
    fi \
    && /out/usr/local/bin/itsm-crosswalk validate --data crosswalks \
    && mkdir -p /out/usr/share/itsm-crosswalk /out/etc/itsm-crosswalk/overlay \
    && cp -r crosswalks /out/usr/share/itsm-crosswalk/crosswalks

FROM gcr.io/distroless/static-debian12:nonroot
# The binary (with the dataset and the web page embedded), the same dataset as files, so that an
# overlay directory can be served on top of it (`--data` reads directories only; see
# docs/DEPLOY.md), and an empty overlay directory, the mount point Kubernetes fills from a
# ConfigMap.
COPY --from=build /out/ /
USER 65532:65532
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
    CMD ["/usr/local/bin/itsm-crosswalk", "probe"]
ENTRYPOINT ["/usr/local/bin/itsm-crosswalk"]
CMD ["serve", "--addr", "0.0.0.0:8080"]
