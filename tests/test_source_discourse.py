"""Discourse adapter: posts.json, topic views, topic post pages, users and user actions."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swaylens.errors import IngestError
from swaylens.sources.base import Sink, parse_ts
from swaylens.sources.discourse import DiscourseSource
from swaylens.warehouse import Warehouse

FIXTURES = Path(__file__).parent / "fixtures" / "discourse"
SHARED = Path(
    os.environ.get("SWAYLENS_SHARED_DATA")
    or Path(__file__).resolve().parent.parent.parent / "shared" / "data"
)
LIVE = "api-samples/discourse/live_forum_criticalfallibilism"
GEM = "api-samples/discourse/discourse_api_gem"
FORUM = "discuss.criticalfallibilism.com"
NOTHING = {"identities": 0, "contents": 0, "events": 0}


def _posts(doc: dict[str, Any]) -> list[dict[str, Any]]:
    if "latest_posts" in doc:
        return list(doc["latest_posts"])
    return list(doc["post_stream"]["posts"])


def _read(src: DiscourseSource, path: Path, *, skip_bad: bool = False) -> dict[str, pa.Table]:
    tables: dict[str, list[pa.Table]] = {}
    sink = Sink(lambda t, b: tables.setdefault(t, []).append(b), file=path, skip_bad=skip_bad)
    src.read(path, sink)
    sink.close()
    return {t: pa.concat_tables(bs) for t, bs in tables.items()}


def _event_rows(wh: Warehouse) -> dict[str, tuple[Any, ...]]:
    return {r[0]: r[1:] for r in wh.sql(
        "SELECT source_id, kind, subkind, actor, target_person, target_content, ts "
        "FROM events").fetchall()}


def _who(username: str, forum: str = FORUM) -> str:
    return f"discourse:handle:{forum}/{username}".lower()


# -- the live forum ---------------------------------------------------------------------
def test_latest_posts(shared: Path, wh: Warehouse) -> None:
    path = shared / LIVE / "posts.json"
    posts = _posts(json.loads(path.read_text()))
    report = wh.ingest("discourse", [path])
    assert report.rejected == 0
    assert wh.count("contents") == len(posts)
    assert wh.count("events") == len(posts)
    kinds = Counter(r[0] for r in wh.sql("SELECT subkind FROM events").fetchall())
    assert kinds == Counter(
        "topic" if p["post_number"] == 1
        else "reply_to_post" if p["reply_to_post_number"] else "reply_to_topic"
        for p in posts
    )
    users = {p["username"].lower() for p in posts} | {
        p["reply_to_user"]["username"].lower() for p in posts if p.get("reply_to_user")}
    assert wh.count("identities") == len(users)

    ev = _event_rows(wh)
    contents = {r[0]: r[1:] for r in wh.sql(
        "SELECT source_id, author, parent_id, root_id, title, text, tags, url, community "
        "FROM contents").fetchall()}
    for p in posts:
        key = f"{FORUM}/t/{p['topic_id']}/{p['post_number']}"
        kind, _, actor, person, target, ts = ev[key]
        assert actor == _who(p["username"]) and ts == parse_ts(p["created_at"])
        author, parent, root, title, text, tags, url, community = contents[key]
        assert (author, title, text, community) == (
            _who(p["username"]), p["topic_title"], p["cooked"], FORUM)
        assert tags == [f"category:{p['category_id']}"]
        assert url == f"https://{FORUM}{p['post_url']}"
        assert root == f"discourse:{FORUM}/t/{p['topic_id']}/1"
        if p["post_number"] == 1:
            assert (kind, parent, target) == ("post", None, f"discourse:{key}")
        else:
            n = p["reply_to_post_number"] or 1
            assert kind == "reply"
            assert parent == target == f"discourse:{FORUM}/t/{p['topic_id']}/{n}"
        if p.get("reply_to_user"):
            assert person == _who(p["reply_to_user"]["username"])
    ids = dict(wh.sql("SELECT handle, source_id FROM identities").fetchall())
    for p in posts:
        assert ids[p["username"]] == str(p["user_id"])
    assert wh.ingest("discourse", [path]).added == NOTHING


def test_topic_view_carries_title_tags_and_participants(shared: Path, wh: Warehouse) -> None:
    path = shared / LIVE / "t_2108_post_452.json"
    doc = json.loads(path.read_text())
    wh.ingest("discourse", [path])
    posts = _posts(doc)
    rows = wh.sql("SELECT title, tags, views FROM contents").fetchall()
    assert len(rows) == len(posts)
    tags = [*doc["tags"], f"category:{doc['category_id']}"]
    assert all(r == (doc["title"], tags, None) for r in rows)  # post 1 is not on this page
    people = {u["username"].lower() for u in doc["details"]["participants"]}
    people |= {p["username"].lower() for p in posts}
    people |= {p["reply_to_user"]["username"].lower() for p in posts if p.get("reply_to_user")}
    assert wh.count("identities") == len(people)


def test_topic_posts_page_replies_to_the_topic(shared: Path, wh: Warehouse) -> None:
    path = shared / LIVE / "t_2144_posts.json"
    posts = _posts(json.loads(path.read_text()))
    wh.ingest("discourse", [path])
    op = next(p for p in posts if p["post_number"] == 1)
    ev = _event_rows(wh)
    implicit = [p for p in posts if p["post_number"] > 1 and not p["reply_to_post_number"]]
    assert implicit
    for p in implicit:
        kind, sub, _, person, target, _ = ev[f"{FORUM}/t/2144/{p['post_number']}"]
        assert (kind, sub, target) == ("reply", "reply_to_topic", f"discourse:{FORUM}/t/2144/1")
        assert person == _who(op["username"])
    # Without reply_to_user the parent's author comes from the parent in the same file.
    by_number = {p["post_number"]: p for p in posts}
    for p in posts:
        n = p["reply_to_post_number"]
        if n in by_number:
            assert ev[f"{FORUM}/t/2144/{p['post_number']}"][3] == _who(by_number[n]["username"])


def test_overlapping_responses_deduplicate(shared: Path, wh: Warehouse) -> None:
    paths = [shared / LIVE / n for n in
             ("posts.json", "t_2108_post_452.json", "t_2108_posts_pn_41.json", "t_2144_posts.json")]
    keys = set()
    for p in paths:
        for post in _posts(json.loads(p.read_text())):
            keys.add((post["topic_id"], post["post_number"]))
    wh.ingest("discourse", paths)
    assert wh.count("contents") == len(keys)
    assert wh.count("events") == len(keys)
    assert wh.ingest("discourse", paths).added == NOTHING


# -- the official client's fixtures ------------------------------------------------------
def test_topic_with_moderator_action_and_forum_option(shared: Path, wh: Warehouse) -> None:
    path = shared / GEM / "topic.json"
    doc = json.loads(path.read_text())
    wh.ingest("discourse", [path], options={"forum": "https://meta.discourse.org/"})
    forum = "meta.discourse.org"
    posts = doc["post_stream"]["posts"]
    regular = [p for p in posts if p["post_type"] == 1]
    actions = [p for p in posts if p["post_type"] in (2, 3)]
    assert wh.count("contents") == len(regular)
    assert wh.count("events", "kind = 'moderation'") == len(actions) > 0
    first = wh.sql("SELECT url, views, title FROM contents WHERE source_id = ?",
                   [f"{forum}/t/{doc['id']}/1"]).fetchone()
    assert first == (f"https://{forum}/t/{doc['slug']}/{doc['id']}/1", doc["views"], doc["title"])
    # The creator named in details is the target of replies to the topic.
    person = wh.sql("SELECT DISTINCT target_person FROM events WHERE subkind = "
                    "'reply_to_topic'").fetchall()
    assert person == [(_who(doc["details"]["created_by"]["username"], forum),)]
    ids = dict(wh.sql("SELECT handle, url FROM identities").fetchall())
    assert ids["samsaffron"] == f"https://{forum}/u/samsaffron"


def test_single_post_and_post_lists(shared: Path, wh: Warehouse) -> None:
    names = ["post.json", "posts_latest.json", "posts_before.json", "topic_posts.json"]
    expected = set()
    for n in names:
        doc = json.loads((shared / GEM / n).read_text())
        posts = [doc] if "post_number" in doc else _posts(doc)
        expected |= {(p["topic_id"], p["post_number"]) for p in posts}
    wh.ingest("discourse", [shared / GEM / n for n in names], options={"forum": "try.example"})
    got = {tuple(r[0].split("/")[2:]) for r in wh.sql("SELECT source_id FROM contents").fetchall()}
    assert got == {(str(t), str(n)) for t, n in expected}


@pytest.mark.parametrize(
    ("name", "users", "skipped"),
    [
        ("user_list.json", lambda d: [u["username"] for u in d], {}),
        ("members_0.json", lambda d: [u["username"] for u in d["members"]], {}),
        ("latest.json", lambda d: [u["username"] for u in d["users"]],
         {"topic list entries (no post bodies)": lambda d: len(d["topic_list"]["topics"])}),
        ("private_messages.json", lambda d: [u["username"] for u in d["users"]],
         {"topic list entries (no post bodies)": lambda d: len(d["topic_list"]["topics"])}),
        ("post_action_users.json", lambda d: [u["username"] for u in d["post_action_users"]],
         {"post_action_users likes (no post id, no time)":
          lambda d: len(d["post_action_users"])}),
        ("notifications.json", lambda d: [],
         {"notifications (about the requesting account)": len}),
        ("search.json", lambda d: [], {"search result groups (topic titles only)": len}),
        ("categories.json", lambda d: [u["username"] for u in d["featured_users"]],
         {"categories": lambda d: 1}),
    ],
)
def test_user_only_and_skipped_shapes(
    shared: Path, name: str, users: Any, skipped: dict[str, Any]
) -> None:
    path = shared / GEM / name
    doc = json.loads(path.read_text())
    src = DiscourseSource(forum="f.example")
    tables = _read(src, path)
    want = {u.lower() for u in users(doc)}
    got = set(tables["identities"]["handle"].to_pylist()) if "identities" in tables else set()
    assert {g.lower() for g in got} == want
    assert "contents" not in tables and "events" not in tables
    assert src.skipped == {k: f(doc) for k, f in skipped.items()}


def test_user_profile(shared: Path) -> None:
    path = shared / GEM / "user.json"
    user = json.loads(path.read_text())["user"]
    rows = _read(DiscourseSource(forum="f.example"), path)["identities"].to_pylist()
    assert len(rows) == 1
    assert rows[0]["value"] == f"f.example/{user['username']}"
    assert rows[0]["source_id"] == str(user["id"])
    assert rows[0]["display_name"] == user["name"]
    assert rows[0]["created_at"] == parse_ts(user["created_at"])


def test_user_actions_replies_are_skipped(shared: Path) -> None:
    path = shared / GEM / "replies_and_topics.json"
    actions = json.loads(path.read_text())["user_actions"]
    src = DiscourseSource()
    tables = _read(src, path)
    assert "events" not in tables
    assert src.skipped == Counter(f"user_action type {a['action_type']}" for a in actions)


def test_user_action_likes(wh: Warehouse) -> None:
    path = FIXTURES / "user_actions_likes.json"
    actions = json.loads(path.read_text())["user_actions"]
    wh.ingest("discourse", [path])
    forum = "forum.example.org"  # from the avatar paths
    likes = {(a["acting_username"].lower(), a["topic_id"], a["post_number"]): a
             for a in actions if a["action_type"] in (1, 2)}
    rows = wh.sql("SELECT source_id, kind, subkind, actor, target_person, target_content, ts, "
                  "value FROM events").fetchall()
    assert len(rows) == len(likes) < sum(a["action_type"] in (1, 2) for a in actions)
    for sid, kind, sub, actor, person, target, ts, value in rows:
        liker, topic, n = sid.split("/like/")[1].split("/")
        a = likes[(liker, int(topic), int(n))]
        assert (kind, sub, value) == ("reaction", "like", 1.0)
        assert actor == _who(a["acting_username"], forum)
        assert person == _who(a["username"], forum)
        assert target == f"discourse:{forum}/t/{topic}/{n}"
        assert ts == parse_ts(a["created_at"])


def test_forum_falls_back_to_the_folder_name(shared: Path, tmp_path: Path, wh: Warehouse) -> None:
    folder = tmp_path / "myforum"
    folder.mkdir()
    shutil.copy(shared / GEM / "topic.json", folder / "topic.json")  # gravatar avatars only
    wh.ingest("discourse", [folder / "topic.json"])
    rows = wh.sql("SELECT DISTINCT community, url FROM contents").fetchall()
    assert rows == [("myforum", None)]


# -- bad input --------------------------------------------------------------------------
def _posts_file(tmp_path: Path, posts: list[Any]) -> Path:
    path = tmp_path / "posts.json"
    path.write_text(json.dumps({"latest_posts": posts}))
    return path


def _sample_posts(n: int = 3) -> list[dict[str, Any]]:
    doc = json.loads((SHARED / LIVE / "posts.json").read_text())
    return list(doc["latest_posts"][:n])


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("username", ..., "missing or invalid 'username'"),
        ("topic_id", ..., "missing or invalid 'topic_id'"),
        ("post_number", "x", "missing or invalid 'post_number'"),
        ("created_at", ..., "missing 'created_at'"),
        ("created_at", "2026-13-45", "unparseable date"),
    ],
)
def test_bad_post_fails_naming_the_post(tmp_path: Path, field: str, value: Any,
                                        reason: str) -> None:
    posts = _sample_posts()
    if value is ...:
        del posts[1][field]
    else:
        posts[1][field] = value
    path = _posts_file(tmp_path, posts)
    with pytest.raises(IngestError) as exc:
        _read(DiscourseSource(), path)
    assert reason in exc.value.reason and "latest_posts[1]" in exc.value.reason
    assert str(path) in str(exc.value)


def test_skip_bad_keeps_the_good_posts(tmp_path: Path, wh: Warehouse) -> None:
    posts = _sample_posts(4)
    posts[2]["created_at"] = "soon"
    path = _posts_file(tmp_path, posts)
    report = wh.ingest("discourse", [path], skip_bad=True)
    assert report.rejected == 1 and wh.count("contents") == 3
    reason = wh.sql("SELECT reason FROM rejects").fetchone()
    assert reason is not None and "latest_posts[2]" in reason[0]


def test_invalid_json_non_utf8_empty_and_unknown(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"latest_posts": [\n  {"id": 1,,}\n]}')
    with pytest.raises(IngestError) as exc:
        _read(DiscourseSource(), bad)
    assert exc.value.line == 2 and "invalid JSON" in exc.value.reason

    latin = tmp_path / "latin.json"
    raw = b'{"latest_posts": [], "x": "caf\xe9"}'
    latin.write_bytes(raw)
    with pytest.raises(IngestError, match="not valid UTF-8") as exc:
        _read(DiscourseSource(), latin)
    assert exc.value.offset == raw.index(b"\xe9")

    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    with pytest.raises(IngestError, match="empty file"):
        _read(DiscourseSource(), empty)

    unknown = tmp_path / "about.json"
    unknown.write_text(json.dumps({"about": {"title": "A forum"}}))
    with pytest.raises(IngestError, match=r"unrecognised Discourse JSON shape \(keys: about\)"):
        _read(DiscourseSource(), unknown)

    array = tmp_path / "array.json"
    array.write_text("[1, 2, 3]")
    with pytest.raises(IngestError, match="unrecognised Discourse JSON array"):
        _read(DiscourseSource(), array)


def test_private_message_posts_are_skipped(shared: Path, tmp_path: Path) -> None:
    doc = json.loads((shared / GEM / "topic.json").read_text())
    doc["archetype"] = "private_message"
    path = tmp_path / "pm.json"
    path.write_text(json.dumps(doc))
    src = DiscourseSource(forum="f.example")
    tables = _read(src, path)
    assert "contents" not in tables and "events" not in tables
    assert src.skipped == {"private message posts": len(doc["post_stream"]["posts"])}


def test_ndjson_of_posts(tmp_path: Path, wh: Warehouse) -> None:
    posts = _sample_posts(5)
    path = tmp_path / "posts.ndjson"
    path.write_text("\n".join(json.dumps(p) for p in posts) + "\n")
    wh.ingest("discourse", [path])
    assert wh.count("contents") == len(posts)
    assert wh.sql("SELECT DISTINCT community FROM contents").fetchall() == [(FORUM,)]


# Hypothesis runs each example in the test's own tmp_path; the file is rewritten each time.
_FN = [HealthCheck.function_scoped_fixture]


# -- fuzzing ------------------------------------------------------------------------------
def _must_only_raise_ingest_error(path: Path) -> None:
    for skip_bad in (False, True):
        with contextlib.suppress(IngestError):
            _read(DiscourseSource(), path, skip_bad=skip_bad)


@given(data=st.binary(max_size=400))
@settings(max_examples=60, deadline=None, suppress_health_check=_FN)
def test_fuzz_random_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.json"
    path.write_bytes(data)
    _must_only_raise_ingest_error(path)


def _small_topic() -> bytes:
    return json.dumps({"post_stream": {"posts": _sample_posts(2)}, "id": 1,
                       "title": "t", "category_id": 3, "tags": ["a"]}).encode()


@given(data=st.data())
@settings(max_examples=80, deadline=None, suppress_health_check=_FN)
def test_fuzz_mutated_real_posts(tmp_path: Path, data: st.DataObject) -> None:
    doc = bytearray(_small_topic())
    for _ in range(data.draw(st.integers(1, 4))):
        pos = data.draw(st.integers(0, len(doc) - 1))
        doc[pos:pos + 1] = data.draw(st.binary(min_size=0, max_size=3))
    path = tmp_path / "fuzz.json"
    path.write_bytes(bytes(doc))
    _must_only_raise_ingest_error(path)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats()
    | st.text(max_size=8) | st.sampled_from(["2026-01-21T23:29:42.524Z", "bob", "/t/x/1/2"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["id", "username", "user_id", "name", "topic_id", "post_number",
                         "created_at", "reply_to_post_number", "reply_to_user", "post_type",
                         "cooked", "tags", "category_id", "views", "title", "archetype",
                         "action_type", "acting_username", "post_stream", "posts", "users",
                         "details", "created_by", "participants", "latest_posts", "user"]),
        inner, max_size=6),
    max_leaves=14,
)


@given(doc=_JSON)
@settings(max_examples=100, deadline=None, suppress_health_check=_FN)
def test_fuzz_structured_documents(tmp_path: Path, doc: Any) -> None:
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(doc))
    _must_only_raise_ingest_error(path)


_POST_KEYS = ["id", "username", "user_id", "name", "topic_id", "post_number", "created_at",
              "reply_to_post_number", "reply_to_user", "post_type", "cooked", "raw",
              "action_code", "post_url", "topic_title", "category_id", "display_username"]


@given(changes=st.dictionaries(st.sampled_from(_POST_KEYS), _JSON, max_size=4), meta=_JSON)
@settings(max_examples=100, deadline=None, suppress_health_check=_FN)
def test_fuzz_post_fields(tmp_path: Path, changes: dict[str, Any], meta: Any) -> None:
    base = _sample_posts(1)[0]
    post = {**base, **changes}
    doc = {"post_stream": {"posts": [post, base]}, "id": base["topic_id"], "title": meta,
           "tags": meta, "views": meta, "category_id": meta, "details": {"created_by": meta}}
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(doc))
    _must_only_raise_ingest_error(path)
