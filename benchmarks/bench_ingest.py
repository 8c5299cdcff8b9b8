"""Ingestion speed and memory of the ``table`` adapter against DuckDB's own floor.

Run from the project root::

    .venv/bin/python benchmarks/bench_ingest.py [--events N] [--repeat R] [--formats ...]
    .venv/bin/python benchmarks/bench_ingest.py --memory [--memory-gb 2] [--memory-limit 1GB]

The first form writes N canonical events (default 5,000,000) as NDJSON and as Parquet in a
temporary folder (ids, a realistic kind mix, Zipf-like actors and targets, increasing
timestamps) plus the matching identities file, then measures, R times each:

* the floor: DuckDB's own ``CREATE TABLE t AS SELECT * FROM read_json(...)`` /
  ``read_parquet(...)`` of the same file into a fresh DuckDB file;
* ``Warehouse.ingest("table", [file])`` into a fresh warehouse, split into the adapter
  (file -> staging table), the merge (staging -> canonical tables with the anti-join) and
  the rest (counts, commit);
* the re-ingest of the same file into that warehouse (all rows are duplicates: the cost of
  the dedup check);

and prints the medians, events/s and the ratio swaylens / floor.  ``--formats mapped``
adds an NDJSON file with raw user ids loaded through a mapping file (the identities are
derived from the events: the usual case for a site's own export).

``--merge proposed`` (or ``both``) replaces, inside this script only, the warehouse's merge
with the change proposed in docs/benchmarks-ingest.md (no row_number() window when the
staged keys are distinct, which a cheap ``count(DISTINCT key)`` tells; first occurrence by
``rowid`` otherwise), to measure what it would gain.

``--memory`` writes a ~2 GB NDJSON file, ingests it in a child process with a DuckDB
memory limit, and reports the child's peak RSS (goal: under 2 GB).  Temporary files are
deleted at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from swaylens import schema  # noqa: E402
from swaylens.sources.table import TableSource  # noqa: E402
from swaylens.warehouse import Warehouse  # noqa: E402

KINDS = [  # (kind, share): roughly the mix of a forum / social site
    ("reaction", 0.50), ("reply", 0.15), ("post", 0.10), ("comment", 0.10),
    ("reshare", 0.07), ("mention", 0.04), ("follow", 0.04),
]


def _kind_case() -> str:
    acc, whens = 0.0, []
    for k, share in KINDS[:-1]:
        acc += share
        whens.append(f"WHEN r < {acc:.4f} THEN '{k}'")
    return "CASE " + " ".join(whens) + f" ELSE '{KINDS[-1][0]}' END"


def generate(out: Path, events: int, formats: list[str]) -> dict[str, Path]:
    """Write the benchmark files; return format -> path."""
    users = max(1000, events // 20)
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    # floor(users ** u) for uniform u is log-uniform: Zipf with exponent ~1 over the users.
    con.execute(
        f"""
        CREATE TABLE ev AS
        SELECT 'bench:e' || i AS event_id, 'bench' AS network, 'e' || i AS source_id,
               'c' || (hash(i) % 40) AS community, {_kind_case()} AS kind,
               CASE WHEN r < 0.45 THEN 'like' END AS subkind,
               'bench:id:' || CAST(floor(pow({users}, random())) AS BIGINT) AS actor,
               CASE WHEN r < 0.96 THEN
                   'bench:id:' || CAST(floor(pow({users}, random())) AS BIGINT) END
                   AS target_person,
               'bench:c' || CAST(floor(i * random()) AS BIGINT) AS target_content,
               TIMESTAMPTZ '2022-01-01 00:00:00+00' + to_seconds(CAST(i * 3 AS BIGINT)) AS ts,
               CASE WHEN r < 0.02 THEN -1.0 ELSE 1.0 END AS value
        FROM (SELECT i, random() AS r FROM range({events}) t(i))
        """
    )
    paths: dict[str, Path] = {}
    if "ndjson" in formats:
        paths["ndjson"] = out / "events.ndjson"
        con.execute(f"COPY ev TO '{paths['ndjson']}' (FORMAT json)")
    if "parquet" in formats:
        paths["parquet"] = out / "events.parquet"
        con.execute(f"COPY ev TO '{paths['parquet']}' (FORMAT parquet, COMPRESSION zstd)")
    if "mapped" in formats:
        # A site's own export: raw user ids, its own column names, epoch seconds.
        paths["mapped"] = out / "export.ndjson"
        con.execute(
            f"""COPY (SELECT source_id AS id, kind AS type, replace(actor, 'bench:id:', '')
                        AS user_id, replace(target_person, 'bench:id:', '') AS to_user,
                        replace(target_content, 'bench:', '') AS post, epoch(ts) AS created
                      FROM ev) TO '{paths['mapped']}' (FORMAT json)"""
        )
        (out / "export.yaml").write_text(
            "table: events\nnetwork: bench\ncolumns:\n  source_id: id\n  kind: type\n"
            "  actor: user_id\n  target_person: to_user\n  target_content: post\n"
            "  ts: created\n",
            encoding="utf-8",
        )
    con.execute(
        f"""COPY (SELECT 'bench:id:' || u AS identity_id, 'bench' AS network, 'id' AS kind,
                    CAST(u AS VARCHAR) AS value, CAST(u AS VARCHAR) AS source_id,
                    'user' || u AS handle FROM range(1, {users + 1}) t(u))
            TO '{out / 'identities.parquet'}' (FORMAT parquet)"""
    )
    con.close()
    return paths


def floor(path: Path, fmt: str, db: Path) -> float:
    """DuckDB alone: the file into a table of a fresh database file."""
    _rm(db)
    con = duckdb.connect(str(db))
    con.execute("SET enable_progress_bar = false")
    reader = (f"read_parquet('{path}')" if fmt == "parquet"
              else f"read_json('{path}', format='newline_delimited')")
    t0 = time.perf_counter()
    con.execute(f"CREATE TABLE t AS SELECT * FROM {reader}")
    con.close()
    return time.perf_counter() - t0


class Timer:
    """Times the adapter's read and the warehouse's merge of one ingest."""

    def __init__(self) -> None:
        self.read = 0.0
        self.merge = 0.0


def proposed_merge(wh: Warehouse, staged: dict[str, str]) -> dict[str, int]:
    """The merge proposed for warehouse/core.py, for measurement (same results)."""
    con = wh.con
    added: dict[str, int] = {}
    if "identities" in staged:
        added["identities"] = wh._merge_identities(staged["identities"])
    for table in ("contents", "events"):
        if table not in staged:
            continue
        stage, key = staged[table], schema.KEYS[table]
        cols = ", ".join(f.name for f in schema.CANONICAL[table])
        row = con.execute(f"SELECT count(*) - count(DISTINCT {key}) FROM {stage}").fetchone()
        # Distinct keys (the usual case): no window.  Otherwise the first occurrence wins,
        # by rowid (insertion order), hashing only the keys.
        src = stage if row is None or row[0] == 0 else (
            f"(SELECT * FROM {stage} WHERE rowid IN"
            f" (SELECT min(rowid) FROM {stage} GROUP BY {key}))"
        )
        n = con.execute(
            f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {src} s"
            f" WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.{key} = s.{key})"
        ).fetchone()
        added[table] = int(n[0]) if n else 0
    if "rejects" in staged:
        con.execute(f"INSERT INTO rejects SELECT * FROM {staged['rejects']}")
    return added


def swaylens(path: Path, db: Path, options: dict[str, Any], memory_limit: str | None = None,
             merge: str = "current") -> tuple[float, float, Timer, Timer, dict[str, int]]:
    """A fresh warehouse: ingest (timed), then ingest the same file again (timed)."""
    _rm(db)
    wh = Warehouse(db, memory_limit=memory_limit)
    wh.con.execute("SET enable_progress_bar = false")
    timers: list[Timer] = []
    original_read = TableSource.read
    original_merge = wh._merge
    if merge == "proposed":
        def original_merge(staged: dict[str, str]) -> dict[str, int]:
            return proposed_merge(wh, staged)

    def read(self: TableSource, p: Path, sink: Any) -> None:
        t = time.perf_counter()
        original_read(self, p, sink)
        timers[-1].read += time.perf_counter() - t

    def timed_merge(staged: dict[str, str]) -> dict[str, int]:
        t = time.perf_counter()
        out = original_merge(staged)
        timers[-1].merge += time.perf_counter() - t
        return out

    TableSource.read = read  # type: ignore[method-assign,assignment]
    wh._merge = timed_merge  # type: ignore[method-assign]
    try:
        timers.append(Timer())
        t0 = time.perf_counter()
        rep = wh.ingest("table", [path], options=options)
        first = time.perf_counter() - t0
        timers.append(Timer())
        t0 = time.perf_counter()
        again = wh.ingest("table", [path], options=options)
        second = time.perf_counter() - t0
    finally:
        TableSource.read = original_read  # type: ignore[method-assign]
        wh.close()
    assert sum(again.added.values()) == 0, again.added
    return first, second, timers[0], timers[1], rep.added


def _rm(db: Path) -> None:
    for p in (db, db.with_name(db.name + ".wal")):
        if p.exists():
            p.unlink()


def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MB.

    VmHWM (Linux) rather than ru_maxrss: a child started by fork + exec inherits its
    parent's ru_maxrss, so ru_maxrss would report the parent's peak (here: the generator's).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_speed(args: argparse.Namespace) -> None:
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    tmp = Path(tempfile.mkdtemp(prefix="swaylens-bench-", dir=args.tmp))
    try:
        t0 = time.perf_counter()
        paths = generate(tmp, args.events, formats)
        print(f"generated {args.events:,} events in {time.perf_counter() - t0:.1f} s: "
              + ", ".join(f"{k} {p.stat().st_size / 1e6:,.0f} MB" for k, p in paths.items()))
        print(f"cpus: {os.cpu_count()}, duckdb {duckdb.__version__}, load average before:"
              f" {os.getloadavg()[0]:.2f}")
        results: dict[str, dict[str, list[float]]] = {}
        merges = ["current", "proposed"] if args.merge == "both" else [args.merge]
        for fmt, path in paths.items():
            options: dict[str, Any] = {}
            if fmt == "mapped":
                options["mapping"] = str(tmp / "export.yaml")
            for i in range(args.repeat):
                if fmt != "mapped":
                    fl = floor(path, fmt, tmp / "floor.duckdb")
                for merge in merges:
                    name = fmt if args.merge == "current" else f"{fmt}/{merge[:4]}"
                    r = results.setdefault(name, {k: [] for k in (
                        "floor", "ingest", "reingest", "read", "merge", "reread", "remerge")})
                    if fmt != "mapped":
                        r["floor"].append(fl)
                    first, second, t1, t2, added = swaylens(path, tmp / "wh.duckdb", options,
                                                            merge=merge)
                    assert added.get("events") == args.events, added
                    r["ingest"].append(first)
                    r["reingest"].append(second)
                    r["read"].append(t1.read)
                    r["merge"].append(t1.merge)
                    r["reread"].append(t2.read)
                    r["remerge"].append(t2.merge)
                    print(f"  {name} run {i + 1} (load {os.getloadavg()[0]:.1f}): floor "
                          f"{r['floor'][-1] if r['floor'] else float('nan'):.2f} s, ingest"
                          f" {first:.2f} s (adapter {t1.read:.2f}, merge {t1.merge:.2f}),"
                          f" re-ingest {second:.2f} s (adapter {t2.read:.2f},"
                          f" merge {t2.merge:.2f})", flush=True)
        _rm(tmp / "floor.duckdb")
        _rm(tmp / "wh.duckdb")
        report(results, args.events)
        print(f"peak RSS of this process: {peak_rss_mb():,.0f} MB;"
              f" load average after: {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def report(results: dict[str, dict[str, list[float]]], n: int) -> None:
    def med(xs: list[float]) -> float:
        return statistics.median(xs) if xs else float("nan")

    def rate(seconds: float) -> str:
        return f"{n / seconds:,.0f}" if seconds == seconds else "-"

    runs = len(next(iter(results.values()))["ingest"])
    head = (f"{'format':<14} {'floor s':>8} {'floor ev/s':>11} {'ingest s':>9} {'ev/s':>10}"
            f" {'ratio':>6} {'adapter s':>10} {'merge s':>8} {'re-ingest s':>12}"
            f" {'re ev/s':>10} {'best ev/s':>10} {'best floor':>11}")
    print(f"\nmedians over {runs} runs of {n:,} events (best = fastest run)")
    print(head)
    print("-" * len(head))
    for fmt, r in results.items():
        fl, ing, re_ = med(r["floor"]), med(r["ingest"]), med(r["reingest"])
        best_fl = min(r["floor"]) if r["floor"] else float("nan")
        ratio = f"{fl / ing:.2f}" if fl == fl else "-"
        print(f"{fmt:<14} {fl:>8.2f} {rate(fl):>11} {ing:>9.2f} {rate(ing):>10} {ratio:>6}"
              f" {med(r['read']):>10.2f} {med(r['merge']):>8.2f} {re_:>12.2f}"
              f" {rate(re_):>10} {rate(min(r['ingest'])):>10} {rate(best_fl):>11}")
    print("ratio = floor seconds / swaylens seconds (1.0: as fast as DuckDB alone);"
          " adapter = file -> staging table, merge = staging -> canonical tables")


# -- memory mode ------------------------------------------------------------------------------
def run_memory(args: argparse.Namespace) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="swaylens-bench-mem-", dir=args.tmp))
    try:
        # ~245 bytes per canonical event line.
        events = int(args.memory_gb * 1e9 / 245)
        t0 = time.perf_counter()
        path = generate(tmp, events, ["ndjson"])["ndjson"]
        size = path.stat().st_size
        print(f"generated {events:,} events, {size / 1e9:.2f} GB NDJSON in"
              f" {time.perf_counter() - t0:.0f} s")
        cmd = [sys.executable, __file__, "--_child", str(path), str(tmp / "mem.duckdb"),
               args.memory_limit]
        print("child:", " ".join(cmd[1:]), flush=True)
        out = subprocess.run(cmd, capture_output=True, text=True)
        if out.returncode != 0:
            print(out.stdout, out.stderr, sep="\n")
            raise SystemExit(f"the child failed (exit {out.returncode})")
        res = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"ingested {res['events']:,} events in {res['seconds']:.1f} s"
              f" ({res['events'] / res['seconds']:,.0f} ev/s) with memory_limit"
              f" {args.memory_limit}: peak RSS {res['peak_rss_mb']:,.0f} MB"
              f" (goal < 2048 MB)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def child(path: str, db: str, memory_limit: str) -> None:
    wh = Warehouse(db, memory_limit=None if memory_limit.lower() == "none" else memory_limit)
    wh.con.execute("SET enable_progress_bar = false")
    t0 = time.perf_counter()
    rep = wh.ingest("table", [path])
    seconds = time.perf_counter() - t0
    wh.close()
    print(json.dumps({"events": rep.added.get("events", 0), "seconds": seconds,
                      "peak_rss_mb": peak_rss_mb()}))


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--_child":
        child(*sys.argv[2:])
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=5_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--formats", default="ndjson,parquet",
                    help="comma-separated: ndjson, parquet, mapped (default ndjson,parquet)")
    ap.add_argument("--merge", choices=["current", "proposed", "both"], default="current",
                    help="the warehouse's merge, the proposed one (see the docstring), or both")
    ap.add_argument("--memory", action="store_true",
                    help="ingest a ~2 GB NDJSON file in a child process; report its peak RSS")
    ap.add_argument("--memory-gb", type=float, default=2.0)
    ap.add_argument("--memory-limit", default="1GB",
                    help="DuckDB memory_limit in memory mode ('none': DuckDB's default)")
    ap.add_argument("--tmp", default=None, help="folder for the temporary files")
    args = ap.parse_args()
    if args.memory:
        run_memory(args)
    else:
        run_speed(args)


if __name__ == "__main__":
    main()
