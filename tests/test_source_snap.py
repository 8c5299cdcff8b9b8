"""The SNAP interaction-log adapter: real Higgs data, both engines, bad input."""

from __future__ import annotations

import gzip
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swaylens import schema
from swaylens.errors import IngestError, SwaylensError
from swaylens.sources import snap
from swaylens.sources.base import Sink
from swaylens.sources.snap import SnapSource, iter_chunks, parse_line
from swaylens.warehouse import Warehouse
from swaylens.warehouse.ddl import columns_sql

HIGGS = "twitter-higgs/higgs-activity_time.txt.gz"
FIXTURES = Path(__file__).parent / "fixtures" / "snap"
ENGINES = ["python", "duckdb"]
KINDS = {"RT": "reshare", "MT": "mention", "RE": "reply"}


# -- running the adapter without a warehouse --------------------------------------------
@dataclass
class Run:
    events: list[dict[str, Any]] = field(default_factory=list)
    identities: set[str] = field(default_factory=set)
    rejects: list[tuple[str, str]] = field(default_factory=list)


def run(path: Path, engine: str, *, skip_bad: bool = False, **options: Any) -> Run:
    """Read ``path`` with one engine into plain Python rows."""
    tables: dict[str, list[pa.Table]] = {}
    sink = Sink(lambda t, b: tables.setdefault(t, []).append(b), file=path,
                ingest_id="test", skip_bad=skip_bad)
    con = duckdb.connect() if engine == "duckdb" else None

    def stage(table: str) -> str:
        assert con is not None
        s = schema.REJECTS if table == "rejects" else schema.CANONICAL[table]
        con.execute(f"CREATE TEMP TABLE IF NOT EXISTS stage_{table} ({columns_sql(s)})")
        return f"stage_{table}"

    if con is not None:
        sink.connection, sink.stage_table = con, stage
    try:
        SnapSource(engine=engine, **options).read(path, sink)
        sink.close()
        out = Run()
        for table in ("events", "identities", "rejects"):
            rows = [r for b in tables.get(table, []) for r in b.to_pylist()]
            if con is not None and table != "rejects":
                stage(table)
                rows += con.sql(f"SELECT * FROM stage_{table}").to_arrow_table().to_pylist()
            if table == "events":
                out.events = sorted(rows, key=lambda r: r["event_id"])
            elif table == "identities":
                out.identities = {r["identity_id"] for r in rows}
            else:
                out.rejects = [(r["location"], r["reason"]) for r in rows]
        return out
    finally:
        if con is not None:
            con.close()


def outcome(path: Path, engine: str, skip_bad: bool) -> Any:
    try:
        r = run(path, engine, skip_bad=skip_bad)
    except IngestError as e:
        return ("error", e.line, e.offset, e.reason)
    return ("ok", r.events, r.identities, r.rejects)


