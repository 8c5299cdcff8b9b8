"""X/Twitter: API v2 pages and tweets, v1.1 statuses, the account archive, recorded cassettes.

Inputs (one file each; the shape is detected from the content, never from the name):

* **API v2 response pages** ``{"data": ..., "includes": {"users", "tweets", ...}, "meta",
  "errors"}`` as one JSON document or as NDJSON (one page per line, as twarc2 writes them,
  with its ``__twarc`` key giving the request ``url`` and ``retrieved_at``).  ``data`` may be
  tweets or users (user lookups, ``liking_users``...), a list or a single object.  Also
  single v2 tweets, one per line (twarc's "flattened" output, where a tweet carries its
  ``author``, ``in_reply_to_user`` and full ``referenced_tweets``).  Follows the X API v2
  data dictionary (https://docs.x.com/x-api/fundamentals/data-dictionary).
* **API v1.1 statuses**: a list of Tweet objects or a search result ``{"statuses": [...]}``
  (https://developer.x.com/en/docs/x-api/v1/data-dictionary/object-model/tweet).
* **Account archive** ``data/tweets.js`` (also ``tweet.js``, ``tweets-part1.js``,
  ``deleted-tweets.js``): ``window.YTD.tweets.part0 = [{"tweet": {...}}, ...]``, each tweet in
  v1.1 form but without a ``user`` (the archive's own README.txt, section "tweets.js").
  The author is the archive owner: the ``owner`` option (account id), or else the sibling
  ``account.js`` (``window.YTD.account.part0 = [{"account": {"accountId", "username",
  "accountDisplayName", "createdAt"}}]``); without either the file is refused.  An archive
  retweet has no ``retweeted_status``: it is recognised by its ``RT @handle:`` prefix and
  becomes a reshare of that account with an unknown target tweet.
* **vcrpy cassettes** (JSON or YAML, e.g. tweepy's test cassettes): ``{"interactions":
  [{"request": {"uri"}, "response": {"status", "headers", "body": {"string"}}}]}``.  The body
  of every 2xx response (gzip is undone) is read as one of the shapes above; bodies of
  other shapes (a delete confirmation...) are skipped, not rejected.

Outside cassettes, a record of any other shape fails the file with IngestError naming the
record (or is rejected with ``skip_bad``).

Mapping:

* tweet -> content ``kind="tweet"``, ``community=None`` (X has no communities for the data
  read here), ``url=https://x.com/{username}/status/{id}`` (``/i/web/status/{id}`` when the
  author is unknown), ``tags`` = hashtags, ``parent_id`` = the replied-to tweet, ``root_id``
  = the ``conversation_id`` tweet in v2.  v1.1 and the archive have no conversation id: the
  root is the tweet itself when it is no reply, the top of its reply chain when the whole
  chain is in the same file, else unknown (null).
* exactly one primary event per tweet, ``source_id="tweet/{id}"``: ``reshare`` (retweet;
  target = the original tweet and its author), else ``reply`` (target = the replied-to tweet
  and ``in_reply_to_user_id``), else ``quote`` (target = the quoted tweet and its author),
  else ``post``.  A reply that also quotes gets a second event ``quote/{id}``.
* one ``mention`` event per mentioned account (``mention/{tweet}/{user id or handle}``),
  replies included (the auto-inserted ``@parent`` is a mention too: kept simple).  Retweets
  get none: their text and mentions are the original's, which gets its own.
* every tweet id in ``data`` or ``includes.tweets`` (and every embedded ``retweeted_status``
  / ``quoted_status``) is one content, written once per file.
* users -> identities ``kind="id"`` (value and ``source_id`` = the user id, ``handle``,
  ``display_name``, ``followers``, ``profile`` with t.co links expanded, ``url``).  A mention
  known only by username becomes ``kind="handle"`` unless the same file maps the username
  to an id.
* endpoints whose meaning is in the request URL (known from a cassette, twarc's
  ``__twarc.url``, or the ``request_url`` option): ``/2/tweets/{id}/liking_users`` and
  ``/2/users/{id}/liked_tweets`` -> ``reaction`` +1 ``like/{user}/{tweet}``;
  ``/2/tweets/{id}/retweeted_by`` -> ``reshare`` ``retweet/{user}/{tweet}``;
  ``/2/users/{id}/followers`` and ``/following`` -> ``follow/{a}/{b}``; ``/2/users/{id}/tweets``
  supplies the author, ``/2/users/{id}/mentions`` a mention of that user.  The API gives no
  time for likes, retweeter lists and follows, so these events carry the time the page was
  fetched (cassette ``date`` header, twarc ``retrieved_at``, or the ``retrieved_at``
  option): an upper bound.  Known caveat: a retweet seen both as a tweet (``tweet/{id}``)
  and in a ``retweeted_by`` list (``retweet/{user}/{tweet}``) is counted twice.
* times: ``created_at`` (ISO 8601 in v2, RFC 2822 in v1.1).  Default-field v2 responses
  carry no ``created_at``; the time is then read from the tweet id, a Snowflake whose top
  bits are milliseconds since 2010-11-04T01:42:54.657Z (ids from before Snowflake have no
  time and are refused).
* not mapped: counts (``public_metrics``, ``favorite_count``...) have no canonical column;
  ``errors`` entries of a v2 page (partial failures) are ignored; media, polls, places.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import orjson
import yaml

from swaylens import schema
from swaylens.errors import IngestError
from swaylens.sources.base import (
    RecordBuffer,
    Sink,
    Source,
    as_dict,
    as_list,
    as_str,
    check_not_empty,
    decode_utf8,
    json_or_ndjson,
    open_binary,
    parse_ts,
)

NETWORK = "twitter"

_SNOWFLAKE_EPOCH = datetime(2010, 11, 4, 1, 42, 54, 657000, tzinfo=UTC)
#: Every id from before Snowflake (Nov 2010) is below this; every Snowflake id is above.
_FIRST_SNOWFLAKE = 30_000_000_000
# Leading "//" comment lines are not in real archives but are tolerated (annotated copies).
_YTD = re.compile(rb"^\s*(?://[^\n]*\n\s*)*window\.YTD\.([A-Za-z0-9_]+)\.part\d+\s*=\s*")
_RT_PREFIX = re.compile(r"^RT @(\w{1,50}):")
_MAX_DEPTH = 3  # embedded retweeted/quoted tweets nest at most a couple of levels


class _Bad(Exception):
    """A record that cannot be mapped; becomes a reject (or an IngestError)."""


# -- small typed accessors: input is untrusted JSON (or YAML) ----------------------------
_d = as_dict
_l = as_list
_s = as_str


def _i(value: Any) -> int | None:
    """An int that fits the int64 columns (counts written as strings too), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 19:
        value = int(value)
    if isinstance(value, int) and -(2**63) <= value < 2**63:
        return value
    return None


