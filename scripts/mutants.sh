#!/usr/bin/env bash
# Mutation testing of the statistics and KPI formulas (docs/src/mutation-testing.md):
# cargo-mutants changes one operator or return value at a time in each file below, rebuilds,
# and runs the library's unit tests; a mutant the tests do not catch ("missed") is a wrong
# formula nobody would notice. Prints caught / missed / unviable / timeouts per file.
#
# Not part of CI: each mutant is a rebuild of the crate plus a test run, a minute or more on
# 2 shared cores, and the four files have 355 mutants: hours in all (stats.rs 108,
# precision.rs 37, kpi.rs 174, kpis.rs 36; `cargo mutants --list --file FILE`).
#
# Only the library's unit tests (`--cargo-arg=--lib`) are built and run against each
# mutant. The whole suite per mutant (integration and golden tests, several minutes each)
# is out of reach on this machine; the command that would do it is
#   cargo mutants --file src/experiment/stats.rs -j 1 --timeout 1200
# (no `--cargo-arg=--lib`), for each file.
#
# Needs cargo-mutants:
#   CARGO_BUILD_JOBS=1 nice -n 10 cargo install cargo-mutants --locked
# Usage: scripts/mutants.sh [FILE...]   (default: the files below)
# Results go to $OUT (default /tmp/omnisim-mutants), one folder per file.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/omnisim-mutants}
TIMEOUT=${TIMEOUT:-300}
if ! cargo mutants --version > /dev/null 2>&1; then
  echo "error: cargo-mutants is not installed (cargo install cargo-mutants --locked)" >&2
  exit 2
fi
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=(src/experiment/stats.rs src/experiment/precision.rs src/sim/kpi.rs src/kpis.rs)
fi
mkdir -p "$OUT"
count() { if [ -f "$1" ]; then grep -c . "$1" || true; else echo 0; fi; }
summary=()
for f in "${files[@]}"; do
  name=$(basename "$f" .rs)
  dir="$OUT/$name"
  rm -rf "$dir"
  # Exit status 2 means "some mutants were missed": still a result, keep going.
  # `--cargo-arg --lib` reaches both the build (`cargo test --no-run`) and the test run, so
  # the integration test binary (tests/it) is neither built nor run for each mutant.
  CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1} nice -n 10 cargo mutants --file "$f" -j 1 \
    --timeout "$TIMEOUT" --output "$dir" --cargo-arg=--lib || true
  m="$dir/mutants.out"
  caught=$(count "$m/caught.txt")
  missed=$(count "$m/missed.txt")
  unviable=$(count "$m/unviable.txt")
  timeout=$(count "$m/timeout.txt")
  viable=$((caught + missed + timeout))
  rate=$(awk -v c="$caught" -v v="$viable" 'BEGIN { if (v > 0) printf "%.1f%%", 100 * c / v; else print "-" }')
  summary+=("$(printf '%-28s caught %4d  missed %3d  unviable %3d  timeouts %2d  catch rate %s' \
    "$f" "$caught" "$missed" "$unviable" "$timeout" "$rate")")
  if [ "$missed" -gt 0 ]; then
    echo "missed in $f:"
    sed 's/^/  /' "$m/missed.txt"
  fi
done
echo
echo "mutation testing, $(date -u +%Y-%m-%d), library unit tests only (cargo mutants --cargo-arg=--lib):"
printf '%s\n' "${summary[@]}"
