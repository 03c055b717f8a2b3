#!/usr/bin/env bash
# Runs one fuzz target for a bounded time with AFL++ (cargo-afl, stable Rust), installing what is
# missing, and prints executions, coverage and crashes.
#
#   fuzz/run.sh TARGET SECONDS        TARGET: loader | graphql | inventory
#
# Each run writes fuzz/out/TARGET/<UTC time>/ (AFL's output: queue/, crashes/, hangs/,
# fuzzer_stats). Its starting corpus is the seeds written from the project's real files
# (`seeds` binary), the hand-made regression inputs of fuzz/seeds/TARGET/, and the queue of the
# target's previous run, if any, so that runs build on each other. Everything runs under
# `nice -n 19` on one core. Environment: FUZZ_TIMEOUT_MS (per input, default 3000).
set -euo pipefail

usage() { echo "usage: $0 loader|graphql|inventory SECONDS" >&2; exit 2; }
[ $# -eq 2 ] || usage
target=$1 seconds=$2
case $target in loader|graphql|inventory) ;; *) usage ;; esac
[[ $seconds =~ ^[0-9]+$ ]] && [ "$seconds" -gt 0 ] || usage

here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
export PATH="$HOME/.cargo/bin:$PATH"

# --- what AFL++ needs: a C toolchain with clang and llvm (Debian), cargo-afl (crates.io), and
# AFL++ itself, which `cargo afl config --build` compiles once per Rust version.
if ! command -v clang >/dev/null || ! command -v llvm-config >/dev/null; then
    echo "== installing clang and llvm (Debian)"
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang llvm >/dev/null
    else
        echo "clang/llvm missing: apt-get install clang llvm (as root)" >&2; exit 1
    fi
fi
if ! cargo afl --version >/dev/null 2>&1; then
    echo "== installing cargo-afl (crates.io)"
    nice -n 19 cargo install --locked cargo-afl
fi
afl_help=$(cargo afl fuzz -h 2>&1 || true)
if [[ $afl_help != *"-V seconds"* ]]; then
    echo "== building AFL++ for this Rust version"
    nice -n 19 cargo afl config --build
fi

# --- one instrumented build of every binary (the target, `seeds`, `replay`) in its own target
# directory, so that a plain `cargo build` here does not invalidate it. Instrumented binaries
# also run without AFL.
echo "== building the fuzz binaries (instrumented)"
CARGO_TARGET_DIR=target/afl nice -n 19 cargo afl build --release --locked --bins

stamp=$(date -u +%Y%m%dT%H%M%SZ)
base=out/$target
previous=$(ls -1d "$base"/2*/ 2>/dev/null | tail -n 1 || true)
run=$base/$stamp
mkdir -p "$run"
target/afl/release/seeds "$target" "$run/seeds"
if [ -d seeds/$target ]; then
    cp seeds/$target/* "$run/seeds/in/" 2>/dev/null || true
fi
if [ -n "$previous" ] && [ -d "$previous/default/queue" ]; then
    n=0
    for f in "$previous"/default/queue/id:*; do
        [ -f "$f" ] || continue
        cp "$f" "$run/seeds/in/prev-$(printf %05d $n)"; n=$((n + 1))
    done
    echo "== $n inputs carried over from $previous"
fi

echo "== fuzzing $target for ${seconds}s (output in fuzz/$run)"
# No UI (a status line every minute instead); no core binding on a shared machine; the core
# dump pattern and the CPU governor are the machine's business, not this script's.
export AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 \
    AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SUPPRESS_STATS_WARNING=1 \
    AFL_NO_WARN_INSTABILITY=1
start=$(date +%s)
# -V ends the campaign after that many seconds; timeout(1) is the backstop.
set +e
timeout --signal=INT --kill-after=30 $((seconds + 120)) \
    nice -n 19 cargo afl fuzz -V "$seconds" -t "${FUZZ_TIMEOUT_MS:-3000}" \
    -i "$run/seeds/in" -o "$run" -x "$run/seeds/dict" \
    "target/afl/release/$target" > "$run/afl.log" 2>&1
status=$?
set -e
elapsed=$(( $(date +%s) - start ))
stats=$run/default/fuzzer_stats
if [ ! -f "$stats" ]; then
    tail -n 40 "$run/afl.log" >&2
    echo "afl-fuzz stopped (exit $status) without statistics" >&2
    exit 1
fi
get() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
crashes=$(get saved_crashes) hangs=$(get saved_hangs)
cat <<EOF
== $target: ${elapsed}s
executions        $(get execs_done)
executions/s      $(get execs_per_sec)
corpus (paths)    $(get corpus_count) ($(get corpus_found) new)
edges             $(get edges_found) of $(get total_edges) ($(get bitmap_cvg))
stability         $(get stability)
crashes / hangs   $crashes / $hangs
row: | $(date -u +%Y-%m-%d) | $target | ${elapsed} s | $(get execs_done) | $(get execs_per_sec) | $(get corpus_count) / $(get edges_found) | $crashes | $hangs |
EOF
if [ "${crashes:-0}" != 0 ] || [ "${hangs:-0}" != 0 ]; then
    echo "== inputs to look at (reproduce without AFL: fuzz/target/afl/release/replay $target FILE):"
    ls -1 "$run"/default/crashes/id:* "$run"/default/hangs/id:* 2>/dev/null || true
fi
