"""The Reddit adapter on real API responses, hand-written dump fixtures, and bad input."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swaylens.errors import IngestError
from swaylens.sources.base import Sink
from swaylens.sources.reddit import RedditSource
from swaylens.warehouse import Warehouse

FIXTURES = Path(__file__).parent / "fixtures" / "reddit"
SUBMISSIONS = FIXTURES / "submissions.ndjson"
COMMENTS = FIXTURES / "comments.ndjson"
GONE = ("[deleted]", "[removed]")


def sample(shared: Path, name: str) -> Path:
    return shared / "api-samples" / "reddit" / name


def things(obj: Any) -> Iterator[dict[str, Any]]:
    """Every {"kind", "data"} node of a Reddit response, found by plain recursion."""
    if isinstance(obj, dict):
        if isinstance(obj.get("kind"), str) and isinstance(obj.get("data"), dict):
            yield obj
        for key, value in obj.items():
            if key != "crosspost_parent_list":  # copies of other submissions, not read
                yield from things(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from things(value)


def run(path: Path, *, skip_bad: bool = False, **opts: Any) -> tuple[
    dict[str, list[dict[str, Any]]], Sink, RedditSource
]:
    rows: dict[str, list[dict[str, Any]]] = {}

    def writer(table: str, batch: pa.Table) -> None:
        rows.setdefault(table, []).extend(batch.to_pylist())

    sink = Sink(writer, file=path, skip_bad=skip_bad)
    src = RedditSource(**opts)
    src.read(path, sink)
    sink.close()
    return rows, sink, src


def handle(name: str) -> str:
    return f"reddit:handle:{name.lower()}"


# -- the 495-node comment tree ----------------------------------------------------------------
def test_comment_tree_counts(shared: Path, wh: Warehouse) -> None:
    path = sample(shared, "submission_3hahrw_comment_tree.json")
    nodes = list(things(json.loads(path.read_text(encoding="utf-8"))))
    t1 = [n["data"] for n in nodes if n["kind"] == "t1"]
    t3 = [n["data"] for n in nodes if n["kind"] == "t3"]
    more = [n for n in nodes if n["kind"] == "more"]
    assert len([n for n in nodes if n["kind"] != "Listing"]) == 495  # the tree as described
    assert len(t3) == 1 and len(t1) > 400 and more

    report = wh.ingest("reddit", [path])
    assert report.rejected == 0
    assert wh.count("contents", "kind = 'comment'") == len({c["id"] for c in t1})
    assert wh.count("contents", "kind = 'submission'") == 1
    assert wh.count("contents", "community <> 'funny'") == 0
    assert wh.count("events", "kind = 'post'") == 1
    assert wh.count("events", "kind = 'comment'") == sum(
        c["parent_id"].startswith("t3_") for c in t1
    )
    assert wh.count("events", "kind = 'reply'") == sum(
        c["parent_id"].startswith("t1_") for c in t1
    )
    assert wh.count("contents", "author IS NULL") == sum(c["author"] in GONE for c in t1 + t3)
    assert wh.count("events", "kind = 'edit'") == sum(
        not isinstance(c["edited"], bool) for c in t1 + t3
    )
    authors = {c["author"].lower() for c in t1 + t3 if c["author"] not in GONE}
    assert wh.count("identities", "handle IS NOT NULL") == len(authors)

    # The parent's author is the target person whenever the parent is in the file.
    author_of = {f"t1_{c['id']}": c["author"] for c in t1}
    author_of.update({f"t3_{s['id']}": s["author"] for s in t3})
    got = dict(wh.sql(
        "SELECT source_id, target_person FROM events WHERE kind IN ('comment', 'reply')"
    ).fetchall())
    for c in t1:
        parent_author = author_of.get(c["parent_id"])
        expect = handle(parent_author) if parent_author and parent_author not in GONE else None
        kind = "comment" if c["parent_id"].startswith("t3_") else "reply"
        assert got[f"{kind}/t1_{c['id']}"] == expect, c["id"]


def test_comment_tree_more_stubs_are_skipped(shared: Path) -> None:
    path = sample(shared, "submission_3hahrw_comment_tree.json")
    more = [n for n in things(json.loads(path.read_text(encoding="utf-8"))) if n["kind"] == "more"]
    rows, sink, src = run(path)
    assert sink.rejected == 0
    assert src.skipped["more"] == len(more)
    ids = {c["source_id"] for c in rows["contents"]}
    assert not any(f"t1_{m['data']['id']}" in ids for m in more if m["data"]["id"] != "_")


def test_comment_fields(shared: Path) -> None:
    path = sample(shared, "submission_2gmzqe_small_tree.json")
    raw = json.loads(path.read_text(encoding="utf-8"))
    sub = raw[0]["data"]["children"][0]["data"]
    top = raw[1]["data"]["children"][0]["data"]
    nested = top["replies"]["data"]["children"][0]["data"]
    rows, _, _ = run(path)
    contents = {c["source_id"]: c for c in rows["contents"]}
    events = {e["source_id"]: e for e in rows["events"]}

    s = contents[f"t3_{sub['id']}"]
    assert s["title"] == sub["title"] and s["text"] == sub["selftext"]
    assert s["url"] == f"https://www.reddit.com{sub['permalink']}"
    assert s["community"] == sub["subreddit"]
    assert s["root_id"] == f"reddit:t3_{sub['id']}"
    assert s["created_at"] == datetime.fromtimestamp(sub["created_utc"], UTC)
    c = contents[f"t1_{nested['id']}"]
    assert c["parent_id"] == f"reddit:{nested['parent_id']}"
    assert c["root_id"] == f"reddit:{nested['link_id']}"
    assert c["text"] == nested["body"]
    reply = events[f"reply/t1_{nested['id']}"]
    assert reply["actor"] == handle(nested["author"])
    assert reply["target_person"] == handle(top["author"])
    assert reply["target_content"] == f"reddit:t1_{top['id']}"
    comment = events[f"comment/t1_{top['id']}"]
    assert comment["target_person"] == handle(sub["author"])
    assert comment["ts"] == datetime.fromtimestamp(top["created_utc"], UTC)


@pytest.mark.parametrize(
    "name",
    [
        "api_info_comment.json", "comment_permalink_context.json", "morechildren_response.json",
        "submission_2gmzqe_small_tree.json", "submission_crosspost.json",
        "subreddit_askreddit_comments_listing.json", "subreddit_askreddit_new_listing.json",
        "user_spez_comments_listing.json",
    ],
)
def test_every_sample_counts(shared: Path, wh: Warehouse, name: str) -> None:
    path = sample(shared, name)
    nodes = [n["data"] for n in things(json.loads(path.read_text(encoding="utf-8")))
             if n["kind"] in ("t1", "t3")]
    assert nodes
    report = wh.ingest("reddit", [path])
    assert report.rejected == 0
    assert wh.count("contents") == len({n["name"] for n in nodes})
    assert wh.count("events", "kind IN ('post', 'comment', 'reply')") == len(
        {n["name"] for n in nodes}
    )
    with_fullname = {n["author_fullname"] for n in nodes if n.get("author_fullname")}
    assert wh.count("identities", "source_id IS NOT NULL") == len(with_fullname)


def test_listing_comments_use_link_author(shared: Path) -> None:
    path = sample(shared, "subreddit_askreddit_comments_listing.json")
    raw = [n["data"] for n in things(json.loads(path.read_text(encoding="utf-8")))
           if n["kind"] == "t1"]
    rows, _, _ = run(path)
    events = {e["source_id"]: e for e in rows["events"]}
    top = [c for c in raw if c["parent_id"].startswith("t3_") and c["link_author"] not in GONE]
    assert top
    for c in top:
        assert events[f"comment/t1_{c['id']}"]["target_person"] == handle(c["link_author"])


def test_crosspost_is_a_reshare(shared: Path) -> None:
    path = sample(shared, "submission_crosspost.json")
    sub = json.loads(path.read_text(encoding="utf-8"))[0]["data"]["children"][0]["data"]
    rows, _, _ = run(path)
    ev = {e["source_id"]: e for e in rows["events"]}[f"crosspost/t3_{sub['id']}"]
    assert ev["kind"] == "reshare" and ev["subkind"] == "crosspost"
    assert ev["target_content"] == f"reddit:{sub['crosspost_parent']}"
    assert ev["target_person"] == handle(sub["crosspost_parent_list"][0]["author"])


def test_mentions_in_real_comments(shared: Path) -> None:
    path = sample(shared, "user_spez_comments_listing.json")
    raw = [n["data"] for n in things(json.loads(path.read_text(encoding="utf-8")))
           if n["kind"] == "t1"]
    rows, _, _ = run(path)
    mentions = {(e["actor"], e["target_person"], e["target_content"])
                for e in rows["events"] if e["kind"] == "mention"}
    keyser = next(c for c in raw if "u/KeyserSosa" in c["body"])
    assert (handle("spez"), handle("KeyserSosa"), f"reddit:t1_{keyser['id']}") in mentions
    # A link to a profile page is not a mention.
    assert not any(t == handle("mrweiner") for _, t, _ in mentions)


def test_reingest_adds_nothing(shared: Path, wh: Warehouse) -> None:
    paths = [sample(shared, "submission_3hahrw_comment_tree.json"), SUBMISSIONS, COMMENTS]
    first = wh.ingest("reddit", paths)
    assert first.added["events"] > 0
    again = wh.ingest("reddit", paths)
    assert again.added == {"identities": 0, "contents": 0, "events": 0}


# -- NDJSON dumps (hand-written fixtures following the Pushshift schema) ------------------------
def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def test_dump_submissions() -> None:
    raw = lines(SUBMISSIONS)
    rows, sink, _ = run(SUBMISSIONS)
    assert sink.rejected == 0
    contents = {c["source_id"]: c for c in rows["contents"]}
    assert set(contents) == {f"t3_{s['id']}" for s in raw}
    events = {e["source_id"]: e for e in rows["events"]}
    assert sum(e["kind"] == "post" for e in rows["events"]) == len(raw)
    for s in raw:
        c = contents[f"t3_{s['id']}"]
        assert c["community"] == s["subreddit"] and c["title"] == s["title"]
        assert c["created_at"] == datetime.fromtimestamp(int(s["created_utc"]), UTC)
        assert c["author"] == (None if s["author"] in GONE else handle(s["author"]))
        assert c["url"] == f"https://www.reddit.com{s['permalink']}"
    xpost = next(s for s in raw if s.get("crosspost_parent"))
    assert events[f"crosspost/t3_{xpost['id']}"]["target_person"] == handle("alice_ds")
    edited = next(s for s in raw if not isinstance(s["edited"], bool))
    edit = events[f"edit/t3_{edited['id']}/{int(edited['edited'])}"]
    assert edit["ts"] == datetime.fromtimestamp(edited["edited"], UTC)
    mention = [e for e in rows["events"] if e["kind"] == "mention"]
    assert [(m["actor"], m["target_person"]) for m in mention] == [
        (handle("alice_ds"), handle("bob_builder"))
    ]
    fullnames = {i["identity_id"]: i["source_id"] for i in rows["identities"] if i["source_id"]}
    assert fullnames[handle("alice_ds")] == "t2_9a1ic3"


def test_dump_comments() -> None:
    raw = lines(COMMENTS)
    rows, sink, _ = run(COMMENTS)
    assert sink.rejected == 0
    by_id = {f"t1_{c['id']}": c for c in raw}
    events = {e["source_id"]: e for e in rows["events"]}
    assert {c["source_id"] for c in rows["contents"]} == set(by_id)
    for fullname, c in by_id.items():
        kind = "comment" if c["parent_id"].startswith("t3_") else "reply"
        ev = events[f"{kind}/{fullname}"]
        parent = by_id.get(c["parent_id"])
        # Submissions live in the other file, so only comment parents are known here.
        expect = handle(parent["author"]) if parent and parent["author"] not in GONE else None
        assert ev["target_person"] == expect, fullname
        assert ev["actor"] == (None if c["author"] in GONE else handle(c["author"]))
    no_link = next(c for c in rows["contents"] if c["source_id"] == "t1_ghb0006")
    assert no_link["url"] == "https://www.reddit.com/r/socialscience/comments/kp0zzz/_/ghb0006/"
    floaty = next(c for c in rows["contents"] if c["source_id"] == "t1_ghb0005")
    assert floaty["created_at"] == datetime(2021, 1, 1, 0, 30, 0, 500000, tzinfo=UTC)
    # "/u/alice_ds" is a mention; the author signing "u/dan_d" is not.
    mentions = [(e["actor"], e["target_person"]) for e in rows["events"] if e["kind"] == "mention"]
    assert mentions == [(handle("dan_d"), handle("alice_ds"))]


def test_dump_without_parent_lookup() -> None:
    rows, _, _ = run(COMMENTS, resolve_parents=False)
    replies = [e for e in rows["events"] if e["kind"] == "reply"]
    assert replies and all(e["target_person"] is None for e in replies)


def test_dump_lines_of_things_and_listings(tmp_path: Path, shared: Path) -> None:
    """NDJSON whose lines are wrapped things or whole listings (saved API pages)."""
    listing = json.loads(
        sample(shared, "subreddit_askreddit_new_listing.json").read_text(encoding="utf-8")
    )
    wrapped = [{"kind": "t3", "data": s} for s in lines(SUBMISSIONS)]
    p = tmp_path / "mixed.ndjson"
    p.write_text("\n".join(json.dumps(x) for x in [*wrapped, listing]) + "\n", encoding="utf-8")
    rows, sink, _ = run(p)
    assert sink.rejected == 0
    assert len(rows["contents"]) == len(wrapped) + len(listing["data"]["children"])


# -- bad input ------------------------------------------------------------------------------
GOOD = COMMENTS.read_text(encoding="utf-8").splitlines()[0]


def write(tmp_path: Path, content: str | bytes, name: str = "bad.ndjson") -> Path:
    p = tmp_path / name
    p.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return p


def mutate(**changes: Any) -> str:
    obj = json.loads(GOOD)
    for key, value in changes.items():
        if value is ...:
            del obj[key]
        else:
            obj[key] = value
    return json.dumps(obj)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (mutate(created_utc=...), "missing 'created_utc'"),
        (mutate(author=...), "missing 'author'"),
        (mutate(subreddit=None), "missing 'subreddit'"),
        (mutate(body=7), "missing 'body'"),
        (mutate(link_id=...), "missing 'link_id'"),
        (mutate(parent_id="t5_2r97t"), "parent_id"),
        (mutate(created_utc="next tuesday"), "unparseable date"),
        (mutate(edited="sometimes"), "unparseable date"),
        ('{"foo": 1}', "not a Reddit listing, thing or dump record"),
        ("42", "not a Reddit listing"),
        ('{"kind": "Listing", "data": {}}', "listing without data.children"),
        ('{"kind": "t3", "data": {"id": "x", "author": "a", "subreddit": "s",'
         ' "created_utc": 1}}', "missing 'title'"),
    ],
)
def test_bad_record_fails_naming_line(tmp_path: Path, line: str, reason: str) -> None:
    p = write(tmp_path, f"{GOOD}\n{GOOD}\n{line}\n")
    with pytest.raises(IngestError) as err:
        run(p)
    assert err.value.line == 3
    assert reason in err.value.reason
    assert str(p) in str(err.value)


def test_bad_child_in_a_document(tmp_path: Path, shared: Path, wh: Warehouse) -> None:
    listing = json.loads(
        sample(shared, "subreddit_askreddit_new_listing.json").read_text(encoding="utf-8")
    )
    n = len(listing["data"]["children"])
    del listing["data"]["children"][3]["data"]["created_utc"]
    listing["data"]["children"][5] = "garbage"
    p = write(tmp_path, json.dumps(listing), "listing.json")
    with pytest.raises(IngestError, match="missing 'created_utc'"):
        wh.ingest("reddit", [p])
    assert wh.count("contents") == 0  # nothing of a failed file is kept
    report = wh.ingest("reddit", [p], skip_bad=True)
    assert report.rejected == 2
    assert wh.count("contents") == n - 2
    reasons = [r[0] for r in wh.sql("SELECT reason FROM rejects ORDER BY reason").fetchall()]
    assert any("created_utc" in r for r in reasons) and any("a JSON string" in r for r in reasons)


def test_skip_bad_ndjson(tmp_path: Path, wh: Warehouse) -> None:
    p = write(tmp_path, f"{GOOD}\n{{broken\n{mutate(created_utc='never', id='zz')}\n")
    report = wh.ingest("reddit", [p], skip_bad=True)
    assert report.rejected == 2
    assert wh.count("contents") == 1
    locations = sorted(r[0] for r in wh.sql("SELECT location FROM rejects").fetchall())
    assert locations[0].startswith("line 2") and locations[1] == "line 3"


def test_invalid_json_line(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as err:
        run(write(tmp_path, f"{GOOD}\n{GOOD}\n{{\"id\": \n"))
    assert err.value.line == 3 and "invalid JSON" in err.value.reason


def test_invalid_json_document(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="invalid JSON"):
        run(write(tmp_path, '{"kind": "Listing", "data": {"children": [}', "doc.json"))


def test_non_utf8(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as err:
        run(write(tmp_path, f"{GOOD}\n{GOOD}\n".encode() + b'{"body": "caf\xe9"}\n'))
    assert "UTF-8" in err.value.reason and err.value.line == 3


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="empty"):
        run(write(tmp_path, b""))


# -- fuzz -----------------------------------------------------------------------------------
SAMPLE_LINES = COMMENTS.read_bytes().splitlines() + SUBMISSIONS.read_bytes().splitlines()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_fuzz_only_ingest_errors(tmp_path: Path, data: st.DataObject) -> None:
    choice = data.draw(st.integers(0, 2))
    if choice == 0:
        blob = data.draw(st.binary(max_size=400))
    elif choice == 1:
        picked = data.draw(st.lists(st.sampled_from(SAMPLE_LINES), min_size=1, max_size=4))
        buf = bytearray(b"\n".join(picked))
        for _ in range(data.draw(st.integers(1, 6))):
            pos = data.draw(st.integers(0, len(buf) - 1))
            buf[pos] = data.draw(st.integers(0, 255))
        blob = bytes(buf)
    else:
        value = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                          st.text(max_size=20), st.lists(st.integers(), max_size=2),
                          st.just("[deleted]"), st.just("t1_abc"), st.just("t3_abc"))
        thing = st.dictionaries(
            st.sampled_from(["id", "author", "author_fullname", "subreddit", "created_utc",
                             "title", "selftext", "body", "link_id", "parent_id", "edited",
                             "permalink", "crosspost_parent", "crosspost_parent_list",
                             "view_count", "link_author", "replies"]),
            value, max_size=12,
        )
        kind = st.sampled_from(["t1", "t3", "more", "Listing", "t5"])
        wrapped = st.fixed_dictionaries({"kind": kind, "data": st.one_of(thing, value)})
        listing = st.fixed_dictionaries({
            "kind": st.just("Listing"),
            "data": st.fixed_dictionaries({"children": st.lists(
                st.one_of(wrapped, thing, value), max_size=4)}),
        })
        doc = data.draw(st.one_of(thing, wrapped, listing, st.lists(listing, max_size=2)))
        blob = json.dumps(doc).encode()
    p = tmp_path / "fuzz.json"
    p.write_bytes(blob)
    for skip_bad in (False, True):
        with contextlib.suppress(IngestError):
            run(p, skip_bad=skip_bad)


def test_deep_nesting_is_no_crash(tmp_path: Path) -> None:
    # Deeper than Python's recursion limit, shallower than orjson's depth limit.
    with pytest.raises(IngestError, match="a JSON number"):
        run(write(tmp_path, "[" * 1000 + "1" + "]" * 1000, "deep.json"))
    tree = '{"kind":"t1","data":{"id":"a","replies":' * 340 + '""' + "}}" * 340
    with pytest.raises(IngestError, match="missing 'author'"):
        run(write(tmp_path, tree, "tree.json"))
