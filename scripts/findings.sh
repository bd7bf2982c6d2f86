#!/usr/bin/env bash
# Reruns the experiments behind the manual's findings (docs/src/findings.md): the factorial of the levers
# on the default and holiday-peak stores, each step removed from the aligned store, and the
# variants a sceptical reviewer would try. Results go to $OUT (default /tmp/omnisim-findings).
# Takes about 10 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/omnisim-findings}
R=${R:-20}
mkdir -p "$OUT"
# OMNISIM=path/to/omnisim uses a built binary instead of `cargo run`.
omnisim() { if [ -n "${OMNISIM:-}" ]; then "$OMNISIM" "$@"; else cargo run --release --quiet -- "$@"; fi; }

# Each step alone (points with one lever high) and the main effects, default store.
omnisim run scenarios/default.toml --factorial -r "$R" --no-report --out "$OUT/default-factorial" > "$OUT/default-factorial.txt"
# Each step taken out of the aligned store: the factorial from aligned down to siloed.
omnisim run scenarios/default.toml --factorial --low aligned --high siloed -r "$R" --no-report --out "$OUT/default-without" > "$OUT/default-without.txt"
# The holiday peak.
omnisim run scenarios/holiday_peak.toml --factorial -r "$R" --no-report --out "$OUT/holiday-factorial" > "$OUT/holiday-factorial.txt"
# Variants: no returns at all; perfect records (no shrink, misplacement or scan errors).
sed 's/^online_return_rate = .*/online_return_rate = 0/; s/^store_return_rate = .*/store_return_rate = 0/' \
  scenarios/default.toml > "$OUT/no_returns.toml"
sed 's/^shrink_rate = .*/shrink_rate = 0/; s/^misplace_rate = .*/misplace_rate = 0/; s/^scan_error_rate = .*/scan_error_rate = 0/' \
  scenarios/default.toml > "$OUT/perfect_records.toml"
omnisim run "$OUT/no_returns.toml" -r "$R" --no-report --out "$OUT/no-returns" > "$OUT/no-returns.txt"
omnisim run "$OUT/perfect_records.toml" --factorial -r "$R" --no-report --out "$OUT/perfect-records" > "$OUT/perfect-records.txt"
# One line per step: alone against siloed, and taken out of aligned (sign flipped so that
# both read as what the step adds), for a few KPIs.
for kpi in bopis_on_time_rate bopis_ready_minutes_mean lost_sales_revenue nps labour_cost checkout_wait_minutes_mean record_accuracy; do
  awk -F, -v kpi="$kpi" 'FNR==1{next} $3=="all" && $4==kpi && $1 ~ /^siloed\+[a-z_]+$/ {
      sub("siloed\\+","",$1); printf "%-28s %-16s alone          %+.4g [%+.4g, %+.4g] significant: %s\n", kpi, $1, $5, $6, $7, $9 }' \
    "$OUT/default-factorial/comparison.csv"
  awk -F, -v kpi="$kpi" 'FNR==1{next} $3=="all" && $4==kpi && $1 ~ /^aligned\+[a-z_]+$/ {
      sub("aligned\\+","",$1); printf "%-28s %-16s within aligned %+.4g [%+.4g, %+.4g] significant: %s\n", kpi, $1, -$5, -$7, -$6, $9 }' \
    "$OUT/default-without/comparison.csv"
done
