"""The shared reading helpers: time parsing, line and JSON reading, the sink."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from swaylens import schema
from swaylens.errors import IngestError
from swaylens.sources.base import Sink, iter_lines, iter_ndjson, load_json, parse_ts


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2021-04-27T18:42:56.913", datetime(2021, 4, 27, 18, 42, 56, 913000, tzinfo=UTC)),
        ("2021-04-27T18:42:56Z", datetime(2021, 4, 27, 18, 42, 56, tzinfo=UTC)),
        ("2021-04-27T20:42:56+02:00", datetime(2021, 4, 27, 18, 42, 56, tzinfo=UTC)),
        ("Wed Oct 10 20:19:24 +0000 2018", datetime(2018, 10, 10, 20, 19, 24, tzinfo=UTC)),
        (1341100972, datetime(2012, 7, 1, 0, 2, 52, tzinfo=UTC)),
        ("1341100972", datetime(2012, 7, 1, 0, 2, 52, tzinfo=UTC)),
        (1341100972123, datetime(2012, 7, 1, 0, 2, 52, 123000, tzinfo=UTC)),
        (1341100972.5, datetime(2012, 7, 1, 0, 2, 52, 500000, tzinfo=UTC)),
    ],
)
def test_parse_ts_formats(raw: object, expected: datetime) -> None:
    assert parse_ts(raw) == expected


@pytest.mark.parametrize("raw", ["", "yesterday", "2021-13-01", None, [], "12:00"])
def test_parse_ts_rejects_with_location(raw: object) -> None:
    with pytest.raises(IngestError) as exc:
        parse_ts(raw, file="f.json", line=7)
    assert exc.value.line == 7 and "f.json (line 7)" in str(exc.value)


@given(st.one_of(st.text(max_size=40), st.integers(), st.floats(allow_nan=True)))
@settings(max_examples=200, deadline=None)
def test_parse_ts_never_raises_anything_else(raw: object) -> None:
    try:
        dt = parse_ts(raw)
    except IngestError:
        return
    assert dt.tzinfo is not None and dt.utcoffset() == UTC.utcoffset(None)


def test_iter_lines_names_bad_utf8_offset(tmp_path: Path) -> None:
    p = tmp_path / "x.txt"
    p.write_bytes(b"ok line\nbad \xff here\n")
    with pytest.raises(IngestError) as exc:
        list(iter_lines(p))
    assert exc.value.line == 2 and exc.value.offset == 12
    assert "not valid UTF-8" in str(exc.value)


def test_iter_lines_strips_bom_and_skips_blank(tmp_path: Path) -> None:
    p = tmp_path / "x.txt"
    p.write_bytes(b"\xef\xbb\xbfa\n\n  \nb\n")
    assert [(n, t) for n, _, t in iter_lines(p)] == [(1, "a"), (4, "b")]


def test_empty_and_missing_files(tmp_path: Path) -> None:
    p = tmp_path / "empty.json"
    p.write_bytes(b"")
    with pytest.raises(IngestError, match="empty file"):
        load_json(p)
    with pytest.raises(IngestError, match="file not found"):
        list(iter_lines(tmp_path / "absent.txt"))


def test_load_json_names_line_of_syntax_error(tmp_path: Path) -> None:
    p = tmp_path / "x.json"
    p.write_text('{\n  "a": 1,\n  "b": \n}\n')
    with pytest.raises(IngestError) as exc:
        load_json(p)
    assert exc.value.line == 4 and "invalid JSON" in str(exc.value)


def _sink(tables: dict[str, list[pa.Table]], skip_bad: bool = False) -> Sink:
    return Sink(lambda t, b: tables.setdefault(t, []).append(b), file="f.ndjson",
                skip_bad=skip_bad, batch_rows=2)


def test_ndjson_invalid_line_fails_or_is_rejected(tmp_path: Path) -> None:
    p = tmp_path / "x.ndjson"
    p.write_text('{"a": 1}\n{"a": \n{"a": 3}\n')
    tables: dict[str, list[pa.Table]] = {}
    with pytest.raises(IngestError) as exc:
        list(iter_ndjson(p, _sink(tables)))
    assert exc.value.line == 2
    sink = _sink(tables, skip_bad=True)
    assert [o["a"] for _, o in iter_ndjson(p, sink)] == [1, 3]
    sink.close()
    rej = tables["rejects"][0].to_pylist()
    assert rej[0]["location"].startswith("line 2") and "invalid JSON" in rej[0]["reason"]


def test_sink_batches_follow_canonical_schema() -> None:
    tables: dict[str, list[pa.Table]] = {}
    sink = _sink(tables)
    a = sink.identity("x", "Alice", kind="handle", display_name="Alice")
    assert a == "x:handle:alice"
    for i in range(5):
        sink.event("x", f"e{i}", "post", parse_ts(1_600_000_000 + i), actor=a)
    sink.close()
    assert sum(t.num_rows for t in tables["events"]) == 5
    assert len(tables["events"]) == 3  # batches of 2, 2, 1
    assert all(t.schema.equals(schema.EVENTS) for t in tables["events"])
    with pytest.raises(IngestError, match="unknown event kind"):
        sink.event("x", "e9", "poke", parse_ts(0))