def _tweet_id(value: Any) -> str | None:
    s = _s(value)
    return s if s is not None and s.isdigit() else None


def _parse_ts(value: Any, file: str | Path, line: int | None = None) -> datetime:
    """parse_ts with positional file and line, for brevity at the many call sites."""
    return parse_ts(value, file=file, line=line)


def snowflake_time(tweet_id: str) -> datetime | None:
    """The creation time encoded in a Snowflake tweet id, or None for an older id."""
    n = int(tweet_id)
    if not _FIRST_SNOWFLAKE <= n < 2**63:  # tweet ids are signed 64-bit
        return None
    return _SNOWFLAKE_EPOCH + timedelta(milliseconds=n >> 22)


@dataclass
class _Context:
    """Where a payload came from: its request URL and when it was fetched."""

    url: str | None = None
    retrieved_at: datetime | None = None
    lenient: bool = False  # cassette bodies may be any API response: skip odd shapes


class TwitterSource(Source):
    """X/Twitter API v2 / v1.1 JSON, account archive ``tweets.js`` and vcrpy cassettes.

    Parameters
    ----------
    owner:
        Account id of the archive owner, the author of every tweet in ``tweets.js``.  Default:
        read from ``account.js`` beside the file.
    request_url:
        The request URL of a bare API response body (e.g. ``.../2/tweets/123/liking_users``),
        so endpoint-specific events can be derived.  Meant for one file per ingest.
    retrieved_at:
        When that response was fetched (ISO 8601); the time of the derived like, retweet and
        follow events.  Required with ``request_url`` when the endpoint needs it.
    """

    name: ClassVar[str] = "twitter"
    description: ClassVar[str] = (
        "X/Twitter API v2 pages or tweets (twarc), v1.1 statuses, archive tweets.js, cassettes"
    )

    def __init__(
        self,
        owner: str | int | None = None,
        request_url: str | None = None,
        retrieved_at: str | datetime | None = None,
    ) -> None:
        self.owner = str(owner) if owner is not None else None
        self.request_url = request_url
        self.retrieved_at = retrieved_at

    def read(self, path: Path, sink: Sink) -> None:
        _Reader(self, path, sink).run()


