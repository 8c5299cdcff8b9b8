"""Time and memory of a full snapshot of every score, against a GROUP BY floor.

Run from the project root::

    .venv/bin/python benchmarks/bench_scores.py --events 10000000 --work /tmp/bs
    .venv/bin/python benchmarks/bench_scores.py --events 100000000 --work /tmp/bs --skip-spark

Steps (goals of the issue in brackets):

1. ``swaylens synth`` data of ``--events`` events (seed ``--seed``) under ``--work``, then
   ingested with the ``table`` adapter into a DuckDB warehouse file beside it.  Both are
   kept and reused by later runs with the same ``--work``, ``--events`` and ``--seed``.
2. The **floor**: ``CREATE TEMP TABLE AS SELECT actor, count(*) FROM events GROUP BY
   actor`` on the same warehouse (one scan of the biggest table and one hash aggregate).
3. A full snapshot of each score alone (``Warehouse.score(as_of=end, scores=[name],
   incremental=False)``: from all the events, every state rebuilt) and of
   all of them together (``Warehouse.score(as_of=end)``, what ``swaylens score`` runs),
   at the newest event.  [all <= 5x the floor; peak RSS <= 8 GB]
4. **Incremental**: one more day of events (the last day's contents and events, copied
   one day later with new ids) is ingested, and the snapshot of the new day is timed: it
   advances the score states that the last full snapshot of step 3 stored (see
   ``docs/incremental.md``).  [<= 10 % of a full snapshot]  The added rows are deleted
   again afterwards, and the states marked stale.
5. **Spark-local** (unless ``--skip-spark``): the same snapshot with the Spark engine
   (``local[*]``) on a warehouse of ``--spark-events`` events (default 10^7), with its own
   Spark floor (the same GROUP BY).  Time only.

Every measured step runs in a fresh child process (so the DuckDB buffer pool starts cold
in each, and the peak RSS, read from ``VmHWM``, is that step's own).  A round runs the
floor, then each score, then all scores; ``--repeat`` rounds are run and medians printed.
The floor runs at least 3 times.  A step that exceeds ``--timeout`` seconds (per score;
times the number of scores for "all") is killed and reported as not finished.

``--profile`` adds, for each score, DuckDB's own profile of the score's compiled SQL (the
operators that took the most time) and, for authority, the time of each materialised
step and PageRank iteration.  ``--clean`` deletes the work directory at the end.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import duckdb  # noqa: E402

from swaylens.scores import SCORES  # noqa: E402
from swaylens.warehouse import Warehouse  # noqa: E402

FLOOR_SQL = "SELECT actor, count(*) AS n FROM events GROUP BY actor"
#: Suffix of the ids of the copied day (incremental step).
DAY_SUFFIX = "+1d"


# -- helpers ----------------------------------------------------------------------------------
def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MB (``VmHWM``; see bench_ingest.py)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load() -> float:
    return os.getloadavg()[0]


def med(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def _rm_db(db: Path) -> None:
    for p in (db, db.with_name(db.name + ".wal")):
        if p.exists():
            p.unlink()


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


#: ``--duckdb-set`` reaches the children through the environment.
SETTINGS_ENV = "SWAYLENS_BENCH_DUCKDB_SET"


def _open(db: str, memory_limit: str) -> Warehouse:
    wh = Warehouse(db, memory_limit=memory_limit or None)
    for setting in filter(None, os.environ.get(SETTINGS_ENV, "").split(";")):
        wh.con.execute(f"SET {setting}")
    return wh


# -- child steps (each in a fresh process) ----------------------------------------------------
def child_synth(out: str, events: str, seed: str) -> dict[str, Any]:
    from swaylens.synth import generate

    t0 = time.perf_counter()
    rep = generate(Path(out), int(events), int(seed), overwrite=True)
    return {"seconds": time.perf_counter() - t0, "events": rep.events,
            "contents": rep.contents, "identities": rep.identities}


def child_ingest(db: str, data: str, memory_limit: str) -> dict[str, Any]:
    d = Path(data)
    with _open(db, memory_limit) as wh:
        t0 = time.perf_counter()
        wh.ingest("table", [d / "identities.parquet", d / "contents", d / "events"])
        seconds = time.perf_counter() - t0
        counts = {t: wh.count(t) for t in ("events", "contents", "identities", "persons")}
    return {"seconds": seconds, "counts": counts}


def child_floor(db: str, memory_limit: str) -> dict[str, Any]:
    with _open(db, memory_limit) as wh:
        t0 = time.perf_counter()
        wh.con.execute(f"CREATE TEMP TABLE _floor AS {FLOOR_SQL}")
        seconds = time.perf_counter() - t0
        row = wh.con.execute("SELECT count(*) FROM _floor").fetchone()
    return {"seconds": seconds, "rows": row[0] if row else 0}


def child_score(db: str, memory_limit: str, as_of: str, names: str) -> dict[str, Any]:
    with _open(db, memory_limit) as wh:
        t0 = time.perf_counter()
        # A full snapshot: every score from all the events (and every state rebuilt).
        out = wh.score(as_of=datetime.fromisoformat(as_of), scores=names.split(","),
                       incremental=False)
        seconds = time.perf_counter() - t0
    return {"seconds": seconds, "persons": out["persons"]}


def child_incremental(db: str, memory_limit: str, names: str, work: str) -> dict[str, Any]:
    """Copy the last day one day later, ingest it, snapshot the new day, delete it again."""
    day_dir = Path(work) / "newday"
    with _open(db, memory_limit) as wh:
        con = wh.con
        _drop_day(wh)  # leftovers of an interrupted run
        row = con.execute("SELECT max(ts) FROM events").fetchone()
        assert row is not None and row[0] is not None
        end: datetime = row[0]
        lo = end - timedelta(days=1)
        day_dir.mkdir(parents=True, exist_ok=True)
        s = DAY_SUFFIX
        # Contents created in the last day get new ids; references to them follow.
        con.execute("CREATE OR REPLACE TEMP TABLE _day_c AS"
                    " SELECT content_id FROM contents WHERE created_at > ?", [lo])

        def moved(col: str) -> str:
            return (f"CASE WHEN {col} IN (SELECT content_id FROM _day_c)"
                    f" THEN {col} || '{s}' ELSE {col} END AS {col}")

        con.execute(
            f"""COPY (SELECT * REPLACE (content_id || '{s}' AS content_id,
                        source_id || '{s}' AS source_id,
                        created_at + INTERVAL 1 DAY AS created_at,
                        {moved('parent_id')}, {moved('root_id')})
                      FROM contents WHERE created_at > ?)
                TO '{day_dir / 'contents.parquet'}' (FORMAT parquet)""",
            [lo],
        )
        con.execute(
            f"""COPY (SELECT * REPLACE (event_id || '{s}' AS event_id,
                        source_id || '{s}' AS source_id, ts + INTERVAL 1 DAY AS ts,
                        {moved('target_content')})
                      FROM events WHERE ts > ?)
                TO '{day_dir / 'events.parquet'}' (FORMAT parquet)""",
            [lo],
        )
        con.execute("DROP TABLE _day_c")
        try:
            t0 = time.perf_counter()
            rep = wh.ingest(
                "table", [day_dir / "contents.parquet", day_dir / "events.parquet"]
            )
            ingest_s = time.perf_counter() - t0
            new_end = end + timedelta(days=1)
            # What an incremental pass would have to read at least: the new day alone.
            t0 = time.perf_counter()
            con.execute(f"CREATE TEMP TABLE _dfloor AS SELECT actor, count(*) AS n"
                        f" FROM events WHERE ts > '{end.isoformat()}'::TIMESTAMPTZ"
                        f" GROUP BY actor")
            day_floor_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            wh.score(as_of=new_end, scores=names.split(","))
            snap_s = time.perf_counter() - t0
            rss = peak_rss_mb()
        finally:
            _drop_day(wh)
            shutil.rmtree(day_dir, ignore_errors=True)
    return {"ingest_seconds": ingest_s, "seconds": snap_s, "day_floor_seconds": day_floor_s,
            "added": rep.added, "as_of": new_end.isoformat(), "rss_mb": rss}


def _drop_day(wh: Warehouse) -> None:
    con = wh.con
    s = DAY_SUFFIX
    row = con.execute("SELECT max(ts) FROM events WHERE NOT ends_with(event_id, ?)",
                      [s]).fetchone()
    con.execute("DELETE FROM events WHERE ends_with(event_id, ?)", [s])
    con.execute("DELETE FROM contents WHERE ends_with(content_id, ?)", [s])
    if row is not None and row[0] is not None:
        for t in ("score_snapshots", "score_runs"):
            con.execute(f"DELETE FROM {t} WHERE as_of > ?", [row[0]])
    con.execute("DELETE FROM ingests WHERE path LIKE '%/newday/%'")
    # A score state advanced by the removed day is no longer exact.
    known = con.execute("SELECT count(*) FROM information_schema.tables"
                        " WHERE table_name = 'score_states'").fetchall()
    if known[0][0]:
        con.execute("UPDATE score_states SET stale = true")
    con.execute("CHECKPOINT")


def child_spark(db: str, memory_limit: str, as_of: str, names: str,
                driver_memory: str) -> dict[str, Any]:
    from swaylens.scores import snapshot
    from swaylens.warehouse.engines import TABLES, connect, spark_session_for

    conf = {"spark.driver.memory": driver_memory} if driver_memory else None
    when = datetime.fromisoformat(as_of)
    out: dict[str, Any] = {"scores": {}}
    with _open(db, memory_limit) as wh:
        t0 = time.perf_counter()
        session = spark_session_for(None, conf=conf)
        out["session_seconds"] = time.perf_counter() - t0
        eng = connect("spark", warehouse=wh, spark_session=session)
        try:
            t0 = time.perf_counter()
            for t in TABLES:  # DuckDB -> Parquet -> Spark, once per engine
                eng.table(t)
            out["export_seconds"] = time.perf_counter() - t0
            ev = eng.table("events")
            floor_sql = eng.compile(ev.group_by("actor").aggregate(n=ev.count()))
            floors = []
            for _ in range(3):
                t0 = time.perf_counter()
                session.sql(floor_sql).write.format("noop").mode("overwrite").save()
                floors.append(time.perf_counter() - t0)
            out["floor"] = floors
            for name in names.split(","):
                t0 = time.perf_counter()
                snapshot(eng, [SCORES[name]()], when)
                out["scores"][name] = time.perf_counter() - t0
                print(f"    spark {name}: {out['scores'][name]:.1f} s", file=sys.stderr,
                      flush=True)
            t0 = time.perf_counter()
            snapshot(eng, [SCORES[n]() for n in names.split(",")], when)
            out["all"] = time.perf_counter() - t0
        finally:
            eng.close()
            session.stop()
    return out


def step_label() -> str:
    """Who is materialising a step, for a profile: called from a wrapper of
    ``Materialized.__init__``, it walks up from the wrapper's caller to the innermost frame
    in a score module (not base.py), ``module.function:line``, with the memo key of the
    result shared between scores (``base._shared``) that the step builds, if any."""
    frame: Any = sys._getframe(2)
    shared = ""
    while frame is not None:
        code = frame.f_code
        key = frame.f_locals.get("key") if code.co_name == "_shared" else None
        if isinstance(key, tuple) and not shared:
            shared = f"shared {key[0]} of {key[1]}"
        f = Path(code.co_filename)
        if f.parent.name == "scores" and f.name != "base.py":
            return f"{f.stem}.{code.co_name}:{frame.f_lineno}" + (
                f" ({shared})" if shared else "")
        frame = frame.f_back
    return shared or "?"


def child_profile(db: str, memory_limit: str, as_of: str, name: str,
                  prof_file: str) -> dict[str, Any]:
    """DuckDB's profile of every query one score's snapshot runs.

    Mirrors :func:`swaylens.scores.base.snapshot` (results shared between scores are
    materialised once) but runs each final result as ``CREATE TEMP TABLE AS`` instead of
    inserting it, so that each query's profile can be read.  Queries run while the score
    is built (materialised steps: authority's PageRank, shared results) are profiled by
    wrapping ``Materialized`` in this process only.
    """
    from swaylens.scores import authority, base
    from swaylens.warehouse import engines

    when = datetime.fromisoformat(as_of)
    steps: list[dict[str, Any]] = []
    con: Any = None

    def profile_ops() -> list[dict[str, Any]]:
        p = Path(prof_file)
        if not p.exists():
            return []
        ops: list[dict[str, Any]] = []
        tree = json.loads(p.read_text(encoding="utf-8"))

        def walk(node: dict[str, Any], depth: int) -> None:
            info = node.get("extra_info") or {}
            ops.append({
                "type": node.get("type") or node.get("name"), "depth": depth,
                "seconds": float(node.get("timing") or node.get("operator_timing") or 0),
                "rows": node.get("intermediate_rows", node.get("operator_cardinality")),
                "info": _short_info(info),
            })
            for c in node.get("children", []):
                walk(c, depth + 1)

        for root in tree.get("operator", tree.get("children", [])):
            walk(root, 0)
        p.unlink()
        return ops

    mat_cls: Any = engines.Materialized
    orig_init = mat_cls.__init__
    orig_scalars = authority.Authority._scalars

    def init(self: Any, engine: Any, expr: Any) -> None:
        label = step_label()
        t = time.perf_counter()
        orig_init(self, engine, expr)
        steps.append({"kind": "materialise", "label": label,
                      "seconds": time.perf_counter() - t, "ops": profile_ops()})

    def scalars(engine: Any, expr: Any) -> dict[str, Any]:
        t = time.perf_counter()
        r: dict[str, Any] = orig_scalars(engine, expr)
        steps.append({"kind": "scalars", "label": "authority._scalars",
                      "seconds": time.perf_counter() - t, "ops": []})
        return r

    with _open(db, memory_limit) as wh:
        con = wh.con
        eng = engines.connect("duckdb", warehouse=wh)
        scores = [SCORES[n]() for n in name.split(",")]
        con.execute("PRAGMA enable_profiling='json'")
        con.execute(f"PRAGMA profiling_output='{prof_file}'")
        memo_name = getattr(base, "_MEMO", None)
        memo: dict[Any, Any] = {}
        if memo_name is not None:
            eng.__dict__[memo_name] = memo
        base._insertion_order(eng, False)  # as snapshot() runs
        mat_cls.__init__ = init
        authority.Authority._scalars = staticmethod(scalars)  # type: ignore[method-assign]
        try:
            t0 = time.perf_counter()
            finals: list[tuple[str, Any]] = []
            shared = getattr(base, "computed", None)
            topic_result = getattr(base, "topic_result", None)
            shared_t = getattr(base, "computed_topics", None)
            for score in scores:  # the order of snapshot(): score rows, then topic rows
                result = shared(eng, score, when) if shared else score.compute(eng, when)
                finals.append((f"{score.name} rows", base.with_percentile(result)))
            for score in scores:
                if hasattr(score, "compute_topics") and topic_result is not None:
                    ct = (shared_t(eng, score, when) if shared_t
                          else score.compute_topics(eng, when))
                    finals.append((f"{score.name} topic rows", base.with_percentile(
                        topic_result(score, ct), by=("score", "topic"))))
            build_s = time.perf_counter() - t0
            for label, expr in finals:
                sql = eng.compile(expr)
                t = time.perf_counter()
                con.execute(f"CREATE OR REPLACE TEMP TABLE _prof AS {sql}")
                steps.append({"kind": "final", "label": label,
                              "seconds": time.perf_counter() - t, "ops": profile_ops()})
            total_s = time.perf_counter() - t0
        finally:
            mat_cls.__init__ = orig_init
            authority.Authority._scalars = staticmethod(orig_scalars)  # type: ignore[method-assign]
            con.execute("PRAGMA disable_profiling")
            for m in memo.values():
                m.release()
            # Cached tables drop themselves when collected: while the connection is open.
            finals = []
            result = None
            gc.collect()
    return {"build_seconds": build_s, "total_seconds": total_s, "steps": steps}


def _short_info(info: dict[str, Any]) -> str:
    keep = ("Join Type", "Conditions", "Groups", "Aggregates", "Table", "Function",
            "Partitions", "Orders", "Filters")
    parts = []
    for k in keep:
        v = info.get(k)
        if v:
            text = " ".join(v) if isinstance(v, list) else str(v)
            parts.append(f"{k}: {' '.join(text.split())[:90]}")
    return "; ".join(parts)


CHILDREN: dict[str, Callable[..., dict[str, Any]]] = {
    "synth": child_synth, "ingest": child_ingest, "floor": child_floor,
    "score": child_score, "incremental": child_incremental, "spark": child_spark,
    "profile": child_profile,
}


def run_child_main(argv: list[str]) -> None:
    res = CHILDREN[argv[0]](*argv[1:])
    res.setdefault("rss_mb", peak_rss_mb())
    print(json.dumps(res, default=str))


# -- parent -----------------------------------------------------------------------------------
def child(step: str, *args: str, timeout: float | None = None, may_fail: bool = False
          ) -> dict[str, Any] | None:
    """Run one step in a fresh process; None when it exceeded ``timeout`` (or failed,
    with ``may_fail``: a score that runs out of memory does not stop the benchmark)."""
    cmd = [sys.executable, __file__, "--_child", step, *args]
    # The child's stderr (progress, warnings, tracebacks) goes straight to ours.
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        # Our own child and what it started (a Spark JVM): its process group, by id.
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return None
    if proc.returncode != 0:
        print(out[-3000:])
        if may_fail:
            print(f"  step {step} failed (exit {proc.returncode}); reported as not finished")
            return None
        raise SystemExit(f"step {step} failed (exit {proc.returncode})")
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def prepare(work: Path, events: int, seed: int, memory_limit: str) -> Path:
    """The warehouse of ``events`` synth events, built (and kept) under ``work``."""
    data = work / f"synth-{events}-s{seed}"
    db = work / f"wh-{events}-s{seed}.duckdb"
    ready = work / f"wh-{events}-s{seed}.ready.json"
    if not (data / "truth.json").exists():
        print(f"generating {events:,} synth events into {data} ...", flush=True)
        r = child("synth", str(data), str(events), str(seed))
        assert r is not None
        print(f"  synth: {r['seconds']:.1f} s, {r['events']:,} events, {r['contents']:,}"
              f" contents, {r['identities']:,} identities, {_size(data) / 1e9:.2f} GB,"
              f" peak RSS {r['rss_mb']:,.0f} MB", flush=True)
    if not ready.exists() or not db.exists():
        _rm_db(db)
        print(f"ingesting into {db} ...", flush=True)
        r = child("ingest", str(db), str(data), memory_limit)
        assert r is not None
        print(f"  ingest: {r['seconds']:.1f} s ({events / r['seconds']:,.0f} events/s),"
              f" {r['counts']}, peak RSS {r['rss_mb']:,.0f} MB, file"
              f" {_size(db) / 1e9:.2f} GB", flush=True)
        ready.write_text(json.dumps(r), encoding="utf-8")
    # A warehouse kept from an older swaylens is migrated once (the runs open it read-only).
    with Warehouse(db, memory_limit=memory_limit) as wh:
        wh.con.execute("CHECKPOINT")
    return db


def end_of_data(db: Path) -> tuple[datetime, dict[str, int]]:
    with Warehouse(db, read_only=True) as wh:
        row = wh.con.execute("SELECT max(ts) FROM events").fetchone()
        assert row is not None and row[0] is not None
        counts = {t: wh.count(t) for t in ("events", "contents", "identities", "persons")}
        return row[0], counts


def fmt_s(x: float | None) -> str:
    return "not finished" if x is None or x != x else f"{x:,.2f}"


def run_duckdb(args: argparse.Namespace, db: Path, names: list[str], as_of: datetime
               ) -> dict[str, Any]:
    ml = args.memory_limit
    floor: list[float] = []
    per: dict[str, list[float | None]] = {n: [] for n in names}
    rss: dict[str, float] = {}
    every: list[float | None] = []
    for r in range(args.repeat):
        f = child("floor", str(db), ml)
        assert f is not None
        floor.append(f["seconds"])
        rss["floor"] = max(rss.get("floor", 0.0), f["rss_mb"])
        print(f"round {r + 1} (load {load():.1f}): floor {f['seconds']:.2f} s"
              f" ({f['rows']:,} actors, RSS {f['rss_mb']:,.0f} MB)", flush=True)
        for n in names:
            if per[n] and per[n][-1] is None:
                per[n].append(None)  # timed out before: do not try again
                continue
            res = child("score", str(db), ml, as_of.isoformat(), n, timeout=args.timeout,
                        may_fail=True)
            per[n].append(None if res is None else res["seconds"])
            if res is not None:
                rss[n] = max(rss.get(n, 0.0), res["rss_mb"])
            print(f"  {n:<12} {fmt_s(per[n][-1])} s"
                  + (f" ({sum(res['persons'].values()):,} persons, RSS"
                     f" {res['rss_mb']:,.0f} MB, load {load():.1f})" if res else
                     " (failed, or killed after the timeout)"), flush=True)
        if every and every[-1] is None:
            every.append(None)
        else:
            res = child("score", str(db), ml, as_of.isoformat(), ",".join(names),
                        timeout=args.timeout * len(names), may_fail=True)
            every.append(None if res is None else res["seconds"])
            if res is not None:
                rss["all"] = max(rss.get("all", 0.0), res["rss_mb"])
            print(f"  {'all':<12} {fmt_s(every[-1])} s"
                  + (f" (RSS {res['rss_mb']:,.0f} MB, load {load():.1f})" if res else ""),
                  flush=True)
    while len(floor) < 3:
        f = child("floor", str(db), ml)
        assert f is not None
        floor.append(f["seconds"])
        print(f"extra floor run: {f['seconds']:.2f} s (load {load():.1f})", flush=True)
    inc: dict[str, Any] | None = None
    if not args.skip_incremental:
        print("incremental: one more day, then a snapshot from the kept state ...", flush=True)
        inc = child("incremental", str(db), ml, ",".join(names), str(args.work),
                    timeout=args.timeout * len(names), may_fail=True)
    return {"floor": floor, "per": per, "rss": rss, "all": every, "incremental": inc}


def report_duckdb(res: dict[str, Any], names: list[str], n_events: int) -> None:
    fl = med(res["floor"])
    print(f"\nDuckDB, {n_events:,} events: medians over {len(res['all'])} run(s),"
          f" floor over {len(res['floor'])} (each run a fresh process)")
    head = f"{'step':<22} {'median s':>10} {'x floor':>8} {'peak RSS MB':>12}  runs"
    print(head)
    print("-" * len(head))

    def line(name: str, xs: list[float | None], rss: float | None) -> float | None:
        done = [x for x in xs if x is not None]
        m = med(done) if len(done) == len(xs) else None
        ratio = f"{m / fl:.2f}" if m is not None else "-"
        runs = ", ".join(fmt_s(x) for x in xs)
        print(f"{name:<22} {fmt_s(m):>10} {ratio:>8} {rss or 0:>12,.0f}  {runs}")
        return m

    line("floor (GROUP BY actor)", list(res["floor"]), res["rss"].get("floor"))
    total = 0.0
    for n in names:
        m = line(n, res["per"][n], res["rss"].get(n))
        total += m if m is not None else float("nan")
    print(f"{'sum of the scores':<22} {fmt_s(total):>10}"
          f" {total / fl if total == total else float('nan'):>8.2f}")
    m_all = line("all (Warehouse.score)", res["all"], res["rss"].get("all"))
    peak = max(res["rss"].values())
    if m_all is not None:
        ok = "met" if m_all <= 5 * fl else "NOT met"
        print(f"goal full snapshot <= 5x floor: {m_all:.2f} s = {m_all / fl:.2f}x"
              f" the floor ({fl:.2f} s): {ok}")
    else:
        print("goal full snapshot <= 5x floor: not finished within the timeout")
    print(f"goal peak RSS <= 8 GB: {peak / 1024:.2f} GB (largest step):"
          f" {'met' if peak <= 8192 else 'NOT met'}")
    inc = res["incremental"]
    if inc is not None and m_all is not None:
        ratio = inc["seconds"] / m_all
        print(f"incremental: one more day"
              f" ({inc['added'].get('events', 0):,} events,"
              f" {inc['added'].get('contents', 0):,} contents; ingest"
              f" {inc['ingest_seconds']:.2f} s) then a snapshot of the new day:"
              f" {inc['seconds']:.2f} s = {100 * ratio:.0f} % of the full snapshot"
              f" (goal <= 10 %: {'met' if ratio <= 0.10 else 'NOT met'});"
              f" peak RSS {inc['rss_mb']:,.0f} MB.  GROUP BY actor over the new day alone:"
              f" {inc['day_floor_seconds']:.3f} s")
    elif res["incremental"] is None:
        print("incremental: not measured (skipped or not finished)")


def run_spark(args: argparse.Namespace, db: Path, names: list[str], as_of: datetime,
              n_events: int) -> None:
    print(f"\nSpark local[*] on {n_events:,} events (session, export and Spark floor in one"
          f" process; {args.spark_repeat} run(s)) ...", flush=True)
    runs = []
    for _ in range(args.spark_repeat):
        r = child("spark", str(db), args.memory_limit, as_of.isoformat(), ",".join(names),
                  args.spark_driver_memory, timeout=args.timeout * (len(names) + 1),
                  may_fail=True)
        if r is None:
            print("  Spark run not finished within the timeout")
            continue
        runs.append(r)
    if not runs:
        return
    fl = med([med(r["floor"]) for r in runs])
    print(f"Spark local[*], {n_events:,} events, medians over {len(runs)} run(s)"
          f" (driver memory {args.spark_driver_memory or 'default'})")
    print(f"  session start    {med([r['session_seconds'] for r in runs]):>9.2f} s")
    exp = med([r["export_seconds"] for r in runs])
    print(f"  export (DuckDB -> Parquet, 4 tables) {exp:.2f} s")
    print(f"  floor (GROUP BY actor, noop write) {fl:.2f} s (runs: "
          + ", ".join(f"{x:.2f}" for r in runs for x in r["floor"]) + ")")
    for n in names:
        m = med([r["scores"][n] for r in runs])
        print(f"  {n:<16} {m:>9.2f} s  {m / fl:6.2f}x floor")
    m_all = med([r["all"] for r in runs])
    print(f"  all (snapshot)   {m_all:>9.2f} s  {m_all / fl:6.2f}x floor;"
          f" with the export (what Warehouse.score(engine='spark') pays): {m_all + exp:.2f} s")


def run_profile(args: argparse.Namespace, db: Path, names: list[str], as_of: datetime
                ) -> None:
    print(f"\nDuckDB profiles: every query of each score's snapshot, then its"
          f" {args.profile_top} costliest operators (operator time, summed over threads)")
    for n in [*names, ",".join(names)] if len(names) > 1 else names:
        r = child("profile", str(db), args.memory_limit, as_of.isoformat(), n,
                  str(args.work / "profile.json"), timeout=args.timeout * 2, may_fail=True)
        if "," in n:
            n = "all scores in one snapshot"
        if r is None:
            print(f"{n}: not finished")
            continue
        steps = r["steps"]
        print(f"{n}: {r['total_seconds']:.2f} s in {len(steps)} queries (building, with the"
              f" materialised steps: {r['build_seconds']:.2f} s), peak RSS"
              f" {r['rss_mb']:,.0f} MB")
        groups: dict[tuple[str, str], list[float]] = {}
        for st in steps:
            groups.setdefault((st["kind"], st["label"]), []).append(st["seconds"])
        for (kind, label), xs in sorted(groups.items(), key=lambda kv: -sum(kv[1])):
            print(f"  {sum(xs):8.2f} s  {kind:<11} {label}"
                  + (f" ({len(xs)} queries)" if len(xs) > 1 else ""))
        ops = [(i, o) for i, st in enumerate(steps) for o in st["ops"]]
        tot = sum(o["seconds"] for _, o in ops) or 1.0
        for i, o in sorted(ops, key=lambda io: -io[1]["seconds"])[: args.profile_top]:
            rows = f"{o['rows']:,}" if isinstance(o["rows"], int) else "-"
            print(f"    {o['seconds']:7.2f} s {100 * o['seconds'] / tot:4.0f} %"
                  f"  {o['type']:<16} rows {rows:>12}  [{steps[i]['label']}]"
                  f"  {o['info'][:150]}")


def code_state() -> str:
    """The commit measured, and whether the source had uncommitted changes (read-only)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "src"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown (no git)"
    n = len(dirty.splitlines())
    return f"commit {head}" + (f" + {n} uncommitted file(s) under src/" if n else "")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--_child":
        run_child_main(sys.argv[2:])
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=float, default=1e8)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--work", type=Path, default=Path("/tmp/swaylens-bench-scores"),
                    help="where data and warehouses are kept between runs")
    ap.add_argument("--repeat", type=int, default=3, help="rounds of floor + scores")
    ap.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb",
                    help="engine of the main measurements")
    ap.add_argument("--scores", default="", help="comma-separated (default: all in SCORES)")
    ap.add_argument("--skip-spark", action="store_true")
    ap.add_argument("--spark-events", type=float, default=1e7)
    ap.add_argument("--spark-repeat", type=int, default=1)
    ap.add_argument("--spark-driver-memory", default="",
                    help="spark.driver.memory (default: Spark's own, 1g)")
    ap.add_argument("--skip-incremental", action="store_true")
    ap.add_argument("--memory-limit", default="", help="DuckDB memory_limit (default: DuckDB's)")
    ap.add_argument("--duckdb-set", default="",
                    help="extra DuckDB settings for every step, e.g."
                    " 'preserve_insertion_order=false' (';' between several)")
    ap.add_argument("--timeout", type=float, default=1800.0, help="seconds per score")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--profile-top", type=int, default=8)
    ap.add_argument("--profile-only", action="store_true",
                    help="only the profiles (no timed runs, no Spark)")
    ap.add_argument("--clean", action="store_true", help="delete --work at the end")
    args = ap.parse_args()
    os.environ[SETTINGS_ENV] = args.duckdb_set
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    n_events = int(args.events)
    names = [s.strip() for s in args.scores.split(",") if s.strip()] or list(SCORES)
    unknown = [n for n in names if n not in SCORES]
    if unknown:
        raise SystemExit(f"unknown scores {unknown}; known: {', '.join(SCORES)}")

    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print("command:", " ".join([".venv/bin/python", "benchmarks/bench_scores.py",
                                *sys.argv[1:]]))
    print(f"machine: {os.cpu_count()} CPUs, {mem:.1f} GiB RAM, {platform.python_version()},"
          f" duckdb {duckdb.__version__}, load {load():.2f}; scores: {', '.join(names)};"
          f" DuckDB memory_limit: {args.memory_limit or 'default (80% of RAM)'}"
          + (f", SET {args.duckdb_set}" if args.duckdb_set else ""), flush=True)
    print(f"code: {code_state()}", flush=True)
    t_start = time.perf_counter()
    db = prepare(args.work, n_events, args.seed, args.memory_limit)
    as_of, counts = end_of_data(db)
    print(f"warehouse {db} ({_size(db) / 1e9:.2f} GB): {counts}; as_of {as_of.isoformat()}",
          flush=True)
    if args.profile_only:
        run_profile(args, db, names, as_of)
        return
    if args.engine == "duckdb":
        res = run_duckdb(args, db, names, as_of)
        report_duckdb(res, names, n_events)
    else:
        run_spark(args, db, names, as_of, n_events)
    if args.engine == "duckdb" and not args.skip_spark:
        s_events = int(args.spark_events)
        s_db = db if s_events == n_events else prepare(
            args.work, s_events, args.seed, args.memory_limit)
        s_as_of, _ = end_of_data(s_db)
        run_spark(args, s_db, names, s_as_of, s_events)
    if args.profile:
        run_profile(args, db, names, as_of)
    print(f"\nload average at the end: {load():.2f};"
          f" whole run {time.perf_counter() - t_start:,.0f} s")
    if args.clean:
        shutil.rmtree(args.work, ignore_errors=True)
        print(f"removed {args.work}")


if __name__ == "__main__":
    main()
