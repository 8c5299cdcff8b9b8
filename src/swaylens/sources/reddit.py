"""Reddit: API listings, comment trees and NDJSON dumps of submissions and comments.

Input
-----
One file (``.gz`` is read transparently) in any of these shapes:

* an API **listing** (``/r/{sub}/new``, ``/r/{sub}/comments``, ``/user/{name}/comments``,
  ``/api/info``): ``{"kind": "Listing", "data": {"children": [{"kind": "t3"|"t1",
  "data": {…}}, …]}}``;
* a **comment tree** (``/comments/{id}``): a JSON array of two listings, the submission
  and its comments, with nested ``replies`` listings and ``{"kind": "more"}`` stubs;
* a **morechildren** response: ``{"json": {"errors": [], "data": {"things": […]}}}``;
* an **NDJSON dump** (Pushshift / Arctic Shift / the Academic Torrents "Reddit dumps"):
  one flat submission or comment object a line.  A line may also hold a ``{"kind", "data"}``
  thing or a whole listing.  A Pushshift API page ``{"data": [objects…]}`` is read too.

The fields are Reddit's "thing" objects (https://github.com/reddit-archive/reddit/wiki/JSON:
``t3`` link, ``t1`` comment) and the same objects flattened in the dumps (Baumgartner et
al., *The Pushshift Reddit Dataset*, ICWSM 2020, tables of submission and comment fields).

Mapping
-------
* Identities: ``kind="handle"``, value = the author's username (Reddit's stable public
  identifier; usernames cannot be changed), ``source_id`` = ``author_fullname`` (``t2_…``)
  when present.  ``[deleted]``/``[removed]`` authors give no identity: the content and its
  events have no author/actor.
* ``t3`` submission -> content (kind ``submission``, ``source_id`` = its fullname
  ``t3_{id}``, community = subreddit, title, text = selftext, url =
  ``https://www.reddit.com{permalink}``, ``views`` = ``view_count`` when Reddit gives one,
  root = itself) + event ``post`` (``post/t3_{id}``, target: its own content).  A crosspost
  (``crosspost_parent``) also gives ``reshare`` subkind ``crosspost``
  (``crosspost/t3_{id}``) of the original submission.
* ``t1`` comment -> content (kind ``comment``, parent = ``parent_id``, root = ``link_id``)
  + event ``comment`` when its parent is the submission (``t3_``), ``reply`` when its
  parent is another comment (``t1_``); ``source_id`` ``comment/t1_{id}`` or
  ``reply/t1_{id}``; target: the parent content and, when the parent's author is known
  from the same file (or from a listing comment's ``link_author``), that person.  NDJSON
  dumps are read twice for this (the first pass only maps fullnames to authors), which
  ``resolve_parents=False`` turns off for very large dumps.
* ``u/name`` and ``/u/name`` in the text -> ``mention`` events
  (``mention/{fullname}/{name}``); naming oneself or a link such as
  ``reddit.com/u/name`` is not a mention.
* ``edited`` (epoch seconds of the last edit; ``false`` or, in old data, ``true`` without a
  time) -> ``edit`` event (``edit/{fullname}/{edited}``) when it carries a time.
* Scores are net totals, not votes: no reaction events are made up from them.
* ``more`` stubs (ids of comments that were not loaded) are not contents: they are counted
  in :attr:`RedditSource.skipped`, as are things of other kinds (``t2`` accounts, ``t5``
  subreddits, …).

Times: ``created_utc`` (epoch seconds, int, float or digits).  ``created`` is ignored: it
is the same instant shifted by the server's local offset.

Bad input (raises :class:`~swaylens.errors.IngestError`, or is recorded in ``rejects``
with ``skip_bad``): a value that is no listing, thing or dump record; a submission or
comment without ``id``, ``author``, ``subreddit`` or ``created_utc`` (plus ``title`` for
submissions, ``body``, ``link_id`` and a ``t1_``/``t3_`` ``parent_id`` for comments); an
unparseable ``created_utc`` or ``edited``.
"""

from __future__ import annotations

import logging
import re
import reprlib
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar, Final

import orjson

from swaylens.errors import IngestError
from swaylens.schema import content_id, identity_id
from swaylens.sources.base import Sink, Source, json_or_ndjson, open_binary, parse_ts

log = logging.getLogger(__name__)

