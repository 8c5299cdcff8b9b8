"""Bluesky: Jetstream v1 JSON events.

Input
-----
One file of `Jetstream <https://github.com/bluesky-social/jetstream>`_ v1 events, either
NDJSON (one event a line, as ``websocat wss://jetstream…/subscribe > file`` records them)
or one JSON array of events (``.gz`` is read transparently).  Every event is::

    {"did": "did:plc:…", "time_us": 1783175888090631, "kind": "commit" | "identity" | "account",
     "commit":   {"rev", "operation": "create" | "update" | "delete", "collection", "rkey",
                  "record": {…}, "cid"},                     # kind "commit"
     "identity": {"did", "handle", "seq", "time"},           # kind "identity"
     "account":  {"active", "status", "did", "seq", "time"}} # kind "account"

``record`` follows the atproto lexicons (``app.bsky.feed.post``, ``app.bsky.feed.like``,
``app.bsky.feed.repost``, ``app.bsky.graph.follow``, ``app.bsky.actor.profile``,
``app.bsky.richtext.facet``, ``app.bsky.embed.record``; see
https://github.com/bluesky-social/atproto/tree/main/lexicons) and the account statuses of
``com.atproto.sync.subscribeRepos#account``.

Mapping
-------
* Identities: ``kind="did"``, value = the DID.  An ``identity`` event records the DID's
  current handle; a profile record (create or update) records ``displayName`` and
  ``description`` (the warehouse only fills attributes it did not know yet).  No event.
* ``app.bsky.feed.post`` -> a content (kind ``post``; ``source_id`` = the record's AT URI
  ``at://{did}/app.bsky.feed.post/{rkey}``; tags from ``#tag`` facets and ``record.tags``;
  ``parent_id``/``root_id`` from ``record.reply``, a top-level post is its own root; no
  community: Bluesky has none) plus one primary event whose ``source_id`` is the AT URI:

  - ``reply`` when the post replies (target: the parent post and the DID in its URI);
  - else ``quote`` when it embeds another post (``app.bsky.embed.record`` or the record
    part of ``app.bsky.embed.recordWithMedia``; target: the quoted post and its author);
  - else ``post`` (target: its own content).

  A reply that also quotes gets a second event ``quote`` (``quote/{uri}``).  Embeds of
  records that are not posts (lists, feed generators, starter packs) are not quotes.
  Each ``#mention`` facet naming someone else gives a ``mention`` event
  (``mention/{uri}/{did}``).
* ``app.bsky.feed.like`` -> ``reaction`` +1 (subkind ``like``); ``app.bsky.feed.repost``
  -> ``reshare`` (subkind ``repost``); both target ``record.subject.uri`` and the DID in
  it.  ``app.bsky.graph.follow`` -> ``follow`` of ``record.subject``.  Their
  ``source_id`` is the record's AT URI.
* ``update`` of a post -> the same rows as a create (they deduplicate with it, and keep
  a post whose create fell outside the capture) plus an ``edit`` event
  (``edit/{uri}/{time_us}``).  Likes, reposts and follows are never updated in practice;
  an update is read like a create.
* ``delete`` of a post, like, repost or follow -> ``delete`` (actor: the DID, target: the
  AT URI of the deleted record, subkind: the collection), ``source_id``
  ``delete/{did}/{collection}/{rkey}/{time_us}``.  Deleting a follow is an unfollow.
* ``account`` events: an account taken down or suspended (``active`` false with status
  ``takendown``/``suspended``) -> ``moderation`` (no actor, target: the DID, subkind: the
  status, ``account/{did}/{time_us}``).  Other statuses (active, deactivated, deleted,
  desynchronized, throttled) are account housekeeping, not social activity: skipped.
* Every other collection (blocks, lists, threadgates, statuses and the many non-Bluesky
  lexicons Jetstream carries) is counted in :attr:`BlueskySource.skipped` and otherwise
  ignored: that is not an error.  Blocks have no canonical kind (not a follow, not a
  moderator act), so they are skipped too.

Times: a record's ``createdAt`` when present (it is what the client claims), else the
event's ``time_us`` (microseconds since the epoch, when Jetstream saw the commit).  Edits,
deletes and account events use ``time_us``.

Bad input (raises :class:`~swaylens.errors.IngestError`, or is recorded in ``rejects``
with ``skip_bad``): a line that is not a Jetstream event (no ``did``/``kind``/``time_us``,
an unknown ``kind``), a commit without operation, collection or rkey, a mapped record
without its required fields (post text, like/repost subject URI, follow subject DID, a
reply without parent/root URIs), and an unparseable ``createdAt``.
"""

