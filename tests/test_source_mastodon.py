"""The Mastodon adapter on real REST bodies, a real stream capture and real ActivityPub
exports (shared data), plus a documented-format fixture for the notification types the real
samples lack.  Expected numbers are counted from the raw JSON here, by the documented rules."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swaylens.errors import IngestError
from swaylens.sources.base import Sink
from swaylens.sources.mastodon import MastodonSource
from swaylens.warehouse import Warehouse

FIXTURES = Path(__file__).parent / "fixtures" / "mastodon"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"


@pytest.fixture(scope="module")
def md(shared: Path) -> Path:
    return shared / "api-samples" / "mastodon"


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _ts(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _kinds(wh: Warehouse) -> dict[str, int]:
    return dict(wh.sql("SELECT kind, count(*) FROM events GROUP BY kind").fetchall())


def _acct(acc: dict[str, Any]) -> str:
    acct: str = acc["acct"]
    return acct if "@" in acct else f"{acct}@{urlsplit(acc['url']).netloc}"


def _statuses(values: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Every Status by uri, embedded reblogs and quoted statuses included."""
    out: dict[str, dict[str, Any]] = {}
    for s in values:
        out.setdefault(s["uri"], s)
        inner = [s.get("reblog"), (s.get("quote") or {}).get("quoted_status")]
        out.update(_statuses([x for x in inner if isinstance(x, dict)]))
    return out


def _expected(statuses: dict[str, dict[str, Any]]) -> dict[str, int]:
    out = {"post": 0, "reply": 0, "reshare": 0, "quote": 0, "mention": 0}
    for s in statuses.values():
        quoted = (s.get("quote") or {}).get("quoted_status")
        if s.get("reblog"):
            out["reshare"] += 1
            continue
        if s.get("in_reply_to_id"):
            out["reply"] += 1
            out["quote"] += bool(quoted)
        elif quoted:
            out["quote"] += 1
        else:
            out["post"] += 1
        out["mention"] += len({_acct(m) for m in s["mentions"]})
    return {k: v for k, v in out.items() if v}


# -- REST ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["timeline_home.json", "timeline_list.json",
                                  "timeline_public_local_remote.json",
                                  "account_statuses_page.json", "status_reblog.json",
                                  "status_reply.json", "status_reply_with_quote.json"])
def test_rest_statuses(wh: Warehouse, md: Path, name: str) -> None:
    raw = _load(md / name)
    values = raw if isinstance(raw, list) else [raw]
    statuses = _statuses(values)
    wh.ingest("mastodon", [md / name])
    assert wh.count("contents") == len(statuses)
    assert _kinds(wh) == _expected(statuses)
    accounts = {_acct(s["account"]) for s in statuses.values()}
    accounts |= {_acct(m) for s in statuses.values() for m in s["mentions"]}
    got = {r[0] for r in wh.sql("SELECT value FROM identities").fetchall()}
    assert got == {a.lower() for a in accounts}
    s = next(s for s in statuses.values() if not s.get("reblog"))
    row = wh.sql("SELECT community, author, text, url, created_at FROM contents"
                 " WHERE source_id = ?", [s["uri"]]).fetchone()
    assert row == (
        urlsplit(s["account"]["url"]).netloc, f"mastodon:handle:{_acct(s['account']).lower()}",
        s["content"], s["url"], _ts(s["created_at"]),
    )
    assert sum(wh.ingest("mastodon", [md / name]).added.values()) == 0


def test_account_identity(wh: Warehouse, md: Path) -> None:
    acc = _load(md / "account_verify_credentials.json")
    wh.ingest("mastodon", [md / "account_verify_credentials.json"])
    row = wh.sql("SELECT kind, value, source_id, handle, display_name, followers, profile, url"
                 " FROM identities").fetchall()
    # a local account: the instance comes from its url
    full = f"{acc['acct']}@{urlsplit(acc['url']).netloc}"
    assert row == [("handle", full.lower(), acc["id"], full, acc["display_name"] or None,
                    acc["followers_count"], acc["note"] or None, acc["url"])]


