#!/usr/bin/env bash
# Builds every fuzz target in fuzz/ (cargo-fuzz, libFuzzer) and runs each for
# FUZZ_SECONDS (default 20) seconds, starting from the seeds in
# fuzz/corpus/<target>/. Fails if any target crashes; the input that crashed
# it is kept under fuzz/artifacts/<target>/ (see docs/hardening.md).
#
#   scripts/fuzz.sh                      every target, 20 s each
#   FUZZ_SECONDS=60 scripts/fuzz.sh      longer
#   scripts/fuzz.sh ws_agent_frame ...   only these targets
#
# Only stable Rust is needed: cargo-fuzz passes -Z flags to rustc, which
# RUSTC_BOOTSTRAP=1 allows on a stable compiler. FUZZ_SANITIZER picks the
# sanitizer (default none: chatd has no unsafe code, and without ASan the
# build is faster and each target runs several times as many inputs;
# `address` works too). Overflow checks and debug assertions are always on.
#
# With CARGO_TARGET_DIR set (CI), builds go to $CARGO_TARGET_DIR/fuzz and the
# corpus each run grows to $CARGO_TARGET_DIR/fuzz/corpus, so both are cached
# with the rest of the target dir; the committed seeds are never written to.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-20}"
sanitizer="${FUZZ_SANITIZER:-none}"
export RUSTC_BOOTSTRAP=1
if [[ -n "${CARGO_TARGET_DIR:-}" ]]; then
  export CARGO_TARGET_DIR="$CARGO_TARGET_DIR/fuzz"
  work="$CARGO_TARGET_DIR/corpus"
else
  work="$PWD/fuzz/target/corpus"
fi

step() { printf '\n==> %s\n' "$*" >&2; }

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  step "installing cargo-fuzz"
  cargo install --locked cargo-fuzz
fi

cd fuzz
if [[ $# -gt 0 ]]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo fuzz list)
fi

step "building ${#targets[@]} fuzz targets (sanitizer: $sanitizer)"
# 16 codegen units: a much faster build for a slightly slower fuzzer.
build=(cargo fuzz build --sanitizer "$sanitizer" --codegen-units 16)
if [[ $# -gt 0 ]]; then
  for t in "${targets[@]}"; do "${build[@]}" "$t"; done
else
  "${build[@]}"
fi

# Run the built binaries directly: `cargo fuzz run` would ask cargo again
# for every target.
host=$(rustc -vV | sed -n 's/^host: //p')
bin_dir="${CARGO_TARGET_DIR:-$PWD/target}/$host/release"
failed=()
summary=()
for t in "${targets[@]}"; do
  step "fuzzing $t for ${seconds}s"
  mkdir -p "$work/$t" "artifacts/$t"
  log="$work/$t.log"
  # The first corpus dir gets the new inputs; the seeds are only read.
  if "$bin_dir/$t" "$work/$t" "corpus/$t" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="artifacts/$t/" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1)
    summary+=("$(printf '%-22s %12s runs %8s/s' "$t" "${runs:-?}" "${speed:-?}")")
  else
    tail -n 60 "$log" >&2
    failed+=("$t")
    summary+=("$(printf '%-22s CRASHED (fuzz/artifacts/%s/)' "$t" "$t")")
  fi
done

step "fuzz summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}" >&2
if [[ ${#failed[@]} -gt 0 ]]; then
  printf '\nfuzz targets that crashed: %s\n' "${failed[*]}" >&2
  printf 'reproduce: cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run -s %s TARGET artifacts/TARGET/crash-...\n' "$sanitizer" >&2
  exit 1
fi
