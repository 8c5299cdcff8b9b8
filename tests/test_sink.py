"""Atomic per-record writes: ``Sink.record()`` and its RecordBuffer."""

from __future__ import annotations

import json
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from swaylens.errors import IngestError
from swaylens.sources.base import RecordBuffer, Sink, parse_ts
from swaylens.warehouse import Warehouse

TS = parse_ts("2024-05-01T12:00:00Z")


class _Collect:
    """A writer that keeps every batch it is given, as rows per table."""

    def __init__(self) -> None:
        self.batches: dict[str, list[pa.Table]] = {}

    def __call__(self, table: str, batch: pa.Table) -> None:
        self.batches.setdefault(table, []).append(batch)

    def rows(self, table: str) -> list[dict[str, Any]]:
        return [r for b in self.batches.get(table, []) for r in b.to_pylist()]

    def ids(self, table: str) -> list[str]:
        key = {"identities": "identity_id", "contents": "content_id", "events": "event_id"}
        return [r[key[table]] for r in self.rows(table)]


def _sink(out: _Collect, batch_rows: int = 2) -> Sink:
    # Two rows a batch, so committing a record also writes whole batches on the way.
    return Sink(out, file="in.json", batch_rows=batch_rows)


def _post(rec: Sink | RecordBuffer, n: int) -> tuple[str, str, str]:
    """The rows of one post, written through a sink or a record buffer alike."""
    who = rec.identity("x", f"User{n}", kind="handle", handle=f"User{n}", followers=n,
                       created_at=TS, same_as=[f"x:id:{n}"])
    cid = rec.content("x", f"p{n}", community="c", kind="post", author=who, created_at=TS,
                      text=f"text {n}", tags=["a", "b"], views=n)
    eid = rec.event("x", f"post/{n}", "post", TS, community="c", actor=who,
                    target_content=cid, value=0.5)
    return who, cid, eid


def test_buffered_rows_and_ids_are_the_sinks_own() -> None:
    direct, buffered = _Collect(), _Collect()
    sink_a, sink_b = _sink(direct), _sink(buffered)
    ids_a = [_post(sink_a, n) for n in range(3)]
    ids_b = []
    for n in range(3):
        with sink_b.record() as rec:
            ids_b.append(_post(rec, n))
    sink_a.close()
    sink_b.close()
    assert ids_a == ids_b
    for table in ("identities", "contents", "events"):
        assert direct.rows(table) == buffered.rows(table)
        assert len(direct.rows(table)) == 3
    assert sink_a.counts == sink_b.counts


def test_record_that_raises_half_way_writes_nothing() -> None:
    out = _Collect()
    sink = _sink(out)
    with sink.record() as rec:
        good = _post(rec, 1)
    boom = ValueError("bad field")
    with pytest.raises(ValueError) as exc, sink.record() as rec:
        rec.identity("x", "Half", kind="handle")
        rec.content("x", "half", kind="post")
        raise boom
    assert exc.value is boom
    with sink.record() as rec:
        after = _post(rec, 2)
    sink.close()
    assert out.ids("identities") == [good[0], after[0]]
    assert out.ids("contents") == [good[1], after[1]]
    assert out.ids("events") == [good[2], after[2]]
    assert sink.counts == {"identities": 2, "contents": 2, "events": 2}


def test_nothing_is_written_until_commit() -> None:
    out = _Collect()
    sink = _sink(out, batch_rows=1)
    rec = sink.record()
    who, cid, eid = _post(rec, 1)
    dropped = sink.record()
    _post(dropped, 2)  # never committed
    assert out.batches == {}
    rec.commit()
    rec.commit()  # a second commit has nothing left to write
    sink.close()
    assert (out.ids("identities"), out.ids("contents"), out.ids("events")) == (
        [who], [cid], [eid])


def test_unknown_event_kind_fails_at_the_call_and_writes_nothing() -> None:
    out = _Collect()
    sink = _sink(out)
    with pytest.raises(IngestError, match="unknown event kind 'poke'") as exc, \
            sink.record() as rec:
        rec.identity("x", "a")
        rec.event("x", "e1", "poke", TS)
    assert exc.value.file == "in.json"
    sink.close()
    assert out.batches == {}


