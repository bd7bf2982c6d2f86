#!/usr/bin/env bash
# Mutation testing of the statistics and KPI formulas (docs/src/mutation-testing.md):
# cargo-mutants changes one operator or return value at a time in each file below, rebuilds,
# and runs the library's unit tests; a mutant the tests do not catch ("missed") is a wrong
# formula nobody would notice. Prints caught / missed / unviable / timeouts per file.
#
# Not part of CI: the four files have 355 mutants (stats.rs 108, precision.rs 37, kpi.rs 174,
# kpis.rs 36; `cargo mutants --list --file FILE`), each an incremental rebuild of the crate
# (7 to 30 seconds on 2 shared cores) plus a test run (under a second): 76 minutes in all
# when measured.
#
# What keeps a mutant cheap:
# - one cargo-mutants run for all the files: the copy of the tree and the build of the
#   dependencies happen once, not once per file;
# - `--profile mutants` (Cargo.toml): the test profile without debug info;
# - only the library's unit tests (`--cargo-arg=--lib`) are built and run against each
#   mutant: `--cargo-arg` reaches both the build (`cargo test --no-run`) and the test run, so
#   the integration test binary (tests/it) is neither built nor run. The whole suite per mutant
#   (integration and golden tests, several minutes each) is out of reach on this machine;
#   the command that would do it is
#     cargo mutants --file src/experiment/stats.rs -j 1 --timeout 1200
# - CARGO_TARGET_DIR is this tree's target/: the copy cargo-mutants builds in shares it, so
#   the dependencies are built once (and kept for the next run), not in every copy.
#   (`--copy-target=true` does not help: the copied files get new times, and cargo rebuilds
#   every dependency.) Do not build this tree with `--profile mutants` while it runs.
#
# Needs cargo-mutants:
#   CARGO_BUILD_JOBS=1 nice -n 10 cargo install cargo-mutants --locked
# Usage: scripts/mutants.sh [FILE...]   (default: the files below)
# Results go to $OUT (default /tmp/omnisim-mutants)/mutants.out; the per-file counts are
# taken from it.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/omnisim-mutants}
TIMEOUT=${TIMEOUT:-60}
if ! cargo mutants --version > /dev/null 2>&1; then
  echo "error: cargo-mutants is not installed (cargo install cargo-mutants --locked)" >&2
  exit 2
fi
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=(src/experiment/precision.rs src/experiment/stats.rs src/kpis.rs src/sim/kpi.rs)
fi
mkdir -p "$OUT"
rm -rf "$OUT/mutants.out" "$OUT/mutants.out.old"
args=()
for f in "${files[@]}"; do args+=(--file "$f"); done
start=$(date +%s)
# Exit status 2 means "some mutants were missed": still a result.
CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target} CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1} \
  nice -n 10 cargo mutants "${args[@]}" -j 1 --timeout "$TIMEOUT" --profile mutants \
  --output "$OUT" --cargo-arg=--lib || true
elapsed=$(($(date +%s) - start))
m="$OUT/mutants.out"
# Lines of a result file that name FILE ("FILE:line:col: ...").
count() { if [ -f "$m/$2" ]; then grep -c "^$1:" "$m/$2" || true; else echo 0; fi; }
summary=()
total=0
for f in "${files[@]}"; do
  caught=$(count "$f" caught.txt)
  missed=$(count "$f" missed.txt)
  unviable=$(count "$f" unviable.txt)
  timeout=$(count "$f" timeout.txt)
  total=$((total + caught + missed + unviable + timeout))
  viable=$((caught + missed + timeout))
  rate=$(awk -v c="$caught" -v v="$viable" 'BEGIN { if (v > 0) printf "%.1f%%", 100 * c / v; else print "-" }')
  summary+=("$(printf '%-28s caught %4d  missed %3d  unviable %3d  timeouts %2d  catch rate %s' \
    "$f" "$caught" "$missed" "$unviable" "$timeout" "$rate")")
  if [ "$missed" -gt 0 ]; then
    echo "missed in $f:"
    grep "^$f:" "$m/missed.txt" | sed 's/^/  /'
  fi
done
echo
echo "mutation testing, $(date -u +%Y-%m-%d), library unit tests only (cargo mutants --cargo-arg=--lib):"
printf '%s\n' "${summary[@]}"
if [ "$total" -gt 0 ]; then
  echo "$total mutants in ${elapsed}s: $((elapsed / total))s a mutant"
fi