from __future__ import annotations

import logging
import reprlib
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar, Final

import orjson

from swaylens.errors import IngestError
from swaylens.schema import content_id
from swaylens.sources.base import Sink, Source, json_or_ndjson, parse_ts

log = logging.getLogger(__name__)

NETWORK: Final = "bluesky"

POST: Final = "app.bsky.feed.post"
LIKE: Final = "app.bsky.feed.like"
REPOST: Final = "app.bsky.feed.repost"
FOLLOW: Final = "app.bsky.graph.follow"
PROFILE: Final = "app.bsky.actor.profile"
#: Collections whose deletes are recorded (the ones that became contents or events).
_DELETABLE: Final = frozenset({POST, LIKE, REPOST, FOLLOW})
_QUOTE_EMBEDS: Final = frozenset({"app.bsky.embed.record", "app.bsky.embed.recordWithMedia"})
_MODERATED: Final = frozenset({"takendown", "suspended"})
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)


class _Bad(Exception):
    """A record that cannot be read; becomes a reject (or the file's IngestError)."""


class BlueskySource(Source):
    """Jetstream v1 events (NDJSON or a JSON array) -> canonical rows."""

    name: ClassVar[str] = "bluesky"
    description: ClassVar[str] = "Bluesky Jetstream v1 events (NDJSON or a JSON array)"

    def __init__(self) -> None:
        #: What the last :meth:`read` deliberately ignored, by collection or event kind.
        self.skipped: Counter[str] = Counter()

    def read(self, path: Path, sink: Sink) -> None:
        self.skipped = Counter()
        for line, doc in json_or_ndjson(path, sink):
            if line is not None:
                self._event(doc, sink, line=line, index=None)
            elif isinstance(doc, list):
                for i, item in enumerate(doc):
                    self._event(item, sink, line=None, index=i)
            else:
                self._event(doc, sink, line=None, index=None)
        if self.skipped:
            log.info("%s: skipped %s", path, dict(self.skipped))

    # -- one event --------------------------------------------------------------------
    def _event(self, ev: Any, sink: Sink, *, line: int | None, index: int | None) -> None:
        try:
            self._dispatch(ev, sink, line)
        except _Bad as e:
            where = f"event #{index}: " if index is not None else ""
            sink.reject(f"{where}{e}", line=line, raw=_raw(ev))
        except IngestError as e:  # an unparseable date from parse_ts
            where = f"event #{index}: " if index is not None else ""
            sink.reject(f"{where}{e.reason}", line=line, raw=_raw(ev))

    def _dispatch(self, ev: Any, sink: Sink, line: int | None) -> None:
        if not isinstance(ev, dict):
            raise _Bad(f"not a Jetstream event (a JSON {type(ev).__name__}, expected an object)")
        did = ev.get("did")
        kind = ev.get("kind")
        if not isinstance(did, str) or not did.startswith("did:"):
            raise _Bad("not a Jetstream event: missing or invalid 'did'")
        if not isinstance(kind, str):
            raise _Bad("not a Jetstream event: missing 'kind'")
        when = _time_us(ev.get("time_us"), sink.file, line)
        time_us = ev["time_us"]
        if kind == "commit":
            self._commit(did, when, time_us, ev.get("commit"), sink, line)
        elif kind == "identity":
            body = ev.get("identity")
            handle = body.get("handle") if isinstance(body, dict) else None
            _identity(sink, did, handle=handle if isinstance(handle, str) else None)
        elif kind == "account":
            self._account(did, when, time_us, ev.get("account"), sink)
        else:
            raise _Bad(f"unknown Jetstream event kind {kind!r}")

    def _account(
        self, did: str, when: datetime, time_us: int, body: Any, sink: Sink
    ) -> None:
        if not isinstance(body, dict):
            raise _Bad("account event without 'account'")
        status = body.get("status")
        actor = _identity(sink, did)
        if body.get("active") is False and status in _MODERATED:
            sink.event(
                NETWORK, f"account/{did}/{time_us}", "moderation", when,
                subkind=str(status), actor=None, target_person=actor,
            )
        else:
            active = body.get("active") is not False
            self.skipped[f"account:{status or ('active' if active else 'inactive')}"] += 1

    def _commit(
        self, did: str, when: datetime, time_us: int, commit: Any, sink: Sink, line: int | None
    ) -> None:
        if not isinstance(commit, dict):
            raise _Bad("commit event without 'commit'")
        op = commit.get("operation")
        collection = commit.get("collection")
        rkey = commit.get("rkey")
        if not isinstance(collection, str) or not collection:
            raise _Bad("commit without 'collection'")
        if not isinstance(rkey, str) or not rkey:
            raise _Bad("commit without 'rkey'")
        if op not in ("create", "update", "delete"):
            raise _Bad(f"commit with unknown operation {op!r}")
        uri = f"at://{did}/{collection}/{rkey}"
        if op == "delete":
            if collection not in _DELETABLE:
                self.skipped[f"delete:{collection}"] += 1
                return
            actor = _identity(sink, did)
            sink.event(
                NETWORK, f"delete/{did}/{collection}/{rkey}/{time_us}", "delete", when,
                subkind=collection, actor=actor, target_content=content_id(NETWORK, uri),
            )
            return
        record = commit.get("record")
        if not isinstance(record, dict):
            raise _Bad(f"{op} of {collection} without a record")
        if collection == POST:
            self._post(did, uri, rkey, record, when, time_us, op == "update", sink, line)
        elif collection in (LIKE, REPOST):
            self._subject_event(did, uri, collection, record, when, sink, line)
        elif collection == FOLLOW:
            subject = record.get("subject")
            if not isinstance(subject, str) or not subject.startswith("did:"):
                raise _Bad("follow record without a subject DID")
            ts = _created(record, when, sink.file, line)
            actor = _identity(sink, did)
            sink.event(
                NETWORK, uri, "follow", ts, actor=actor, target_person=_identity(sink, subject)
            )
        elif collection == PROFILE:
            name = record.get("displayName")
            about = record.get("description")
            _identity(
                sink, did,
                display_name=name if isinstance(name, str) and name else None,
                profile=about if isinstance(about, str) and about else None,
            )
        else:
            self.skipped[collection] += 1

    def _subject_event(
        self, did: str, uri: str, collection: str, record: dict[str, Any], when: datetime,
        sink: Sink, line: int | None,
    ) -> None:
        subject = record.get("subject")
        target = subject.get("uri") if isinstance(subject, dict) else None
        what = "like" if collection == LIKE else "repost"
        if not isinstance(target, str) or not target.startswith("at://"):
            raise _Bad(f"{what} record without subject.uri")
        ts = _created(record, when, sink.file, line)
        actor = _identity(sink, did)
        author = _uri_did(target)
        sink.event(
            NETWORK, uri, "reaction" if collection == LIKE else "reshare", ts,
            subkind=what, actor=actor,
            target_person=_identity(sink, author) if author else None,
            target_content=content_id(NETWORK, target),
        )

    def _post(
        self, did: str, uri: str, rkey: str, record: dict[str, Any], when: datetime,
        time_us: int, is_update: bool, sink: Sink, line: int | None,
    ) -> None:
        # Everything is validated before the first row goes to the sink, so a rejected
        # post leaves nothing half-written behind.
        text = record.get("text")
        if not isinstance(text, str):
            raise _Bad("post record without 'text'")
        ts = _created(record, when, sink.file, line)
        parent_uri = root_uri = None
        if record.get("reply") is not None:
            reply = record["reply"]
            parent_uri = _strong_ref_uri(reply, "parent")
            root_uri = _strong_ref_uri(reply, "root")
            if parent_uri is None or root_uri is None:
                raise _Bad("reply without parent.uri and root.uri")
        quoted = _quoted_post(record.get("embed"))
        facets = record.get("facets")
        tags = _tags(facets, record.get("tags"))
        mentioned = _mentions(facets)

        actor = _identity(sink, did)
        own = sink.content(
            NETWORK, uri, kind="post", author=actor, created_at=ts,
            parent_id=content_id(NETWORK, parent_uri) if parent_uri else None,
            root_id=content_id(NETWORK, root_uri) if root_uri else content_id(NETWORK, uri),
            text=text, tags=tags or None, url=f"https://bsky.app/profile/{did}/post/{rkey}",
        )
        if parent_uri is not None:
            self._targeted(sink, uri, "reply", ts, actor, parent_uri)
            if quoted is not None:
                self._targeted(sink, f"quote/{uri}", "quote", ts, actor, quoted)
        elif quoted is not None:
            self._targeted(sink, uri, "quote", ts, actor, quoted)
        else:
            sink.event(NETWORK, uri, "post", ts, actor=actor, target_content=own)
        for target in mentioned:
            if target == did:  # naming oneself is no signal of influence
                continue
            sink.event(
                NETWORK, f"mention/{uri}/{target}", "mention", ts, actor=actor,
                target_person=_identity(sink, target), target_content=own,
            )
        if is_update:
            sink.event(
                NETWORK, f"edit/{uri}/{time_us}", "edit", when, actor=actor, target_content=own
            )

    @staticmethod
    def _targeted(
        sink: Sink, source_id: str, kind: str, ts: datetime, actor: str, target_uri: str
    ) -> None:
        author = _uri_did(target_uri)
        sink.event(
            NETWORK, source_id, kind, ts, actor=actor,
            target_person=_identity(sink, author) if author else None,
            target_content=content_id(NETWORK, target_uri),
        )