# -- real data --------------------------------------------------------------------------
@pytest.mark.slow
def test_higgs_real_log(wh: Warehouse, shared: Path) -> None:
    path = shared / HIGGS
    with gzip.open(path, "rt", encoding="ascii") as fh:
        lines = [line.split() for line in fh if line.strip()]
    codes = Counter(fields[3] for fields in lines)
    users = {f[0] for f in lines} | {f[1] for f in lines}
    assert len(lines) == 563_069 and len(users) == 304_691  # the README's numbers

    seen: list[tuple[int, int]] = []
    report = wh.ingest("snap", [path], progress=lambda n, r, f: seen.append((n, r)))
    # Progress: every byte of the file, and every row (events as they are parsed,
    # identities at the end), in several steps.
    assert sum(n for n, _ in seen) == path.stat().st_size
    assert sum(r for _, r in seen) == len(lines) + len(users)
    assert len([r for _, r in seen if r]) > 5
    assert report.added == {"identities": len(users), "events": len(lines)}
    assert report.read["contents"] == 0
    assert wh.count("events", "network = 'twitter'") == len(lines)
    assert wh.count("events", "community = 'higgs-activity_time'") == len(lines)
    for code, n in codes.items():
        assert wh.count("events", f"subkind = '{code}' AND kind = '{KINDS[code]}'") == n
    assert wh.count("identities", "network = 'twitter'") == len(users)
    first, last = wh.sql("SELECT min(ts), max(ts) FROM events").fetchone() or (None, None)
    stamps = [int(f[2]) for f in lines]
    assert first == datetime.fromtimestamp(min(stamps), UTC)
    assert last == datetime.fromtimestamp(max(stamps), UTC)

    # Line 1 and 2 of the file: the same pair, the same second, a mention and a reply.
    rows = wh.sql(
        "SELECT kind, subkind, actor, target_person, ts, value FROM events"
        " WHERE source_id LIKE 'higgs-activity_time/223789/213163/1341100972/%' ORDER BY kind"
    ).fetchall()
    a, b = "twitter:id:higgs-activity_time/223789", "twitter:id:higgs-activity_time/213163"
    ts = datetime(2012, 7, 1, 0, 2, 52, tzinfo=UTC)
    assert rows == [("mention", "MT", a, b, ts, 1.0), ("reply", "RE", a, b, ts, 1.0)]
    assert wh.sql(
        "SELECT source_id FROM identities WHERE identity_id = ?", [a]
    ).fetchall() == [("223789",)]

    again = wh.ingest("snap", [path])
    assert again.added == {"identities": 0, "events": 0}
    assert wh.count("events") == len(lines)


