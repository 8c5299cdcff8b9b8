"""The X/Twitter adapter on real API samples (twarc v2 pages, tweepy bodies, v1.1 statuses),
recorded-cassette wrappers built around those real bodies, and the archive fixture."""

from __future__ import annotations

import base64
import gzip
import json
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swaylens.errors import IngestError
from swaylens.sources.base import Sink
from swaylens.sources.twitter import TwitterSource
from swaylens.warehouse import Warehouse

FIXTURES = Path(__file__).parent / "fixtures" / "twitter"


@pytest.fixture(scope="module")
def tw(shared: Path) -> Path:
    return shared / "api-samples" / "twitter"


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _kinds(wh: Warehouse) -> dict[str, int]:
    return dict(wh.sql("SELECT kind, count(*) FROM events GROUP BY kind").fetchall())


def _snowflake(tweet_id: str) -> datetime:
    # independent of the adapter: Twitter's documented Snowflake layout
    ms = (int(tweet_id) >> 22) + 1288834974657
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=ms)


# -- API v2 (twarc) -----------------------------------------------------------------------
def _v2_expected(tweets: list[dict[str, Any]]) -> dict[str, int]:
    """Event counts by kind, computed from raw v2 tweets by the documented rules."""
    out = {"post": 0, "reply": 0, "reshare": 0, "quote": 0, "mention": 0}
    for t in tweets:
        refs = {r["type"] for r in t.get("referenced_tweets", [])}
        if "retweeted" in refs:
            out["reshare"] += 1
            continue
        if "replied_to" in refs:
            out["reply"] += 1
            out["quote"] += "quoted" in refs
        elif "quoted" in refs:
            out["quote"] += 1
        else:
            out["post"] += 1
        out["mention"] += len({m["id"] for m in t.get("entities", {}).get("mentions", [])})
    return {k: v for k, v in out.items() if v}


def test_v2_search_page(wh: Warehouse, tw: Path) -> None:
    path = tw / "api_v2_twarc_csv" / "brexit.jsonl"
    page = _lines(path)[0]
    tweets = {t["id"]: t for t in page["includes"]["tweets"]}
    tweets.update({t["id"]: t for t in page["data"]})
    report = wh.ingest("twitter", [path])
    assert report.added["contents"] == len(tweets)
    assert _kinds(wh) == _v2_expected(list(tweets.values()))
    users = page["includes"]["users"]
    assert wh.count("identities", "kind = 'id'") >= len({u["id"] for u in users})
    # user attributes
    u = users[0]
    row = wh.sql(
        "SELECT handle, display_name, followers, created_at FROM identities"
        " WHERE identity_id = ?", [f"twitter:id:{u['id']}"],
    ).fetchone()
    assert row is not None
    assert row[:3] == (u["username"], u["name"], u["public_metrics"]["followers_count"])
    # content attributes: reply parent, conversation root, hashtags, url, author
    t = next(t for t in page["data"] if any(
        r["type"] == "replied_to" for r in t.get("referenced_tweets", [])))
    parent = next(r["id"] for r in t["referenced_tweets"] if r["type"] == "replied_to")
    row = wh.sql("SELECT parent_id, root_id, author, url, created_at FROM contents"
                 " WHERE content_id = ?", [f"twitter:{t['id']}"]).fetchone()
    assert row is not None
    author = next(x for x in users if x["id"] == t["author_id"])
    assert row[0] == f"twitter:{parent}"
    assert row[1] == f"twitter:{t['conversation_id']}"
    assert row[2] == f"twitter:id:{t['author_id']}"
    assert row[3] == f"https://x.com/{author['username']}/status/{t['id']}"
    assert row[4] == datetime.fromisoformat(t["created_at"].replace("Z", "+00:00"))
    tagged = next(t for t in page["data"] if t.get("entities", {}).get("hashtags"))
    tags = wh.sql("SELECT tags FROM contents WHERE content_id = ?",
                  [f"twitter:{tagged['id']}"]).fetchone()
    assert tags is not None
    assert tags[0] == [h["tag"] for h in tagged["entities"]["hashtags"]]
    # a retweet targets the original and its author
    rt = next(t for t in page["data"] if any(
        r["type"] == "retweeted" for r in t.get("referenced_tweets", [])))
    orig = next(r["id"] for r in rt["referenced_tweets"] if r["type"] == "retweeted")
    ev = wh.sql("SELECT actor, target_content, target_person, subkind FROM events"
                " WHERE source_id = ?", [f"tweet/{rt['id']}"]).fetchone()
    assert ev == (f"twitter:id:{rt['author_id']}", f"twitter:{orig}",
                  f"twitter:id:{tweets[orig]['author_id']}", "retweet")
    # re-ingest, and the same page as a plain JSON document, add nothing
    plain = tw / "api_v2_twarc_csv" / "brexit_search_page.response.json"
    again = wh.ingest("twitter", [path, plain])
    assert sum(again.added.values()) == 0