# -- helpers ------------------------------------------------------------------------------
def _identity(
    sink: Sink, did: str, *, handle: str | None = None, display_name: str | None = None,
    profile: str | None = None,
) -> str:
    return sink.identity(
        NETWORK, did, kind="did", source_id=did, handle=handle, display_name=display_name,
        profile=profile, url=f"https://bsky.app/profile/{did}",
    )


def _time_us(value: Any, file: str, line: int | None) -> datetime:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _Bad("not a Jetstream event: missing or non-integer 'time_us'")
    try:
        # Microseconds are exact only in integer arithmetic: a float loses the last digit.
        dt = _EPOCH + timedelta(microseconds=value)
    except OverflowError:
        raise _Bad(f"unparseable date: time_us {value!r} is out of range") from None
    return parse_ts(dt, file=file, line=line)


def _created(record: dict[str, Any], fallback: datetime, file: str, line: int | None) -> datetime:
    value = record.get("createdAt")
    if value is None:
        return fallback
    return parse_ts(value, file=file, line=line)


def _uri_did(uri: str) -> str | None:
    """The DID authority of an AT URI (``at://did:plc:x/collection/rkey``), if it has one."""
    authority = uri[5:].split("/", 1)[0] if uri.startswith("at://") else ""
    return authority if authority.startswith("did:") else None


