"""Reach's compute with and without the merge of identity pairs into person pairs.

Run from the project root, on a warehouse copy prepared by ``profile_daily.py
--keep-base`` (or any warehouse whose newest event is the date to score)::

    .venv/bin/python benchmarks/bench_reach_pairs.py /tmp/base.duckdb --repeat 3

When no two identities share a person, reach skips the group by that merges (actor,
target) identity pairs into (person, person) pairs.  This times the same query both ways,
alternating, in a snapshot's context (the persons seen are materialised first, untimed,
as every snapshot shares them), on a copy of the warehouse deleted at the end; both
results are checked to be equal.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from swaylens.scores import Reach, base, state  # noqa: E402
from swaylens.scores import reach as reach_mod  # noqa: E402
from swaylens.warehouse import Warehouse  # noqa: E402
from swaylens.warehouse.engines import Materialized, connect  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("warehouse", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--memory-limit", default="6GB")
    args = ap.parse_args()
    db = args.warehouse.with_name(f"reach-pairs-{args.warehouse.stem}.duckdb")
    shutil.copy(args.warehouse, db)
    real: Callable[..., bool] = base.one_identity_per_person
    times: dict[str, list[float]] = {"merged": [], "skipped": []}
    sums: dict[str, Any] = {}
    try:
        with Warehouse(db, memory_limit=args.memory_limit) as wh, \
                connect("duckdb", warehouse=wh) as e:
            end = wh.con.execute("SELECT max(ts) FROM events").fetchall()[0][0]
            e.__dict__[base._MEMO] = {}
            state.begin(e)
            try:
                base.seen_persons(e, end)
                if not real(e):
                    sys.exit("two identities share a person here: nothing to skip")
                for _ in range(args.repeat):
                    for way in ("merged", "skipped"):
                        check = (lambda _e: False) if way == "merged" else real
                        setattr(reach_mod, "one_identity_per_person", check)  # noqa: B010
                        t = time.perf_counter()
                        m = Materialized(e, Reach().compute(e, end))
                        times[way].append(time.perf_counter() - t)
                        r = m.table
                        sums[way] = e.collect(r.aggregate(
                            n=r.count(), v=r.value.sum(),
                            g=r.components["engagements"].cast("int64").sum(),
                        )).to_pylist()
                        m.release()
                        print(f"  {way:8s} {times[way][-1]:6.2f} s  {sums[way]}", flush=True)
            finally:
                state.end(e)
                e.__dict__.pop(base._MEMO, None)
    finally:
        setattr(reach_mod, "one_identity_per_person", real)  # noqa: B010
        db.unlink(missing_ok=True)
        Path(str(db) + ".wal").unlink(missing_ok=True)
    assert sums["merged"] == sums["skipped"], sums
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"medians of {args.repeat}: merged {med['merged']:.2f} s, skipped"
          f" {med['skipped']:.2f} s ({med['skipped'] / med['merged']:.2f}x); same result")


if __name__ == "__main__":
    main()
