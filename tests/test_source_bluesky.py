"""The Bluesky Jetstream adapter on the real captured window, a hand-written fixture, bad input."""

from __future__ import annotations

import contextlib
import gzip
import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swaylens.errors import IngestError
from swaylens.sources.base import Sink
from swaylens.sources.bluesky import BlueskySource
from swaylens.warehouse import Warehouse

FIXTURES = Path(__file__).parent / "fixtures" / "bluesky"
SYNTHETIC = FIXTURES / "synthetic_events.jsonl"
POST, LIKE, REPOST, FOLLOW = (
    "app.bsky.feed.post", "app.bsky.feed.like", "app.bsky.feed.repost", "app.bsky.graph.follow",
)


def window(shared: Path) -> Path:
    return shared / "api-samples" / "bluesky" / "jetstream_v1_firehose_window.jsonl"


def golden(shared: Path) -> Path:
    return shared / "api-samples" / "bluesky" / "jetstream_v1_golden_handpicked.jsonl"


def raw_events(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def run(path: Path, *, skip_bad: bool = False) -> tuple[dict[str, list[dict[str, Any]]], Sink,
                                                         BlueskySource]:
    rows: dict[str, list[dict[str, Any]]] = {}

    def writer(table: str, batch: pa.Table) -> None:
        rows.setdefault(table, []).extend(batch.to_pylist())

    sink = Sink(writer, file=path, skip_bad=skip_bad)
    src = BlueskySource()
    src.read(path, sink)
    sink.close()
    return rows, sink, src


def events_by_kind(rows: dict[str, list[dict[str, Any]]]) -> Counter[str]:
    return Counter(e["kind"] for e in rows.get("events", []))


def uri_did(uri: str) -> str:
    return uri.split("/")[2]


# -- the real captured window ---------------------------------------------------------------
def test_window_counts_match_raw_file(shared: Path, wh: Warehouse) -> None:
    raw = raw_events(window(shared))
    commits = [e for e in raw if e["kind"] == "commit"]

    def ops(op: str, coll: str) -> list[dict[str, Any]]:
        return [e for e in commits
                if e["commit"]["operation"] == op and e["commit"]["collection"] == coll]

    posts = ops("create", POST)
    replies = [e for e in posts if "reply" in e["commit"]["record"]]
    likes, reposts, follows = ops("create", LIKE), ops("create", REPOST), ops("create", FOLLOW)
    deletes = [e for e in commits if e["commit"]["operation"] == "delete"
               and e["commit"]["collection"] in (POST, LIKE, REPOST, FOLLOW)]
    assert posts and replies and likes and reposts and follows and deletes  # not vacuous

    report = wh.ingest("bluesky", [window(shared)])
    assert report.rejected == 0
    assert wh.count("contents") == len({(e["did"], e["commit"]["rkey"]) for e in posts})
    assert wh.count("contents", "parent_id IS NOT NULL") == len(replies)
    assert wh.count("events", "kind = 'reply'") == len(replies)
    assert wh.count("events", "kind = 'post'") == len(posts) - len(replies)
    assert wh.count("events", "kind = 'reaction' AND subkind = 'like' AND value = 1") == len(likes)
    assert wh.count("events", "kind = 'reshare'") == len(reposts)
    assert wh.count("events", "kind = 'follow'") == len(follows)
    assert wh.count("events", "kind = 'delete'") == len(deletes)
    assert wh.count("events") == len(posts) + len(likes) + len(reposts) + len(follows) + len(
        deletes
    )
    # Every DID seen as an actor or as the target of a like, repost, follow or reply.
    dids = {e["did"] for e in raw if e["kind"] != "commit"}
    for e in commits:
        c = e["commit"]
        if c["collection"] in (POST, LIKE, REPOST, FOLLOW):
            dids.add(e["did"])
        rec = c.get("record", {})
        if c["collection"] in (LIKE, REPOST):
            dids.add(uri_did(rec["subject"]["uri"]))
        elif c["collection"] == FOLLOW and c["operation"] == "create":
            dids.add(rec["subject"])
        elif c["collection"] == POST and "reply" in rec:
            dids.add(uri_did(rec["reply"]["parent"]["uri"]))
    assert wh.count("identities") == len(dids)
    assert wh.count("identities", "kind <> 'did' OR network <> 'bluesky'") == 0


def test_window_event_details(shared: Path) -> None:
    raw = raw_events(window(shared))
    rows, _, src = run(window(shared))
    by_id = {e["source_id"]: e for e in rows["events"]}
    like = next(e for e in raw if e["kind"] == "commit" and e["commit"]["collection"] == LIKE)
    uri = f"at://{like['did']}/{LIKE}/{like['commit']['rkey']}"
    ev = by_id[uri]
    subject = like["commit"]["record"]["subject"]["uri"]
    assert ev["actor"] == f"bluesky:did:{like['did']}"
    assert ev["target_content"] == f"bluesky:{subject}"
    assert ev["target_person"] == f"bluesky:did:{uri_did(subject)}"
    assert ev["ts"] == datetime.fromisoformat(like["commit"]["record"]["createdAt"])

    reply = next(e for e in raw if e["kind"] == "commit" and e["commit"]["collection"] == POST
                 and "reply" in e["commit"].get("record", {}))
    rec = reply["commit"]["record"]
    uri = f"at://{reply['did']}/{POST}/{reply['commit']['rkey']}"
    content = next(c for c in rows["contents"] if c["source_id"] == uri)
    assert content["parent_id"] == f"bluesky:{rec['reply']['parent']['uri']}"
    assert content["root_id"] == f"bluesky:{rec['reply']['root']['uri']}"
    assert content["text"] == rec["text"]
    assert content["community"] is None
    assert by_id[uri]["kind"] == "reply"
    assert by_id[uri]["target_person"] == f"bluesky:did:{uri_did(rec['reply']['parent']['uri'])}"

    delete = next(e for e in raw if e["kind"] == "commit"
                  and e["commit"]["operation"] == "delete")
    c = delete["commit"]
    sid = f"delete/{delete['did']}/{c['collection']}/{c['rkey']}/{delete['time_us']}"
    assert by_id[sid]["subkind"] == c["collection"]
    assert by_id[sid]["target_content"] == f"bluesky:at://{delete['did']}/{c['collection']}/{c['rkey']}"
    assert by_id[sid]["ts"] == datetime(1970, 1, 1, tzinfo=UTC) + timedelta(
        microseconds=delete["time_us"]
    )

    tagged = [e for e in raw if e["kind"] == "commit" and e["commit"]["collection"] == POST
              and e["commit"]["operation"] == "create"
              and any(f["$type"].endswith("#tag") for fc in e["commit"]["record"].get("facets", [])
                      for f in fc["features"])]
    assert tagged
    for e in tagged:
        uri = f"at://{e['did']}/{POST}/{e['commit']['rkey']}"
        expect = [f["tag"] for fc in e["commit"]["record"]["facets"] for f in fc["features"]
                  if f["$type"].endswith("#tag")]
        assert next(c for c in rows["contents"] if c["source_id"] == uri)["tags"] == expect

    # Unmapped collections are counted, not errors.
    unmapped = Counter(e["commit"]["collection"] for e in raw if e["kind"] == "commit"
                       and e["commit"]["operation"] != "delete"
                       and e["commit"]["collection"] not in (POST, LIKE, REPOST, FOLLOW))
    for coll, n in unmapped.items():
        assert src.skipped[coll] == n


def test_golden_handpicked(shared: Path) -> None:
    rows, sink, src = run(golden(shared))
    assert sink.rejected == 0
    kinds = events_by_kind(rows)
    assert kinds == Counter({"reaction": 1, "reply": 1, "reshare": 1, "follow": 1})
    names = {i["identity_id"]: i["display_name"] for i in rows["identities"] if i["display_name"]}
    assert names == {"bluesky:did:did:plc:o6t5vwyr7ae73foww7bgye4r": "Multiversal Lokis Unit🔞"}
    assert src.skipped["app.bsky.graph.block"] == 1
    assert src.skipped["place.stream.broadcast.origin"] == 1
    assert src.skipped["delete:org.hypercerts.claim.activity"] == 1
    assert src.skipped["account:active"] == 1


def test_reingest_adds_nothing(shared: Path, wh: Warehouse) -> None:
    first = wh.ingest("bluesky", [window(shared), golden(shared)])
    assert first.added["events"] > 0
    again = wh.ingest("bluesky", [window(shared), golden(shared)])
    assert again.added == {"identities": 0, "contents": 0, "events": 0}


def test_json_array_reads_like_ndjson(shared: Path, tmp_path: Path) -> None:
    raw = raw_events(window(shared))
    arr = tmp_path / "events.json"
    arr.write_text(json.dumps(raw, indent=1), encoding="utf-8")
    a, _, _ = run(arr)
    b, _, _ = run(window(shared))
    for table in ("contents", "events"):
        assert sorted(r[f"{table[:-1]}_id"] for r in a[table]) == sorted(
            r[f"{table[:-1]}_id"] for r in b[table]
        )


def test_single_event_file(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(SYNTHETIC.read_text(encoding="utf-8").splitlines()[1], encoding="utf-8")
    rows, _, _ = run(one)
    assert events_by_kind(rows) == Counter({"quote": 1})


# -- the hand-written fixture: quotes, mentions, tags, edits, accounts ------------------------
A = "did:plc:aliceaaaaaaaaaaaaaaaaaaa"
B = "did:plc:bobbbbbbbbbbbbbbbbbbbbbb"
C = "did:plc:carolcccccccccccccccccccc"
D = "did:plc:dandddddddddddddddddddddd"
A_POST = f"at://{A}/{POST}/3mqa00000001"


def test_synthetic_fixture() -> None:
    rows, sink, src = run(SYNTHETIC)
    assert sink.rejected == 0
    ev = {e["source_id"]: e for e in rows["events"]}
    contents: dict[str, dict[str, Any]] = {}
    for c in rows["contents"]:  # first occurrence wins, as in the warehouse
        contents.setdefault(c["source_id"], c)

    first = contents[A_POST]
    assert first["tags"] == ["swaylens", "influence"]
    assert first["root_id"] == f"bluesky:{A_POST}"
    assert first["text"].startswith("Hello @bob")  # the create wins over the later edit
    assert ev[A_POST]["kind"] == "post"
    assert ev[A_POST]["target_content"] == f"bluesky:{A_POST}"
    # One mention of Bob; Alice naming herself is not a mention.
    mentions = [e for e in rows["events"] if e["kind"] == "mention"]
    assert [(m["actor"], m["target_person"]) for m in mentions] == [
        (f"bluesky:did:{A}", f"bluesky:did:{B}")
    ]

    for did, rkey in ((B, "3mqb00000001"), (C, "3mqc00000001")):
        q = ev[f"at://{did}/{POST}/{rkey}"]
        assert q["kind"] == "quote"
        assert q["target_content"] == f"bluesky:{A_POST}"
        assert q["target_person"] == f"bluesky:did:{A}"

    reply_uri = f"at://{D}/{POST}/3mqd00000001"
    assert ev[reply_uri]["kind"] == "reply"
    assert ev[reply_uri]["target_person"] == f"bluesky:did:{B}"
    assert ev[f"quote/{reply_uri}"]["kind"] == "quote"
    assert ev[f"quote/{reply_uri}"]["target_content"] == f"bluesky:{A_POST}"

    # Embedding a list is not a quote; no createdAt -> time_us, exact to the microsecond.
    list_post = ev[f"at://{C}/{POST}/3mqc00000002"]
    assert list_post["kind"] == "post"
    assert list_post["ts"] == datetime(1970, 1, 1, tzinfo=UTC) + timedelta(
        microseconds=1783175888000005
    )

    edits = [e for e in rows["events"] if e["kind"] == "edit"]
    assert len(edits) == 1 and edits[0]["target_content"] == f"bluesky:{A_POST}"

    idents: dict[str, dict[str, Any]] = {}
    for i in rows["identities"]:
        merged = idents.setdefault(i["identity_id"], {})
        for k, v in i.items():
            if v is not None:
                merged.setdefault(k, v)
    assert idents[f"bluesky:did:{B}"]["handle"] == "bob.example.com"
    assert idents[f"bluesky:did:{A}"]["display_name"] == "Alice Example"
    assert "alice.example.com" in idents[f"bluesky:did:{A}"]["profile"]

    takedown = [e for e in rows["events"] if e["kind"] == "moderation"]
    assert len(takedown) == 1
    assert takedown[0]["actor"] is None and takedown[0]["subkind"] == "takendown"
    assert takedown[0]["target_person"] == f"bluesky:did:{D}"

    deletes = [e for e in rows["events"] if e["kind"] == "delete"]
    assert [d["target_content"] for d in deletes] == [
        f"bluesky:at://{B}/{LIKE}/3mqblike0001"
    ]
    assert src.skipped == Counter({
        "account:deactivated": 1, "app.bsky.graph.block": 1, "app.bsky.graph.list": 1,
        "delete:app.bsky.graph.listitem": 1,
    })


# -- bad input ------------------------------------------------------------------------------
GOOD = SYNTHETIC.read_text(encoding="utf-8").splitlines()[0]


def write(tmp_path: Path, content: str | bytes, name: str = "bad.jsonl") -> Path:
    p = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    p.write_bytes(content)
    return p


def mutate(**changes: Any) -> str:
    ev = json.loads(GOOD)
    for dotted, value in changes.items():
        keys = dotted.split("__")
        target = ev
        for k in keys[:-1]:
            target = target[k]
        if value is ...:
            del target[keys[-1]]
        else:
            target[keys[-1]] = value
    return json.dumps(ev)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (mutate(time_us=...), "time_us"),
        (mutate(did=...), "did"),
        (mutate(kind=...), "kind"),
        (mutate(kind="firehose"), "unknown Jetstream event kind"),
        (mutate(commit__record__text=...), "without 'text'"),
        (mutate(commit__rkey=...), "rkey"),
        (mutate(commit__operation="upsert"), "unknown operation"),
        (mutate(commit__record=...), "without a record"),
        (mutate(commit__record__reply={"parent": {"cid": "x"}}), "reply without"),
        (mutate(commit__record__createdAt="yesterday"), "unparseable date"),
        (mutate(time_us="1783175888000001"), "time_us"),
        ('{"foo": 1}', "not a Jetstream event"),
        ("[1, 2]", "not a Jetstream event"),
        ('{"did":"did:plc:x","time_us":1,"kind":"commit","commit":{"operation":"create",'
         '"collection":"app.bsky.feed.like","rkey":"k","record":{"subject":"nope"}}}',
         "like record without subject.uri"),
        ('{"did":"did:plc:x","time_us":1,"kind":"commit","commit":{"operation":"create",'
         '"collection":"app.bsky.graph.follow","rkey":"k","record":{"subject":42}}}',
         "follow record without a subject DID"),
    ],
)
def test_bad_record_fails_naming_line(tmp_path: Path, line: str, reason: str) -> None:
    p = write(tmp_path, f"{GOOD}\n{GOOD}\n{line}\n")
    with pytest.raises(IngestError) as err:
        run(p)
    assert err.value.line == 3
    assert reason in err.value.reason
    assert str(p) in str(err.value)