def test_v2_small_twarc_files(wh: Warehouse, tw: Path) -> None:
    folder = tw / "api_v2_twarc_csv"
    names = ["cashtags.jsonl", "edited.jsonl", "geo_tweets.jsonl", "many_urls.jsonl",
             "media_tweet.jsonl", "mentions_tweet.jsonl", "quoted_edit.jsonl",
             "two_tweets.jsonl"]
    tweets: dict[str, dict[str, Any]] = {}
    for name in names:
        for page in _lines(folder / name):
            for t in page.get("includes", {}).get("tweets", []) + page["data"]:
                tweets[t["id"]] = t
    wh.ingest("twitter", [folder / n for n in names])
    assert wh.count("contents") == len(tweets)
    assert _kinds(wh) == _v2_expected(list(tweets.values()))


def test_ndjson_with_long_first_line(wh: Warehouse, tw: Path, tmp_path: Path) -> None:
    """twarc pages with full expansions are far longer than a 64 KiB sniffing window."""
    folder = tw / "api_v2_twarc_csv"
    first = (folder / "brexit.jsonl").read_bytes()
    assert len(first) > 1 << 16
    path = tmp_path / "collection.jsonl"
    path.write_bytes(first.rstrip(b"\n") + b"\n" + (folder / "two_tweets.jsonl").read_bytes())
    ids = {t["id"] for page in _lines(path) for t in page["data"] + page["includes"]["tweets"]}
    wh.ingest("twitter", [path])
    assert wh.count("contents") == len(ids)


def test_v2_user_page(wh: Warehouse, tw: Path) -> None:
    path = tw / "api_v2_twarc_csv" / "users.jsonl"
    page = _lines(path)[0]
    wh.ingest("twitter", [path])
    ids = {u["id"] for u in page["data"]}
    got = {r[0] for r in wh.sql(
        "SELECT source_id FROM identities WHERE followers IS NOT NULL").fetchall()}
    assert got == ids
    # pinned tweets come in includes.tweets
    assert wh.count("contents") == len({t["id"] for t in page["includes"]["tweets"]})


def test_v2_default_fields_use_snowflake_time(wh: Warehouse, tw: Path) -> None:
    path = tw / "api_v2_tweepy_cassettes" / "home_timeline.json"
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    wh.ingest("twitter", [path])
    assert wh.count("contents") == len(data)
    assert wh.count("events", "kind = 'post'") == len(data)  # nothing says otherwise
    t = data[0]
    row = wh.sql("SELECT ts, actor FROM events WHERE source_id = ?",
                 [f"tweet/{t['id']}"]).fetchone()
    assert row == (_snowflake(t["id"]), None)
    url = wh.sql("SELECT url FROM contents WHERE source_id = ?", [t["id"]]).fetchone()
    assert url == (f"https://x.com/i/web/status/{t['id']}",)