NETWORK: Final = "reddit"
_GONE: Final = frozenset({"[deleted]", "[removed]", ""})
_END: Final = object()
# Usernames are 3-20 letters, digits, "_" or "-".  The look-behind keeps out
# "reddit.com/u/name" links and words that merely end in "u".
_MENTION: Final = re.compile(r"(?<![\w/])/?u/([A-Za-z0-9_-]{3,20})(?![\w-])")


class _Bad(Exception):
    """A record that cannot be read; becomes a reject (or the file's IngestError)."""


@dataclass(frozen=True)
class _Thing:
    kind: str  # "t1" or "t3"
    data: dict[str, Any]
    line: int | None


@dataclass(frozen=True)
class _Rejected:
    """A malformed node of a listing or tree: rejected alone, its siblings are still read."""

    reason: str
    value: Any
    line: int | None


class RedditSource(Source):
    """Reddit API listings, comment trees and NDJSON dumps -> canonical rows."""

    name: ClassVar[str] = "reddit"
    description: ClassVar[str] = (
        "Reddit API listings/comment trees (JSON) or Pushshift-style NDJSON dumps"
    )

    def __init__(self, resolve_parents: bool = True) -> None:
        self.resolve_parents = resolve_parents
        #: What the last :meth:`read` deliberately ignored, by thing kind ("more", "t5", …).
        self.skipped: Counter[str] = Counter()
        self._authors: dict[str, str] = {}
        self._seen: set[tuple[str, str | None]] = set()

    def read(self, path: Path, sink: Sink) -> None:
        self.skipped = Counter()
        self._authors = self._prescan(path) if self.resolve_parents else {}
        self._seen = set()
        for line, doc in json_or_ndjson(path, sink):
            self._read_value(doc, sink, line)
        if self.skipped:
            log.info("%s: skipped %s", path, dict(self.skipped))
        self._authors = {}
        self._seen = set()

    # -- structure ----------------------------------------------------------------------
    def _read_value(self, doc: Any, sink: Sink, line: int | None) -> None:
        """Read one NDJSON line (``line``) or a whole JSON document (``line`` None)."""
        things = list(self._walk(doc, line))
        if line is None:
            for t in things:  # a document is in memory anyway: map every author first
                self._remember(t)
        for t in things:
            if isinstance(t, _Rejected):
                sink.reject(t.reason, line=t.line, raw=_raw(t.value))
            else:
                self._emit(t, sink)

    def _walk(self, root: Any, line: int | None) -> Iterator[_Thing | _Rejected]:
        """Yield the submissions and comments in a listing, a tree or a dump record.

        Depth first, in document order, with an explicit stack: a comment tree can nest
        deeper than Python's recursion limit.  A malformed node is yielded as
        :class:`_Rejected`; its siblings are still read.
        """
        stack: list[Iterator[Any]] = [iter((root,))]
        while stack:
            obj = next(stack[-1], _END)
            if obj is _END:
                stack.pop()
                continue
            if isinstance(obj, list):
                stack.append(iter(obj))
                continue
            if not isinstance(obj, dict):
                yield _Rejected(
                    f"not a Reddit listing, thing or dump record (a JSON {_type(obj)})", obj, line
                )
                continue
            kind = obj.get("kind")
            data = obj.get("data")
            if kind == "Listing":
                children = data.get("children") if isinstance(data, dict) else None
                if isinstance(children, list):
                    stack.append(iter(children))
                else:
                    yield _Rejected("listing without data.children", obj, line)
            elif kind in ("t1", "t3"):
                if not isinstance(data, dict):
                    yield _Rejected(f"{kind} thing without data", obj, line)
                    continue
                yield _Thing(kind, data, line)
                replies = data.get("replies")
                if isinstance(replies, dict):  # "" when there are none
                    stack.append(iter((replies,)))
            elif isinstance(kind, str) and isinstance(data, dict):
                self.skipped[kind] += 1  # "more" stubs, t2 accounts, t5 subreddits, ...
            elif isinstance(obj.get("json"), dict):  # /api/morechildren
                found = _dig(obj, "json", "data", "things")
                if isinstance(found, list):
                    stack.append(iter(found))
                else:
                    yield _Rejected("response without json.data.things", obj, line)
            elif kind is None and isinstance(data, list):  # a Pushshift API page
                stack.append(iter(data))
            elif kind is None and "title" in obj and "id" in obj:
                yield _Thing("t3", obj, line)
            elif kind is None and ("body" in obj or "parent_id" in obj) and "id" in obj:
                yield _Thing("t1", obj, line)
            else:
                yield _Rejected("not a Reddit listing, thing or dump record", obj, line)

    def _prescan(self, path: Path) -> dict[str, str]:
        """Map fullname -> author over an NDJSON dump's lines, so replies find their parent.

        Lines that do not parse are left for the real pass to reject.
        """
        authors: dict[str, str] = {}
        try:
            with open_binary(path) as fh:
                for raw in fh:
                    if not raw.lstrip().startswith(b"{"):
                        continue
                    try:
                        obj = orjson.loads(raw)
                    except orjson.JSONDecodeError:
                        continue
                    things = list(self._walk(obj, None))
                    for t in things:
                        self._remember(t, authors)
        except (OSError, EOFError, zlib.error, IngestError):
            pass  # unreadable input fails with its reason in the real pass
        self.skipped = Counter()  # the real pass counts
        return authors

    def _remember(self, t: _Thing | _Rejected, into: dict[str, str] | None = None) -> None:
        if isinstance(t, _Rejected):
            return
        ident = t.data.get("id")
        author = t.data.get("author")
        if isinstance(ident, str) and isinstance(author, str) and author not in _GONE:
            (self._authors if into is None else into)[f"{t.kind}_{ident}"] = author

    # -- rows -----------------------------------------------------------------------------
    def _emit(self, t: _Thing, sink: Sink) -> None:
        try:
            if t.kind == "t3":
                self._submission(t, sink)
            else:
                self._comment(t, sink)
        except (_Bad, IngestError) as e:
            reason = e.reason if isinstance(e, IngestError) else str(e)
            ident = t.data.get("id")
            what = f"{t.kind}_{ident}: " if isinstance(ident, str) else ""
            sink.reject(f"{what}{reason}", line=t.line, raw=_raw(t.data))

    def _common(self, t: _Thing, sink: Sink) -> tuple[str, str, str | None, str, datetime]:
        """Validate the fields both kinds share: (id, fullname, author, subreddit, created)."""
        d = t.data
        ident = _need_str(d, "id")
        author = d.get("author")
        if not isinstance(author, str):
            raise _Bad("missing 'author'")
        subreddit = _need_str(d, "subreddit")
        if "created_utc" not in d:
            raise _Bad("missing 'created_utc'")
        created = parse_ts(d["created_utc"], file=sink.file, line=t.line)
        return ident, f"{t.kind}_{ident}", None if author in _GONE else author, subreddit, created

    def _submission(self, t: _Thing, sink: Sink) -> None:
        d = t.data
        ident, fullname, author, sub, created = self._common(t, sink)
        title = _need_str(d, "title")
        selftext = d.get("selftext")
        edited = self._edited(d, sink, t.line)
        xpost = d.get("crosspost_parent")
        views = d.get("view_count")
        permalink = d.get("permalink")
        if not isinstance(permalink, str) or not permalink.startswith("/"):
            permalink = f"/r/{sub}/comments/{ident}/"

        actor = self._identity(sink, author, d)
        own = sink.content(
            NETWORK, fullname, community=sub, kind="submission", author=actor,
            created_at=created, root_id=content_id(NETWORK, fullname), title=title,
            text=selftext if isinstance(selftext, str) and selftext else None,
            url=f"https://www.reddit.com{permalink}",
            views=views if isinstance(views, int) and not isinstance(views, bool) else None,
        )
        sink.event(
            NETWORK, f"post/{fullname}", "post", created, community=sub, actor=actor,
            target_content=own,
        )
        if isinstance(xpost, str) and xpost.startswith("t3_"):
            origin = _dig(d, "crosspost_parent_list", 0, "author")
            sink.event(
                NETWORK, f"crosspost/{fullname}", "reshare", created, community=sub,
                subkind="crosspost", actor=actor,
                target_person=self._person(sink, origin if isinstance(origin, str) else None),
                target_content=content_id(NETWORK, xpost),
            )
        self._after(sink, fullname, own, sub, author, actor, created, edited,
                    (title, selftext))

    def _comment(self, t: _Thing, sink: Sink) -> None:
        d = t.data
        ident, fullname, author, sub, created = self._common(t, sink)
        body = d.get("body")
        if not isinstance(body, str):
            raise _Bad("missing 'body'")
        link = _need_str(d, "link_id")
        parent = _need_str(d, "parent_id")
        if not link.startswith("t3_"):
            raise _Bad(f"link_id {link!r} is not a submission fullname")
        if not parent.startswith(("t1_", "t3_")):
            raise _Bad(f"parent_id {parent!r} is not a comment or submission fullname")
        edited = self._edited(d, sink, t.line)
        permalink = d.get("permalink")
        if not isinstance(permalink, str) or not permalink.startswith("/"):
            permalink = f"/r/{sub}/comments/{link[3:]}/_/{ident}/"
        parent_author = self._authors.get(parent)
        if parent_author is None and parent.startswith("t3_"):
            # Subreddit and user comment listings name the submission's author.
            link_author = d.get("link_author")
            if isinstance(link_author, str) and link_author not in _GONE:
                parent_author = link_author

        actor = self._identity(sink, author, d)
        own = sink.content(
            NETWORK, fullname, community=sub, kind="comment", author=actor, created_at=created,
            parent_id=content_id(NETWORK, parent), root_id=content_id(NETWORK, link),
            text=body, url=f"https://www.reddit.com{permalink}",
        )
        kind = "comment" if parent.startswith("t3_") else "reply"
        sink.event(
            NETWORK, f"{kind}/{fullname}", kind, created, community=sub, actor=actor,
            target_person=self._person(sink, parent_author),
            target_content=content_id(NETWORK, parent),
        )
        self._after(sink, fullname, own, sub, author, actor, created, edited, (body,))

    def _after(
        self, sink: Sink, fullname: str, own: str, sub: str, author: str | None,
        actor: str | None, created: datetime, edited: tuple[datetime, str] | None,
        texts: tuple[Any, ...],
    ) -> None:
        """The events every content shares: its mentions and its last edit."""
        named: dict[str, str] = {}
        for text in texts:
            if isinstance(text, str):
                for m in _MENTION.finditer(text):
                    named.setdefault(m[1].lower(), m[1])
        for low in named:
            if author is not None and low == author.lower():
                continue  # signing with one's own name is no mention
            sink.event(
                NETWORK, f"mention/{fullname}/{low}", "mention", created, community=sub,
                actor=actor, target_person=sink.identity(NETWORK, low, kind="handle"),
                target_content=own,
            )
        if edited is not None:
            when, stamp = edited
            sink.event(
                NETWORK, f"edit/{fullname}/{stamp}", "edit", when, community=sub, actor=actor,
                target_content=own,
            )

    @staticmethod
    def _edited(d: dict[str, Any], sink: Sink, line: int | None) -> tuple[datetime, str] | None:
        value = d.get("edited")
        if value is None or isinstance(value, bool):
            return None  # false, or true without a time (old data)
        when = parse_ts(value, file=sink.file, line=line)
        return when, str(int(when.timestamp()))

    def _identity(self, sink: Sink, author: str | None, d: dict[str, Any]) -> str | None:
        if author is None:
            return None
        fullname = d.get("author_fullname")
        fullname = fullname if isinstance(fullname, str) and fullname else None
        key = (author, fullname)
        if key in self._seen:  # a dump repeats its authors a lot: write each once
            return identity_id(NETWORK, "handle", author)
        self._seen.add(key)
        return sink.identity(
            NETWORK, author, kind="handle", source_id=fullname, handle=author,
            url=f"https://www.reddit.com/user/{author}",
        )

    def _person(self, sink: Sink, author: str | None) -> str | None:
        if author is None or author in _GONE:
            return None
        return self._identity(sink, author, {})


# -- helpers ------------------------------------------------------------------------------
def _need_str(d: dict[str, Any], key: str) -> str:
    value = d.get(key)
    if not isinstance(value, str) or not value:
        raise _Bad(f"missing '{key}'")
    return value


def _dig(obj: Any, *path: str | int) -> Any:
    for step in path:
        if isinstance(step, int):
            if not isinstance(obj, list) or len(obj) <= step:
                return None
        elif not isinstance(obj, dict):
            return None
        obj = obj[step] if isinstance(step, int) else obj.get(step)
    return obj


def _type(obj: Any) -> str:
    return {str: "string", int: "number", float: "number", bool: "boolean"}.get(
        type(obj), "null" if obj is None else type(obj).__name__
    )


def _raw(obj: Any) -> str:
    try:
        return orjson.dumps(obj).decode()
    except TypeError:  # nested deeper than orjson writes; repr would recurse as deep
        return reprlib.repr(obj)
