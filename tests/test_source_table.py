"""The generic ``table`` adapter: CSV / NDJSON / Parquet, with and without a mapping file.

Expected counts are computed here from the raw files with the stdlib ``csv`` / ``json``
modules or ``pyarrow``, never taken from the adapter's own output.
"""

from __future__ import annotations

import csv
import gzip
import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swaylens import schema
from swaylens.errors import IngestError, SwaylensError
from swaylens.sources.base import Sink, parse_ts
from swaylens.sources.table import TableSource, load_mapping
from swaylens.warehouse import Warehouse

FIX = Path(__file__).parent / "fixtures" / "table"


def ingest(
    wh: Warehouse, path: Path, mapping: Any = None, *, skip_bad: bool = False, **opts: Any
) -> Any:
    options = dict(opts)
    if mapping is not None:
        options["mapping"] = mapping
    return wh.ingest("table", [path], skip_bad=skip_bad, options=options)


def csv_rows(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


def ndjson_rows(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def orphans(wh: Warehouse) -> int:
    """Events whose actor or target person is not an identity."""
    return wh.count(
        "events e",
        "(e.actor IS NOT NULL AND e.actor NOT IN (SELECT identity_id FROM identities))"
        " OR (e.target_person IS NOT NULL"
        " AND e.target_person NOT IN (SELECT identity_id FROM identities))",
    )


def rejects(wh: Warehouse) -> list[tuple[str, str, str | None]]:
    return [
        (str(a), str(b), c)
        for a, b, c in wh.sql("SELECT location, reason, raw FROM rejects ORDER BY location")
        .fetchall()
    ]


# -- mapped files ---------------------------------------------------------------------------
def test_csv_events_with_mapping(wh: Warehouse) -> None:
    path = FIX / "site_events.csv"
    rows = csv_rows(path)
    rep = ingest(wh, path, FIX / "site_events.yaml")
    assert rep.added["events"] == len(rows) == wh.count("events")
    users = {r[k].lower() for r in rows for k in ("user_id", "to_user") if r[k]}
    assert wh.count("identities") == len(users)
    assert orphans(wh) == 0
    by_id = {r["id"]: r for r in rows}
    for eid, kind, subkind, actor, target, content, ts, value, community in wh.sql(
        "SELECT source_id, kind, subkind, actor, target_person, target_content, ts, value,"
        " community FROM events"
    ).fetchall():
        raw = by_id[eid]
        expected_kind = {"like": "reaction", "answer": "reply", "downvote": "reaction"}.get(
            raw["type"], raw["type"]
        )
        assert kind == expected_kind
        assert subkind == (raw["type"] if raw["type"] != expected_kind else None)
        assert value == (-1.0 if raw["type"] == "downvote" else 1.0)
        assert actor == f"mysite:id:{raw['user_id'].lower()}"
        assert target == (f"mysite:id:{raw['to_user'].lower()}" if raw["to_user"] else None)
        assert content == (f"mysite:{raw['post_id']}" if raw["post_id"] else None)
        assert ts == datetime.strptime(raw["created"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
        assert community == (raw["forum"] or None)
    # The raw id keeps its case in source_id; the identity id is lower-cased.
    src = wh.sql("SELECT source_id FROM identities WHERE identity_id = 'mysite:id:u42'")
    assert src.fetchone() == ("U42",)
    again = ingest(wh, path, FIX / "site_events.yaml")
    assert again.added == {"identities": 0, "events": 0}


def test_ndjson_events_with_json_mapping(wh: Warehouse) -> None:
    path = FIX / "app_events.ndjson"
    rows = ndjson_rows(path)
    rep = ingest(wh, path, FIX / "app_events.json")
    assert rep.added["events"] == len(rows)
    got = {
        r[0]: r[1:]
        for r in wh.sql("SELECT event_id, actor, ts, value, kind FROM events").fetchall()
    }
    for raw in rows:
        eid = f"{raw['net']}:{raw['uuid']}"
        actor, ts, value, _kind = got[eid]
        assert actor == f"{raw['net']}:id:{raw['who']['id']}"
        assert ts == parse_ts(raw["at"])
        assert value == float(raw.get("score", 1))
    assert orphans(wh) == 0
    assert ingest(wh, path, FIX / "app_events.json").added["events"] == 0


def test_contents_csv_and_parquet_with_mapping(wh: Warehouse, tmp_path: Path) -> None:
    src = FIX / "posts.csv"
    rows = csv_rows(src)
    rep = ingest(wh, src, FIX / "posts.yaml")
    assert rep.added["contents"] == len(rows) == wh.count("contents")
    tags = dict(wh.sql("SELECT source_id, tags FROM contents").fetchall())
    assert tags["p1"] == ["intro", "help"] and tags["p3"] == [] and tags["p2"] is None
    parents = dict(wh.sql("SELECT source_id, parent_id FROM contents").fetchall())
    assert parents == {r["post_id"]: (f"mysite:{r['parent']}" if r["parent"] else None)
                       for r in rows}
    text = dict(wh.sql("SELECT source_id, text FROM contents").fetchall())
    assert text == {r["post_id"]: r["body"] for r in rows}

    # The same rows as Parquet with native types (timestamps, integers, lists).
    table = pa.table({
        "post_id": [r["post_id"] + "-pq" for r in rows],
        "author": [r["author"] for r in rows],
        "forum": [r["forum"] for r in rows],
        "kind": [r["kind"] for r in rows],
        "parent": [r["parent"] + "-pq" if r["parent"] else None for r in rows],
        "created": pa.array([parse_ts(r["created"]) for r in rows], pa.timestamp("ms")),
        "title": [r["title"] or None for r in rows],
        "body": [r["body"] for r in rows],
        "tags": pa.array([[t.strip() for t in r["tags"].split(",")] if r["tags"]
                          and r["tags"] != "[]" else None for r in rows],
                         pa.list_(pa.string())),
        "views": pa.array([int(r["views"]) if r["views"] else None for r in rows], pa.int32()),
    })
    pq.write_table(table, tmp_path / "posts.parquet")
    rep = ingest(wh, tmp_path / "posts.parquet", FIX / "posts.yaml")
    assert rep.added["contents"] == table.num_rows
    got = wh.sql("SELECT created_at, views, tags FROM contents WHERE source_id = 'p1-pq'")
    created, views, tags1 = got.fetchone() or (None, None, None)
    assert created == parse_ts(rows[0]["created"])
    assert views == int(rows[0]["views"])
    assert tags1 == ["intro", "help"]
    assert orphans(wh) == 0 and wh.count("identities") == len({r["author"] for r in rows})
    assert ingest(wh, tmp_path / "posts.parquet", FIX / "posts.yaml").added["contents"] == 0


def test_identities_tsv_with_mapping(wh: Warehouse) -> None:
    path = FIX / "users.tsv"
    rows = csv_rows(path, "\t")
    rep = ingest(wh, path, FIX / "users.yaml")
    assert rep.added["identities"] == len(rows)
    got = {r[0]: r[1:] for r in wh.sql(
        "SELECT identity_id, source_id, handle, followers, created_at, profile FROM identities"
    ).fetchall()}
    for r in rows:
        source_id, handle, followers, created, profile = got[f"mysite:id:{r['user'].lower()}"]
        assert (source_id, handle, followers) == (r["user"], r["handle"], int(r["followers"]))
        assert created == (parse_ts(r["joined"]) if r["joined"] else None)
        assert profile == (r["bio"] or None)
    assert ingest(wh, path, FIX / "users.yaml").added["identities"] == 0


def test_mapping_as_dict_and_gzip(wh: Warehouse, tmp_path: Path) -> None:
    gz = tmp_path / "site_events.csv.gz"
    gz.write_bytes(gzip.compress((FIX / "site_events.csv").read_bytes()))
    mapping = load_mapping(FIX / "site_events.yaml")
    assert mapping.table == "events"
    import yaml

    as_dict = yaml.safe_load((FIX / "site_events.yaml").read_text())
    rep = ingest(wh, gz, as_dict)
    assert rep.added["events"] == len(csv_rows(FIX / "site_events.csv"))


def test_network_and_community_overrides(wh: Warehouse, tmp_path: Path) -> None:
    """The CLI's --network / --community reach the adapter as options."""
    path = FIX / "site_events.csv"
    rep = ingest(wh, path, FIX / "site_events.yaml", network="other", community="all")
    n = len(csv_rows(path))
    assert rep.added["events"] == n
    assert wh.count("events", "network = 'other' AND community = 'all'") == n
    assert wh.count("identities", "identity_id LIKE 'other:id:%'") == wh.count("identities")
    pq.write_table(canonical_events(10), tmp_path / "e.parquet")
    assert ingest(wh, tmp_path / "e.parquet", community="c").added == {"events": 10}
    assert wh.count("events", "network = 'syn' AND community = 'c'") == 10
    with pytest.raises(SwaylensError, match="needs a mapping"):
        TableSource(network="x")


@pytest.mark.slow
def test_real_higgs_activity_with_mapping(wh: Warehouse, shared: Path) -> None:
    """The SNAP Higgs activity file (``A B ts RT|MT|RE``, no header) through a mapping."""
    path = shared / "twitter-higgs" / "higgs-activity_time.txt.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        lines = {tuple(line.split()) for line in fh if line.strip()}
    users = {u for a, b, _, _ in lines for u in (a, b)}
    mapping = {
        "table": "events",
        "network": "higgs",
        "columns": {
            # One pair can carry several kinds at the same second: all four make the id.
            "source_id": {"sql": "a || '/' || b || '/' || ts || '/' || kind"},
            "kind": "kind", "actor": "a", "target_person": "b", "ts": "ts",
        },
        "kinds": {"RT": "reshare", "MT": "mention", "RE": "reply"},
        "csv": {"delimiter": " ", "header": False, "names": ["a", "b", "ts", "kind"]},
    }
    rep = ingest(wh, path, mapping, format="csv")
    assert rep.added["events"] == len(lines)
    assert rep.added["identities"] == len(users)
    kinds = dict(wh.sql("SELECT subkind, count(*) FROM events GROUP BY 1").fetchall())
    expected: dict[str, int] = {}
    for *_, k in lines:
        expected[k] = expected.get(k, 0) + 1
    assert kinds == expected


# -- canonical files, no mapping ---------------------------------------------------------------
def canonical_events(n: int, users: int = 50) -> pa.Table:
    kinds = ["post", "reply", "reaction", "reshare", "follow"]
    return pa.Table.from_pylist(
        [
            {
                "event_id": f"syn:e{i}", "network": "syn", "source_id": f"e{i}",
                "community": f"c{i % 3}", "kind": kinds[i % len(kinds)],
                "subkind": None, "actor": f"syn:id:{i % users}",
                "target_person": f"syn:id:{(i * 7) % users}",
                "target_content": f"syn:c{i // 2}",
                "ts": datetime(2024, 1, 1, tzinfo=UTC).replace(second=i % 60, minute=i // 60 % 60),
                "value": 1.0,
            }
            for i in range(n)
        ],
        schema=schema.EVENTS,
    )


def canonical_identities(users: int = 50) -> pa.Table:
    return pa.Table.from_pylist(
        [{"identity_id": f"syn:id:{u}", "network": "syn", "kind": "id", "value": str(u),
          "source_id": str(u), "followers": u} for u in range(users)],
        schema=schema.IDENTITIES,
    )


def test_canonical_parquet_without_mapping(wh: Warehouse, tmp_path: Path) -> None:
    ev, ids = canonical_events(500), canonical_identities()
    pq.write_table(ev, tmp_path / "events.parquet")
    pq.write_table(ids, tmp_path / "identities.parquet")
    rep = ingest(wh, tmp_path / "events.parquet")
    assert rep.added == {"events": pq.read_metadata(tmp_path / "events.parquet").num_rows}
    # Canonical events carry identity ids: no identities are invented for them.
    assert wh.count("identities") == 0
    assert ingest(wh, tmp_path / "identities.parquet").added["identities"] == ids.num_rows
    assert orphans(wh) == 0
    stored = [r[0] for r in wh.sql("SELECT event_id FROM events").fetchall()]
    assert sorted(stored) == sorted(ev.column("event_id").to_pylist())
    assert ingest(wh, tmp_path / "events.parquet").added == {"events": 0}
    assert ingest(wh, tmp_path / "identities.parquet").added == {"identities": 0}


def test_canonical_ndjson_and_csv_without_mapping(wh: Warehouse, tmp_path: Path) -> None:
    ev = canonical_events(300)
    rows = ev.to_pylist()
    nd = tmp_path / "events.jsonl"
    with open(nd, "w", encoding="utf-8") as fh:
        for r in rows[:150]:
            r = {**r, "ts": r["ts"].isoformat()}
            fh.write(json.dumps({k: v for k, v in r.items() if v is not None}) + "\n")
    cs = tmp_path / "events.csv"
    with open(cs, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=[f.name for f in schema.EVENTS])
        w.writeheader()
        for r in rows[150:]:
            w.writerow({**r, "ts": r["ts"].isoformat()})
    assert ingest(wh, nd).added == {"events": 150}
    assert ingest(wh, cs).added == {"events": 150}
    assert wh.count("events") == ev.num_rows
    assert ingest(wh, nd).added == {"events": 0}


def test_canonical_ndjson_key_seen_late(wh: Warehouse, tmp_path: Path) -> None:
    """A nullable column first present after DuckDB's sample is still read."""
    nd = tmp_path / "events.ndjson"
    n = 20_600
    with open(nd, "w", encoding="utf-8") as fh:
        for i in range(n):
            r: dict[str, Any] = {"event_id": f"s:{i}", "network": "s", "source_id": str(i),
                                 "kind": "post", "ts": 1_700_000_000 + i}
            if i == n - 1:
                r["subkind"] = "late"
            fh.write(json.dumps(r) + "\n")
    assert ingest(wh, nd).added == {"events": n}
    assert wh.count("events", "subkind = 'late'") == 1


def test_synth_output_without_mapping(wh: Warehouse, tmp_path: Path) -> None:
    synth = pytest.importorskip("swaylens.synth")
    out = tmp_path / "synth"
    synth.generate(out, events=synth.MIN_EVENTS, seed=3)
    n_ids = pq.read_metadata(out / "identities.parquet").num_rows
    n_ev = sum(pq.read_metadata(p).num_rows for p in (out / "events").glob("*.parquet"))
    n_ct = sum(pq.read_metadata(p).num_rows for p in (out / "contents").glob("*.parquet"))
    rep = wh.ingest("table", [out / "identities.parquet", out / "contents", out / "events"])
    assert rep.added == {"identities": n_ids, "contents": n_ct, "events": n_ev}
    assert orphans(wh) == 0


def test_without_warehouse_rows_go_through_the_sink() -> None:
    tables: dict[str, list[pa.Table]] = {}

    def writer(name: str, t: pa.Table) -> None:
        tables.setdefault(name, []).append(t)

    sink = Sink(writer, file=FIX / "site_events.csv")
    TableSource(FIX / "site_events.yaml").read(FIX / "site_events.csv", sink)
    sink.close()
    n = sum(t.num_rows for t in tables["events"])
    assert n == len(csv_rows(FIX / "site_events.csv"))
    assert {t.num_rows for t in tables["identities"]}


# -- bad input ------------------------------------------------------------------------------
EVENTS_MAP: dict[str, Any] = {
    "table": "events", "network": "t",
    "columns": {"source_id": "id", "kind": "kind", "actor": "user", "ts": "ts"},
}


def write_ndjson(path: Path, rows: list[Any]) -> Path:
    with open(path, "wb") as fh:
        for r in rows:
            fh.write(r if isinstance(r, bytes) else json.dumps(r).encode() if r is not None
                     else b"")
            fh.write(b"\n")
    return path


GOOD = [{"id": str(i), "kind": "post", "user": f"u{i % 3}", "ts": 1_700_000_000 + i}
        for i in range(6)]


def expect(wh: Warehouse, path: Path, mapping: Any, *match: str, line: int | None = None,
           **opts: Any) -> IngestError:
    with pytest.raises(IngestError) as info:
        ingest(wh, path, mapping, **opts)
    err = info.value
    for m in match:
        assert m in str(err), str(err)
    if line is not None:
        assert err.line == line, str(err)
    # The file is all or nothing.
    assert wh.count("events") == 0 and wh.count("identities") == 0
    return err


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        ({"kind": "wave"}, 'unknown event kind "wave"'),
        ({"ts": "yesterday"}, 'unparseable date "yesterday"'),
        ({"ts": "2023-02-30T00:00:00"}, "unparseable date"),
        ({"ts": None}, "missing ts"),
        ({"id": None}, "missing source_id"),
        ({"id": ""}, "missing source_id"),
        ({"kind": None}, "missing kind"),
    ],
)
def test_ndjson_bad_value_names_the_line(wh: Warehouse, tmp_path: Path, bad: dict[str, Any],
                                         why: str) -> None:
    rows: list[Any] = [*GOOD[:2], None, {**GOOD[2], **bad}, *GOOD[3:]]  # a blank line 3
    path = write_ndjson(tmp_path / "e.ndjson", rows)
    err = expect(wh, path, EVENTS_MAP, why, str(path), line=4)
    assert err.offset == len(b"".join(
        (json.dumps(r).encode() if r else b"") + b"\n" for r in rows[:3]))


@pytest.mark.parametrize(
    ("cell", "why"),
    [("wave", 'unknown event kind "wave"'), ("", "missing kind")],
)
def test_csv_bad_value_names_the_line(wh: Warehouse, tmp_path: Path, cell: str,
                                      why: str) -> None:
    path = tmp_path / "e.csv"
    path.write_text(
        'id,kind,user,ts\n1,post,a,2024-01-01\n2,"post\nspanning",a,2024-01-01\n\n'
        f"3,{cell},b,2024-01-02\n4,post,c,2024-01-03\n",
        encoding="utf-8",
    )
    # Header line 1, record 2 spans lines 3-4, line 5 is blank: the bad record is line 6.
    expect(wh, path, {**EVENTS_MAP, "kinds": {"post\nspanning": "post"}}, why, line=6)


def test_parquet_bad_row_names_the_row(wh: Warehouse, tmp_path: Path) -> None:
    rows = [{**r, "ts": str(r["ts"])} for r in GOOD]
    rows[4]["ts"] = "not a date"
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "e.parquet")
    expect(wh, tmp_path / "e.parquet", EVENTS_MAP, "row 5", 'unparseable date "not a date"')


def test_invalid_json_names_the_line(wh: Warehouse, tmp_path: Path) -> None:
    path = write_ndjson(tmp_path / "e.ndjson", [*GOOD[:3], b'{"id": "9", "kind": ', *GOOD[3:]])
    expect(wh, path, EVENTS_MAP, "invalid JSON", line=4)


def test_invalid_json_beyond_duckdb_sample(wh: Warehouse, tmp_path: Path) -> None:
    rows: list[Any] = [{**GOOD[0], "id": str(i)} for i in range(25_000)]
    rows[24_000] = b'{"id": "x", "kind": "post", "user": "u", "ts": 1}}'
    path = write_ndjson(tmp_path / "e.ndjson", rows)
    expect(wh, path, EVENTS_MAP, "invalid JSON", line=24_001)


def test_not_an_object_line(wh: Warehouse, tmp_path: Path) -> None:
    path = write_ndjson(tmp_path / "e.ndjson", [*GOOD[:2], [1, 2], *GOOD[2:]])
    expect(wh, path, EVENTS_MAP, "not a JSON object", line=3)


def test_non_utf8_ndjson_names_line_and_offset(wh: Warehouse, tmp_path: Path) -> None:
    bad = b'{"id": "9", "kind": "post", "user": "\xff\xfe", "ts": 1}'
    rows: list[Any] = [*GOOD[:2], bad, *GOOD[2:]]
    path = write_ndjson(tmp_path / "e.ndjson", rows)
    err = expect(wh, path, EVENTS_MAP, "not valid UTF-8", line=3)
    head = sum(len(json.dumps(r)) + 1 for r in GOOD[:2])
    assert err.offset == head + bad.index(b"\xff")


def test_non_utf8_csv_names_the_line(wh: Warehouse, tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_bytes(b"id,kind,user,ts\n1,post,a,2024-01-01\n2,post,\xe9t\xe9,2024-01-01\n")
    expect(wh, path, EVENTS_MAP, "not valid UTF-8", line=3)


def test_ragged_csv_names_the_line(wh: Warehouse, tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("id,kind,user,ts\n1,post,a,2024-01-01\n2,post,a\n", encoding="utf-8")
    expect(wh, path, EVENTS_MAP, "expected 4 fields, found 3", line=3)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("e.ndjson", b""),
        ("e.csv", b""),
        ("e.parquet", b""),
        ("e.ndjson", b"\n  \n\n"),
        ("e.csv", b"id,kind,user,ts\n"),
        ("e.ndjson.gz", gzip.compress(b"")),
    ],
)
def test_empty_file(wh: Warehouse, tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    expect(wh, path, EVENTS_MAP, "empty file")


def test_empty_parquet_table(wh: Warehouse, tmp_path: Path) -> None:
    pq.write_table(canonical_events(0), tmp_path / "e.parquet")
    expect(wh, tmp_path / "e.parquet", None, "empty file")


def test_mapped_column_missing_from_file(wh: Warehouse, tmp_path: Path) -> None:
    path = write_ndjson(tmp_path / "e.ndjson", GOOD)
    mapping = {**EVENTS_MAP, "columns": {**EVENTS_MAP["columns"], "target_person": "whom"}}
    expect(wh, path, mapping, str(path), "'whom'", "target_person")
    csvp = tmp_path / "e.csv"
    csvp.write_text("id,kind,user,ts\n1,post,a,2024-01-01\n", encoding="utf-8")
    expect(wh, csvp, mapping, str(csvp), "'whom'")


@pytest.mark.parametrize(
    ("mapping", "why"),
    [
        ({**EVENTS_MAP, "columns": {**EVENTS_MAP["columns"], "actr": "user"}},
         "unknown events column 'actr'"),
        ({**EVENTS_MAP, "table": "posts"}, "'table' must be one of"),
        ({**EVENTS_MAP, "columns": {"kind": "kind", "ts": "ts"}}, "not mapped: source_id"),
        ({**EVENTS_MAP, "kinds": {"like": "liking"}}, "'liking' is not an event kind"),
        ({**EVENTS_MAP, "columns": {**EVENTS_MAP["columns"], "event_id": "id"}}, "derived"),
        ({**EVENTS_MAP, "colums": {}}, "unknown mapping key(s) colums"),
        ({k: v for k, v in EVENTS_MAP.items() if k != "network"}, "'network' is missing"),
        ({**EVENTS_MAP, "columns": {**EVENTS_MAP["columns"], "value": {"cnst": 1}}},
         "value: expected"),
    ],
)
def test_bad_mapping_names_the_mapping_file(tmp_path: Path, mapping: dict[str, Any],
                                            why: str) -> None:
    path = tmp_path / "map.json"
    path.write_text(json.dumps(mapping), encoding="utf-8")
    with pytest.raises(IngestError) as info:
        TableSource(path)
    assert str(path) in str(info.value) and why in str(info.value)


def test_bad_mapping_yaml_and_sql(wh: Warehouse, tmp_path: Path) -> None:
    bad_yaml = tmp_path / "m.yaml"
    bad_yaml.write_text("table: events\ncolumns: [a\n", encoding="utf-8")
    with pytest.raises(IngestError, match="invalid YAML"):
        TableSource(bad_yaml)
    with pytest.raises(IngestError, match="mapping file not found"):
        TableSource(tmp_path / "nope.yaml")
    m = tmp_path / "m2.yaml"
    m.write_text("table: events\nnetwork: t\ncolumns: {source_id: {sql: 'no_such_col || 1'},"
                 " kind: kind, ts: ts}\n", encoding="utf-8")
    path = write_ndjson(tmp_path / "e.ndjson", GOOD)
    err = expect(wh, path, m, "sql")
    assert err.file == str(m)


def test_unknown_shape_without_mapping(wh: Warehouse, tmp_path: Path) -> None:
    path = write_ndjson(tmp_path / "e.ndjson", GOOD)
    expect(wh, path, None, "not one canonical table", "pass a mapping file")
    extra = canonical_events(3).append_column("color", pa.array(["r", "g", "b"]))
    pq.write_table(extra, tmp_path / "x.parquet")
    expect(wh, tmp_path / "x.parquet", None, "color", "not in the canonical events table")


def test_corrupt_parquet_and_unknown_extension(wh: Warehouse, tmp_path: Path) -> None:
    (tmp_path / "e.parquet").write_bytes(b"PAR1 this is not parquet at all PAR1")
    expect(wh, tmp_path / "e.parquet", None, "Parquet")
    (tmp_path / "e.xlsx").write_bytes(b"x")
    expect(wh, tmp_path / "e.xlsx", None, "format")


def test_failed_file_leaves_earlier_files(wh: Warehouse, tmp_path: Path) -> None:
    good = write_ndjson(tmp_path / "a.ndjson", GOOD)
    bad = write_ndjson(tmp_path / "b.ndjson", [{**GOOD[0], "id": "x", "kind": "nope"}])
    with pytest.raises(IngestError):
        wh.ingest("table", [good, bad], options={"mapping": EVENTS_MAP})
    assert wh.count("events") == len(GOOD)


def test_json_array_names_the_record(wh: Warehouse, tmp_path: Path) -> None:
    path = tmp_path / "e.json"
    rows = [GOOD[0], {**GOOD[1], "kind": "bad"}]
    path.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    expect(wh, path, EVENTS_MAP, "record 2", 'unknown event kind "bad"')
    rep = ingest(wh, path, EVENTS_MAP, skip_bad=True)
    assert rep.added["events"] == 1 and rejects(wh)[0][0] == "record 2"


def test_gzipped_ndjson_invalid_json_names_the_line(wh: Warehouse, tmp_path: Path) -> None:
    path = tmp_path / "e.ndjson.gz"
    body = b"".join(json.dumps(r).encode() + b"\n" for r in GOOD[:3]) + b'{"id": "4",\n'
    path.write_bytes(gzip.compress(body))
    expect(wh, path, EVENTS_MAP, "invalid JSON", line=4)


def test_time_format_and_canonical_ids(wh: Warehouse, tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    # A UTF-8 BOM, RFC 2822 dates with offsets, and actors that already are identity ids.
    path.write_bytes("\ufeffid,kind,user,ts\n1,post,x:id:1,\"Wed, 10 Oct 2018 20:19:24 +0200\"\n"
                     .encode())
    mapping = {**EVENTS_MAP, "time_format": ["%a, %d %b %Y %H:%M:%S %z"],
               "canonical_ids": True}
    assert ingest(wh, path, mapping).added == {"events": 1}
    row = wh.sql("SELECT actor, ts FROM events").fetchone()
    assert row is not None and row[0] == "x:id:1"
    assert row[1] == parse_ts("Wed Oct 10 20:19:24 +0200 2018")
    assert wh.count("identities") == 0


# -- skip_bad -----------------------------------------------------------------------------
def test_skip_bad_ndjson(wh: Warehouse, tmp_path: Path) -> None:
    rows: list[Any] = [
        GOOD[0],
        {**GOOD[1], "kind": "wave"},                                    # line 2
        None,                                                           # blank line 3
        b'{"id": "x", "kind": "post", ',                                # line 4
        GOOD[2],
        b'{"id": "y", "kind": "post", "user": "\xff", "ts": 1}',        # line 6
        {**GOOD[3], "ts": "soon"},                                      # line 7
        [1, 2],                                                         # line 8
        *GOOD[4:],
    ]
    path = write_ndjson(tmp_path / "e.ndjson", rows)
    rep = ingest(wh, path, EVENTS_MAP, skip_bad=True)
    n_good = sum(1 for r in rows if isinstance(r, dict) and r.get("kind") == "post"
                 and isinstance(r.get("ts"), int))
    assert rep.added["events"] == n_good == wh.count("events")
    assert rep.rejected == 5
    got = {loc.split(",")[0]: (reason, raw) for loc, reason, raw in rejects(wh)}
    assert set(got) == {"line 2", "line 4", "line 6", "line 7", "line 8"}
    assert "unknown event kind" in got["line 2"][0] and '"wave"' in (got["line 2"][1] or "")
    assert "invalid JSON" in got["line 4"][0]
    assert "UTF-8" in got["line 6"][0]
    assert "unparseable date" in got["line 7"][0]
    assert "not a JSON object" in got["line 8"][0]
    assert orphans(wh) == 0
    again = ingest(wh, path, EVENTS_MAP, skip_bad=True)
    assert again.added["events"] == 0


def test_skip_bad_csv_and_parquet(wh: Warehouse, tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_bytes(b"id,kind,user,ts\n1,post,a,2024-01-01\n2,post,a\n3,wave,b,2024-01-01\n"
                     b"4,post,\xff,2024-01-01\n5,post,c,2024-01-05\n")
    rep = ingest(wh, path, EVENTS_MAP, skip_bad=True)
    assert rep.added["events"] == 2 and rep.rejected == 3
    assert [loc for loc, _, _ in rejects(wh)] == ["line 3", "line 4", "line 5"]

    rows = [{**r, "id": f"p{r['id']}", "ts": str(r["ts"])} for r in GOOD]
    rows[1]["kind"] = "bogus"
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "e.parquet")
    rep = ingest(wh, tmp_path / "e.parquet", EVENTS_MAP, skip_bad=True)
    assert rep.added["events"] == len(rows) - 1 and rep.rejected == 1
    loc, reason, raw = rejects(wh)[-1]
    assert loc == "row 2" and "bogus" in reason and raw is not None and "bogus" in raw


# -- property: mutated NDJSON never escapes as anything but IngestError --------------------
_FIELDS = ["id", "kind", "user", "ts"]
_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
    st.text(max_size=12), st.sampled_from(["post", "wave", "", "2024-13-01", "1e300", "inf"]),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(),
                                                         max_size=2),
)


def _mutations() -> st.SearchStrategy[list[tuple[int, str, Any]]]:
    return st.lists(
        st.tuples(st.integers(0, len(GOOD) - 1), st.sampled_from(_FIELDS), _VALUES),
        max_size=4,
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    mutations=_mutations(),
    flips=st.lists(st.tuples(st.integers(0, 10_000), st.binary(min_size=0, max_size=3)),
                   max_size=3),
    skip_bad=st.booleans(),
)
def test_mutated_ndjson_only_ingest_errors(
    mutations: list[tuple[int, str, Any]], flips: list[tuple[int, bytes]], skip_bad: bool
) -> None:
    rows = [dict(r) for r in GOOD]
    for i, key, value in mutations:
        rows[i][key] = value
    data = bytearray(b"".join(json.dumps(r).encode() + b"\n" for r in rows))
    for pos, chunk in flips:
        p = pos % (len(data) + 1)
        data[p:p + len(chunk)] = chunk
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "m.ndjson"
        path.write_bytes(bytes(data))
        wh = Warehouse(":memory:")
        try:
            rep = wh.ingest("table", [path], skip_bad=skip_bad, options={"mapping": EVENTS_MAP})
        except IngestError:
            assert wh.count("events") == 0  # all or nothing
            return
        finally:
            pass
        lines = sum(1 for line in bytes(data).splitlines() if line.strip())
        assert wh.count("events") + rep.rejected <= lines
        assert skip_bad or rep.rejected == 0
        wh.close()