def test_bad_record_skipped_with_skip_bad(tmp_path: Path, wh: Warehouse) -> None:
    bad = mutate(commit__record__createdAt="not a date")
    p = write(tmp_path, f"{GOOD}\n{bad}\n{{oops\n")
    report = wh.ingest("bluesky", [p], skip_bad=True)
    assert report.rejected == 2
    assert wh.count("events", "kind = 'post'") == 1
    locations = sorted(r[0] for r in wh.sql("SELECT location FROM rejects").fetchall())
    assert locations[0] == "line 2"
    assert locations[1].startswith("line 3")


def test_bad_post_leaves_no_partial_rows(tmp_path: Path) -> None:
    bad = mutate(commit__record__createdAt="not a date")
    rows, sink, _ = run(write(tmp_path, bad + "\n" + bad + "\n"), skip_bad=True)
    assert sink.rejected == 2
    assert not rows.get("identities") and not rows.get("contents") and not rows.get("events")


def test_bad_file_commits_nothing(tmp_path: Path, wh: Warehouse) -> None:
    p = write(tmp_path, f"{GOOD}\n{mutate(did=...)}\n")
    with pytest.raises(IngestError):
        wh.ingest("bluesky", [p])
    assert wh.count("events") == 0 and wh.count("identities") == 0