def test_reblog(wh: Warehouse, md: Path) -> None:
    s = _load(md / "status_reblog.json")
    wh.ingest("mastodon", [md / "status_reblog.json"])
    ev = wh.sql("SELECT source_id, subkind, actor, target_person, target_content, ts FROM events"
                " WHERE kind = 'reshare'").fetchone()
    assert ev == (
        f"reblog/{s['account']['uri']}/{s['reblog']['uri']}", "reblog",
        f"mastodon:handle:{_acct(s['account']).lower()}",
        f"mastodon:handle:{_acct(s['reblog']['account']).lower()}",
        f"mastodon:{s['reblog']['uri']}", _ts(s["created_at"]),
    )
    wrapper = wh.sql("SELECT text FROM contents WHERE source_id = ?", [s["uri"]]).fetchone()
    assert wrapper == (None,)


def test_reply_thread_in_one_file(wh: Warehouse, md: Path, tmp_path: Path) -> None:
    parent, reply = _load(md / "status_reply_parent.json"), _load(md / "status_reply.json")
    assert reply["in_reply_to_id"] == parent["id"]
    path = tmp_path / "thread.ndjson"
    path.write_text(json.dumps(reply) + "\n" + json.dumps(parent) + "\n", encoding="utf-8")
    wh.ingest("mastodon", [path])
    row = wh.sql("SELECT parent_id, root_id FROM contents WHERE source_id = ?",
                 [reply["uri"]]).fetchone()
    assert row == (f"mastodon:{parent['uri']}", f"mastodon:{parent['uri']}")
    ev = wh.sql("SELECT target_person, target_content FROM events WHERE source_id = ?",
                [f"status/{reply['uri']}"]).fetchone()
    assert ev == (f"mastodon:handle:{_acct(parent['account']).lower()}",
                  f"mastodon:{parent['uri']}")


def test_reply_alone_has_no_parent_uri(wh: Warehouse, md: Path) -> None:
    reply = _load(md / "status_reply.json")
    wh.ingest("mastodon", [md / "status_reply.json"])
    row = wh.sql("SELECT parent_id, root_id FROM contents").fetchone()
    assert row == (None, None)
    # the replied-to account is resolved through the mention carrying the same id
    mention = next(m for m in reply["mentions"] if m["id"] == reply["in_reply_to_account_id"])
    person = wh.sql("SELECT target_person FROM events WHERE kind = 'reply'").fetchone()
    assert person == (f"mastodon:handle:{_acct(mention).lower()}",)


def test_reply_with_quote(wh: Warehouse, md: Path) -> None:
    s = _load(md / "status_reply_with_quote.json")
    wh.ingest("mastodon", [md / "status_reply_with_quote.json"])
    ev = wh.sql("SELECT target_content FROM events WHERE source_id = ?",
                [f"quote/{s['uri']}"]).fetchone()
    assert ev == (f"mastodon:{s['quote']['quoted_status']['uri']}",)


def test_notifications_and_conversations(wh: Warehouse, md: Path) -> None:
    notes = _load(md / "notifications_mention.json") + _load(
        md / "notifications_follow_with_notify.json")
    convs = _load(md / "conversations.json")
    statuses = _statuses([n["status"] for n in notes] + [c["last_status"] for c in convs])
    wh.ingest("mastodon", [md / "notifications_mention.json",
                           md / "notifications_follow_with_notify.json",
                           md / "conversations.json"])
    assert wh.count("contents") == len(statuses)
    assert _kinds(wh) == _expected(statuses)
    accts = {_acct(a).lower() for c in convs for a in c["accounts"]}
    assert accts <= {r[0] for r in wh.sql("SELECT value FROM identities").fetchall()}


def test_grouped_notifications(wh: Warehouse, md: Path) -> None:
    page = _load(md / "notifications_grouped_v2.json")
    wh.ingest("mastodon", [md / "notifications_grouped_v2.json"])
    uris = {s["id"]: s["uri"] for s in page["statuses"]}
    expected = {
        (f"mastodon:{uris[g['status_id']]}", _ts(g["latest_page_notification_at"]))
        for g in page["notification_groups"] if g["type"] == "favourite"
    }
    n = sum(len(g["sample_account_ids"]) for g in page["notification_groups"]
            if g["type"] == "favourite")
    assert wh.count("events", "kind = 'reaction'") == n
    got = set(wh.sql("SELECT target_content, ts FROM events WHERE kind = 'reaction'").fetchall())
    assert got == expected
    # partial accounts (id, acct, url) are identities too
    assert wh.count("identities") == len(page["accounts"]) + len(page["partial_accounts"]) + len(
        {_acct(s["account"]) for s in page["statuses"]} - {
            _acct(a) for a in page["accounts"] + page["partial_accounts"]})


