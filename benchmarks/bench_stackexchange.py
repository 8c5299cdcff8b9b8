"""Stack Exchange XML ingestion throughput against a parse-only floor.

    .venv/bin/python benchmarks/bench_stackexchange.py [--repeat R]

The floor, measured in the same run, is lxml's ``iterparse`` of the same XML files doing
nothing with the rows (DuckDB cannot read XML, so its reader cannot be the floor here).
Prints medians and the ratio swaylens / floor.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from lxml import etree

from swaylens.warehouse import Warehouse

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SWAYLENS_SHARED_DATA") or ROOT.parent / "shared" / "data")
DUMPS = [SHARED / "stackexchange/cardano",
         SHARED / "stackexchange/bicycles-meta"]


def parse_only(folder: Path) -> int:
    rows = 0
    for f in sorted(folder.glob("*.xml")):
        for _, elem in etree.iterparse(str(f), tag="row"):
            rows += 1
            elem.clear()
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    floor_s, ingest_s = [], []
    rows = 0
    for _ in range(args.repeat):
        t = time.perf_counter()
        rows = sum(parse_only(d) for d in DUMPS)
        floor_s.append(time.perf_counter() - t)
        with tempfile.TemporaryDirectory() as tmp:
            wh = Warehouse(Path(tmp) / "w.duckdb")
            t = time.perf_counter()
            wh.ingest("stackexchange", DUMPS)
            ingest_s.append(time.perf_counter() - t)
            wh.close()
    f, i = statistics.median(floor_s), statistics.median(ingest_s)
    print(f"XML rows: {rows:,} in {len(DUMPS)} dumps, {args.repeat} runs (medians)")
    print(f"floor  (lxml iterparse only): {f:6.2f} s  {rows / f:>10,.0f} rows/s")
    print(f"swaylens ingest (warehouse) : {i:6.2f} s  {rows / i:>10,.0f} rows/s")
    print(f"ratio floor/swaylens        : {f / i:.2f}")


if __name__ == "__main__":
    main()
