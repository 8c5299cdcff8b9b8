"""GitHub: GH Archive / Events API events, and some webhook payloads.

Input
-----
One file (``.gz`` read transparently) holding either

* GH Archive NDJSON (https://www.gharchive.org/, e.g. ``2015-01-01-12.json.gz``): one
  event a line in the Events API envelope documented at
  https://docs.github.com/en/rest/using-the-rest-api/github-event-types::

      {"id": "2489582602", "type": "IssuesEvent", "created_at": "2015-01-01T12:00:02Z",
       "actor": {"id", "login", ...}, "repo": {"id", "name": "owner/repo", ...},
       "org": {"id", "login", ...},            # only for repositories owned by an org
       "payload": {...}}                        # per type, see the page above

* one Events API response (``GET /repos/{owner}/{repo}/events``): a JSON array of the
  same events, or a single event object;
* one **webhook** payload (https://docs.github.com/en/webhooks/webhook-events-and-payloads,
  examples in octokit/webhooks ``payload-examples``).  The body has no envelope: the event
  name travels in the ``X-GitHub-Event`` header, so it is inferred from the keys, the
  actor is ``sender`` and the repository ``repository``.  Supported: ``issues``,
  ``issue_comment``, ``pull_request``, ``pull_request_review``,
  ``pull_request_review_comment``, ``commit_comment``, ``fork``, ``watch`` and
  ``release``; any other payload is rejected as an unknown shape.  The body carries no
  delivery id and no delivery time either: the event ``source_id`` is
  ``webhook/{event}/{object id}/{action}/{epoch seconds}`` and the time is the acted-on
  object's own timestamp for the action (``created_at`` when opened/created,
  ``closed_at``/``merged_at`` when closed, ``submitted_at`` for a review, the fork's
  ``created_at``, a release's ``published_at``, else the object's ``updated_at``, which
  GitHub bumps on every change).  A ``watch`` body has no time at all but the
  repository's ``updated_at``, which GitHub bumps when the repository is starred: that
  time is used.  The same action seen through GH Archive and through a webhook gets two
  different event ids (nothing in the webhook body names the Events API id).

The pre-2015 GH Archive format (Timeline API: ``"actor"`` a login string, ``"repository"``
object) is not supported: such a record is rejected, naming the format.

Names and identities
--------------------
Network ``github``; community = the repository ``owner/repo`` (``repo.name``).  Users
(``actor``, ``sender`` and the users inside payloads: issue/PR/comment/review authors,
``merged_by``, release authors, added members) -> identity kind ``id``, value and
``source_id`` = the numeric user id, handle = login, url = the profile page.  A payload
user without an id (never seen in practice) becomes a ``handle`` identity.

Contents (``source_id``; ``repo`` is ``repo.name`` lower-cased, GitHub names being
case-insensitive; issues and pull requests share one number space per repository):

* ``issue/{repo}/{number}`` kind ``issue`` and ``pull/{repo}/{number}`` kind
  ``pull_request``: title, text = body, url = html_url, tags = label names, author =
  ``user``; they are their own root.  An ``IssueCommentEvent`` on a pull request (its
  ``issue`` has a ``pull_request`` key) attaches to ``pull/...``.
* ``issue_comment/{id}`` kind ``comment`` (parent and root = the issue or PR);
  ``review_comment/{id}`` kind ``review_comment`` (parent = the comment it answers
  (``in_reply_to_id``) or the PR, root = the PR); ``review/{id}`` kind ``review``
  (parent and root = the PR); ``commit_comment/{id}`` kind ``commit_comment`` and
  ``release/{id}`` kind ``release`` (parent and root = the repository: commits are not
  contents).
* ``repo/{repo.id}`` kind ``repository`` (title ``owner/repo``, url, author = the owner):
  the target of stars, forks, pushes and wiki edits.  The envelope names the owner only by
  login, so the owner identity is resolved, in order, from ``org`` (org repositories), the
  actor when the actor's login is the owner, any user object with that login seen earlier
  in the same file; failing these it is a ``handle`` identity (value = login), which
  identity resolution can later join to the ``id`` identity carrying that handle.

Each content is emitted once per file, at its first appearance (GH Archive is in time
order, so that is its earliest state).

Events
------
Every GH Archive event yields at most one *primary* event, ``source_id`` =
``event/{id}``, at the envelope's ``created_at``; actor = ``actor`` unless said otherwise.
Where a content is acted upon, ``target_content`` is it (for a new post: the post itself;
for a comment, reply or reaction: the item answered or reacted to) and ``target_person``
its author.

===============================  ======================================================
IssuesEvent opened               ``post`` (subkind ``issue``), target = the issue
IssuesEvent edited               ``edit`` (subkind ``issue``)
IssuesEvent other actions        ``moderation``, subkind = action (closed, reopened,
                                 labeled, assigned, ...), target = issue and its author
IssueCommentEvent created        ``comment`` (subkind ``issue_comment``), target = the
                                 issue/PR and its author; edited -> ``edit``, deleted ->
                                 ``delete`` (target = the comment)
PullRequestEvent opened          ``post`` (subkind ``pull_request``)
PullRequestEvent closed, merged  ``accept`` (subkind ``merged``): actor = ``merged_by``
                                 when given, else the event actor; target = PR, author
PullRequestEvent closed          ``moderation`` (subkind ``closed``)
PullRequestEvent edited,         ``edit`` (subkind ``pull_request`` / ``synchronize``:
synchronize                      new commits pushed to the PR)
PullRequestEvent other actions   ``moderation``, subkind = action
PullRequestReviewEvent           ``reply``, subkind = the review state (approved,
created/submitted                changes_requested, commented), target = PR and author;
                                 edited -> ``edit``; dismissed -> ``moderation``
                                 (subkind ``dismissed``, target = the review, reviewer)
PullRequestReviewCommentEvent    ``reply`` to the answered comment when
created                          ``in_reply_to_id`` is set (its author when that comment
                                 appeared earlier in the file, else unknown), else
                                 ``comment`` on the PR; edited/deleted as above
CommitCommentEvent               ``comment`` (subkind ``commit``), target = repository
WatchEvent started               ``reaction`` +1 (subkind ``star``), target = repository
                                 and its owner
ForkEvent                        ``reshare`` (subkind ``fork``), target = repository, owner
ReleaseEvent published/created   ``post`` (subkind ``release``), target = the release
MemberEvent added                ``join`` (subkind ``collaborator``): actor = the added
                                 member, target = repository and the maintainer who
                                 added them; other actions -> ``moderation``
                                 (``member_{action}``, actor = maintainer, target = member)
PushEvent                        ``edit`` (subkind ``push``), target = repository: a push
                                 changes the repository; it is not a post (counting
                                 pushes as posts would swamp conversation metrics)
GollumEvent                      ``edit`` (subkind ``wiki``), target = repository
CreateEvent ref_type repository  ``post`` (subkind ``repository``), target = repository
===============================  ======================================================

Skipped (counted in :attr:`GitHubSource.skipped`, not errors): CreateEvent of a branch or
tag, DeleteEvent (branch/tag housekeeping), PublicEvent (a visibility switch), release
actions other than publishing, and every other or future event type.  ``@mentions`` in
bodies are not extracted.  Repository stars of a webhook ``star`` event are not supported
(``watch`` is).

Bad input (raises :class:`~swaylens.errors.IngestError`, or a reject with ``skip_bad``):
invalid JSON, non-UTF-8 bytes, an empty file, a record that is not an object, a missing
``id``/``type``/``actor.id``/``repo.name``/``created_at``/``payload``, a mapped payload
without the object it needs (``issue``, ``comment.id``, ``pull_request.number``, ...) and
an unparseable date.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Hashable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar, Final

import orjson

from swaylens import schema
from swaylens.errors import IngestError
from swaylens.sources.base import RecordBuffer, Sink, Source, json_or_ndjson, parse_ts

log = logging.getLogger(__name__)

NETWORK: Final = "github"


class _Bad(Exception):
    """A record that cannot be read; becomes a reject (or the file's IngestError)."""


class _Skip(Exception):
    """A record deliberately ignored: counted in ``skipped``, and none of its rows written."""


class _FileState:
    """What one file's records share: emitted keys and authors seen so far."""

    def __init__(self) -> None:
        #: What this file's records wrote: identity rows and content ids are written once
        #: (the first appearance of a content wins, deterministically).
        self.seen: set[Hashable] = set()
        #: login (lower-cased) -> identity id, from user objects that carry an id.
        self.logins: dict[str, str] = {}
        #: review comment id -> its author's identity id (for replies to it).
        self.review_comment_authors: dict[str, str] = {}


class _Record:
    """One event, normalised from the GH Archive envelope or a webhook body."""

    def __init__(
        self,
        *,
        event_sid: str,
        type_: str,
        actor: dict[str, Any],
        repo_name: str,
        repo_id: str | None,
        org: dict[str, Any] | None,
        payload: dict[str, Any],
        ts: datetime,
        owner: dict[str, Any] | None = None,
    ) -> None:
        self.event_sid = event_sid
        self.type = type_
        self.actor = actor
        self.repo_name = repo_name
        self.repo_id = repo_id
        self.org = org
        self.payload = payload
        self.ts = ts
        #: The repository owner's user object, when the record carries it (webhooks).
        self.owner = owner


class GitHubSource(Source):
    """GH Archive / Events API events (NDJSON or JSON) and webhook payloads -> rows."""

    name: ClassVar[str] = "github"
    description: ClassVar[str] = "GitHub events: GH Archive NDJSON, Events API JSON, webhooks"

    def __init__(self) -> None:
        #: What the last :meth:`read` deliberately ignored, by event type.
        self.skipped: Counter[str] = Counter()

    def read(self, path: Path, sink: Sink) -> None:
        self.skipped = Counter()
        state = _FileState()
        for line, doc in json_or_ndjson(path, sink):
            for index, item in _items(doc, line):
                self._one(item, sink, state, path, line=line, index=index)
        if self.skipped:
            log.info("%s: skipped %s", path, dict(self.skipped))

    # -- one record -------------------------------------------------------------------
    def _one(
        self, item: Any, sink: Sink, state: _FileState, path: Path,
        *, line: int | None, index: int | None,
    ) -> None:
        where = f"event #{index}: " if index is not None else ""
        try:
            rec = _record(item, path, line)
            if rec is None:
                raise _Skip("webhook ping")
            with sink.record(state.seen) as rows:
                _Mapper(rec, rows, state).run()
        except _Skip as e:
            self.skipped[str(e)] += 1
        except _Bad as e:
            sink.reject(f"{where}{e}", line=line, raw=_raw(item))
        except IngestError as e:  # an unparseable date from parse_ts
            sink.reject(f"{where}{e.reason}", line=line, raw=_raw(item))


def _items(doc: Any, line: int | None) -> Iterator[tuple[int | None, Any]]:
    if line is None and isinstance(doc, list):
        yield from enumerate(doc)
    else:
        yield None, doc


# -- envelope ---------------------------------------------------------------------------
def _record(item: Any, path: Path, line: int | None) -> _Record | None:
    if not isinstance(item, dict):
        raise _Bad(f"expected a JSON object, got {type(item).__name__}")
    if ("type" in item and "payload" in item) or "actor" in item:
        return _from_envelope(item, path, line)
    if "zen" in item and "hook_id" in item:
        return None  # the ping GitHub sends when a webhook is created: no activity
    if "sender" in item:
        return _from_webhook(item, path, line)
    keys = ", ".join(sorted(item)[:12])
    raise _Bad(f"not a GitHub event or webhook payload (keys: {keys})")


def _from_envelope(ev: dict[str, Any], path: Path, line: int | None) -> _Record:
    actor = ev.get("actor")
    if isinstance(actor, str) or ("repository" in ev and "repo" not in ev):
        raise _Bad("pre-2015 GH Archive (Timeline API) record: not supported")
    eid = _id(ev.get("id"), "id")
    type_ = ev.get("type")
    if not isinstance(type_, str) or not type_:
        raise _Bad("missing or invalid 'type'")
    if not isinstance(actor, dict):
        raise _Bad("missing or invalid 'actor'")
    _id(actor.get("id"), "actor.id")
    repo = ev.get("repo")
    if not isinstance(repo, dict):
        raise _Bad("missing or invalid 'repo'")
    name = repo.get("name")
    if not isinstance(name, str) or not name:
        raise _Bad("missing or invalid 'repo.name'")
    payload = ev.get("payload")
    if not isinstance(payload, dict):
        raise _Bad("missing or invalid 'payload'")
    if "created_at" not in ev:
        raise _Bad("missing 'created_at'")
    org = ev.get("org")
    return _Record(
        event_sid=f"event/{eid}", type_=type_, actor=actor, repo_name=name,
        repo_id=_opt_id(repo.get("id")), org=org if isinstance(org, dict) else None,
        payload=payload, ts=_ts(ev["created_at"], path, line),
    )


# Events API type -> (the body key holding the acted-on object, the webhook event name).
_WEBHOOK_OBJECT: Final = {
    "PullRequestReviewEvent": ("review", "pull_request_review"),
    "PullRequestReviewCommentEvent": ("comment", "pull_request_review_comment"),
    "IssueCommentEvent": ("comment", "issue_comment"),
    "CommitCommentEvent": ("comment", "commit_comment"),
    "IssuesEvent": ("issue", "issues"),
    "PullRequestEvent": ("pull_request", "pull_request"),
    "ForkEvent": ("forkee", "fork"),
    "ReleaseEvent": ("release", "release"),
}


def _webhook_type(body: dict[str, Any]) -> str:
    if "review" in body and "pull_request" in body:
        return "PullRequestReviewEvent"
    if "comment" in body:
        if "pull_request" in body:
            return "PullRequestReviewCommentEvent"
        if "issue" in body:
            return "IssueCommentEvent"
        return "CommitCommentEvent"
    for type_, (key, _) in _WEBHOOK_OBJECT.items():
        if key in body:
            return type_
    if body.get("action") == "started":
        return "WatchEvent"
    keys = ", ".join(sorted(body)[:12])
    raise _Bad(f"unsupported GitHub webhook payload (keys: {keys})")


def _from_webhook(body: dict[str, Any], path: Path, line: int | None) -> _Record:
    sender = body.get("sender")
    if not isinstance(sender, dict):
        raise _Bad("webhook payload without a 'sender' object")
    _id(sender.get("id"), "sender.id")
    repo = body.get("repository")
    if not isinstance(repo, dict):
        raise _Bad("webhook payload without a 'repository' object")
    name = repo.get("full_name")
    if not isinstance(name, str) or not name:
        raise _Bad("missing or invalid 'repository.full_name'")
    type_ = _webhook_type(body)
    action = body.get("action")
    action = action if isinstance(action, str) else ""
    if type_ == "WatchEvent":
        obj_id = f"{_opt_id(repo.get('id')) or name}:{_id(sender.get('id'), 'sender.id')}"
        when: Any = repo.get("updated_at")
        hook = "watch"
    else:
        key, hook = _WEBHOOK_OBJECT[type_]
        obj = _obj(body, key)
        obj_id = _id(obj.get("id"), f"{key}.id")
        when = _webhook_time(type_, action, obj, body)
    if when is None:
        raise _Bad(f"webhook {hook} payload carries no time for action {action!r}")
    ts = _ts(when, path, line)
    org = body.get("organization")
    owner = repo.get("owner")
    return _Record(
        event_sid=f"webhook/{hook}/{obj_id}/{action or '-'}/{int(ts.timestamp())}",
        type_=type_, actor=sender, repo_name=name, repo_id=_opt_id(repo.get("id")),
        org=org if isinstance(org, dict) else None, payload=body, ts=ts,
        owner=owner if isinstance(owner, dict) else None,
    )


def _webhook_time(type_: str, action: str, obj: dict[str, Any], body: dict[str, Any]) -> Any:
    if type_ == "PullRequestReviewEvent":
        if action == "dismissed":
            pr = body.get("pull_request")
            return pr.get("updated_at") if isinstance(pr, dict) else None
        return obj.get("submitted_at")
    if type_ == "ForkEvent":
        return obj.get("created_at")
    if type_ == "ReleaseEvent":
        return obj.get("published_at") or obj.get("created_at")
    if action in ("opened", "created"):
        return obj.get("created_at")
    if action == "closed":
        return obj.get("merged_at") or obj.get("closed_at")
    return obj.get("updated_at")


# -- payload mapping --------------------------------------------------------------------
class _Mapper:
    """Turns one normalised record into rows."""

    def __init__(self, rec: _Record, rows: RecordBuffer, state: _FileState) -> None:
        self.rec = rec
        self.rows = rows
        self.state = state
        self.repo = rec.repo_name
        self.repo_key = rec.repo_name.lower()
        self.payload = rec.payload
        self.actor = self.user(rec.actor)
        action = rec.payload.get("action")
        self.action = action if isinstance(action, str) else ""

    def run(self) -> None:
        handler = getattr(self, f"on_{self.rec.type}", None)
        if handler is None:
            raise _Skip(self.rec.type)
        handler()

    # -- helpers ------------------------------------------------------------------------
    def user(self, u: Any) -> str | None:
        """The identity of a user object (None for a missing or deleted user)."""
        if not isinstance(u, dict):
            return None
        login = u.get("login") if isinstance(u.get("login"), str) else None
        uid = _opt_id(u.get("id"))
        html = u.get("html_url") if isinstance(u.get("html_url"), str) else None
        url = html or (f"https://github.com/{login}" if login else None)
        if uid is not None:
            iid = self.rows.identity(NETWORK, uid, kind="id", source_id=uid, handle=login,
                                     url=url, dedup="row")
            if login:
                self.state.logins.setdefault(login.lower(), iid)
            return iid
        if login:
            return self.rows.identity(NETWORK, login, kind="handle", handle=login, url=url,
                                      dedup="row")
        return None

    def event(self, kind: str, *, sid: str | None = None, **kw: Any) -> None:
        self.rows.event(
            NETWORK, sid or self.rec.event_sid, kind, self.rec.ts, community=self.repo,
            actor=kw.pop("actor", self.actor), **kw,
        )

    def owner(self) -> str | None:
        """The identity of the repository's owner (see the module docstring)."""
        login = self.repo.split("/", 1)[0]
        if not login:
            return None
        if _login_is(self.rec.owner, login):
            return self.user(self.rec.owner)
        org = self.rec.org
        if _login_is(org, login):
            return self.user(org)
        if _login_is(self.rec.actor, login):
            return self.actor
        known = self.state.logins.get(login.lower())
        if known is not None:
            return known
        return self.rows.identity(
            NETWORK, login, kind="handle", handle=login, url=f"https://github.com/{login}",
            dedup="row",
        )

    def repository(self) -> str:
        rid = self.rec.repo_id
        sid = f"repo/{rid}" if rid is not None else f"repo/{self.repo_key}"
        return self.rows.content(
            NETWORK, sid, community=self.repo, kind="repository",
            author=self.owner(), title=self.repo, url=f"https://github.com/{self.repo}",
            dedup=True,
        )

    def ts(self, value: Any) -> datetime | None:
        """An optional object timestamp: None when absent, a reject when unparseable."""
        if value is None:
            return None
        return _ts(value, "", None)

    def issue(self, issue: dict[str, Any], *, is_pr: bool | None = None) -> tuple[str, str | None]:
        """Record an issue or PR content; return (content id, author identity)."""
        number = _id(issue.get("number"), "issue.number")
        if is_pr is None:
            is_pr = "pull_request" in issue
        author = self.user(issue.get("user"))
        prefix, kind = ("pull", "pull_request") if is_pr else ("issue", "issue")
        cid = self.rows.content(
            NETWORK, f"{prefix}/{self.repo_key}/{number}", community=self.repo, kind=kind,
            author=author, created_at=self.ts(issue.get("created_at")),
            root_id=schema.content_id(NETWORK, f"{prefix}/{self.repo_key}/{number}"),
            title=_str(issue.get("title")), text=_str(issue.get("body")),
            tags=_labels(issue.get("labels")), url=_str(issue.get("html_url")),
            dedup=True,
        )
        return cid, author

    def pull(self) -> tuple[str, str | None, dict[str, Any]]:
        pr = _obj(self.payload, "pull_request")
        if "number" not in pr and "number" in self.payload:
            pr = {**pr, "number": self.payload["number"]}
        base = pr.get("base")
        base_repo = base.get("repo") if isinstance(base, dict) else None
        if isinstance(base_repo, dict) and isinstance(base_repo.get("full_name"), str) \
                and base_repo["full_name"].lower() == self.repo_key:
            self.user(base_repo.get("owner"))  # makes the owner's id known to owner()
        cid, author = self.issue(pr, is_pr=True)
        return cid, author, pr

    def comment_rows(
        self, comment: dict[str, Any], prefix: str, kind: str, parent: str, root: str
    ) -> tuple[str, str]:
        cid_raw = _id(comment.get("id"), "comment.id")
        author = self.user(comment.get("user"))
        cid = self.rows.content(
            NETWORK, f"{prefix}/{cid_raw}", community=self.repo, kind=kind, author=author,
            created_at=self.ts(comment.get("created_at")), parent_id=parent, root_id=root,
            text=_str(comment.get("body")), url=_str(comment.get("html_url")),
            dedup=True,
        )
        return cid, cid_raw

    # -- event types (one handler per GitHub type, named after it) -------------------------
    def on_IssuesEvent(self) -> None:
        cid, author = self.issue(_obj(self.payload, "issue"))
        action = self._action()
        if action == "opened":
            self.event("post", subkind="issue", target_content=cid)
        elif action == "edited":
            self.event("edit", subkind="issue", target_content=cid, target_person=author)
        else:
            self.event("moderation", subkind=action, target_content=cid, target_person=author)

    def on_IssueCommentEvent(self) -> None:
        issue, author = self.issue(_obj(self.payload, "issue"))
        comment = _obj(self.payload, "comment")
        cid, _ = self.comment_rows(comment, "issue_comment", "comment", issue, issue)
        self._comment_event(
            "comment", "issue_comment", cid, target=issue, target_person=author
        )

    def on_PullRequestEvent(self) -> None:
        cid, author, pr = self.pull()
        action = self._action()
        if action == "opened":
            self.event("post", subkind="pull_request", target_content=cid)
        elif action == "closed" and pr.get("merged") is True:
            merger = self.user(pr.get("merged_by"))
            self.event(
                "accept", subkind="merged", actor=merger or self.actor,
                target_content=cid, target_person=author,
            )
        elif action in ("edited", "synchronize"):
            sub = "pull_request" if action == "edited" else action
            self.event("edit", subkind=sub, target_content=cid, target_person=author)
        else:
            self.event("moderation", subkind=action, target_content=cid, target_person=author)

    def on_PullRequestReviewEvent(self) -> None:
        pr_cid, pr_author, _ = self.pull()
        review = _obj(self.payload, "review")
        rid = _id(review.get("id"), "review.id")
        reviewer = self.user(review.get("user"))
        rcid = self.rows.content(
            NETWORK, f"review/{rid}", community=self.repo, kind="review", author=reviewer,
            created_at=self.ts(review.get("submitted_at")), parent_id=pr_cid, root_id=pr_cid,
            text=_str(review.get("body")), url=_str(review.get("html_url")),
            dedup=True,
        )
        action = self.action or "created"
        if action in ("created", "submitted"):
            state = review.get("state")
            sub = state.lower() if isinstance(state, str) and state else "review"
            self.event("reply", subkind=sub, target_content=pr_cid, target_person=pr_author)
        elif action == "edited":
            self.event("edit", subkind="review", target_content=rcid, target_person=reviewer)
        else:
            self.event(
                "moderation", subkind=action, target_content=rcid, target_person=reviewer
            )

    def on_PullRequestReviewCommentEvent(self) -> None:
        pr_cid, pr_author, _ = self.pull()
        comment = _obj(self.payload, "comment")
        reply_to = _opt_id(comment.get("in_reply_to_id"))
        parent = (
            schema.content_id(NETWORK, f"review_comment/{reply_to}") if reply_to else pr_cid
        )
        cid, raw_id = self.comment_rows(
            comment, "review_comment", "review_comment", parent, pr_cid
        )
        author = self.user(comment.get("user"))
        if author is not None:
            self.state.review_comment_authors.setdefault(raw_id, author)
        if reply_to is not None:
            self._comment_event(
                "reply", "review_comment", cid, target=parent,
                target_person=self.state.review_comment_authors.get(reply_to),
            )
        else:
            self._comment_event(
                "comment", "review_comment", cid, target=pr_cid, target_person=pr_author
            )

    def on_CommitCommentEvent(self) -> None:
        repo = self.repository()
        comment = _obj(self.payload, "comment")
        cid, _ = self.comment_rows(comment, "commit_comment", "commit_comment", repo, repo)
        self._comment_event("comment", "commit", cid, target=repo, target_person=None)

    def on_WatchEvent(self) -> None:
        self.event(
            "reaction", subkind="star", value=1.0,
            target_content=self.repository(), target_person=self.owner(),
        )

    def on_ForkEvent(self) -> None:
        self.event(
            "reshare", subkind="fork", target_content=self.repository(),
            target_person=self.owner(),
        )

    def on_ReleaseEvent(self) -> None:
        action = self.action or "published"
        if action not in ("published", "created", "released"):
            raise _Skip(f"ReleaseEvent {action}")
        release = _obj(self.payload, "release")
        rid = _id(release.get("id"), "release.id")
        repo = self.repository()
        cid = self.rows.content(
            NETWORK, f"release/{rid}", community=self.repo, kind="release",
            author=self.user(release.get("author")),
            created_at=self.ts(release.get("published_at") or release.get("created_at")),
            parent_id=repo, root_id=repo,
            title=_str(release.get("name")) or _str(release.get("tag_name")),
            text=_str(release.get("body")), url=_str(release.get("html_url")),
            dedup=True,
        )
        self.event("post", subkind="release", target_content=cid)

    def on_MemberEvent(self) -> None:
        member = self.user(_obj(self.payload, "member"))
        repo = self.repository()
        action = self.action or "added"
        if action == "added":
            self.event(
                "join", subkind="collaborator", actor=member,
                target_person=self.actor, target_content=repo,
            )
        else:
            self.event(
                "moderation", subkind=f"member_{action}",
                target_person=member, target_content=repo,
            )

    def on_PushEvent(self) -> None:
        self.event("edit", subkind="push", target_content=self.repository())

    def on_GollumEvent(self) -> None:
        self.event("edit", subkind="wiki", target_content=self.repository())

    def on_CreateEvent(self) -> None:
        if self.payload.get("ref_type") != "repository":
            raise _Skip(f"CreateEvent {self.payload.get('ref_type')}")
        self.event("post", subkind="repository", target_content=self.repository())

    def _action(self) -> str:
        if not self.action:
            raise _Bad(f"{self.rec.type} without payload.action")
        return self.action

    def _comment_event(
        self, kind: str, sub: str, cid: str, *, target: str, target_person: str | None
    ) -> None:
        action = self.action or "created"
        if action == "created":
            self.event(kind, subkind=sub, target_content=target, target_person=target_person)
        elif action == "edited":
            self.event("edit", subkind=sub, target_content=cid)
        elif action == "deleted":
            self.event("delete", subkind=sub, target_content=cid)
        else:
            self.event("moderation", subkind=action, target_content=cid)


# -- small readers ----------------------------------------------------------------------
def _obj(d: dict[str, Any], key: str) -> dict[str, Any]:
    v = d.get(key)
    if not isinstance(v, dict):
        raise _Bad(f"missing or invalid payload '{key}'")
    return v


def _id(v: Any, what: str) -> str:
    got = _opt_id(v)
    if got is None:
        raise _Bad(f"missing or invalid '{what}'")
    return got


def _opt_id(v: Any) -> str | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str) and v.strip():
        return v.strip()
    return None


def _login_is(user: Any, login: str) -> bool:
    if not isinstance(user, dict):
        return False
    got = user.get("login")
    return isinstance(got, str) and got.lower() == login.lower()


def _str(v: Any) -> str | None:
    return v if isinstance(v, str) else None


def _labels(v: Any) -> list[str] | None:
    if not isinstance(v, list):
        return None
    names = [x["name"] for x in v if isinstance(x, dict) and isinstance(x.get("name"), str)]
    return names


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