def test_notification_fixture(wh: Warehouse) -> None:
    path = FIXTURES / "notifications.json"
    notes = _load(path)
    statuses = _statuses([n["status"] for n in notes if n.get("status")])
    wh.ingest("mastodon", [path])
    by_type = {t: sum(n["type"] == t for n in notes) for t in ("favourite", "reblog", "follow")}
    expected = _expected(statuses)
    expected["reaction"] = by_type["favourite"]
    expected["reshare"] = expected.get("reshare", 0) + by_type["reblog"]
    expected["follow"] = by_type["follow"]
    assert _kinds(wh) == expected
    # the owner (author of the favourited status) is the followed account
    fav = next(n for n in notes if n["type"] == "favourite")
    owner = f"mastodon:handle:{_acct(fav['status']['account']).lower()}"
    follow = next(n for n in notes if n["type"] == "follow")
    assert wh.sql("SELECT actor, target_person, ts FROM events WHERE kind = 'follow'"
                  ).fetchall() == [(f"mastodon:handle:{_acct(follow['account']).lower()}",
                                    owner, _ts(follow["created_at"]))]
    row = wh.sql("SELECT actor, target_person, target_content, value FROM events"
                 " WHERE kind = 'reaction'").fetchone()
    assert row == (f"mastodon:handle:{_acct(fav['account']).lower()}", owner,
                   f"mastodon:{fav['status']['uri']}", 1.0)
    # remote accounts keep their domain; tags and community per author instance
    tagged = next(s for s in statuses.values() if s["tags"])
    row = wh.sql("SELECT tags, community FROM contents WHERE source_id = ?",
                 [tagged["uri"]]).fetchone()
    assert row == ([t["name"] for t in tagged["tags"]], _acct(tagged["account"]).split("@")[1])
    # the same follow given with the owner option is the same event
    again = wh.ingest("mastodon", [FIXTURES / "notifications_follow_only.json"],
                      options={"owner": _acct(fav["status"]["account"])})
    assert again.added.get("events", 0) == 0


def test_follow_needs_owner(wh: Warehouse) -> None:
    path = FIXTURES / "notifications_follow_only.json"
    with pytest.raises(IngestError, match="owner=user@instance"):
        wh.ingest("mastodon", [path])
    with pytest.raises(IngestError, match="owner must be user@instance"):
        wh.ingest("mastodon", [path], options={"owner": "jane"})
    report = wh.ingest("mastodon", [path], options={"owner": "@Jane@example.social"})
    assert report.added["events"] == 1
    assert wh.count("events", "target_person = 'mastodon:handle:jane@example.social'") == 1


def test_stream_capture(wh: Warehouse, md: Path) -> None:
    path = md / "streaming_user.sse.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    payloads = [json.loads(lines[i + 1][len("data: "):]) for i, x in enumerate(lines)
                if x == "event: update"]
    statuses = _statuses(payloads)
    wh.ingest("mastodon", [path])
    assert wh.count("contents") == len(statuses)
    assert _kinds(wh) == _expected(statuses)
    assert sum(wh.ingest("mastodon", [path]).added.values()) == 0


def test_accounts_only(wh: Warehouse, md: Path) -> None:
    names = ["accounts_search.json", "follow_requests.json", "status_favourited_by.json",
             "status_reblogged_by.json", "account_followers_empty.json"]
    accts = {_acct(a).lower() for n in names for a in _load(md / n)}
    wh.ingest("mastodon", [md / n for n in names])
    assert {r[0] for r in wh.sql("SELECT value FROM identities").fetchall()} == accts
    assert wh.count("events") == 0


# -- ActivityPub --------------------------------------------------------------------------
def _ap_expected(items: list[dict[str, Any]]) -> tuple[dict[str, int], int]:
    out = {"post": 0, "reply": 0, "reshare": 0, "mention": 0}
    with_person = 0
    for a in items:
        if a["type"] == "Announce":
            out["reshare"] += 1
            left = {x for x in a.get("to", []) + a.get("cc", [])
                    if x != PUBLIC and x != a["actor"] and not x.endswith("/followers")}
            with_person += len(left) == 1
        elif a["type"] == "Create":
            o = a["object"]
            out["reply" if o.get("inReplyTo") else "post"] += 1
            out["mention"] += len({t["href"] for t in o.get("tag", [])
                                   if t["type"] == "Mention"})
    return {k: v for k, v in out.items() if v}, with_person