def test_engines_agree_on_a_real_slice(
    tmp_path: Path, shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(snap, "CHUNK_BYTES", 1 << 15)  # many chunks: most go the fast way
    with gzip.open(shared / HIGGS, "rb") as fh:
        head = b"".join(fh.readline() for _ in range(10_000))
    sliced = tmp_path / "higgs-slice.txt.gz"
    # Plus an awkward tail so that one chunk goes the slow way in the DuckDB engine.
    tail = (FIXTURES / "mixed.txt").read_bytes().removeprefix(b"\xef\xbb\xbf")
    sliced.write_bytes(gzip.compress(head + tail))
    fast: list[bool] = []
    real_fast_parse = snap._fast_parse

    def counting(chunk: snap.Chunk) -> pa.Table | None:
        table = real_fast_parse(chunk)
        fast.append(table is not None)
        return table

    monkeypatch.setattr(snap, "_fast_parse", counting)
    py, duck = run(sliced, "python"), run(sliced, "duckdb")
    assert fast.count(True) > 5 and False in fast  # both ways were taken
    assert len(py.events) == 10_000 + 6
    assert py.events == duck.events
    assert py.identities == duck.identities
    ids = [e["event_id"] for e in py.events]
    assert len(set(ids)) == len(ids)


# -- mapping details ----------------------------------------------------------------------
@pytest.mark.parametrize("engine", ENGINES)
def test_awkward_but_valid_lines(engine: str) -> None:
    r = run(FIXTURES / "mixed.txt", engine)
    by_sid = {e["source_id"]: e for e in r.events}
    base = "mixed/1/2/1341100972"
    assert set(by_sid) == {
        f"{base}/RT", f"{base}/RT#2", f"{base}/RT#3", f"{base}/MT",
        "mixed/A7/2/1341100973/RE", "mixed/a7/9/1341100972123/MT",
    }
    assert by_sid[f"{base}/RT#2"]["kind"] == "reshare"
    assert by_sid[f"{base}/MT"]["kind"] == "mention"
    reply = by_sid["mixed/A7/2/1341100973/RE"]
    assert reply["kind"] == "reply" and reply["subkind"] == "RE"
    assert reply["actor"] == "twitter:id:mixed/a7"
    assert reply["target_person"] == "twitter:id:mixed/2"
    assert reply["ts"] == datetime(2012, 7, 1, 0, 2, 53, tzinfo=UTC)
    ms = by_sid["mixed/a7/9/1341100972123/MT"]
    assert ms["ts"] == datetime(2012, 7, 1, 0, 2, 52, 123000, tzinfo=UTC)
    assert all(e["community"] == "mixed" and e["value"] == 1.0 for e in r.events)
    assert all(e["target_content"] is None for e in r.events)
    assert r.identities == {f"twitter:id:mixed/{u}" for u in ("1", "2", "a7", "9")}


def test_duplicate_lines_all_land_in_the_warehouse(wh: Warehouse) -> None:
    report = wh.ingest("snap", [FIXTURES / "mixed.txt"])
    assert report.added["events"] == 6
    assert wh.ingest("snap", [FIXTURES / "mixed.txt"]).added["events"] == 0


@pytest.mark.parametrize("engine", ENGINES)
def test_options(engine: str, tmp_path: Path) -> None:
    path = tmp_path / "log.txt"
    path.write_text("1 2 1341100972 RT\n")
    r = run(path, engine, network="demo", community="higgs", raw_ids=True)
    (event,) = r.events
    assert event["event_id"] == "demo:higgs/1/2/1341100972/RT"
    assert event["community"] == "higgs" and event["actor"] == "demo:id:1"
    assert r.identities == {"demo:id:1", "demo:id:2"}


def test_community_defaults_to_the_file_stem() -> None:
    src = SnapSource()
    assert src.community_of(Path("/x/higgs-activity_time.txt.gz")) == "higgs-activity_time"
    assert src.community_of(Path("log.txt")) == "log"
    assert src.community_of(Path("log.gz")) == "log"
    assert SnapSource(community="c").community_of(Path("log.txt")) == "c"


def test_bad_options() -> None:
    with pytest.raises(SwaylensError, match="engine"):
        SnapSource(engine="spark")
    with pytest.raises(SwaylensError, match="connection"):
        SnapSource(engine="duckdb").read(FIXTURES / "mixed.txt", Sink(lambda t, b: None))


def test_python_engine_without_a_connection() -> None:
    # What unit tests of other modules get: a bare Sink, no warehouse.
    tables: dict[str, list[pa.Table]] = {}
    sink = Sink(lambda t, b: tables.setdefault(t, []).append(b))
    SnapSource().read(FIXTURES / "mixed.txt", sink)
    sink.close()
    assert sum(b.num_rows for b in tables["events"]) == 6


def test_chunks_keep_line_numbers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"1 2 3 RT\n\n4 5 6 MT\n7 8 9 RE")
    chunks = list(iter_chunks(path, size=5))
    assert [(c.first_line, c.offset) for c in chunks] == [(1, 0), (3, 10), (4, 19)]
    assert b"".join(c.data for c in chunks) == path.read_bytes()
    # A bad line far into a file read in tiny chunks is still named by its line number.
    path.write_text("1 2 3 RT\n" * 50 + "1 2 x RT\n" + "1 2 3 RT\n" * 50)
    monkeypatch.setattr(snap, "CHUNK_BYTES", 64)
    for engine in ENGINES:
        with pytest.raises(IngestError) as exc:
            run(path, engine)
        assert exc.value.line == 51


def test_parse_line() -> None:
    assert parse_line("1 2 1341100972 RT") == ("1", "2", 1341100972, 1341100972_000_000, "RT")
    assert parse_line("1\t2  -5 MT") == ("1", "2", -5, -5_000_000, "MT")
    assert "4 fields" in str(parse_line("1 2 3"))
    assert "not an integer" in str(parse_line("1 2 3.5 RT"))
    assert "unknown interaction code" in str(parse_line("1 2 3 rt"))
    assert "bad user id" in str(parse_line("1 2/3 3 RT"))
    assert "out of range" in str(parse_line("1 2 -99999999999 RT"))  # before the year 1
    assert "out of range" in str(parse_line("1 2 " + "9" * 5000 + " RT"))


# -- bad input ------------------------------------------------------------------------------
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("name", "line", "reason"),
    [
        ("wrong_fields.txt", 3, "expected 4 fields"),
        ("bad_ts.txt", 3, "is not an integer"),
        ("unknown_code.txt", 2, "unknown interaction code 'XX'"),
        ("not_utf8.txt", 3, "not valid UTF-8"),
        ("empty.txt", None, "empty file"),
        ("blank.txt", None, "empty file"),
    ],
)
def test_bad_input_names_file_and_line(
    engine: str, name: str, line: int | None, reason: str
) -> None:
    path = FIXTURES / name
    with pytest.raises(IngestError) as exc:
        run(path, engine)
    assert exc.value.line == line
    assert reason in exc.value.reason
    assert str(path) in str(exc.value)
    if name == "not_utf8.txt":
        assert exc.value.offset == path.read_bytes().index(b"\xff")