def test_invalid_json_line(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as err:
        run(write(tmp_path, f"{GOOD}\n{GOOD}\n{{\"did\": \n"))
    assert err.value.line == 3 and "invalid JSON" in err.value.reason


def test_non_utf8(tmp_path: Path) -> None:
    data = f"{GOOD}\n{GOOD}\n".encode() + b'{"did": "\xff\xfe"}\n'
    with pytest.raises(IngestError) as err:
        run(write(tmp_path, data))
    assert "UTF-8" in err.value.reason and err.value.line == 3


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="empty"):
        run(write(tmp_path, b""))


def test_array_of_wrong_things(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"event #1: not a Jetstream event"):
        run(write(tmp_path, f"[{GOOD}, \"hello\"]", "a.json"))


# -- fuzz -----------------------------------------------------------------------------------
SAMPLE_LINES = SYNTHETIC.read_bytes().splitlines()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_fuzz_only_ingest_errors(tmp_path: Path, data: st.DataObject) -> None:
    choice = data.draw(st.integers(0, 2))
    if choice == 0:
        blob = data.draw(st.binary(max_size=400))
    elif choice == 1:
        lines = data.draw(st.lists(st.sampled_from(SAMPLE_LINES), min_size=1, max_size=4))
        buf = bytearray(b"\n".join(lines))
        for _ in range(data.draw(st.integers(1, 6))):
            pos = data.draw(st.integers(0, len(buf) - 1))
            buf[pos] = data.draw(st.integers(0, 255))
        blob = bytes(buf)
    else:
        # Structurally plausible JSON with random values in Jetstream's places.
        value = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20),
                          st.lists(st.integers(), max_size=2))
        ev = {
            "did": data.draw(st.one_of(value, st.just(A))),
            "time_us": data.draw(st.one_of(value, st.just(1783175888000000))),
            "kind": data.draw(st.sampled_from(["commit", "identity", "account", "x"])),
            "commit": {
                "operation": data.draw(st.sampled_from(["create", "update", "delete", "?"])),
                "collection": data.draw(st.sampled_from([POST, LIKE, REPOST, FOLLOW, "x.y"])),
                "rkey": data.draw(st.one_of(value, st.just("k"))),
                "record": data.draw(st.one_of(value, st.dictionaries(
                    st.sampled_from(["text", "createdAt", "subject", "reply", "embed",
                                     "facets", "tags"]), value, max_size=5))),
            },
            "account": data.draw(st.one_of(value, st.just({"active": False,
                                                            "status": "takendown"}))),
        }
        blob = json.dumps(ev).encode()
    p = tmp_path / "fuzz.jsonl"
    p.write_bytes(blob)
    for skip_bad in (False, True):
        with contextlib.suppress(IngestError):
            run(p, skip_bad=skip_bad)


def test_deep_nesting_is_no_crash(tmp_path: Path) -> None:
    # Deeper than Python's recursion limit, shallower than orjson's depth limit.
    with pytest.raises(IngestError, match="not a Jetstream event"):
        run(write(tmp_path, "[" * 1000 + "]" * 1000, "deep.json"))


def test_gzipped_capture(shared: Path, tmp_path: Path) -> None:
    gz = tmp_path / "capture.jsonl.gz"
    gz.write_bytes(gzip.compress(window(shared).read_bytes()))
    a, _, _ = run(gz)
    b, _, _ = run(window(shared))
    assert [e["event_id"] for e in a["events"]] == [e["event_id"] for e in b["events"]]
