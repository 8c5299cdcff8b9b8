"""Discourse: forum API responses (posts, topics, users, user actions).

Input
-----
One JSON response of a Discourse forum's REST API (https://docs.discourse.org/), or NDJSON
with one response a line (``.gz`` read transparently).  Recognised shapes:

====================================  ====================================================
``/posts.json``                       ``{"latest_posts": [post, ...]}``: posts + users
``/t/{id}.json``, ``/t/{id}/{n}.json``  a topic view ``{"post_stream": {"posts": [...]},
                                      "id", "title", "category_id", "tags", "views",
                                      "details": {"created_by", "participants"}, ...}``
``/t/{id}/posts.json``                ``{"post_stream": {"posts": [...]}, "id"}``
``/posts/{id}.json``                  a single post object (also a JSON array of posts)
``/user_actions.json``                ``{"user_actions": [...]}``: likes (see below)
``/post_action_users.json``           ``{"post_action_users": [user, ...]}``: users only
``/u/{username}.json``                ``{"user": {...}, "user_badges": [...]}``: a profile
``/latest.json`` and other topic      ``{"users": [...], "topic_list": {"topics": [...]}}``:
lists                                 users only
``/admin/users/list/*.json``          a JSON array of users: users only
``/groups/{name}/members.json``       ``{"members": [...]}``: users only
``/categories.json``                  ``{"category_list": ..., "featured_users": [...]}``:
                                      users only
``/search.json``                      users only (posts there carry a blurb, not the post)
``/notifications.json``               skipped: it describes the requesting account
====================================  ====================================================

Any other shape fails the file (:class:`~swaylens.errors.IngestError` naming the file and
the keys it found), or becomes a reject with ``skip_bad``.

Forum
-----
The JSON does not carry the forum's host consistently, so it is taken from, in order:
``DiscourseSource(forum="meta.discourse.org")`` (a URL is accepted: its host is kept);
the host that Discourse writes into local avatar paths
(``"avatar_template": "/user_avatar/{host}/..."``); an absolute ``post_url``; and failing
all of these the name of the file's folder (then no URLs are built, since the name is
not known to be a host).  Absolute URLs elsewhere (links inside posts, ``link_counts``) name
other sites and are not used.  One file is one forum.

Mapping
-------
Network ``discourse``; community = the forum.  Categories are not communities of their
own: a post's ``tags`` are its topic's tags plus ``category:{category_id}``.

* Users -> identity kind ``handle``, value ``{forum}/{username}`` (usernames are unique
  per forum only; Discourse compares them case-insensitively, as identity keys do),
  ``source_id`` = the forum's numeric user id when given, handle = username,
  display_name = ``name`` (empty names dropped), url = ``https://{forum}/u/{username}``;
  a profile (``user.json``) adds ``profile`` (``bio_raw``, else ``bio_cooked``) and
  ``created_at``.
* Posts -> content kind ``post`` whose ``source_id`` is ``{forum}/t/{topic_id}/{post_number}``
  (not the numeric post id: a reply names its parent by ``reply_to_post_number`` within
  the topic, so this key lets a reply point at its parent without a lookup); text =
  ``cooked`` (HTML), else ``raw``; title = the topic title where the response has it
  (every post of the topic carries it); parent = the post ``reply_to_post_number`` names,
  else post 1 of the topic (Discourse shows such a post as a reply to the topic); root =
  post 1 (post 1 is its own root); url = ``post_url`` on the forum; views = the topic's
  ``views`` on post 1 of a topic view.  Posts of private-message topics (``archetype``
  ``private_message``) are skipped: they are not public activity.
* Events, ``source_id`` = the post's key: post 1 -> ``post`` (subkind ``topic``, target =
  itself); any other post -> ``reply`` (target = the parent post) with subkind
  ``reply_to_post`` and target_person = ``reply_to_user`` (else the parent's author when
  the same file has it) when ``reply_to_post_number`` is set, else subkind
  ``reply_to_topic`` and target_person = the topic's author when known (post 1 in the
  file, or ``details.created_by``).  Whispers (post_type 4) are posts like any other.
  Moderator-action and small-action posts (post_type 2 and 3: "closed the topic",
  "pinned", ...) are not contents: they give a ``moderation`` event (actor = the post's
  user, subkind = ``action_code``, else ``moderator_action``/``small_action``, target =
  post 1 of the topic).
* Likes: a post's ``actions_summary`` (id 2) only counts likes, it does not say who
  liked: not used.  ``post_action_users.json`` names who liked a post, but neither the
  post (it is only in the request URL) nor the time of the like: its users become
  identities, and no reaction is emitted.  ``user_actions.json`` entries of type 1 (LIKE)
  and 2 (WAS_LIKED) do say who (``acting_username``), whose post (``username``), which
  post (``topic_id`` + ``post_number``) and when (``created_at``): each gives a
  ``reaction`` +1 (subkind ``like``) with ``source_id``
  ``{forum}/like/{acting username}/{topic_id}/{post_number}``, so the two sides of one
  like are one event.  The column meanings follow ``UserAction.stream`` in
  discourse/discourse ``app/models/user_action.rb``.  Other user actions (new topic,
  reply, mention, quote, edit, messages) are skipped: they only echo posts whose full
  record comes from the post responses, and a partial row written first would stand for
  the post (the warehouse keeps the first row of a key).
* Topic lists, categories, badges and search results other than users are skipped
  (counted in :attr:`DiscourseSource.skipped`): a topic list entry has no post body, and a
  text-less stub of post 1 would shadow the full post.  Mentions (``mentioned_users``)
  and deletions are not mapped.

Bad input (raises :class:`~swaylens.errors.IngestError`, or a reject with ``skip_bad``):
invalid JSON, non-UTF-8 bytes, an empty file, an unknown shape, a post without
``topic_id``, ``post_number``, ``username`` or ``created_at``, a like without its users,
post or time, and an unparseable date.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Hashable
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar, Final, TypeGuard

import orjson

from swaylens import schema
from swaylens.errors import IngestError
from swaylens.sources.base import (
    RecordBuffer,
    Sink,
    Source,
    json_or_ndjson,
    open_binary,
    parse_ts,
)

log = logging.getLogger(__name__)

NETWORK: Final = "discourse"
_MAX_INT64: Final = (1 << 63) - 1
_SCAN_BYTES: Final = 16 << 20
_AVATAR_HOST: Final = re.compile(rb'"avatar_template"\s*:\s*"[^"]*?/user_avatar/([^/"\\]+)/')
_POST_URL_HOST: Final = re.compile(rb'"post_url"\s*:\s*"https?://([^/"\\]+)/')
_HOST: Final = re.compile(r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d+)?$")
_LIKE_ACTIONS: Final = frozenset({1, 2})  # UserAction::LIKE, UserAction::WAS_LIKED
_SMALL_ACTIONS: Final = {2: "moderator_action", 3: "small_action"}


class _Bad(Exception):
    """A record that cannot be read; becomes a reject (or the file's IngestError)."""


class _Topic:
    """What a response says about a topic (a topic view, or the fields of a post)."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.title = _str(raw.get("title")) or _str(raw.get("topic_title"))
        self.category = _opt_id(raw.get("category_id"))
        self.slug = _str(raw.get("slug")) or _str(raw.get("topic_slug"))
        self.archetype = _str(raw.get("archetype"))
        views = raw.get("views")
        self.views = views if _is_int(views) and 0 <= views <= _MAX_INT64 else None
        self.tags = _tag_names(raw.get("tags"))

    def tag_list(self) -> list[str] | None:
        tags = list(self.tags)
        if self.category is not None:
            tags.append(f"category:{self.category}")
        return tags or None


class _File:
    """One file being read: its forum and what its records share."""

    def __init__(self, path: Path, sink: Sink, forum: str, is_host: bool) -> None:
        self.path = path
        self.sink = sink
        self.forum = forum
        self.is_host = is_host
        #: What this file's records wrote: identity rows and content ids are written once.
        self.seen: set[Hashable] = set()
        #: post key -> author identity, for replies whose response omits reply_to_user.
        self.authors: dict[str, str] = {}

    def key(self, topic_id: str, post_number: int) -> str:
        return f"{self.forum}/t/{topic_id}/{post_number}"

    def user(self, rows: RecordBuffer, username: Any, user_id: Any = None, name: Any = None,
             **extra: Any) -> str:
        if not isinstance(username, str) or not username.strip():
            raise _Bad("missing or invalid 'username'")
        username = username.strip()
        uid = _opt_id(user_id)
        display = name if isinstance(name, str) and name.strip() else None
        url = f"https://{self.forum}/u/{username}" if self.is_host else None
        return rows.identity(
            NETWORK, f"{self.forum}/{username}", kind="handle", source_id=uid,
            handle=username, display_name=display, url=url, dedup="row", **extra,
        )

    def url(self, post_url: Any, slug: str | None, topic_id: str, n: int) -> str | None:
        if isinstance(post_url, str) and post_url.startswith(("http://", "https://")):
            return post_url
        if not self.is_host:
            return None
        if isinstance(post_url, str) and post_url.startswith("/"):
            return f"https://{self.forum}{post_url}"
        return f"https://{self.forum}/t/{slug or '-'}/{topic_id}/{n}"


class DiscourseSource(Source):
    """Discourse API responses (posts, topics, users, user actions) -> canonical rows."""

    name: ClassVar[str] = "discourse"
    description: ClassVar[str] = "Discourse forum API JSON (posts.json, topics, user actions)"

    def __init__(self, forum: str | None = None) -> None:
        self.forum = _normalise_forum(forum) if forum else None
        #: What the last :meth:`read` deliberately ignored, by reason.
        self.skipped: Counter[str] = Counter()

    def read(self, path: Path, sink: Sink) -> None:
        self.skipped = Counter()
        forum, is_host = self._forum_of(path)
        f = _File(path, sink, forum, is_host)
        for line, doc in json_or_ndjson(path, sink):
            self._doc(doc, f, line)
        if self.skipped:
            log.info("%s: skipped %s", path, dict(self.skipped))

    def _forum_of(self, path: Path) -> tuple[str, bool]:
        if self.forum:
            return self.forum, True
        with open_binary(path) as fh:
            head = fh.read(_SCAN_BYTES)
        for pattern in (_AVATAR_HOST, _POST_URL_HOST):
            for m in pattern.finditer(head):
                host = m.group(1).decode("utf-8", "replace").lower()
                if _HOST.match(host):
                    return host, True
        return path.resolve().parent.name or "discourse", False

    # -- documents ------------------------------------------------------------------------
    def _doc(self, doc: Any, f: _File, line: int | None) -> None:
        if isinstance(doc, list):
            self._list(doc, f, line)
            return
        if not isinstance(doc, dict):
            f.sink.reject(f"expected a JSON object or array, got {type(doc).__name__}",
                          line=line, raw=_raw(doc))
            return
        if "latest_posts" in doc:
            self._posts(doc.get("latest_posts"), None, f, line, "latest_posts")
        elif "post_stream" in doc:
            self._topic(doc, f, line)
        elif "user_actions" in doc:
            self._user_actions(doc.get("user_actions"), f, line)
        elif "post_action_users" in doc:
            n = self._users(doc.get("post_action_users"), f, line, "post_action_users")
            self.skipped["post_action_users likes (no post id, no time)"] += n
        elif isinstance(doc.get("user"), dict):
            self._profile(doc, f, line)
        elif "topic_list" in doc or ("users" in doc and "grouped_search_result" not in doc):
            self._users(doc.get("users", []), f, line, "users")
            topics = doc.get("topic_list")
            if isinstance(topics, dict) and isinstance(topics.get("topics"), list):
                self.skipped["topic list entries (no post bodies)"] += len(topics["topics"])
        elif "members" in doc:
            self._users(doc.get("members"), f, line, "members")
        elif "category_list" in doc:
            self._users(doc.get("featured_users", []), f, line, "featured_users")
            self.skipped["categories"] += 1
        elif "grouped_search_result" in doc:
            self._users(doc.get("users", []), f, line, "users")
            posts = doc.get("posts")
            self.skipped["search results"] += len(posts) if isinstance(posts, list) else 0
        elif _looks_like_post(doc):
            self._posts([doc], None, f, line, None)
        else:
            keys = ", ".join(sorted(doc)[:12])
            f.sink.reject(f"unrecognised Discourse JSON shape (keys: {keys})",
                          line=line, raw=_raw(doc))

    def _list(self, doc: list[Any], f: _File, line: int | None) -> None:
        if not doc:
            return
        if all(isinstance(x, dict) for x in doc):
            if all("notification_type" in x for x in doc):
                self.skipped["notifications (about the requesting account)"] += len(doc)
                return
            if all("results" in x and "type" in x for x in doc):
                self.skipped["search result groups (topic titles only)"] += len(doc)
                return
            if all(_looks_like_post(x) for x in doc):
                self._posts(doc, None, f, line, "post")
                return
            if all("username" in x for x in doc):
                self._users(doc, f, line, "user")
                return
        f.sink.reject("unrecognised Discourse JSON array (not posts, users or notifications)",
                      line=line, raw=_raw(doc))

    def _topic(self, doc: dict[str, Any], f: _File, line: int | None) -> None:
        stream = doc.get("post_stream")
        if not isinstance(stream, dict):
            f.sink.reject("invalid 'post_stream' (not an object)", line=line, raw=_raw(doc))
            return
        details = doc.get("details")
        creator: str | None = None
        topic_id = _opt_id(doc.get("id"))
        if isinstance(details, dict):
            people = details.get("participants")
            self._users(people if isinstance(people, list) else [], f, line, "participant")
            created_by = details.get("created_by")
            if isinstance(created_by, dict):
                try:
                    with f.sink.record(f.seen) as rows:
                        creator = f.user(rows, created_by.get("username"),
                                         created_by.get("id"), created_by.get("name"))
                except _Bad as e:
                    f.sink.reject(f"details.created_by: {e}", line=line, raw=_raw(created_by))
        if creator is not None and topic_id is not None:
            f.authors.setdefault(f.key(topic_id, 1), creator)
        has_meta = any(k in doc for k in ("title", "category_id", "tags", "archetype"))
        topic = _Topic(doc) if has_meta else None
        self._posts(stream.get("posts"), (topic_id, topic), f, line, "post_stream.posts")

    # -- posts ----------------------------------------------------------------------------
    def _posts(self, posts: Any, topic: tuple[str | None, _Topic | None] | None, f: _File,
               line: int | None, what: str | None) -> None:
        if not isinstance(posts, list):
            f.sink.reject(f"'{what}' is not a list", line=line)
            return
        self._learn_authors(posts, f)
        for i, p in enumerate(posts):
            where = f"{what}[{i}]: " if what else ""
            try:
                with f.sink.record(f.seen) as rows:
                    self._post(p, topic, f, rows, line)
            except _Bad as e:
                f.sink.reject(f"{where}{e}", line=line, raw=_raw(p))
            except IngestError as e:  # an unparseable date from parse_ts
                f.sink.reject(f"{where}{e.reason}", line=line, raw=_raw(p))

    def _learn_authors(self, posts: list[Any], f: _File) -> None:
        """Note every post's author first, so a reply can name a parent later in the list."""
        for p in posts:
            if not isinstance(p, dict):
                continue
            topic_id, n, username = _opt_id(p.get("topic_id")), p.get("post_number"), \
                p.get("username")
            if topic_id is None or not _is_int(n) or not isinstance(username, str) \
                    or not username.strip():
                continue
            iid = schema.identity_id(NETWORK, "handle", f"{f.forum}/{username.strip()}")
            f.authors.setdefault(f.key(topic_id, n), iid)

    def _post(self, p: Any, topic: tuple[str | None, _Topic | None] | None, f: _File,
              rows: RecordBuffer, line: int | None) -> None:
        if not isinstance(p, dict):
            raise _Bad(f"expected a post object, got {type(p).__name__}")
        topic_id = _opt_id(p.get("topic_id"))
        if topic_id is None:
            raise _Bad("missing or invalid 'topic_id'")
        n = p.get("post_number")
        if not _is_int(n) or n < 1:
            raise _Bad("missing or invalid 'post_number'")
        if "created_at" not in p:
            raise _Bad("missing 'created_at'")
        meta = topic[1] if topic and topic[1] is not None and topic[0] == topic_id else None
        meta = meta or _Topic(p)
        if meta.archetype == "private_message":
            self.skipped["private message posts"] += 1
            return
        ts = _ts(p["created_at"], f.path, line)
        author = f.user(rows, p.get("username"), p.get("user_id"),
                        p.get("name") or p.get("display_username"))
        key, root_key = f.key(topic_id, n), f.key(topic_id, 1)
        root = schema.content_id(NETWORK, root_key)
        post_type = p.get("post_type")
        if _is_int(post_type) and post_type in _SMALL_ACTIONS:
            sub = _str(p.get("action_code")) or _SMALL_ACTIONS[post_type]
            rows.event(NETWORK, key, "moderation", ts, community=f.forum, subkind=sub,
                       actor=author, target_content=root)
            return
        reply_to = p.get("reply_to_post_number")
        reply_to = reply_to if _is_int(reply_to) and reply_to >= 1 and n > 1 else None
        parent_key = None if n == 1 else f.key(topic_id, reply_to or 1)
        parent = schema.content_id(NETWORK, parent_key) if parent_key else None
        text = _str(p.get("cooked")) or _str(p.get("raw"))
        cid = rows.content(
            NETWORK, key, community=f.forum, kind="post", author=author, created_at=ts,
            parent_id=parent, root_id=root, title=meta.title, text=text,
            tags=meta.tag_list(), url=f.url(p.get("post_url"), meta.slug, topic_id, n),
            views=meta.views if n == 1 else None,
            dedup=True,
        )
        if parent_key is None:
            rows.event(NETWORK, key, "post", ts, community=f.forum, subkind="topic",
                       actor=author, target_content=cid)
            return
        target_person: str | None = None
        ru = p.get("reply_to_user")
        if reply_to is not None and isinstance(ru, dict) and ru.get("username"):
            target_person = f.user(rows, ru.get("username"), ru.get("id"), ru.get("name"))
        if target_person is None:
            target_person = f.authors.get(parent_key)
        rows.event(
            NETWORK, key, "reply", ts, community=f.forum,
            subkind="reply_to_post" if reply_to is not None else "reply_to_topic",
            actor=author, target_person=target_person, target_content=parent,
        )

    # -- users and user actions -------------------------------------------------------------
    def _users(self, users: Any, f: _File, line: int | None, what: str) -> int:
        """Record a list of user objects as identities; return how many there were."""
        if not isinstance(users, list):
            f.sink.reject(f"'{what}' is not a list", line=line)
            return 0
        for i, u in enumerate(users):
            try:
                if not isinstance(u, dict):
                    raise _Bad(f"expected a user object, got {type(u).__name__}")
                with f.sink.record(f.seen) as rows:
                    f.user(rows, u.get("username"), u.get("id"), u.get("name"))
            except _Bad as e:
                f.sink.reject(f"{what}[{i}]: {e}", line=line, raw=_raw(u))
        return len(users)

    def _profile(self, doc: dict[str, Any], f: _File, line: int | None) -> None:
        u = doc["user"]
        try:
            created = _ts(u["created_at"], f.path, line) if u.get("created_at") else None
            bio = _str(u.get("bio_raw")) or _str(u.get("bio_cooked"))
            with f.sink.record(f.seen) as rows:
                f.user(rows, u.get("username"), u.get("id"), u.get("name"),
                       profile=bio or None, created_at=created)
        except _Bad as e:
            f.sink.reject(f"user: {e}", line=line, raw=_raw(u))
            return
        except IngestError as e:
            f.sink.reject(f"user: {e.reason}", line=line, raw=_raw(u))
            return
        badges = doc.get("user_badges")
        if isinstance(badges, list) and badges:
            self.skipped["user badges"] += len(badges)

    def _user_actions(self, actions: Any, f: _File, line: int | None) -> None:
        if not isinstance(actions, list):
            f.sink.reject("'user_actions' is not a list", line=line)
            return
        for i, a in enumerate(actions):
            try:
                with f.sink.record(f.seen) as rows:
                    self._user_action(a, f, rows, line)
            except _Bad as e:
                f.sink.reject(f"user_actions[{i}]: {e}", line=line, raw=_raw(a))
            except IngestError as e:
                f.sink.reject(f"user_actions[{i}]: {e.reason}", line=line, raw=_raw(a))

    def _user_action(self, a: Any, f: _File, rows: RecordBuffer, line: int | None) -> None:
        if not isinstance(a, dict):
            raise _Bad(f"expected a user action object, got {type(a).__name__}")
        kind = a.get("action_type")
        if not _is_int(kind):
            raise _Bad("missing or invalid 'action_type'")
        if kind not in _LIKE_ACTIONS:
            # Identities are still worth keeping; the action itself echoes a post.
            for prefix in ("acting_", ""):
                if isinstance(a.get(f"{prefix}username"), str):
                    f.user(rows, a[f"{prefix}username"], a.get(f"{prefix}user_id"),
                           a.get(f"{prefix}name"))
            self.skipped[f"user_action type {kind}"] += 1
            return
        liker = f.user(rows, a.get("acting_username"), a.get("acting_user_id"),
                       a.get("acting_name"))
        author = f.user(rows, a.get("username"), a.get("user_id"), a.get("name"))
        topic_id = _opt_id(a.get("topic_id"))
        n = a.get("post_number")
        if topic_id is None or not _is_int(n) or n < 1:
            raise _Bad("like without 'topic_id'/'post_number'")
        if "created_at" not in a:
            raise _Bad("missing 'created_at'")
        ts = _ts(a["created_at"], f.path, line)
        acting = str(a["acting_username"]).strip().lower()
        rows.event(
            NETWORK, f"{f.forum}/like/{acting}/{topic_id}/{n}", "reaction", ts, community=f.forum,
            subkind="like", value=1.0, actor=liker, target_person=author,
            target_content=schema.content_id(NETWORK, f.key(topic_id, n)),
        )


# -- small readers ----------------------------------------------------------------------
def _normalise_forum(forum: str) -> str:
    s = forum.strip().lower()
    if "://" in s:
        s = s.split("://", 1)[1]
    return s.split("/", 1)[0] or forum


def _looks_like_post(d: dict[str, Any]) -> bool:
    return "post_number" in d and "topic_id" in d and "username" in d


def _is_int(v: Any) -> TypeGuard[int]:
    return isinstance(v, int) and not isinstance(v, bool)


def _opt_id(v: Any) -> str | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str) and v.strip():
        return v.strip()
    return None


def _str(v: Any) -> str | None:
    return v if isinstance(v, str) and v else None


def _tag_names(v: Any) -> list[str]:
    # Newer Discourse versions send tags as objects {"id", "name", "slug"}.
    if not isinstance(v, list):
        return []
    out = []
    for t in v:
        if isinstance(t, str) and t:
            out.append(t)
        elif isinstance(t, dict) and isinstance(t.get("name"), str):
            out.append(t["name"])
    return out


def _ts(value: Any, path: Path | str, line: int | None) -> datetime:
    try:
        return parse_ts(value, file=path, line=line)
    except (OverflowError, ValueError):  # parse_ts converts to UTC outside its own guard
        raise _Bad(f"unparseable date {value!r}") from None


def _raw(item: Any) -> str:
    try:
        return orjson.dumps(item).decode()
    except (TypeError, orjson.JSONEncodeError):
        return repr(item)
