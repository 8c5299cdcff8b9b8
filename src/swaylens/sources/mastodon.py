"""Mastodon: REST API JSON (statuses, notifications, accounts), the streaming API, ActivityPub.

Inputs (one file each; the shape is detected from the content):

* **REST entities** (https://docs.joinmastodon.org/entities/), as one JSON document or NDJSON:
  a ``Status`` or a list of them (timelines, account statuses), a list of ``Notification``
  (``/api/v1/notifications``), a v2 grouped notifications page ``{"accounts",
  "partial_accounts", "statuses", "notification_groups"}`` (``/api/v2/notifications``), a
  list of ``Conversation``, and an ``Account`` or a list of them (search, followers,
  favourited_by...: identities only, since the body does not say whose list it is).
  Anything else (e.g. ``Relationship`` lists, ``StatusEdit`` history, which names no
  status) is refused with IngestError.
* **Streaming API** capture (``text/event-stream``, ``/api/v1/streaming``): ``event:`` /
  ``data:`` lines; ``update`` and ``status.update`` carry a Status, ``notification`` a
  Notification, ``conversation`` a Conversation; other events (``delete``...) are skipped.
* **ActivityPub** (https://www.w3.org/TR/activitystreams-vocabulary/), e.g. the ``outbox.json``
  and ``actor.json`` of a Mastodon account export, or an outbox page: an ``OrderedCollection``
  / ``OrderedCollectionPage`` of activities, a single activity, or an actor document.  A
  collection of bare IRIs (the export's ``likes.json``) has no actor and no time: refused.

Mapping, REST:

* account -> identity ``kind="handle"``, value = the full acct ``user@instance`` (lower-cased
  by the warehouse); a local account's ``acct`` has no domain, which is then taken from its
  ``url`` (the host, with a port if any).  ``source_id`` = account id (server-local),
  ``handle`` = the full acct, ``display_name``, ``followers`` = ``followers_count``,
  ``profile`` = ``note`` (HTML), ``url``, ``created_at``.  Mentions and ``in_reply_to_account_id``
  resolve to the same identity through the account id, so one account is one identity.
* status -> content ``kind="status"``, ``source_id`` = the status ``uri`` (global: status
  ``id`` is local to the server that answered, and the same remote status has a different
  id on every server), ``community`` = the author's instance, ``text`` = ``content`` HTML,
  ``tags`` = ``tags[].name``, ``url``.  ``parent_id`` = the parent's uri when the parent is in
  the same file (``in_reply_to_id`` is a server-local id that cannot be turned into a uri
  otherwise: then null).  ``root_id`` = the status itself for a non-reply, the top of the
  reply chain when the whole chain is in the file, else null.
* one primary event per status, ``source_id="status/{uri}"``: ``post``, ``reply`` (target =
  parent and ``in_reply_to_account_id``), ``quote`` (Mastodon 4.5 ``quote.quoted_status``; a
  reply that also quotes gets a second event ``quote/{uri}``).  A reblog (``reblog`` set) is a
  content of its own (the wrapper status, empty text) plus a ``reshare`` event
  ``reblog/{actor}/{original uri}`` (target = the original and its author); the original is
  a content with its own event.  One ``mention`` event per ``mentions[]`` entry,
  ``mention/{uri}/{acct}``; reblogs carry none.
* notification: ``mention``, ``status``, ``update``, ``quote``, ``poll`` -> the status as above;
  ``favourite`` -> ``reaction`` +1 ``favourite/{actor}/{status uri}`` (actor = the notifying
  account, target = the status and its author); ``reblog`` -> ``reshare``
  ``reblog/{actor}/{status uri}``; ``follow`` -> ``follow`` ``follow/{actor}/{owner}``.  Other
  types only record the account.  ``{actor}`` is the account's ActivityPub ``uri`` (its acct
  when absent), the same key the ActivityPub side uses, so a favourite or reblog seen in
  several files (or as both a reblog status and a notification) is one event; notification
  ids are server-local and are not used.
* the owner (the account the notifications are for) is needed for follows: the ``owner``
  option (``user@instance``), else the author of the statuses in the file's ``favourite`` /
  ``reblog`` notifications (those are always the owner's own statuses).  A follow
  notification with no known owner fails (rejected with ``skip_bad``).
* v2 grouped notifications: one event per ``sample_account_ids`` entry, at the group's
  ``latest_page_notification_at`` (individual times are not given: an upper bound); actors
  beyond the sample (``notifications_count`` larger) are unknown and skipped.

Mapping, ActivityPub (actors are identities ``kind="url"`` with the actor IRI as value,
since an outbox names actors only by IRI):

* ``Create`` of a ``Note`` (or ``Article``, ``Question``, ``Page``) -> content (``source_id`` =
  object id, the same uri the REST API gives, so a status seen both ways is one content)
  and event ``status/{id}``: ``post`` or ``reply`` (``inReplyTo``), ``quote`` (``quote`` /
  ``quoteUrl`` / ``quoteUri`` / ``_misskey_quote``); ``Mention`` tags -> ``mention`` events,
  ``Hashtag`` tags -> tags (lower-cased, without ``#``, as REST gives them).
* ``Announce`` -> a content for the announce activity and a ``reshare`` of ``object``; the
  original's author is the one addressee that is neither public, a followers collection
  nor the actor (Mastodon addresses an Announce to the original author), else unknown.
* ``Like`` -> ``reaction``, ``Follow`` -> ``follow``, when the activity has a time; other
  activities (``Update``, ``Delete``, ``Undo``...) are skipped.
* actor document -> identity with ``handle`` = ``preferredUsername@host``, ``display_name``
  = ``name``, ``profile`` = ``summary``, ``url``, ``created_at`` = ``published``.

Every event's ``community`` is the instance of its actor.  Identities are written once per
file (the fullest copy of an account in the file wins).

Not mapped: counts (``favourites_count``, ``reblogs_count``, ``replies_count``) have no
canonical column; media, polls, cards, edits.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import orjson

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

NETWORK = "mastodon"

_PUBLIC = frozenset(
    {"https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public"}
)
_COLLECTIONS = frozenset(
    {"OrderedCollection", "OrderedCollectionPage", "Collection", "CollectionPage"}
)
_ACTORS = frozenset({"Person", "Service", "Application", "Group", "Organization"})
_NOTES = frozenset({"Note", "Article", "Question", "Page"})
_STATUS_NOTIFICATIONS = frozenset({"mention", "status", "update", "quote", "poll"})
_MAX_DEPTH = 3


class _Bad(Exception):
    """A record that cannot be mapped; becomes a reject (or an IngestError)."""


_d = as_dict
_l = as_list
_s = as_str


def _i(value: Any) -> int | None:
    """An int that fits the int64 columns, else None."""
    if isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**63:
        return value
    return None


def _iri(value: Any) -> str | None:
    """An ActivityPub reference: an IRI string or an object with an ``id``."""
    if isinstance(value, dict):
        return _s(value.get("id"))
    if isinstance(value, list):
        return next((i for i in map(_iri, value) if i), None)
    return _s(value)


def _parse_ts(value: Any, file: str | Path, line: int | None = None) -> datetime:
    """parse_ts with positional file and line, for brevity at the many call sites."""
    return parse_ts(value, file=file, line=line)


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        netloc = urlsplit(url).netloc
    except ValueError:
        return None
    netloc = netloc.rsplit("@", 1)[-1].lower()
    return netloc or None


class MastodonSource(Source):
    """Mastodon REST JSON, streaming (SSE) captures and ActivityPub collections.

    Parameters
    ----------
    owner:
        ``user@instance`` of the account whose notifications are read (the target of
        ``follow`` notifications).  Default: inferred from favourite/reblog notifications.
    """

    name: ClassVar[str] = "mastodon"
    description: ClassVar[str] = (
        "Mastodon REST statuses/notifications/accounts, streaming capture, ActivityPub outbox"
    )

    def __init__(self, owner: str | None = None) -> None:
        self.owner = owner

    def read(self, path: Path, sink: Sink) -> None:
        _Reader(self, path, sink).run()


class _Reader:
    def __init__(self, source: MastodonSource, path: Path, sink: Sink) -> None:
        self.path = path
        self.sink = sink
        self.line: int | None = None
        # what the whole file says, gathered before any row is written
        self.accounts: dict[str, dict[str, Any]] = {}  # local account id -> Account
        # local status id -> (uri, in_reply_to_id, account id)
        self.statuses: dict[str, tuple[str, str | None, str | None]] = {}
        self.ap_notes: dict[str, tuple[str | None, str | None]] = {}  # iri -> inReplyTo, author
        self.owner_candidates: set[str] = set()
        self.owner: tuple[str, str] | None = None  # (identity id, lower-cased acct)
        self.owner_option = source.owner
        # what has been written: identity rows (each once per file, though a full row
        # still follows a bare one) and ("done", uri) marks for statuses and notes
        self.seen: set[Hashable] = set()

    # -- entry ----------------------------------------------------------------------------
    def run(self) -> None:
        check_not_empty(self.path)
        with open_binary(self.path) as fh:
            head = fh.read(4096).removeprefix(b"\xef\xbb\xbf").lstrip()
        if head.startswith((b"event:", b":", b"data:", b"id:", b"retry:")):
            values = list(self._sse())
        else:
            values = [(line, None, v) for line, v in json_or_ndjson(self.path, self.sink)]
        for _, _, value in values:
            self._prepass(value)
        self._resolve_owner()
        for line, event, value in values:
            self.line = line
            if event is None:
                self._value(value)
            elif event in ("update", "status.update"):
                self._one(value, "status", f"{event} event")
            elif event == "notification":
                self._one(value, "notification", "notification event")
            elif event == "conversation":
                self._one(value, "conversation", "conversation event")

    def _sse(self) -> Any:
        """``(line, event, value)`` for each event with a JSON payload of a stream capture."""
        event: str | None = None
        data: list[str] = []
        first = 0
        offset = 0
        with open_binary(self.path) as fh:
            lines = list(enumerate(fh, start=1))
        lines.append((len(lines) + 1, b""))  # dispatch the last event
        for no, raw in lines:
            start = offset
            offset += len(raw)
            if no == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            text = decode_utf8(raw, file=self.path, line=no, offset=start).rstrip("\r\n")
            if text == "":
                if data and event in ("update", "status.update", "notification", "conversation"):
                    payload = "\n".join(data)
                    try:
                        yield first, event, orjson.loads(payload)
                    except orjson.JSONDecodeError as e:
                        self.sink.reject(f"invalid JSON in {event} event: {e}", line=first,
                                         raw=payload)
                event, data = None, []
                continue
            if text.startswith(":"):
                continue  # a comment / heartbeat
            field, _, val = text.partition(":")
            val = val.removeprefix(" ")
            if field == "event":
                event = val
            elif field == "data":
                if not data:
                    first = no
                data.append(val)
            elif field not in ("id", "retry"):
                self.sink.reject(f"not an event-stream line: {text[:80]!r}", line=no,
                                 offset=start, raw=text)
        self.sink.advance(offset)

    # -- pre-pass: what the file knows about accounts, statuses, threads ------------------
    def _prepass(self, value: Any) -> None:
        stack = [value]
        while stack:
            x = stack.pop()
            if isinstance(x, list):
                stack.extend(x)
                continue
            if not isinstance(x, dict):
                continue
            xid = _s(x.get("id"))
            if xid and _s(x.get("acct")):
                known = self.accounts.get(xid)
                if known is None or len(x) > len(known):
                    self.accounts[xid] = x
            if xid and _is_status(x):
                self.statuses.setdefault(
                    xid,
                    (str(x["uri"]), _s(x.get("in_reply_to_id")),
                     _s(_d(x.get("account")).get("id"))),
                )
            if xid and "attributedTo" in x:
                self.ap_notes.setdefault(
                    xid, (_iri(x.get("inReplyTo")), _iri(x.get("attributedTo")))
                )
            if x.get("type") in ("favourite", "reblog"):
                status = _d(x.get("status"))
                acc = _s(_d(status.get("account")).get("id"))
                if acc:
                    self.owner_candidates.add(acc)
                elif _s(x.get("status_id")):
                    self.owner_candidates.add(f"status:{x['status_id']}")
            stack.extend(v for v in x.values() if isinstance(v, (dict, list)))

    def _resolve_owner(self) -> None:
        if self.owner_option:
            acct = self.owner_option.strip().removeprefix("@")
            if "@" not in acct or not acct.split("@", 1)[1]:
                raise IngestError(self.path, f"option owner must be user@instance, not {acct!r}")
            self.owner = (schema.identity_id(NETWORK, "handle", acct), acct.lower())
            return
        # v2 groups name statuses by id: map them to their authors now
        owners = set()
        for c in self.owner_candidates:
            if c.startswith("status:"):
                info = self.statuses.get(c[7:])
                if info and info[2]:
                    owners.add(info[2])
            else:
                owners.add(c)
        if len(owners) == 1:
            acc = self.accounts.get(owners.pop())
            if acc is not None:
                try:
                    acct, _ = self._acct(acc)
                except _Bad:
                    return
                # keyed by acct, as with the option, so both ways give one follow event
                self.owner = (schema.identity_id(NETWORK, "handle", acct), acct.lower())

    # -- dispatch -------------------------------------------------------------------------
    def _value(self, value: Any) -> None:
        if isinstance(value, list):
            for n, item in enumerate(value):
                self._one(item, _shape(item), f"[{n}]")
            return
        if not isinstance(value, dict):
            self._reject("top level: not a Mastodon entity, list or ActivityPub object", value)
            return
        if isinstance(value.get("notification_groups"), list):
            self._grouped(value)
            return
        kind = value.get("type")
        if isinstance(kind, str) and (kind in _COLLECTIONS or "orderedItems" in value):
            self._collection(value)
            return
        self._one(value, _shape(value), "object")

    def _one(self, item: Any, shape: str | None, where: str) -> None:
        if shape == "status":
            self._record(lambda rec: self._status(rec, item, 0), where, item)
        elif shape == "notification":
            self._record(lambda rec: self._notification(rec, item), where, item)
        elif shape == "conversation":
            self._record(lambda rec: self._conversation(rec, item), where, item)
        elif shape == "account":
            self._record(lambda rec: self._account(rec, item), where, item)
        elif shape == "activity":
            self._record(lambda rec: self._activity(rec, item), where, item)
        elif shape == "actor":
            self._record(lambda rec: self._actor_doc(rec, item), where, item)
        elif shape == "note":
            self._record(lambda rec: self._note(rec, item, None), where, item)
        elif isinstance(item, dict) and "content" in item and "account" in item:
            self._reject(f"{where}: a status edit (StatusEdit) names no status id or uri; "
                         "it cannot be mapped", item)
        else:
            self._reject(f"{where}: not a recognised Mastodon record (status, notification, "
                         "account, conversation or ActivityPub activity)", item)

    def _reject(self, reason: str, raw: Any = None) -> None:
        text = None
        if raw is not None:
            try:
                text = orjson.dumps(raw).decode()
            except TypeError:
                text = repr(raw)
        self.sink.reject(reason, line=self.line, raw=text)

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

    def _ts(self, value: Any, what: str) -> datetime:
        if value is None:
            raise _Bad(f"missing {what}")
        return _parse_ts(value, self.path, self.line)

    # -- REST -----------------------------------------------------------------------------
    def _acct(self, acc: dict[str, Any]) -> tuple[str, str]:
        """``(user@instance, instance)`` of an Account or Mention."""
        acct = _s(acc.get("acct"))
        if acct is None:
            raise _Bad("account without acct")
        acct = acct.strip().removeprefix("@")
        if "@" in acct:
            user, domain = acct.split("@", 1)
            if not user or not domain:
                raise _Bad(f"malformed acct {acct!r}")
            return acct, domain.lower()
        host = _host(_s(acc.get("url"))) or _host(_s(acc.get("uri")))
        if host is None:
            raise _Bad(f"local account {acct!r} has no url to take its instance from")
        return f"{acct}@{host}", host

    def _account(self, rec: RecordBuffer, acc: dict[str, Any]) -> tuple[str, str, str]:
        """``(identity id, instance, actor key)`` of an Account (or a Mention, fewer fields)."""
        aid = _s(acc.get("id"))
        if aid and aid in self.accounts and len(self.accounts[aid]) > len(acc):
            acc = self.accounts[aid]  # the fullest copy of it in the file
        acct, domain = self._acct(acc)
        full = "display_name" in acc or "followers_count" in acc
        created = acc.get("created_at")
        iid = rec.identity(
            NETWORK, acct, dedup="first" if full else "bare", kind="handle", source_id=aid,
            handle=acct, display_name=_s(acc.get("display_name")),
            followers=_i(acc.get("followers_count")), url=_s(acc.get("url")),
            profile=_s(acc.get("note")),
            created_at=_parse_ts(created, self.path, self.line) if _s(created) else None,
        )
        return iid, domain, _actor_key(acc, acct)

    def _account_by_id(self, rec: RecordBuffer, aid: str | None) -> str | None:
        acc = self.accounts.get(aid) if aid else None
        if acc is None:
            return None
        try:
            return self._account(rec, acc)[0]
        except _Bad:
            return None

    def _root(self, sid: str) -> str | None:
        seen: set[str] = set()
        while sid not in seen:
            seen.add(sid)
            info = self.statuses.get(sid)
            if info is None:
                return None
            if info[1] is None:
                return schema.content_id(NETWORK, info[0])
            sid = info[1]
        return None

    def _status(self, rec: RecordBuffer, s: dict[str, Any], depth: int) -> tuple[str, str]:
        """Write a Status; return ``(content id, author identity id)``."""
        uri = _s(s.get("uri"))
        if uri is None:
            raise _Bad("status without uri")
        acc = s.get("account")
        if not isinstance(acc, dict):
            raise _Bad(f"status {uri}: no account")
        author, domain, key = self._account(rec, acc)
        cid = schema.content_id(NETWORK, uri)
        if rec.marked(("done", uri)):
            return cid, author
        ts = self._ts(s.get("created_at"), f"created_at of status {uri}")
        url = _s(s.get("url")) or uri
        reblog = s.get("reblog")
        if isinstance(reblog, dict):
            if depth >= _MAX_DEPTH:
                raise _Bad("reblogs nested too deep")
            orig, orig_author = self._status(rec, reblog, depth + 1)
            rec.content(NETWORK, uri, community=domain, kind="status", author=author, created_at=ts,
                        url=url)
            rec.event(NETWORK, f"reblog/{key}/{orig.split(':', 1)[1]}", "reshare", ts,
                      community=domain, subkind="reblog", actor=author, target_person=orig_author,
                      target_content=orig)
            rec.mark(("done", uri))
            return cid, author
        sid = _s(s.get("id"))
        parent_local = _s(s.get("in_reply_to_id"))
        parent_info = self.statuses.get(parent_local) if parent_local else None
        parent = schema.content_id(NETWORK, parent_info[0]) if parent_info else None
        if parent_local is None:
            root: str | None = cid
        else:
            root = self._root(parent_local)
        del sid
        quoted: str | None = None
        quoted_author: str | None = None
        q = s.get("quote")
        if isinstance(q, dict) and depth < _MAX_DEPTH:
            inner = q.get("quoted_status")
            if isinstance(inner, dict) and _is_status(inner):
                quoted, quoted_author = self._status(rec, inner, depth + 1)
            elif _is_status(q):  # older servers (Fedibird, glitch forks) embed the Status itself
                quoted, quoted_author = self._status(rec, q, depth + 1)
            elif q.get("state") == "accepted" and _s(q.get("quoted_status_id")):
                info = self.statuses.get(str(q["quoted_status_id"]))
                if info:
                    quoted = schema.content_id(NETWORK, info[0])
                    quoted_author = self._account_by_id(rec, info[2])
        tags = [t["name"] for t in _l(s.get("tags")) if _s(_d(t).get("name"))]
        rec.content(
            NETWORK, uri, community=domain, kind="status", author=author, created_at=ts,
            parent_id=parent, root_id=root, text=_s(s.get("content")),
            tags=tags or None, url=url,
        )
        ev = f"status/{uri}"
        if parent_local is not None:
            person = self._account_by_id(rec, _s(s.get("in_reply_to_account_id")))
            rec.event(NETWORK, ev, "reply", ts, community=domain, actor=author,
                      target_person=person, target_content=parent)
            if quoted:
                rec.event(NETWORK, f"quote/{uri}", "quote", ts, community=domain, actor=author,
                          target_person=quoted_author, target_content=quoted)
        elif quoted:
            rec.event(NETWORK, ev, "quote", ts, community=domain, actor=author,
                      target_person=quoted_author, target_content=quoted)
        else:
            rec.event(NETWORK, ev, "post", ts, community=domain, actor=author)
        seen: set[str] = set()
        for m in _l(s.get("mentions")):
            if not isinstance(m, dict):
                continue
            person, _, _ = self._account(rec, m)
            acct = self._acct(m)[0].lower()
            if acct in seen:
                continue
            seen.add(acct)
            rec.event(NETWORK, f"mention/{uri}/{acct}", "mention", ts, community=domain,
                      actor=author, target_person=person, target_content=cid)
        rec.mark(("done", uri))
        return cid, author

    def _notification(self, rec: RecordBuffer, n: dict[str, Any]) -> None:
        kind = _s(n.get("type"))
        acc = n.get("account")
        if kind is None or not isinstance(acc, dict):
            raise _Bad("notification without type or account")
        ts = self._ts(n.get("created_at"), "notification created_at")
        actor, domain, key = self._account(rec, acc)
        status = n.get("status")
        target: tuple[str, str] | None = None
        if isinstance(status, dict):
            target = self._status(rec, status, 0)
        if kind in ("favourite", "reblog"):
            if target is None:
                raise _Bad(f"{kind} notification without a status")
            self._interaction(rec, kind, key, actor, domain, target[0], target[1], ts)
        elif kind == "follow":
            self._follow(rec, key, actor, domain, ts)

    def _interaction(
        self, rec: RecordBuffer, kind: str, key: str, actor: str, domain: str,
        content: str, person: str | None, ts: datetime,
    ) -> None:
        uri = content.split(":", 1)[1]
        if kind == "favourite":
            rec.event(NETWORK, f"favourite/{key}/{uri}", "reaction", ts, community=domain,
                      subkind="favourite", actor=actor, target_person=person,
                      target_content=content, value=1.0)
        else:
            rec.event(NETWORK, f"reblog/{key}/{uri}", "reshare", ts, community=domain,
                      subkind="reblog", actor=actor, target_person=person, target_content=content)

    def _follow(self, rec: RecordBuffer, key: str, actor: str, domain: str, ts: datetime) -> None:
        if self.owner is None:
            raise _Bad("follow notification: the followed account (the owner of these "
                       "notifications) is unknown; pass the option owner=user@instance")
        owner_iid, owner_key = self.owner
        if self.owner_option:
            rec.identity(NETWORK, owner_key, dedup="bare", kind="handle",
                         handle=self.owner_option)
        rec.event(NETWORK, f"follow/{key}/{owner_key}", "follow", ts, community=domain,
                  actor=actor, target_person=owner_iid)

    def _conversation(self, rec: RecordBuffer, c: dict[str, Any]) -> None:
        for acc in _l(c.get("accounts")):
            if isinstance(acc, dict):
                self._account(rec, acc)
        if isinstance(c.get("last_status"), dict):
            self._status(rec, c["last_status"], 0)

    def _grouped(self, page: dict[str, Any]) -> None:
        for key in ("accounts", "partial_accounts"):
            for n, acc in enumerate(_l(page.get(key))):
                self._record(lambda rec, a=acc: self._account(rec, _d(a) or {"x": a}),
                             f"{key}[{n}]", acc)
        for n, s in enumerate(_l(page.get("statuses"))):
            self._record(lambda rec, s=s: self._status(rec, _d(s), 0), f"statuses[{n}]", s)
        for n, g in enumerate(page["notification_groups"]):
            self._record(lambda rec, g=g: self._group(rec, _d(g)), f"notification_groups[{n}]", g)

    def _group(self, rec: RecordBuffer, g: dict[str, Any]) -> None:
        kind = _s(g.get("type"))
        if kind is None:
            raise _Bad("notification group without type")
        if kind not in ("favourite", "reblog", "follow"):
            return
        ts = self._ts(g.get("latest_page_notification_at"), "latest_page_notification_at")
        target: tuple[str, str | None] | None = None
        if kind != "follow":
            info = self.statuses.get(_s(g.get("status_id")) or "")
            if info is None:
                raise _Bad(f"{kind} group names status {g.get('status_id')!r}, not in the page")
            target = (schema.content_id(NETWORK, info[0]), self._account_by_id(rec, info[2]))
        for aid in _l(g.get("sample_account_ids")):
            acc = self.accounts.get(str(aid))
            if acc is None:
                raise _Bad(f"sample account {aid!r} is not in the page")
            actor, domain, key = self._account(rec, acc)
            if target is None:
                self._follow(rec, key, actor, domain, ts)
            else:
                self._interaction(rec, kind, key, actor, domain, target[0], target[1], ts)

    # -- ActivityPub ----------------------------------------------------------------------
    def _collection(self, col: dict[str, Any]) -> None:
        items = col.get("orderedItems", col.get("items"))
        if items is None and isinstance(col.get("first"), dict):
            first = col["first"]
            items = first.get("orderedItems", first.get("items"))
        items = _l(items)
        if items and all(isinstance(i, str) for i in items):
            raise IngestError(
                self.path, "an ActivityPub collection of bare IRIs (such as an export's "
                "likes.json) names no actor and no time: nothing to ingest",
            )
        for n, item in enumerate(items):
            if isinstance(item, dict) and _s(item.get("type")) in _ACTORS:
                self._record(lambda rec, i=item: self._actor_doc(rec, i), f"orderedItems[{n}]",
                             item)
            elif isinstance(item, dict) and "actor" in item:
                self._record(lambda rec, i=item: self._activity(rec, i), f"orderedItems[{n}]",
                             item)
            else:
                self._reject(f"orderedItems[{n}]: not an ActivityPub activity", item)

    def _ap_actor(self, rec: RecordBuffer, iri: str, handle: str | None = None) -> str:
        return rec.identity(NETWORK, iri, dedup="bare", kind="url", source_id=iri,
                            handle=handle)

    def _actor_doc(self, rec: RecordBuffer, a: dict[str, Any]) -> str:
        iri = _s(a.get("id"))
        if iri is None:
            raise _Bad("actor without id")
        user = _s(a.get("preferredUsername"))
        host = _host(iri)
        created = a.get("published")
        return rec.identity(
            NETWORK, iri, dedup="first", kind="url", source_id=iri,
            handle=f"{user}@{host}" if user and host else user,
            display_name=_s(a.get("name")), url=_iri(a.get("url")) if not isinstance(
                a.get("url"), dict) else _s(a["url"].get("href")),
            profile=_s(a.get("summary")),
            created_at=_parse_ts(created, self.path, self.line) if _s(created) else None,
        )

    def _activity(self, rec: RecordBuffer, act: dict[str, Any]) -> None:
        kind = _s(act.get("type"))
        actor_iri = _iri(act.get("actor"))
        if kind is None or actor_iri is None:
            raise _Bad("activity without type or actor")
        obj = act.get("object")
        if kind == "Create" and isinstance(obj, dict):
            if _s(obj.get("type")) in _NOTES:
                self._note(rec, obj, act)
            return
        if kind not in ("Create", "Announce", "Like", "Follow"):
            return  # Update, Delete, Undo, Accept... change no influence edge we keep
        obj_iri = _iri(obj)
        if obj_iri is None:
            raise _Bad(f"{kind} without object")
        published = act.get("published")
        if published is None and kind in ("Like", "Follow"):
            return  # servers often omit the time of these; an event needs one
        ts = self._ts(published, f"published of {kind}")
        actor = self._ap_actor(rec, actor_iri)
        domain = _host(actor_iri)
        obj_cid = schema.content_id(NETWORK, obj_iri)
        if kind == "Create":
            rec.event(NETWORK, f"status/{obj_iri}", "post", ts, community=domain, actor=actor,
                      target_content=obj_cid)
        elif kind == "Announce":
            person = self._original_author(rec, act, actor_iri, obj_iri)
            aid = _s(act.get("id"))
            if aid:
                rec.content(NETWORK, aid, community=domain, kind="status", author=actor,
                            created_at=ts)
            rec.event(NETWORK, f"reblog/{actor_iri}/{obj_iri}", "reshare", ts, community=domain,
                      subkind="reblog", actor=actor, target_person=person,
                      target_content=obj_cid)
        elif kind == "Like":
            author = self.ap_notes.get(obj_iri, (None, None))[1]
            rec.event(NETWORK, f"favourite/{actor_iri}/{obj_iri}", "reaction", ts, community=domain,
                      subkind="favourite", actor=actor,
                      target_person=self._ap_actor(rec, author) if author else None,
                      target_content=obj_cid, value=1.0)
        else:
            rec.event(NETWORK, f"follow/{actor_iri}/{obj_iri}", "follow", ts, community=domain,
                      actor=actor, target_person=self._ap_actor(rec, obj_iri))

    def _original_author(
        self, rec: RecordBuffer, act: dict[str, Any], actor_iri: str, obj_iri: str
    ) -> str | None:
        author = self.ap_notes.get(obj_iri, (None, None))[1]
        if author is None:
            # Mastodon addresses an Announce to Public, the booster's followers and the
            # original author: the one addressee left is the author.
            left = {
                r for r in (_iri(x) for x in _l(act.get("to")) + _l(act.get("cc")))
                if r and r not in _PUBLIC and r != actor_iri and not r.endswith("/followers")
            }
            author = left.pop() if len(left) == 1 else None
        return self._ap_actor(rec, author) if author else None

    def _note(self, rec: RecordBuffer, note: dict[str, Any], act: dict[str, Any] | None) -> None:
        oid = _s(note.get("id"))
        if oid is None:
            raise _Bad("object without id")
        author_iri = _iri(note.get("attributedTo")) or _iri(_d(act).get("actor"))
        if author_iri is None:
            raise _Bad(f"object {oid}: no attributedTo or actor")
        ts = self._ts(note.get("published") or _d(act).get("published"), f"published of {oid}")
        cid = schema.content_id(NETWORK, oid)
        if rec.marked(("done", oid)):
            return
        author = self._ap_actor(rec, author_iri)
        domain = _host(author_iri)
        parent_iri = _iri(note.get("inReplyTo"))
        parent = schema.content_id(NETWORK, parent_iri) if parent_iri else None
        root = cid if parent_iri is None else self._ap_root(parent_iri)
        tags: list[str] = []
        mentions: list[tuple[str, str | None]] = []
        for t in _l(note.get("tag")):
            t = _d(t)
            if t.get("type") == "Hashtag" and _s(t.get("name")):
                tags.append(str(t["name"]).removeprefix("#").lower())
            elif t.get("type") == "Mention" and _s(t.get("href")):
                mentions.append((str(t["href"]), _s(t.get("name"))))
        url = note.get("url")
        if isinstance(url, list):
            url = next((_iri(u) if not isinstance(u, dict) else _s(u.get("href"))
                        for u in url), None)
        elif isinstance(url, dict):
            url = _s(url.get("href"))
        content = _s(note.get("content"))
        if content is None:
            content = next((_s(v) for v in _d(note.get("contentMap")).values() if _s(v)), None)
        rec.content(
            NETWORK, oid, community=domain, kind="status", author=author, created_at=ts,
            parent_id=parent, root_id=root, title=_s(note.get("name")), text=content,
            tags=tags or None, url=_s(url) or oid,
        )
        quoted_iri = next((_iri(note.get(k)) for k in ("quote", "quoteUrl", "quoteUri",
                                                       "_misskey_quote") if _iri(note.get(k))),
                          None)
        quoted = schema.content_id(NETWORK, quoted_iri) if quoted_iri else None
        quoted_author = self.ap_notes.get(quoted_iri, (None, None))[1] if quoted_iri else None
        qperson = self._ap_actor(rec, quoted_author) if quoted_author else None
        ev = f"status/{oid}"
        if parent_iri:
            parent_author = self.ap_notes.get(parent_iri, (None, None))[1]
            rec.event(NETWORK, ev, "reply", ts, community=domain, actor=author,
                      target_person=self._ap_actor(rec, parent_author) if parent_author else None,
                      target_content=parent)
            if quoted:
                rec.event(NETWORK, f"quote/{oid}", "quote", ts, community=domain, actor=author,
                          target_person=qperson, target_content=quoted)
        elif quoted:
            rec.event(NETWORK, ev, "quote", ts, community=domain, actor=author,
                      target_person=qperson, target_content=quoted)
        else:
            rec.event(NETWORK, ev, "post", ts, community=domain, actor=author)
        seen: set[str] = set()
        for href, name in mentions:
            if href in seen:
                continue
            seen.add(href)
            handle = name.removeprefix("@") if name else None
            if handle and "@" not in handle and _host(href):
                handle = f"{handle}@{_host(href)}"
            person = self._ap_actor(rec, href, handle)
            rec.event(NETWORK, f"mention/{oid}/{href}", "mention", ts, community=domain,
                      actor=author, target_person=person, target_content=cid)
        rec.mark(("done", oid))

    def _ap_root(self, iri: str) -> str | None:
        seen: set[str] = set()
        while iri not in seen:
            seen.add(iri)
            info = self.ap_notes.get(iri)
            if info is None:
                return None
            if info[0] is None:
                return schema.content_id(NETWORK, iri)
            iri = info[0]
        return None




# -- shapes -------------------------------------------------------------------------------
def _actor_key(acc: dict[str, Any], acct: str) -> str:
    """The key of an actor in derived event ids: its ActivityPub id, else its acct."""
    return _s(acc.get("uri")) or acct.lower()


def _is_status(x: dict[str, Any]) -> bool:
    return "uri" in x and "account" in x and "created_at" in x and ("content" in x or "reblog" in x)


def _shape(x: Any) -> str | None:
    if not isinstance(x, dict):
        return None
    if _is_status(x):
        return "status"
    if "type" in x and isinstance(x.get("account"), dict) and "created_at" in x and "id" in x:
        return "notification"
    if "last_status" in x and "accounts" in x:
        return "conversation"
    if "acct" in x and "id" in x and "username" in x:
        return "account"
    kind = x.get("type")
    if isinstance(kind, str) and "actor" in x:
        return "activity"
    if isinstance(kind, str) and kind in _ACTORS and "id" in x:
        return "actor"
    if isinstance(kind, str) and kind in _NOTES and "attributedTo" in x:
        return "note"
    return None