def test_dedup_row_skips_only_identical_identity_rows() -> None:
    out = _Collect()
    sink = _sink(out)
    seen: set[Hashable] = set()
    for name in ("Ann", "Ann", "Annie", "Ann"):
        with sink.record(seen) as rec:
            rec.identity("x", "ann", kind="handle", display_name=name, dedup="row")
            rec.identity("x", "ann", kind="handle", display_name=name, dedup="row")
    with sink.record(seen) as rec:  # no dedup asked: written whatever was before
        rec.identity("x", "ann", kind="handle", display_name="Ann")
    sink.close()
    assert [r["display_name"] for r in out.rows("identities")] == ["Ann", "Annie", "Ann"]


def test_dedup_first_and_bare_identity_rows() -> None:
    out = _Collect()
    sink = _sink(out)
    seen: set[Hashable] = set()
    with sink.record(seen) as rec:
        rec.identity("x", "1", source_id="1", dedup="bare")
        rec.identity("x", "1", source_id="1", dedup="bare")  # nothing new
        rec.identity("x", "1", source_id="1", handle="one", followers=5, dedup="first")
    with sink.record(seen) as rec:
        rec.identity("x", "1", source_id="1", handle="one", followers=9, dedup="first")
        rec.identity("x", "1", source_id="1", dedup="bare")
        rec.identity("x", "2", source_id="2", handle="two", dedup="first")
        rec.identity("x", "2", source_id="2", dedup="bare")
    sink.close()
    assert [(r["value"], r["handle"], r["followers"]) for r in out.rows("identities")] == [
        ("1", None, None), ("1", "one", 5), ("2", "two", None)]


def test_content_dedup_keeps_the_first_copy() -> None:
    out = _Collect()
    sink = _sink(out)
    seen: set[Hashable] = set()
    for text in ("first", "second"):
        with sink.record(seen) as rec:
            rec.content("x", "p1", text=text, dedup=True)
            rec.content("x", "p1", text=text + " again", dedup=True)
            rec.content("x", "p2", text=text)  # no dedup asked
    sink.close()
    assert [(r["source_id"], r["text"]) for r in out.rows("contents")] == [
        ("p1", "first"), ("p2", "first"), ("p2", "second")]


def test_a_failed_record_leaves_nothing_in_seen() -> None:
    out = _Collect()
    sink = _sink(out)
    seen: set[Hashable] = set()
    with pytest.raises(KeyError), sink.record(seen) as rec:
        rec.identity("x", "a", dedup="first")
        rec.content("x", "p1", dedup=True)
        rec.mark(("done", "p1"))
        assert rec.marked(("done", "p1"))  # believed at once inside the record
        raise KeyError("later field")
    assert seen == set()
    with sink.record(seen) as rec:
        assert not rec.marked(("done", "p1"))
        rec.identity("x", "a", handle="a", dedup="first")
        rec.content("x", "p1", dedup=True)
        rec.mark(("done", "p1"))
    with sink.record(seen) as rec:
        assert rec.marked(("done", "p1"))
        assert not rec.marked(("done", "p2"))
    sink.close()
    assert [r["handle"] for r in out.rows("identities")] == ["a"]
    assert len(out.rows("contents")) == 1


def test_warehouse_keeps_nothing_of_a_post_that_fails_half_way(
    tmp_path: Path, wh: Warehouse
) -> None:
    # Post 2's author and content are read before its reply_to_user turns out to be bad.
    post = {"topic_id": 7, "created_at": "2024-05-01T12:00:00Z", "cooked": "<p>hi</p>"}
    posts = [
        {**post, "post_number": 1, "username": "alice", "user_id": 1},
        {**post, "post_number": 2, "username": "bob", "user_id": 2,
         "reply_to_post_number": 1, "reply_to_user": {"username": 5}},
        {**post, "post_number": 3, "username": "carol", "user_id": 3},
    ]
    path = tmp_path / "posts.json"
    path.write_text(json.dumps({"latest_posts": posts}))
    report = wh.ingest("discourse", [path], skip_bad=True, options={"forum": "f.example"})
    assert report.files[0].rejected == 1
    handles = {r[0] for r in wh.sql("SELECT handle FROM identities").fetchall()}
    assert handles == {"alice", "carol"}
    contents = {r[0] for r in wh.sql("SELECT source_id FROM contents").fetchall()}
    assert contents == {"f.example/t/7/1", "f.example/t/7/3"}
    assert wh.count("events") == 2
    reason = wh.sql("SELECT reason FROM rejects").fetchone()
    assert reason is not None and "latest_posts[1]" in reason[0]
