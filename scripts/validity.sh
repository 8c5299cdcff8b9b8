#!/usr/bin/env bash
# Regenerates docs/validity.md from real runs: the Cardano Stack Exchange dump, then the
# SNAP Higgs activity log, each in a fresh temporary warehouse.  Every number in the page
# comes from `swaylens validate`; never edit them by hand.
#
# Usage: bash scripts/validity.sh [OUT]   (default docs/validity.md)
# Data: $SWAYLENS_SHARED_DATA, else ../shared/data beside the checkout; without it the
# Cardano section uses the copy bundled with the demo and the Higgs section is left out.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/docs/validity.md}"
data="${SWAYLENS_SHARED_DATA:-$root/../shared/data}"
swaylens="${SWAYLENS:-$root/.venv/bin/swaylens}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cardano="$data/stackexchange/cardano"
[ -d "$cardano" ] || cardano="$root/src/swaylens/demo/cardano.stackexchange.com"
higgs="$data/twitter-higgs/higgs-activity_time.txt.gz"

# Stack Exchange: the issue's forward date (2021-09-01), 90-day horizon.
"$swaylens" --db "$tmp/cardano.duckdb" ingest stackexchange "$cardano" --format json >/dev/null
"$swaylens" --db "$tmp/cardano.duckdb" validate --as-of 2021-09-01 --horizon-days 90 \
    --format markdown --out "$out"

# Higgs (2012-07-01..07): scores on the days before the discovery announcement of July 4
# predict the retweets of the rest of the week; the cascade check uses the whole log.
if [ -f "$higgs" ]; then
    "$swaylens" --db "$tmp/higgs.duckdb" ingest snap "$higgs" --format json >/dev/null
    "$swaylens" --db "$tmp/higgs.duckdb" validate --as-of 2012-07-04 --horizon-days 4 \
        --format markdown --out "$out" --append
else
    echo "no Higgs log at $higgs: section left out" >&2
fi