class _Reader:
    """State of one file: users seen so far, contents already written, the context."""

    def __init__(self, source: TwitterSource, path: Path, sink: Sink) -> None:
        self.src = source
        self.path = path
        self.sink = sink
        self.usernames: dict[str, str] = {}  # user id -> username
        self.user_ids: dict[str, str] = {}  # lower-cased username -> user id
        self.authors: dict[str, str] = {}  # tweet id -> author id
        self.parents: dict[str, str | None] = {}  # v1.1 tweet id -> replied-to id
        # what has been written: identity rows (each once per file, though a full row
        # still follows a bare one), ("user", identity id) for users written with their
        # attributes and ("tweet", tweet id) for tweets
        self.seen: set[Hashable] = set()
        self.line: int | None = None

    # -- entry ----------------------------------------------------------------------------
    def run(self) -> None:
        check_not_empty(self.path)
        with open_binary(self.path) as fh:
            head = fh.read(4096)
        head = head.removeprefix(b"\xef\xbb\xbf")
        if _YTD.match(head):
            self._archive()
            return
        stripped = head.lstrip()
        if self.path.suffix.lower() in (".yaml", ".yml") or stripped.startswith(b"interactions:"):
            self._yaml_cassette()
            return
        ctx = self._option_context()
        for line, value in json_or_ndjson(self.path, self.sink):
            self.line = line
            if isinstance(value, dict) and isinstance(value.get("interactions"), list):
                self._cassette(value)
            else:
                self._payload(value, ctx)

    def _option_context(self) -> _Context:
        when = None
        if self.src.retrieved_at is not None:
            when = _parse_ts(self.src.retrieved_at, self.path)
        return _Context(url=self.src.request_url, retrieved_at=when)

    def _reject(self, reason: str, raw: Any = None) -> None:
        text = None
        if raw is not None:
            try:
                text = orjson.dumps(raw, default=str).decode()
            except TypeError:
                text = repr(raw)
        self.sink.reject(reason, line=self.line, raw=text)

    # -- cassettes ------------------------------------------------------------------------
    def _yaml_cassette(self) -> None:
        with open_binary(self.path) as fh:
            raw = fh.read()
        text = decode_utf8(raw.removeprefix(b"\xef\xbb\xbf"), file=self.path, line=None, offset=0)
        self.sink.advance(len(raw))
        try:
            doc = yaml.safe_load(text)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            raise IngestError(self.path, f"invalid YAML: {e}", line=line) from None
        except (ValueError, TypeError, RecursionError) as e:  # odd scalars, deep nesting
            raise IngestError(self.path, f"invalid YAML: {e}") from None
        if not isinstance(doc, dict) or not isinstance(doc.get("interactions"), list):
            raise IngestError(
                self.path, "not a recognised Twitter file: YAML without cassette 'interactions'"
            )
        self._cassette(doc)

    def _cassette(self, doc: dict[str, Any]) -> None:
        for n, inter in enumerate(doc["interactions"], start=1):
            where = f"cassette interaction {n}"
            if not isinstance(inter, dict):
                self._reject(f"{where}: not an object", inter)
                continue
            request, response = _d(inter.get("request")), _d(inter.get("response"))
            status = _i(_d(response.get("status")).get("code"))
            if status is None or not 200 <= status < 300:
                continue  # errors and redirects carry no data
            body = _d(response.get("body")).get("string")
            headers = {str(k).lower(): v for k, v in _d(response.get("headers")).items()}
            try:
                value = _decode_body(body, headers)
            except ValueError as e:
                self._reject(f"{where}: {e}")
                continue
            if value is None:
                continue
            when = None
            date = _header(headers, "date")
            if date is not None:
                try:
                    when = _parse_ts(date.replace(" UTC", " GMT"), self.path)
                except IngestError:
                    when = None
            ctx = _Context(url=_s(request.get("uri")), retrieved_at=when, lenient=True)
            self._payload(value, ctx)

    # -- archive --------------------------------------------------------------------------
    def _archive(self) -> None:
        with open_binary(self.path) as fh:
            raw = fh.read()
        raw = raw.removeprefix(b"\xef\xbb\xbf")
        m = _YTD.match(raw)
        assert m is not None
        kind = m.group(1).decode()
        decode_utf8(raw, file=self.path, line=None, offset=0)  # names the first bad byte
        self.sink.advance(len(raw))
        start = m.end()
        try:
            items = orjson.loads(raw[start:])
        except orjson.JSONDecodeError as e:
            line = raw.count(b"\n", 0, start + e.pos) + 1
            raise IngestError(
                self.path, f"invalid JSON after window.YTD.{kind}: {e.msg}",
                line=line, offset=start + e.pos,
            ) from None
        if not isinstance(items, list):
            raise IngestError(self.path, f"window.YTD.{kind} is not a list")
        if kind == "account":
            for n, item in enumerate(items):
                account = _d(_d(item).get("account"))
                self._record(lambda rec, a=account: self._archive_account(rec, a, self.path),
                             f"account[{n}]", item)
            return
        if kind not in ("tweets", "tweet", "deleted_tweets"):
            raise IngestError(
                self.path,
                f"archive file window.YTD.{kind} is not supported "
                "(only tweets.js, tweet.js, deleted-tweets.js and account.js)",
            )
        owner = self._archive_owner()
        self._learn_parents(items)
        for n, item in enumerate(items):
            tweet = _d(item).get("tweet")
            if not isinstance(tweet, dict):
                self._reject(f"tweets[{n}]: no 'tweet' object", item)
                continue
            self._record(
                lambda rec, t=tweet: self._v1(rec, t, _Context(), 0, owner=owner),
                f"tweets[{n}]", tweet,
            )

    def _archive_owner(self) -> str:
        if self.src.owner:
            if not self.src.owner.isdigit():
                raise IngestError(
                    self.path, f"option owner must be an account id, not {self.src.owner!r}"
                )
            return self.src.owner
        sibling = self.path.with_name("account.js")
        if sibling.is_file():
            raw = sibling.read_bytes().removeprefix(b"\xef\xbb\xbf")
            m = _YTD.match(raw)
            try:
                items = orjson.loads(raw[m.end():]) if m else None
            except orjson.JSONDecodeError:
                items = None
            for item in _l(items):
                account = _d(_d(item).get("account"))
                if _s(account.get("accountId")):
                    with self.sink.record(self.seen) as rec:
                        uid = self._archive_account(rec, account, sibling)
                    return uid
            raise IngestError(sibling, "account.js has no account with an accountId")
        raise IngestError(
            self.path,
            "archive tweets carry no author: pass the option owner=<account id> "
            "or keep account.js beside the file",
        )

    def _archive_account(self, rec: RecordBuffer, account: dict[str, Any], file: Path) -> str:
        uid = _s(account.get("accountId"))
        if uid is None:
            raise _Bad("account without accountId")
        username = _s(account.get("username"))
        created = account.get("createdAt")
        iid = rec.identity(
            NETWORK, uid, dedup="first", kind="id", source_id=uid, handle=username,
            display_name=_s(account.get("accountDisplayName")),
            created_at=_parse_ts(created, file) if _s(created) else None,
        )
        rec.mark(("user", iid))
        if username:
            self._learn_user(uid, username)
        return uid

    # -- payload dispatch -----------------------------------------------------------------
    def _payload(self, value: Any, ctx: _Context) -> None:
        self._learn_parents(value)
        if isinstance(value, dict):
            self._learn_parents(value.get("statuses"))
            if _is_v1(value):
                self._learn_parents([value])
        if isinstance(value, list):
            for n, item in enumerate(value):
                self._item(item, ctx, f"[{n}]")
            return
        if not isinstance(value, dict):
            self._unknown(value, ctx, "top-level value")
            return
        twarc = _d(value.get("__twarc"))
        if twarc:
            when = ctx.retrieved_at
            if _s(twarc.get("retrieved_at")):
                try:
                    when = _parse_ts(twarc["retrieved_at"], self.path, self.line)
                except IngestError as e:
                    self._reject(f"__twarc.retrieved_at: {e.reason}", twarc)
                    return
            ctx = _Context(url=_s(twarc.get("url")) or ctx.url, retrieved_at=when,
                           lenient=ctx.lenient)
        if any(k in value for k in ("data", "includes", "meta", "errors")) and not _is_tweet(value):
            self._page(value, ctx)
        elif isinstance(value.get("statuses"), list):
            for n, item in enumerate(value["statuses"]):
                self._item(item, ctx, f"statuses[{n}]")
        else:
            self._item(value, ctx, "object")

    def _unknown(self, value: Any, ctx: _Context, where: str) -> None:
        if ctx.lenient:
            return
        self._reject(f"{where}: not a recognised Twitter record (tweet, user or API page)", value)

    def _item(self, item: Any, ctx: _Context, where: str) -> None:
        if isinstance(item, dict) and _is_v1(item):
            self._record(lambda rec: self._v1(rec, item, ctx, 0), where, item)
        elif isinstance(item, dict) and _is_tweet(item):
            self._record(lambda rec: self._v2(rec, item, ctx, 0), where, item)
        elif isinstance(item, dict) and _is_user(item):
            self._record(lambda rec: self._user(rec, item), where, item)
        else:
            self._unknown(item, ctx, where)

    def _record(self, fn: Any, where: str, raw: Any) -> None:
        rec = self.sink.record(self.seen)
        try:
            fn(rec)
        except _Bad as e:
            self._reject(f"{where}: {e}", raw)
            return
        except IngestError as e:
            self._reject(f"{where}: {e.reason}", raw)
            return
        except (KeyError, TypeError, ValueError, AttributeError, IndexError, OverflowError,
                RecursionError) as e:
            self._reject(f"{where}: malformed record ({type(e).__name__}: {e})", raw)
            return
        # Outside the try: its handlers would also catch an error raised while writing.
        rec.commit()

    # -- v2 -------------------------------------------------------------------------------
    def _page(self, page: dict[str, Any], ctx: _Context) -> None:
        includes = _d(page.get("includes"))
        data = page.get("data")
        items = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
        if data is not None and not isinstance(data, (list, dict)):
            self._reject("v2 page: 'data' is neither a list nor an object", page)
            return
        users = [u for u in _l(includes.get("users")) if isinstance(u, dict)]
        data_users = [x for x in items if isinstance(x, dict) and _is_user(x) and not _is_tweet(x)]
        data_tweets = [x for x in items if isinstance(x, dict) and _is_tweet(x)]
        for n, x in enumerate(items):
            if not (isinstance(x, dict) and (_is_tweet(x) or _is_user(x))):
                self._unknown(x, ctx, f"data[{n}]")
        for n, u in enumerate(users):
            self._record(lambda rec, u=u: self._user(rec, u), f"includes.users[{n}]", u)
        for n, u in enumerate(data_users):
            self._record(lambda rec, u=u: self._user(rec, u), f"data[{n}]", u)
        in_data = {_tweet_id(t.get("id")) for t in data_tweets}
        for t in _l(includes.get("tweets")):
            if isinstance(t, dict) and _tweet_id(t.get("id")):
                author = _s(t.get("author_id"))
                if author:
                    self.authors[str(t["id"])] = author
        for n, t in enumerate(_l(includes.get("tweets"))):
            if isinstance(t, dict) and _tweet_id(t.get("id")) in in_data:
                continue
            self._record(lambda rec, t=t: self._v2(rec, t, _Context(), 0),
                         f"includes.tweets[{n}]", t)
        for n, t in enumerate(data_tweets):
            self._record(lambda rec, t=t: self._v2(rec, t, ctx, 0), f"data[{n}]", t)
        self._endpoint(ctx, data_users, data_tweets)

    def _endpoint(
        self, ctx: _Context, users: list[dict[str, Any]], tweets: list[dict[str, Any]]
    ) -> None:
        """Events that only the request URL gives meaning to (who liked, who follows...)."""
        ep = _endpoint(ctx.url)
        if ep is None or ep[0] not in ("liking_users", "retweeted_by", "followers",
                                       "following", "liked_tweets"):
            return
        what, subject = ep
        rows = tweets if what == "liked_tweets" else users
        if not rows:
            return
        if ctx.retrieved_at is None:
            raise IngestError(
                self.path,
                f"{what} responses carry no time for their events: give the time the page was "
                "fetched (option retrieved_at)", line=self.line,
            )
        ts = ctx.retrieved_at
        for row in rows:
            rid = _s(row.get("id"))
            if rid is None:
                continue
            with self.sink.record(self.seen) as rec:
                if what in ("liking_users", "retweeted_by"):
                    actor = self._ident(rec, rid)
                    tweet = schema.content_id(NETWORK, subject)
                    author = self.authors.get(subject)
                    target_person = self._ident(rec, author) if author else None
                    kind, sub, sid = (("reaction", "like", f"like/{rid}/{subject}")
                                      if what == "liking_users"
                                      else ("reshare", "retweet", f"retweet/{rid}/{subject}"))
                    rec.event(NETWORK, sid, kind, ts, subkind=sub, actor=actor,
                              target_person=target_person, target_content=tweet)
                elif what == "liked_tweets":
                    author = self.authors.get(rid)
                    rec.event(NETWORK, f"like/{subject}/{rid}", "reaction", ts, subkind="like",
                              actor=self._ident(rec, subject),
                              target_person=self._ident(rec, author) if author else None,
                              target_content=schema.content_id(NETWORK, rid))
                else:
                    a, b = (rid, subject) if what == "followers" else (subject, rid)
                    rec.event(NETWORK, f"follow/{a}/{b}", "follow", ts, subkind=what,
                              actor=self._ident(rec, a), target_person=self._ident(rec, b))

    def _user(self, rec: RecordBuffer, u: dict[str, Any]) -> str:
        uid = _s(u.get("id")) or _s(u.get("id_str"))
        if uid is None:
            raise _Bad("user without id")
        username = _s(u.get("username")) or _s(u.get("screen_name"))
        iid = schema.identity_id(NETWORK, "id", uid)
        if ("user", iid) in self.seen:  # written earlier in this file: dedup drops the row
            if username:
                self._learn_user(uid, username)
            return iid
        metrics = _d(u.get("public_metrics"))
        followers = _i(metrics.get("followers_count"))
        if followers is None:
            followers = _i(u.get("followers_count"))
        created = u.get("created_at")
        entities = _d(u.get("entities"))
        url = _s(u.get("url"))
        for e in _l(_d(entities.get("url")).get("urls")):
            if _s(_d(e).get("expanded_url")):
                url = e["expanded_url"]
        profile = _s(u.get("description"))
        if profile:
            for e in _l(_d(entities.get("description")).get("urls")):
                short, full = _s(_d(e).get("url")), _s(_d(e).get("expanded_url"))
                if short and full:
                    profile = profile.replace(short, full)
        iid = rec.identity(
            NETWORK, uid, dedup="first", kind="id", source_id=uid, handle=username,
            display_name=_s(u.get("name")), followers=followers, url=url, profile=profile,
            created_at=_parse_ts(created, self.path, self.line) if _s(created) else None,
        )
        rec.mark(("user", iid))
        if username:
            self._learn_user(uid, username)
        return iid

    def _learn_user(self, uid: str, username: str) -> None:
        self.usernames[uid] = username
        self.user_ids[username.lower()] = uid

    def _ident(self, rec: RecordBuffer, uid: str, handle: str | None = None) -> str:
        """The identity of a user known by id (written once per file unless fuller)."""
        handle = handle or self.usernames.get(uid)
        if handle and uid not in self.usernames:
            self._learn_user(uid, handle)
        return rec.identity(NETWORK, uid, dedup="bare", kind="id", source_id=uid,
                            handle=handle)

    def _handle_ident(self, rec: RecordBuffer, username: str) -> tuple[str, str]:
        """(identity id, key) of a user known by username; the id when the file knows it."""
        uid = self.user_ids.get(username.lower())
        if uid is not None:
            return self._ident(rec, uid), uid
        iid = rec.identity(NETWORK, username, dedup="bare", kind="handle", handle=username)
        return iid, username.lower()

    def _time(self, t: dict[str, Any], tid: str) -> datetime:
        created = t.get("created_at")
        if created is not None:
            return _parse_ts(created, self.path, self.line)
        ts = snowflake_time(tid)
        if ts is None:
            raise _Bad(f"tweet {tid}: missing created_at (and its id carries no Snowflake time)")
        return ts

    def _learn_parents(self, items: Any) -> None:
        """Note who replies to whom among v1.1 tweets, so a reply's thread root is known."""
        for item in _l(items):
            t = _d(_d(item).get("tweet")) or _d(item)
            tid = _tweet_id(t.get("id_str")) or _tweet_id(t.get("id"))
            if tid:
                self.parents[tid] = _tweet_id(t.get("in_reply_to_status_id_str")) or _tweet_id(
                    t.get("in_reply_to_status_id"))

    def _root(self, tid: str) -> str | None:
        """The thread root of a v1.1 tweet: the top of its reply chain if all of it is known."""
        seen = {tid}
        while True:
            if tid not in self.parents:
                return None
            parent = self.parents[tid]
            if parent is None:
                return schema.content_id(NETWORK, tid)
            if parent in seen:
                return None
            seen.add(parent)
            tid = parent

    def _url(self, tid: str, author: str | None) -> str:
        username = self.usernames.get(author) if author else None
        if username:
            return f"https://x.com/{username}/status/{tid}"
        return f"https://x.com/i/web/status/{tid}"

    def _v2(self, rec: RecordBuffer, t: dict[str, Any], ctx: _Context, depth: int) -> str:
        tid = _tweet_id(t.get("id"))
        if tid is None:
            raise _Bad("tweet without a numeric id")
        cid = schema.content_id(NETWORK, tid)
        if rec.marked(("tweet", tid)):
            return cid
        ts = self._time(t, tid)
        # twarc's flattened tweets embed their users and referenced tweets
        for key in ("author", "in_reply_to_user"):
            if isinstance(t.get(key), dict) and _is_user(t[key]):
                self._user(rec, t[key])
        ep = _endpoint(ctx.url)
        author = _s(t.get("author_id")) or _s(_d(t.get("author")).get("id"))
        if author is None and ep is not None and ep[0] == "tweets":
            author = ep[1]
        if author:
            self.authors[tid] = author
        refs: dict[str, str] = {}
        for r in _l(t.get("referenced_tweets")):
            r = _d(r)
            rtype, rid = _s(r.get("type")), _tweet_id(r.get("id"))
            if rtype and rid and rtype not in refs:
                refs[rtype] = rid
                if depth < _MAX_DEPTH and _is_tweet(r) and len(r) > 3:
                    body = {k: v for k, v in r.items() if k != "type"}
                    self._v2(rec, body, _Context(), depth + 1)
        entities = _d(t.get("entities"))
        tags = [h["tag"] for h in _l(entities.get("hashtags")) if _s(_d(h).get("tag"))]
        conversation = _tweet_id(t.get("conversation_id"))
        author_iid = self._ident(rec, author) if author else None
        parent = refs.get("replied_to")
        rec.content(
            NETWORK, tid, kind="tweet", author=author_iid, created_at=ts,
            parent_id=schema.content_id(NETWORK, parent) if parent else None,
            root_id=schema.content_id(NETWORK, conversation) if conversation else None,
            text=_s(t.get("text")) or _s(_d(t.get("note_tweet")).get("text")),
            tags=tags or None, url=self._url(tid, author),
        )
        reply_to = _s(t.get("in_reply_to_user_id"))
        self._primary(
            rec, tid, ts, author_iid,
            retweeted=refs.get("retweeted"), replied=parent, quoted=refs.get("quoted"),
            reply_person=reply_to,
        )
        if "retweeted" not in refs:
            targets: list[tuple[str | None, str | None]] = [
                (_s(_d(m).get("id")), _s(_d(m).get("username")))
                for m in _l(entities.get("mentions"))
            ]
            if ep is not None and ep[0] == "mentions":
                targets.append((ep[1], None))
            self._mentions(rec, tid, ts, author_iid, targets)
        rec.mark(("tweet", tid))
        return cid

    def _primary(
        self, rec: RecordBuffer, tid: str, ts: datetime, actor: str | None, *,
        retweeted: str | None, replied: str | None, quoted: str | None,
        reply_person: str | None, rt_handle: str | None = None,
    ) -> None:
        def person_of(tweet: str | None) -> str | None:
            author = self.authors.get(tweet) if tweet else None
            return self._ident(rec, author) if author else None

        def cid(tweet: str | None) -> str | None:
            return schema.content_id(NETWORK, tweet) if tweet else None

        sid = f"tweet/{tid}"
        if retweeted or rt_handle:
            person = person_of(retweeted)
            if person is None and rt_handle:
                person = self._handle_ident(rec, rt_handle)[0]
            rec.event(NETWORK, sid, "reshare", ts, subkind="retweet", actor=actor,
                      target_person=person, target_content=cid(retweeted))
        elif replied:
            person = self._ident(rec, reply_person) if reply_person else person_of(replied)
            rec.event(NETWORK, sid, "reply", ts, actor=actor, target_person=person,
                      target_content=cid(replied))
            if quoted:
                rec.event(NETWORK, f"quote/{tid}", "quote", ts, actor=actor,
                          target_person=person_of(quoted), target_content=cid(quoted))
        elif quoted:
            rec.event(NETWORK, sid, "quote", ts, actor=actor, target_person=person_of(quoted),
                      target_content=cid(quoted))
        else:
            rec.event(NETWORK, sid, "post", ts, actor=actor)

    def _mentions(
        self, rec: RecordBuffer, tid: str, ts: datetime, actor: str | None,
        targets: list[tuple[str | None, str | None]],
    ) -> None:
        seen: set[str] = set()
        for uid, username in targets:
            if uid is not None:
                person, key = self._ident(rec, uid, username), uid
            elif username is not None:
                person, key = self._handle_ident(rec, username)
            else:
                continue
            if key in seen:
                continue
            seen.add(key)
            rec.event(NETWORK, f"mention/{tid}/{key}", "mention", ts, actor=actor,
                      target_person=person, target_content=schema.content_id(NETWORK, tid))

    # -- v1.1 and archive -----------------------------------------------------------------
    def _v1(
        self, rec: RecordBuffer, t: dict[str, Any], ctx: _Context, depth: int,
        owner: str | None = None,
    ) -> str:
        tid = _tweet_id(t.get("id_str")) or _tweet_id(t.get("id"))
        if tid is None:
            raise _Bad("tweet without a numeric id_str")
        cid = schema.content_id(NETWORK, tid)
        if rec.marked(("tweet", tid)):
            return cid
        ts = self._time(t, tid)
        user = t.get("user")
        author: str | None = owner
        if isinstance(user, dict):
            self._user(rec, user)
            author = _s(user.get("id_str")) or _s(user.get("id"))
        if author:
            self.authors[tid] = author
        retweeted = quoted = None
        if depth < _MAX_DEPTH and isinstance(t.get("retweeted_status"), dict):
            retweeted = self._v1(rec, t["retweeted_status"], ctx, depth + 1).split(":", 1)[1]
        if depth < _MAX_DEPTH and isinstance(t.get("quoted_status"), dict):
            quoted = self._v1(rec, t["quoted_status"], ctx, depth + 1).split(":", 1)[1]
        quoted = quoted or _tweet_id(t.get("quoted_status_id_str"))
        parent = _tweet_id(t.get("in_reply_to_status_id_str")) or _tweet_id(
            t.get("in_reply_to_status_id"))
        self.parents.setdefault(tid, parent)  # embedded tweets missed by _learn_parents
        reply_person = _s(t.get("in_reply_to_user_id_str")) or _s(t.get("in_reply_to_user_id"))
        reply_handle = _s(t.get("in_reply_to_screen_name"))
        if reply_person and reply_handle:
            self._ident(rec, reply_person, reply_handle)
        extended = _d(t.get("extended_tweet"))
        text = _s(extended.get("full_text")) or _s(t.get("full_text")) or _s(t.get("text"))
        entities = _d(extended.get("entities")) or _d(t.get("entities"))
        tags = [h["text"] for h in _l(entities.get("hashtags")) if _s(_d(h).get("text"))]
        mentioned = [
            (_s(_d(m).get("id_str")) or _s(_d(m).get("id")), _s(_d(m).get("screen_name")))
            for m in _l(entities.get("user_mentions"))
        ]
        for uid, handle in mentioned:
            if uid and handle:
                self._learn_user(uid, handle)
        # The archive keeps no retweeted_status: its retweets are only "RT @handle: ..."
        rt_handle = None
        if retweeted is None and owner is not None and text:
            m = _RT_PREFIX.match(text)
            rt_handle = m.group(1) if m else None
        author_iid = self._ident(rec, author) if author else None
        rec.content(
            NETWORK, tid, kind="tweet", author=author_iid, created_at=ts,
            parent_id=schema.content_id(NETWORK, parent) if parent else None,
            root_id=self._root(tid),
            text=text, tags=tags or None, url=self._url(tid, author),
        )
        self._primary(rec, tid, ts, author_iid, retweeted=retweeted, replied=parent,
                      quoted=quoted, reply_person=reply_person, rt_handle=rt_handle)
        if retweeted is None and rt_handle is None:
            self._mentions(rec, tid, ts, author_iid, mentioned)
        rec.mark(("tweet", tid))
        return cid