# -- v1.1 ---------------------------------------------------------------------------------
def _v1_all(statuses: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for s in statuses:
        out.setdefault(s["id_str"], s)
        for key in ("retweeted_status", "quoted_status"):
            if isinstance(s.get(key), dict):
                out.update(_v1_all([s[key]]))
    return out


@pytest.mark.parametrize("name", ["statuses_home_timeline.json", "statuses_retweets.json",
                                  "statuses_user_timeline.json", "search_tweets.json"])
def test_v1_statuses(wh: Warehouse, tw: Path, name: str) -> None:
    path = tw / "api_v1.1_tweepy_cassettes" / name
    raw = json.loads(path.read_text(encoding="utf-8"))
    statuses = raw["statuses"] if isinstance(raw, dict) else raw
    every = _v1_all(statuses)
    wh.ingest("twitter", [path])
    assert wh.count("contents") == len(every)
    expected = {"post": 0, "reply": 0, "reshare": 0, "quote": 0, "mention": 0}
    for s in every.values():
        if s.get("retweeted_status"):
            expected["reshare"] += 1
            continue
        quoted = s.get("quoted_status_id_str") or s.get("quoted_status")
        if s.get("in_reply_to_status_id_str"):
            expected["reply"] += 1
            expected["quote"] += bool(quoted)
        elif quoted:
            expected["quote"] += 1
        else:
            expected["post"] += 1
        expected["mention"] += len({m["id_str"] for m in s["entities"]["user_mentions"]})
    assert _kinds(wh) == {k: v for k, v in expected.items() if v}
    s = statuses[0]
    row = wh.sql("SELECT author, created_at, url FROM contents WHERE source_id = ?",
                 [s["id_str"]]).fetchone()
    assert row is not None
    assert row[0] == f"twitter:id:{s['user']['id_str']}"
    assert row[1] == datetime.strptime(s["created_at"], "%a %b %d %H:%M:%S %z %Y")
    assert row[2] == f"https://x.com/{s['user']['screen_name']}/status/{s['id_str']}"
    assert sum(wh.ingest("twitter", [path]).added.values()) == 0


# -- cassettes and request URLs -----------------------------------------------------------
def _sources(tw: Path, folder: str) -> dict[str, dict[str, Any]]:
    return {r["file"]: r for r in _lines(tw / folder / "_sources.jsonl")}


def test_yaml_cassette_liking_users(wh: Warehouse, tw: Path, tmp_path: Path) -> None:
    """A vcrpy YAML cassette, as tweepy records them (gzip body as !!binary)."""
    body = (tw / "api_v2_tweepy_cassettes" / "liking_users.json").read_bytes()
    url = _sources(tw, "api_v2_tweepy_cassettes")["liking_users.json"]["url"]
    tweet_id = re.search(r"/tweets/(\d+)/", url).group(1)  # type: ignore[union-attr]
    cassette = {
        "interactions": [
            {
                "request": {"body": None, "headers": {}, "method": "GET", "uri": url},
                "response": {
                    "body": {"string": gzip.compress(body)},
                    "headers": {"content-encoding": ["gzip"],
                                "date": ["Mon, 20 Sep 2021 18:12:42 UTC"]},
                    "status": {"code": 200, "message": "OK"},
                },
            },
            {  # a failed call records an error body: skipped
                "request": {"body": None, "headers": {}, "method": "GET", "uri": url},
                "response": {"body": {"string": '{"title":"Unauthorized"}'}, "headers": {},
                             "status": {"code": 401, "message": "Unauthorized"}},
            },
        ],
        "version": 1,
    }
    path = tmp_path / "test_client_get_liking_users.yaml"
    path.write_text(yaml.safe_dump(cassette), encoding="utf-8")
    assert "!!binary" in path.read_text(encoding="utf-8")
    users = json.loads(body)["data"]
    wh.ingest("twitter", [path])
    assert wh.count("events", "kind = 'reaction'") == len(users)
    rows = wh.sql("SELECT DISTINCT target_content, ts, subkind, value FROM events").fetchall()
    assert rows == [(f"twitter:{tweet_id}", datetime(2021, 9, 20, 18, 12, 42, tzinfo=UTC),
                     "like", 1.0)]
    actors = {r[0] for r in wh.sql("SELECT actor FROM events").fetchall()}
    assert actors == {f"twitter:id:{u['id']}" for u in users}
    assert sum(wh.ingest("twitter", [path]).added.values()) == 0


def test_json_cassette_retweeted_by_and_v1(wh: Warehouse, tw: Path, tmp_path: Path) -> None:
    """A vcrpy JSON cassette (body as a string), mixing endpoints and a non-data body."""
    v2 = tw / "api_v2_tweepy_cassettes"
    src = _sources(tw, "api_v2_tweepy_cassettes")
    v1 = tw / "api_v1.1_tweepy_cassettes"

    def inter(uri: str, body: str, code: int = 200) -> dict[str, Any]:
        return {"request": {"method": "GET", "uri": uri, "body": None, "headers": {}},
                "response": {"status": {"code": code, "message": "OK"},
                             "headers": {"date": ["Sat, 13 Jul 2019 02:27:34 GMT"]},
                             "body": {"string": body}}}

    cassette = {"version": 1, "interactions": [
        inter(src["retweeted_by.json"]["url"], (v2 / "retweeted_by.json").read_text("utf-8")),
        inter("https://api.twitter.com/1.1/statuses/home_timeline.json",
              (v1 / "statuses_home_timeline.json").read_text("utf-8")),
        inter("https://api.twitter.com/2/tweets/1", '{"data":{"deleted":true}}'),
        inter("https://api.twitter.com/2/tweets/1", ""),
    ]}
    path = tmp_path / "cassette.json"
    path.write_text(json.dumps(cassette), encoding="utf-8")
    wh.ingest("twitter", [path])
    retweeters = json.loads((v2 / "retweeted_by.json").read_text("utf-8"))["data"]
    home = json.loads((v1 / "statuses_home_timeline.json").read_text("utf-8"))
    assert wh.count("events", "subkind = 'retweet' AND source_id LIKE 'retweet/%'") == len(
        retweeters)
    assert wh.count("contents") == len(_v1_all(home))


def test_request_url_option(wh: Warehouse, tw: Path) -> None:
    folder = tw / "api_v2_tweepy_cassettes"
    src = _sources(tw, "api_v2_tweepy_cassettes")
    followers = json.loads((folder / "users_followers.json").read_text("utf-8"))["data"]
    opts = {"request_url": src["users_followers.json"]["url"],
            "retrieved_at": "2021-04-13T00:00:00Z"}
    wh.ingest("twitter", [folder / "users_followers.json"], options=opts)
    owner = re.search(r"/users/(\d+)/", opts["request_url"]).group(1)  # type: ignore[union-attr]
    assert wh.count("events", f"kind = 'follow' AND target_person = 'twitter:id:{owner}'") == len(
        followers)
    # the author of /2/users/{id}/tweets comes from the URL
    tweets = json.loads((folder / "users_tweets.json").read_text("utf-8"))["data"]
    wh.ingest("twitter", [folder / "users_tweets.json"],
              options={"request_url": src["users_tweets.json"]["url"]})
    author = re.search(r"/users/(\d+)/", src["users_tweets.json"]["url"]).group(1)  # type: ignore[union-attr]
    assert wh.count("contents", f"author = 'twitter:id:{author}'") == len(tweets)
    # a like list without a time cannot give events
    with pytest.raises(IngestError, match="retrieved_at"):
        wh.ingest("twitter", [folder / "liking_users.json"],
                  options={"request_url": src["liking_users.json"]["url"]})


# -- account archive ----------------------------------------------------------------------
def _archive_items(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    return [x["tweet"] for x in json.loads(text[text.index("["):])]


def test_archive_tweets_js(wh: Warehouse) -> None:
    path = FIXTURES / "tweets.js"
    items = _archive_items(path)
    account_text = (FIXTURES / "account.js").read_text(encoding="utf-8")
    account = json.loads(account_text[account_text.index("["):])[0]["account"]
    wh.ingest("twitter", [path])
    assert wh.count("contents") == len(items)
    rts = [t for t in items if t["full_text"].startswith("RT @")]
    replies = [t for t in items if t.get("in_reply_to_status_id_str")]
    assert _kinds(wh) == {
        "post": len(items) - len(rts) - len(replies),
        "reply": len(replies),
        "reshare": len(rts),
        "mention": sum(len({m["id_str"] for m in t["entities"]["user_mentions"]})
                       for t in items if t not in rts),
    }
    owner = f"twitter:id:{account['accountId']}"
    assert wh.count("contents", f"author = '{owner}'") == len(items)
    row = wh.sql("SELECT handle, display_name FROM identities WHERE identity_id = ?",
                 [owner]).fetchone()
    assert row == (account["username"], account["accountDisplayName"])
    # the archive retweet targets the retweeted account, by id from its mention
    rt = rts[0]
    ev = wh.sql("SELECT target_person, target_content FROM events WHERE source_id = ?",
                [f"tweet/{rt['id_str']}"]).fetchone()
    assert ev == (f"twitter:id:{rt['entities']['user_mentions'][0]['id_str']}", None)
    # a self-reply inside the archive knows its thread root
    self_reply = next(t for t in replies
                      if t["in_reply_to_status_id_str"] in {x["id_str"] for x in items})
    root = wh.sql("SELECT root_id FROM contents WHERE source_id = ?",
                  [self_reply["id_str"]]).fetchone()
    assert root == (f"twitter:{self_reply['in_reply_to_status_id_str']}",)
    tags = wh.sql("SELECT tags FROM contents WHERE source_id = ?",
                  [items[0]["id_str"]]).fetchone()
    assert tags == ([h["text"] for h in items[0]["entities"]["hashtags"]],)
    assert sum(wh.ingest("twitter", [path]).added.values()) == 0


def test_archive_owner(wh: Warehouse, tmp_path: Path) -> None:
    alone = tmp_path / "tweets.js"
    shutil.copy(FIXTURES / "tweets.js", alone)
    with pytest.raises(IngestError, match="owner"):
        wh.ingest("twitter", [alone])
    wh.ingest("twitter", [alone], options={"owner": "42"})
    assert wh.count("contents", "author = 'twitter:id:42'") == len(_archive_items(alone))
    with pytest.raises(IngestError, match="account id"):
        wh.ingest("twitter", [alone], options={"owner": "@jane"})
    like = tmp_path / "like.js"
    like.write_text('window.YTD.like.part0 = [{"like": {"tweetId": "1", "fullText": "x"}}]')
    with pytest.raises(IngestError, match=r"window\.YTD\.like is not supported"):
        wh.ingest("twitter", [like])


# -- bad input ----------------------------------------------------------------------------
def _tweet(**kw: Any) -> dict[str, Any]:
    t = {"id": "1578466218075312129", "text": "hi", "author_id": "12",
         "created_at": "2022-10-07T18:00:00.000Z"}
    t.update(kw)
    return {k: v for k, v in t.items() if v is not None}


def test_missing_required_field(wh: Warehouse, tmp_path: Path) -> None:
    path = tmp_path / "page.json"
    path.write_text(json.dumps({"data": [_tweet(), _tweet(id=None, edit_history_tweet_ids=[])]}))
    with pytest.raises(IngestError, match=r"data\[1\].*id") as e:
        wh.ingest("twitter", [path])
    assert e.value.file == str(path)
    assert wh.count("contents") == 0  # all or nothing
    report = wh.ingest("twitter", [path], skip_bad=True)
    assert report.rejected == 1 and report.added["contents"] == 1
    assert wh.count("rejects") == 1


def test_unparseable_date(wh: Warehouse, tmp_path: Path) -> None:
    path = tmp_path / "tweets.ndjson"
    path.write_text(json.dumps(_tweet()) + "\n" + json.dumps(_tweet(
        id="1578466218075312130", created_at="yesterday")) + "\n")
    with pytest.raises(IngestError, match="unparseable date") as e:
        wh.ingest("twitter", [path])
    assert e.value.line == 2


def test_invalid_json_line(wh: Warehouse, tmp_path: Path) -> None:
    path = tmp_path / "tweets.ndjson"
    path.write_text(json.dumps(_tweet()) + "\n" + '{"id": "2", "text": \n')
    with pytest.raises(IngestError, match="invalid JSON") as e:
        wh.ingest("twitter", [path])
    assert e.value.line == 2
    assert wh.ingest("twitter", [path], skip_bad=True).rejected == 1


def test_not_utf8(wh: Warehouse, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    blob = b'{"data": [{"id": "1", "text": "caf\xe9"}]}'
    path.write_bytes(blob)
    with pytest.raises(IngestError, match="UTF-8") as e:
        wh.ingest("twitter", [path])
    assert e.value.offset == blob.index(b"\xe9")
    js = tmp_path / "tweets.js"
    js.write_bytes(b'window.YTD.tweets.part0 = [{"tweet": {"full_text": "\xff"}}]')
    with pytest.raises(IngestError, match="UTF-8"):
        wh.ingest("twitter", [js], options={"owner": "1"})


def test_empty_file(wh: Warehouse, tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_bytes(b"")
    with pytest.raises(IngestError, match="empty file"):
        wh.ingest("twitter", [path])


def test_unknown_shape(wh: Warehouse, tw: Path, tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="not a recognised Twitter record"):
        wh.ingest("twitter", [tw / "api_v2_tweepy_cassettes" / "_sources.jsonl"])
    path = tmp_path / "odd.json"
    path.write_text('{"data": [{"start": "2021-01-01", "tweet_count": 3}]}')
    with pytest.raises(IngestError, match=r"data\[0\]"):
        wh.ingest("twitter", [path])
    path.write_text("[1, 2]")
    with pytest.raises(IngestError, match="not a recognised"):
        wh.ingest("twitter", [path])
    bad_yaml = tmp_path / "c.yaml"
    bad_yaml.write_text("interactions:\n  - request: [unclosed\n")
    with pytest.raises(IngestError, match="invalid YAML"):
        wh.ingest("twitter", [bad_yaml])


# -- fuzz ---------------------------------------------------------------------------------
def _seeds() -> list[bytes]:
    page = {"data": [_tweet(referenced_tweets=[{"type": "replied_to", "id": "5"}],
                            entities={"mentions": [{"username": "a", "id": "7"}],
                                      "hashtags": [{"tag": "x"}]})],
            "includes": {"users": [{"id": "12", "username": "u", "name": "U"}]}}
    v1 = [{"id_str": "20", "created_at": "Wed Oct 10 20:19:24 +0000 2018", "text": "t",
           "user": {"id_str": "3", "screen_name": "s"}, "entities": {"user_mentions": []},
           "retweeted_status": {"id_str": "21", "text": "o", "created_at": "2018-10-10",
                                "user": {"id_str": "4", "screen_name": "o"}}}]
    cassette = {"interactions": [{"request": {"uri": "https://api.twitter.com/2/tweets/5/"
                                              "liking_users"},
                                  "response": {"status": {"code": 200},
                                               "headers": {"date": ["Mon, 20 Sep 2021 "
                                                                    "18:12:42 GMT"]},
                                               "body": {"string": json.dumps(
                                                   {"data": [{"id": "9", "username": "n"}]})}}}]}
    archive = (FIXTURES / "tweets.js").read_bytes()
    return [json.dumps(page).encode(), json.dumps(v1).encode(), json.dumps(cassette).encode(),
            archive[:1500], b"interactions:\n- request: {uri: x}\n  response: {status: {code: "
            b"200}, body: {string: !!binary " + base64.b64encode(b"\x1f\x8bxx") + b"}}\n"]


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
@given(blob=st.one_of(st.binary(max_size=300), _mutated()),
       suffix=st.sampled_from([".json", ".jsonl", ".yaml", ".js"]),
       skip_bad=st.booleans())
def test_fuzz_only_ingest_errors(blob: bytes, suffix: str, skip_bad: bool,
                                 tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(blob)
    sink = Sink(lambda table, batch: None, file=path, skip_bad=skip_bad)
    try:
        TwitterSource(owner="1").read(path, sink)
        sink.close()
    except IngestError:
        pass