@pytest.mark.parametrize("name", ["outbox_export_mastodon_social_vidarh.json",
                                  "outbox_page_hachyderm_samatkins.json"])
def test_activitypub_outbox(wh: Warehouse, md: Path, name: str) -> None:
    path = md / "activitypub" / name
    items = _load(path)["orderedItems"]
    expected, with_person = _ap_expected(items)
    wh.ingest("mastodon", [path])
    assert wh.count("contents") == len(items)  # each Create's note, each Announce
    assert _kinds(wh) == expected
    assert wh.count("events", "kind = 'reshare' AND target_person IS NOT NULL") == with_person
    create = next(a for a in items if a["type"] == "Create")
    note = create["object"]
    row = wh.sql("SELECT author, community, created_at, url, parent_id FROM contents"
                 " WHERE source_id = ?", [note["id"]]).fetchone()
    assert row == (f"mastodon:url:{create['actor'].lower()}", urlsplit(create["actor"]).netloc,
                   _ts(note["published"]), note["url"],
                   f"mastodon:{note['inReplyTo']}" if note["inReplyTo"] else None)
    tagged = next(a["object"] for a in items if a["type"] == "Create" and any(
        t["type"] == "Hashtag" for t in a["object"]["tag"]))
    tags = wh.sql("SELECT tags FROM contents WHERE source_id = ?", [tagged["id"]]).fetchone()
    assert tags == ([t["name"].lstrip("#").lower() for t in tagged["tag"]
                     if t["type"] == "Hashtag"],)
    announce = next(a for a in items if a["type"] == "Announce")
    ev = wh.sql("SELECT actor, target_content, ts FROM events WHERE source_id = ?",
                [f"reblog/{announce['actor']}/{announce['object']}"]).fetchone()
    assert ev == (f"mastodon:url:{announce['actor'].lower()}",
                  f"mastodon:{announce['object']}", _ts(announce["published"]))
    assert sum(wh.ingest("mastodon", [path]).added.values()) == 0


def test_activitypub_actor_and_likes(wh: Warehouse, md: Path) -> None:
    actor = _load(md / "activitypub" / "actor_export_mastodon_social_vidarh.json")
    wh.ingest("mastodon", [md / "activitypub" / "actor_export_mastodon_social_vidarh.json"])
    row = wh.sql("SELECT kind, value, handle, display_name, profile, url FROM identities"
                 ).fetchall()
    host = urlsplit(actor["id"]).netloc
    assert row == [("url", actor["id"].lower(), f"{actor['preferredUsername']}@{host}",
                    actor["name"], actor["summary"], actor["url"])]
    with pytest.raises(IngestError, match="bare IRIs"):
        wh.ingest("mastodon", [md / "activitypub" / "likes_export_vidarh.json"])


# -- bad input ----------------------------------------------------------------------------
def test_unknown_shapes(wh: Warehouse, md: Path, tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"\[0\]: not a recognised Mastodon record") as e:
        wh.ingest("mastodon", [md / "account_relationships.json"])
    assert e.value.file == str(md / "account_relationships.json")
    with pytest.raises(IngestError, match="StatusEdit"):
        wh.ingest("mastodon", [md / "status_edit_history.json"])
    path = tmp_path / "x.json"
    path.write_text('"just a string"')
    with pytest.raises(IngestError, match="not a Mastodon entity"):
        wh.ingest("mastodon", [path])


def test_missing_required_field(wh: Warehouse, md: Path, tmp_path: Path) -> None:
    statuses = _load(md / "timeline_list.json")
    del statuses[2]["uri"]
    del statuses[4]["created_at"]
    path = tmp_path / "timeline.json"
    path.write_text(json.dumps(statuses), encoding="utf-8")
    with pytest.raises(IngestError, match=r"\[2\]: .*(uri|not a recognised)"):
        wh.ingest("mastodon", [path])
    assert wh.count("contents") == 0
    report = wh.ingest("mastodon", [path], skip_bad=True)
    assert report.rejected == 2
    assert report.added["contents"] == len(statuses) - 2
    # an account without acct (the file has no other copy of it to take it from)
    status = _load(md / "status_reply_parent.json")
    del status["account"]["acct"]
    path.write_text(json.dumps([status]), encoding="utf-8")
    with pytest.raises(IngestError, match=r"\[0\]: account without acct"):
        wh.ingest("mastodon", [path])