# -- shape tests --------------------------------------------------------------------------
def _is_v1(x: dict[str, Any]) -> bool:
    return "id_str" in x and ("text" in x or "full_text" in x or "user" in x)


def _is_tweet(x: dict[str, Any]) -> bool:
    # "id" is not required here, so a tweet without one fails as such, not as "unknown"
    return ("text" in x or "edit_history_tweet_ids" in x or "note_tweet" in x
            or ("id" in x and "author_id" in x))


def _is_user(x: dict[str, Any]) -> bool:
    return ("id" in x or "id_str" in x) and ("username" in x or "screen_name" in x)


def _endpoint(url: str | None) -> tuple[str, str] | None:
    """``(what, id)`` for the v2 endpoints whose meaning the adapter uses."""
    if not url:
        return None
    path = urlsplit(url).path.rstrip("/")
    m = re.search(r"/2/(tweets|users)/(\d+)/(\w+)$", path)
    if m is None:
        return None
    what = m.group(3)
    if m.group(1) == "tweets" and what in ("liking_users", "retweeted_by"):
        return what, m.group(2)
    if m.group(1) == "users" and what in ("followers", "following", "liked_tweets",
                                          "tweets", "mentions"):
        return what, m.group(2)
    return None


def _header(headers: dict[str, Any], name: str) -> str | None:
    value = headers.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    return _s(value)


def _decode_body(body: Any, headers: dict[str, Any]) -> Any:
    """The JSON value of a recorded response body (None when the body is empty)."""
    if body is None:
        return None
    raw = body.encode("utf-8") if isinstance(body, str) else body
    if not isinstance(raw, bytes):
        raise ValueError("response body is not text")
    if not raw.strip():
        return None
    encoding = (_header(headers, "content-encoding") or "").lower()
    if raw[:2] == b"\x1f\x8b" or encoding == "gzip":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as e:
            raise ValueError(f"cannot gunzip response body: {e}") from None
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as e:
        raise ValueError(f"response body is not JSON: {e.msg}") from None