@pytest.mark.parametrize("engine", ENGINES)
def test_skip_bad_keeps_the_good_lines(engine: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(
        (FIXTURES / "wrong_fields.txt").read_bytes() + (FIXTURES / "not_utf8.txt").read_bytes()
    )
    r = run(path, engine, skip_bad=True)
    assert len(r.events) == 3 + 2
    offset = path.read_bytes().index(b"\xff")
    assert [loc for loc, _ in r.rejects] == ["line 3", f"line 7, byte {offset}"]


def test_skip_bad_in_the_warehouse(wh: Warehouse) -> None:
    report = wh.ingest("snap", [FIXTURES / "unknown_code.txt"], skip_bad=True)
    assert report.added["events"] == 1 and report.rejected == 1
    assert wh.sql("SELECT location, raw FROM rejects").fetchall() == [
        ("line 2", "3 4 1341100973 XX")
    ]


def test_bad_gzip(tmp_path: Path) -> None:
    good = gzip.compress(b"1 2 1341100972 RT\n" * 1000)
    truncated = tmp_path / "cut.txt.gz"
    truncated.write_bytes(good[: len(good) // 2])
    fake = tmp_path / "fake.txt.gz"
    fake.write_bytes(b"1 2 1341100972 RT\n")
    nothing = tmp_path / "nothing.txt.gz"
    nothing.write_bytes(gzip.compress(b""))
    for engine in ENGINES:
        for path, reason in ((truncated, "decompress"), (fake, "decompress"),
                             (nothing, "empty file")):
            with pytest.raises(IngestError, match=reason):
                run(path, engine)


def test_missing_and_directory(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="not found"):
        run(tmp_path / "nope.txt", "python")
    with pytest.raises(IngestError, match="directory"):
        run(tmp_path, "duckdb")


# -- properties -------------------------------------------------------------------------------
_token = st.sampled_from(["1", "22", "A7", "a7", "x.y", "-", "", "é", "1/2", "0"])
_ts = st.one_of(
    st.integers(-(10**16), 10**16).map(str),
    st.sampled_from(["1341100972", "0013", "-0", "1.5", "", "1e9", "99999999999999"]),
)
_code = st.sampled_from(["RT", "MT", "RE", "XX", "rt", ""])
_sep = st.sampled_from([" ", "  ", "\t", " \t"])
_line = st.one_of(
    st.tuples(_token, _sep, _token, _sep, _ts, _sep, _code).map(lambda t: "".join(t).encode()),
    st.just(b"1 2 1341100972 RT"),
    st.just(b""),
    st.binary(max_size=20),
)
_end = st.sampled_from([b"\n", b"\r\n", b"\n\n", b"\r"])


@given(
    lines=st.lists(st.tuples(_line, _end), min_size=0, max_size=12),
    skip_bad=st.booleans(),
    gz=st.booleans(),
)
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_mutated_logs_fail_cleanly_and_engines_agree(
    tmp_path: Path, lines: list[tuple[bytes, bytes]], skip_bad: bool, gz: bool
) -> None:
    data = b"".join(line + end for line, end in lines)
    path = tmp_path / ("log.txt.gz" if gz else "log.txt")
    path.write_bytes(gzip.compress(data) if gz else data)
    # Anything but IngestError escapes and fails the test; both engines must agree.
    assert outcome(path, "python", skip_bad) == outcome(path, "duckdb", skip_bad)


@given(data=st.binary(max_size=200))
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_bytes_fail_cleanly(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "raw.txt"
    path.write_bytes(data)
    assert outcome(path, "python", True) == outcome(path, "duckdb", True)
    gz = tmp_path / "raw.txt.gz"
    gz.write_bytes(data)  # not gzip at all, mostly
    assert outcome(gz, "python", False)[0] in ("ok", "error")
