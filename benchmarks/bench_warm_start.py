"""Authority's warm start: a daily snapshot started from the previous day's ranks.

Run from the project root::

    .venv/bin/python benchmarks/bench_warm_start.py --events 10000000 --work /tmp/bs

It uses the synth warehouse of ``bench_scores.py`` (built under ``--work`` if missing) and
works on a copy of it, so the original is left as it was.  On the copy it stores an
authority snapshot one day before the newest event, then alternates, ``--repeat`` times,
a cold snapshot (``Authority(warm_start=False)``) and a warm one (the default, which
starts from that stored day) at the newest event.  It prints the median time and the
number of PageRank steps of each, the ratio warm / cold, and how far apart the two rank
vectors are (L1), which must be within the stopping tolerance.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_scores import prepare  # noqa: E402
from swaylens.scores import Authority, snapshot  # noqa: E402
from swaylens.warehouse import Warehouse  # noqa: E402
from swaylens.warehouse.engines import connect  # noqa: E402


def ranks(wh: Warehouse, as_of: object) -> dict[str, float]:
    rows = wh.sql(
        "SELECT person_id, value FROM score_snapshots WHERE score = 'authority' AND as_of = ?",
        [as_of],
    ).fetchall()
    return {str(p): float(v) for p, v in rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=float, default=1e7)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--work", type=Path, default=Path("/tmp/bs"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--memory-limit", default="", help="DuckDB memory_limit")
    args = ap.parse_args()
    db = prepare(args.work, int(args.events), args.seed, args.memory_limit)
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        copy = Path(tmp) / "warm.duckdb"
        shutil.copy(db, copy)
        wh = Warehouse(copy, memory_limit=args.memory_limit or None)
        row = wh.sql("SELECT max(ts) FROM events").fetchone()
        assert row is not None and row[0] is not None
        end = row[0]
        engine = connect("duckdb", warehouse=wh)
        t0 = time.perf_counter()
        day_before = Authority(warm_start=False)
        snapshot(engine, [day_before], end - timedelta(days=1))
        print(f"{int(args.events):,} events; the day before ({end - timedelta(days=1)}):"
              f" {time.perf_counter() - t0:.2f} s, {len(day_before._deltas)} steps", flush=True)
        runs: dict[str, list[tuple[float, int]]] = {"cold": [], "warm": []}
        vectors: dict[str, dict[str, float]] = {}
        for _ in range(args.repeat):
            for name in ("cold", "warm"):
                a = Authority(warm_start=name == "warm")
                t0 = time.perf_counter()
                snapshot(engine, [a], end)
                runs[name].append((time.perf_counter() - t0, len(a._deltas)))
                assert (a._started_from is not None) == (name == "warm")
                vectors[name] = ranks(wh, end)
                print(f"  {name}: {runs[name][-1][0]:.2f} s, {runs[name][-1][1]} steps",
                      flush=True)
        engine.close()
        wh.close()
    med = {k: statistics.median(s for s, _ in v) for k, v in runs.items()}
    steps = {k: statistics.median(n for _, n in v) for k, v in runs.items()}
    cold, warm = vectors["cold"], vectors["warm"]
    l1 = sum(abs(cold[p] - warm.get(p, 0.0)) for p in cold)
    print(f"\nauthority snapshot at {end}, medians over {args.repeat} runs")
    print(f"cold start: {med['cold']:.2f} s, {steps['cold']:g} steps")
    print(f"warm start: {med['warm']:.2f} s, {steps['warm']:g} steps"
          f" = {100 * med['warm'] / med['cold']:.0f} % of the cold time")
    print(f"L1 distance between the two rank vectors: {l1:.2e} (tolerance 1e-9 per run)")


if __name__ == "__main__":
    main()
