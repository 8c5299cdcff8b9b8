"""Where a daily snapshot's time goes, and what the output contract alone costs.

Run from the project root::

    .venv/bin/python benchmarks/profile_daily.py --events 1e8 --work /tmp/bs \\
        --memory-limit 6GB

It uses the synth warehouse of ``bench_scores.py`` (built under ``--work`` if missing) and
works on a copy of it, deleted at the end.  ``E`` is the newest event.  On the copy:

1. a full snapshot at ``E - 1 day`` (every state built), untimed: the state a daily run
   would have left;
2. **the profile**: the snapshot at ``E`` from that state (what ``bench_incremental.py``
   times as *incremental*), with every materialised step, every state update and every
   ``INSERT`` of results timed on its own (wall seconds, in this process).  A state's
   line includes the steps of its advance, which are also listed by themselves;
3. **the contract's floor**: on the snapshot just stored, the two writes that any daily
   snapshot must make whatever its scores cost (every person's row of every score with
   its components, every per-topic row), run again as if for ``E + 1 day`` and
   rolled back, and the percentiles of those rows computed again (keys and values only);
   against the ``GROUP BY actor`` floor of ``bench_scores.py``, measured 3 times in the
   same process.

Issue 3 asks for a full snapshot within 5x the floor and a daily one within 10% of a
full one; step 3 says how much of either budget the stored rows alone take.

To compare two commits on the same state, prepare the copy once and reuse it:
``--keep-base /tmp/base.duckdb`` saves the copy after step 1, and ``--base
/tmp/base.duckdb`` starts from such a copy (copied again, so it stays as it is) instead
of steps 0-1.  A base holds states in the layout of the code that built it; code of
another layout rebuilds them in the timed run (its profile then shows it).
``--explain DIR --explain-match REGEX`` also writes DuckDB's ``EXPLAIN ANALYZE`` of each
materialised step whose label matches, and of each state's new rows, to ``DIR`` (the
operators by time, then the plan): those steps then run twice, so the total grows.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_scores import code_state, peak_rss_mb, prepare, step_label  # noqa: E402
from swaylens.scores import SCORES, snapshot  # noqa: E402
from swaylens.scores import state as state_mod  # noqa: E402
from swaylens.warehouse import Warehouse, engines  # noqa: E402
from swaylens.warehouse.engines import connect  # noqa: E402


class _TimedConnection:
    """The warehouse connection, with each write statement timed under ``tag``."""

    def __init__(self, con: Any, tag: str, steps: list[tuple[float, str]],
                 names: dict[str, list[str]] | None = None,
                 explain: _Explainer | None = None) -> None:
        self._con = con
        self._explain = explain
        self._tag = tag
        self._steps = steps
        #: table -> the scores whose results are inserted into it, in order
        self._names = {k: list(v) for k, v in (names or {}).items()}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)

    def execute(self, sql: str, *args: Any, **kwargs: Any) -> Any:
        new_rows = "CREATE OR REPLACE TEMP TABLE _swaylens_state_new"
        if (self._explain is not None and sql.startswith(new_rows) and not args
                and self._explain.wants(f"{self._tag} new rows")):
            self._explain.write(self._con, f"{self._tag} new rows", sql.split(" AS", 1)[1])
        t = time.perf_counter()
        result = self._con.execute(sql, *args, **kwargs)
        words = sql.split()
        verb = words[0].upper() if words else ""
        if verb in ("INSERT", "MERGE", "CREATE", "DELETE"):
            target = next((w for w in words[1:7] if w.startswith(("state_", "_swaylens",
                                                                    "score_", "topic_"))),
                          " ".join(words[1:4]))
            whose = self._names.get(target)
            if verb == "INSERT" and whose:
                target += f" ({whose.pop(0)})"
            self._steps.append((time.perf_counter() - t, f"{self._tag}: {verb} {target}"))
        return result


def _plan_summary(doc: dict[str, Any]) -> str:
    """The operators of a JSON profile, costliest first, then the plan as a tree."""
    keep = ("Conditions", "Table", "Join Type", "Filters", "Groups", "Aggregates",
            "Projections", "Expression", "Row Groups Scanned", "CTE Name")
    ops: list[tuple[float, int, str, int, str]] = []

    def walk(node: dict[str, Any], depth: int) -> None:
        extra = node.get("extra_info", {})
        info = "; ".join(f"{k}={str(v)[:140]}" for k, v in extra.items() if k in keep)
        ops.append((float(node.get("timing", 0.0)), depth, str(node.get("name", "?")),
                    int(node.get("intermediate_rows", 0)), info))
        for child in node.get("children", []):
            walk(child, depth + 1)

    for op in doc.get("operator", []):  # DuckDB 2.0's JSON profile
        walk(op, 0)
    top = "\n".join(f"{t:7.3f} s {name} {rows:,} rows  {info}"
                    for t, _, name, rows, info in sorted(ops, key=lambda o: -o[0])[:15])
    tree = "\n".join(f"{'  ' * d}{name} {rows:,} rows {t:.3f} s  {info}"
                     for t, d, name, rows, info in ops)
    return f"io {doc.get('io')}\nTOP\n{top}\n\nTREE\n{tree}\n"


class _Explainer:
    """Writes ``EXPLAIN ANALYZE`` of the steps whose label matches one of ``patterns``."""

    def __init__(self, out: Path, patterns: list[str]) -> None:
        self.out = out
        self.patterns = [re.compile(p) for p in patterns]
        self.n = 0
        out.mkdir(parents=True, exist_ok=True)

    def wants(self, label: str) -> bool:
        return any(p.search(label) for p in self.patterns)

    def write(self, con: Any, label: str, sql: str) -> None:
        t = time.perf_counter()
        rows = con.execute("EXPLAIN (ANALYZE, FORMAT json) " + sql).fetchall()
        self.n += 1
        name = re.sub(r"[^A-Za-z0-9]+", "_", label)[:60]
        (self.out / f"{self.n:02d}-{name}.txt").write_text(
            f"-- {label}\n-- {time.perf_counter() - t:.2f} s\n{sql}\n\n"
            + _plan_summary(json.loads(rows[0][1]))
        )


def profile(
    db: Path, as_of: datetime, memory_limit: str | None, explain: _Explainer | None = None
) -> list[tuple[float, str]]:
    """Time the steps of one snapshot of every score at ``as_of`` (module docstring)."""
    steps: list[tuple[float, str]] = []
    scores = [s() for s in SCORES.values()]
    # The results are inserted in the order of the scores (snapshot's own order).
    names = {"score_snapshots": [s.name for s in scores],
             "topic_snapshots": [s.name for s in scores if hasattr(s, "compute_topics")]}
    mat_init: Callable[..., None] = engines.Materialized.__init__
    store: Callable[..., list[int]] = engines.Engine.store
    duck: Callable[..., Any] = state_mod._duckdb

    def timed_init(self: Any, engine: Any, expr: Any, **kwargs: Any) -> None:
        label = step_label()
        if explain is not None and engine.name == "duckdb" and explain.wants(label):
            explain.write(engine.warehouse.con, label, engine.compile(expr))
        t = time.perf_counter()
        mat_init(self, engine, expr, **kwargs)
        steps.append((time.perf_counter() - t, f"step {label}"))

    def timed_store(self: Any, *args: Any, **kwargs: Any) -> list[int]:
        real = self.warehouse.con
        self.warehouse.con = _TimedConnection(real, "results", steps, names)
        try:
            return store(self, *args, **kwargs)
        finally:
            self.warehouse.con = real

    def timed_state(engine: Any, store_: Any, key: str, name: str, *args: Any,
                    **kwargs: Any) -> Any:
        real = engine.warehouse.con
        engine.warehouse.con = _TimedConnection(real, f"state {name}", steps, explain=explain)
        t = time.perf_counter()
        try:
            return duck(engine, store_, key, name, *args, **kwargs)
        finally:
            engine.warehouse.con = real
            steps.append((time.perf_counter() - t, f"state {name} (with its advance)"))

    engines.Materialized.__init__ = timed_init  # type: ignore[method-assign]
    engines.Engine.store = timed_store  # type: ignore[method-assign]
    state_mod._duckdb = timed_state  # type: ignore[assignment]
    try:
        with Warehouse(db, memory_limit=memory_limit) as wh, connect("duckdb", warehouse=wh) as e:
            t0 = time.perf_counter()
            snapshot(e, scores, as_of)
            steps.insert(0, (time.perf_counter() - t0, "TOTAL"))
    finally:
        engines.Materialized.__init__ = mat_init  # type: ignore[method-assign]
        engines.Engine.store = store  # type: ignore[method-assign]
        state_mod._duckdb = duck
    return steps


def contract_floor(db: Path, memory_limit: str | None) -> dict[str, float]:
    """Step 3 of the module docstring, on the newest snapshot stored in ``db``."""
    out: dict[str, float] = {}
    with Warehouse(db, memory_limit=memory_limit) as wh:
        con = wh.con
        con.execute("SET preserve_insertion_order = false")

        def timed(sql: str, params: list[Any] | None = None) -> float:
            t = time.perf_counter()
            con.execute(sql, params or [])
            if sql.lstrip().upper().startswith("SELECT"):
                con.fetchall()
            return time.perf_counter() - t

        floors = [timed("SELECT actor, count(*) FROM events GROUP BY actor")
                  for _ in range(3)]
        out["floor"] = statistics.median(floors)
        row = con.execute("SELECT max(as_of) FROM score_snapshots").fetchall()[0]
        newest = row[0]
        n = con.execute(
            "SELECT (SELECT count(*) FROM score_snapshots WHERE as_of = $1),"
            " (SELECT count(*) FROM topic_snapshots WHERE as_of = $1)", [newest]
        ).fetchall()[0]
        out["person_rows"], out["topic_rows"] = float(n[0]), float(n[1])
        # Every column a snapshot writes (components as JSON or as lists, whichever
        # the stored rows have).
        keep = ("as_of, score, person_id, value, percentile, low, high, components,"
                " measures, labels, network")
        keep_t = keep.replace("person_id,", "person_id, topic,")
        day = "as_of + INTERVAL 1 DAY"
        con.begin()
        try:
            out["write_person_rows"] = timed(
                f"INSERT INTO score_snapshots ({keep}) SELECT {keep.replace('as_of', day)}"
                " FROM score_snapshots WHERE as_of = ?", [newest])
            out["write_topic_rows"] = timed(
                f"INSERT INTO topic_snapshots ({keep_t}) SELECT"
                f" {keep_t.replace('as_of', day)} FROM topic_snapshots WHERE as_of = ?",
                [newest])
        finally:
            con.rollback()
        pct = (
            "CREATE OR REPLACE TEMP TABLE _pct AS SELECT {keys}, value,"
            " rank() OVER w AS below, cume_dist() OVER w AS cume,"
            " count(*) OVER (PARTITION BY {group}) AS n FROM {table} WHERE as_of = ?"
            " WINDOW w AS (PARTITION BY {group} ORDER BY round(value, 9))"
        )
        out["percentiles_person_rows"] = timed(pct.format(
            keys="score, person_id", group="score", table="score_snapshots"), [newest])
        out["percentiles_topic_rows"] = timed(pct.format(
            keys="score, topic, person_id", group="score, topic", table="topic_snapshots"),
            [newest])
        con.execute("DROP TABLE _pct")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=float, default=1e7)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--work", type=Path, default=Path("/tmp/swaylens-bench-scores"))
    ap.add_argument("--memory-limit", default="")
    ap.add_argument("--top", type=int, default=40, help="lines of the profile to print")
    ap.add_argument("--base", type=Path, default=None,
                    help="start from this copy of a warehouse with its snapshot at E - 1 day"
                         " stored (see --keep-base) instead of building one")
    ap.add_argument("--keep-base", type=Path, default=None,
                    help="save the copy with the snapshot at E - 1 day here, for --base")
    ap.add_argument("--explain", type=Path, default=None,
                    help="write EXPLAIN ANALYZE of the matching steps to this directory")
    ap.add_argument("--explain-match", action="append", default=[],
                    help="a regular expression on step labels (repeatable; default: all)")
    ap.add_argument("--skip-floor", action="store_true",
                    help="do not measure the contract's floor (step 3)")
    args = ap.parse_args()
    limit = args.memory_limit or None

    print("command:", " ".join([".venv/bin/python", "benchmarks/profile_daily.py",
                                *sys.argv[1:]]))
    print(f"code: {code_state()}", flush=True)
    db = args.work / f"profile-{int(args.events)}-{os.getpid()}.duckdb"
    if args.base is not None:
        shutil.copy(args.base, db)
    else:
        src = prepare(args.work, int(args.events), args.seed, args.memory_limit or "80%")
        shutil.copy(src, db)
    explain = None
    if args.explain is not None:
        explain = _Explainer(args.explain, args.explain_match or [""])
    try:
        with Warehouse(db, memory_limit=limit) as wh:
            end: datetime = wh.con.execute("SELECT max(ts) FROM events").fetchall()[0][0]
            if args.base is None:
                with connect("duckdb", warehouse=wh) as e:
                    t = time.perf_counter()
                    snapshot(e, [s() for s in SCORES.values()], end - timedelta(days=1),
                             incremental=False)
                    print(f"full snapshot at E - 1 day (untimed setup): "
                          f"{time.perf_counter() - t:.1f} s", flush=True)
        if args.keep_base is not None:
            shutil.copy(db, args.keep_base)
        steps = profile(db, end, limit, explain)
        total = steps[0][0]
        print(f"\nthe daily snapshot at E: {total:.2f} s, peak RSS {peak_rss_mb():,.0f} MB;"
              f" its steps, costliest first (a state's line includes its advance; a step run"
              " several times is summed):")
        grouped: dict[str, list[float]] = {}
        for seconds, label in steps[1:]:
            grouped.setdefault(label, []).append(seconds)
        for label, xs in sorted(grouped.items(), key=lambda kv: -sum(kv[1]))[: args.top]:
            times = f" ({len(xs)} times)" if len(xs) > 1 else ""
            print(f"  {sum(xs):8.2f} s  {100 * sum(xs) / total:5.1f} %  {label}{times}")
        if args.skip_floor:
            return
        c = contract_floor(db, limit)
        fl = c["floor"]
        print(f"\nthe contract's floor on the snapshot at E ({c['person_rows']:,.0f} person"
              f" rows, {c['topic_rows']:,.0f} per-topic rows); GROUP BY floor {fl:.2f} s"
              " (median of 3):")
        parts = ("write_person_rows", "write_topic_rows", "percentiles_person_rows",
                 "percentiles_topic_rows")
        for k in parts:
            print(f"  {c[k]:8.2f} s  {c[k] / fl:5.1f}x floor  {k.replace('_', ' ')}")
        s = sum(c[k] for k in parts)
        print(f"  {s:8.2f} s  {s / fl:5.1f}x floor  together; the daily snapshot is"
              f" {total / fl:.1f}x floor")
    finally:
        db.unlink(missing_ok=True)
        Path(str(db) + ".wal").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
