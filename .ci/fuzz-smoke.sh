#!/usr/bin/env bash
# A short fuzzing run of both targets (fuzz/), so CI exercises the fuzzers
# themselves and not only the committed corpora (which the test command
# replays through the same checks: tests/it/fuzz_corpus.rs). Each target runs
# from a copy of its corpus for FUZZ_SECONDS (default 30); a crash, hang or
# out-of-memory fails the step and leaves the input in fuzz/artifacts/.
# The long runs behind the corpus are described in fuzz/Cargo.toml.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${FUZZ_SECONDS:-30}"

# cargo-fuzz from crates.io, at the version the corpus was made with, only
# when missing. RUSTC_BOOTSTRAP=1 lets the stable toolchain take the -Z flags
# it passes (the machine has no nightly).
if ! cargo fuzz --version 2>/dev/null | grep -q "0.13"; then
  cargo install cargo-fuzz --version 0.13.2 --locked
fi
export RUSTC_BOOTSTRAP=1

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for target in scenario scenario_files; do
  cp -r "corpus/$target" "$work/$target"
  dict="$target.dict"
  echo "-- $target, ${seconds} s"
  status=0
  cargo fuzz run -a "$target" "$work/$target" -- \
    -dict="$dict" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=20 \
    -print_final_stats=1 >"$work/$target.log" 2>&1 || status=$?
  # libFuzzer's chatter stays in the log; its final statistics are shown.
  grep -E "^stat::(number_of_executed_units|peak_rss_mb)" "$work/$target.log" || true
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$work/$target.log" >&2
    echo "fuzz target $target failed; its input is in fuzz/artifacts/$target/" >&2
    exit 1
  fi
done