def test_unparseable_date(wh: Warehouse, md: Path, tmp_path: Path) -> None:
    s = _load(md / "status_reply_parent.json")
    s["created_at"] = "31/02/2026"
    path = tmp_path / "s.ndjson"
    path.write_text(json.dumps(_load(md / "status_reply.json")) + "\n" + json.dumps(s) + "\n")
    with pytest.raises(IngestError, match="unparseable date") as e:
        wh.ingest("mastodon", [path])
    assert e.value.line == 2


def test_invalid_json(wh: Warehouse, md: Path, tmp_path: Path) -> None:
    path = tmp_path / "s.ndjson"
    path.write_text(json.dumps(_load(md / "status_reply.json")) + "\n{\"id\": \n")
    with pytest.raises(IngestError, match="invalid JSON") as e:
        wh.ingest("mastodon", [path])
    assert e.value.line == 2
    sse = tmp_path / "stream.txt"
    sse.write_text(":)\nevent: update\ndata: {\"id\": \n\nevent: delete\ndata: 1\n\n")
    with pytest.raises(IngestError, match="invalid JSON in update event") as e:
        wh.ingest("mastodon", [sse])
    assert e.value.line == 3
    assert wh.ingest("mastodon", [sse], skip_bad=True).rejected == 1


def test_not_utf8_and_empty(wh: Warehouse, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    blob = b'[{"id": "1", "acct": "a\xff", "username": "a"}]'
    path.write_bytes(blob)
    with pytest.raises(IngestError, match="UTF-8") as e:
        wh.ingest("mastodon", [path])
    assert e.value.offset == blob.index(b"\xff")
    sse = tmp_path / "stream.txt"
    sse.write_bytes(b"event: update\ndata: {\"x\": \"\xc3\"}\n\n")
    with pytest.raises(IngestError, match="UTF-8") as e:
        wh.ingest("mastodon", [sse])
    assert e.value.line == 2
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    with pytest.raises(IngestError, match="empty file"):
        wh.ingest("mastodon", [empty])


# -- fuzz ---------------------------------------------------------------------------------
def _seeds() -> list[bytes]:
    status = {"id": "1", "uri": "https://a.example/users/x/statuses/1",
              "created_at": "2024-01-01T00:00:00Z", "content": "<p>hi</p>",
              "in_reply_to_id": "0", "in_reply_to_account_id": "7",
              "account": {"id": "7", "acct": "x", "username": "x",
                          "url": "https://a.example/@x", "uri": "https://a.example/users/x"},
              "mentions": [{"id": "8", "acct": "y@b.example", "username": "y",
                            "url": "https://b.example/@y"}],
              "tags": [{"name": "t"}], "reblog": None,
              "quote": {"state": "accepted", "quoted_status_id": "0"}}
    note = {"type": "favourite", "id": "3", "created_at": "2024-01-01T00:00:00Z",
            "account": status["account"], "status": status}
    outbox = {"type": "OrderedCollection", "orderedItems": [
        {"type": "Create", "actor": "https://a.example/users/x", "published": "2024-01-01",
         "object": {"id": "https://a.example/n/1", "type": "Note", "inReplyTo": None,
                    "attributedTo": "https://a.example/users/x", "content": "c",
                    "tag": [{"type": "Mention", "href": "https://b.example/users/y",
                             "name": "@y"}]}},
        {"type": "Announce", "actor": "https://a.example/users/x", "published": "2024-01-02",
         "object": "https://b.example/n/2", "cc": ["https://b.example/users/y"]}]}
    sse = b"event: update\ndata: " + json.dumps(status).encode() + b"\n\n:)\n"
    return [json.dumps([status, note]).encode(), json.dumps(outbox).encode(), sse,
            (FIXTURES / "notifications.json").read_bytes()[:3000]]


@st.composite
def _mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(_seeds())))
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["flip", "cut", "insert"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[pos:pos + draw(st.integers(1, 40))]
        else:
            data[pos:pos] = draw(st.binary(max_size=8))
    return bytes(data)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blob=st.one_of(st.binary(max_size=300), _mutated()), skip_bad=st.booleans(),
       owner=st.sampled_from([None, "x@a.example"]))
def test_fuzz_only_ingest_errors(blob: bytes, skip_bad: bool, owner: str | None,
                                 tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "input.json"
    path.write_bytes(blob)
    sink = Sink(lambda table, batch: None, file=path, skip_bad=skip_bad)
    try:
        MastodonSource(owner=owner).read(path, sink)
        sink.close()
    except IngestError:
        pass