def _strong_ref_uri(container: Any, key: str) -> str | None:
    ref = container.get(key) if isinstance(container, dict) else None
    uri = ref.get("uri") if isinstance(ref, dict) else None
    return uri if isinstance(uri, str) and uri.startswith("at://") else None


def _quoted_post(embed: Any) -> str | None:
    """The AT URI of the post a record embeds (a quote), or None."""
    if not isinstance(embed, dict) or embed.get("$type") not in _QUOTE_EMBEDS:
        return None
    ref = embed.get("record")
    if embed.get("$type") == "app.bsky.embed.recordWithMedia" and isinstance(ref, dict):
        ref = ref.get("record")  # recordWithMedia wraps an app.bsky.embed.record
    uri = ref.get("uri") if isinstance(ref, dict) else None
    if isinstance(uri, str) and uri.startswith("at://") and f"/{POST}/" in uri:
        return uri
    return None


def _features(facets: Any, type_: str) -> Iterable[dict[str, Any]]:
    # Facets only decorate the text: a malformed one is ignored, not a reason to reject.
    if not isinstance(facets, list):
        return
    for facet in facets:
        features = facet.get("features") if isinstance(facet, dict) else None
        if not isinstance(features, list):
            continue
        for f in features:
            if isinstance(f, dict) and f.get("$type") == type_:
                yield f


def _tags(facets: Any, extra: Any) -> list[str]:
    out: list[str] = []
    for f in _features(facets, "app.bsky.richtext.facet#tag"):
        tag = f.get("tag")
        if isinstance(tag, str) and tag and tag not in out:
            out.append(tag)
    if isinstance(extra, list):
        for tag in extra:
            if isinstance(tag, str) and tag and tag not in out:
                out.append(tag)
    return out


def _mentions(facets: Any) -> list[str]:
    out: list[str] = []
    for f in _features(facets, "app.bsky.richtext.facet#mention"):
        did = f.get("did")
        if isinstance(did, str) and did.startswith("did:") and did not in out:
            out.append(did)
    return out


def _raw(ev: Any) -> str:
    try:
        return orjson.dumps(ev).decode()
    except TypeError:  # nested deeper than orjson writes; repr would recurse as deep
        return reprlib.repr(ev)
