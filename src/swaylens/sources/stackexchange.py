"""Stack Exchange data dumps: one site's folder of ``*.xml`` (or ``*.xml.gz``) tables.

Format
------
The quarterly public data dump (archive.org, one 7z per site) unpacks to one XML file per
table: ``Posts``, ``Users``, ``Comments``, ``Votes``, ``Badges``, ``Tags``, ``PostLinks``
and ``PostHistory``.  Each file is ``<tablename>`` holding one ``<row .../>`` per record,
every column an attribute; it starts with a UTF-8 BOM, times are UTC without a zone, and
bodies are HTML (escaped once more for XML, which the parser undoes).  Columns and code
tables follow the Stack Exchange meta post "Database schema documentation for the public
data dump and SEDE" (meta.stackexchange.com/q/2677): PostTypeId, VoteTypeId,
PostHistoryTypeId and LinkTypeId below are taken from it.

``read(folder)`` needs ``Posts.xml`` and ``Users.xml``; the other files are optional.
Any file may be gzipped as ``Name.xml.gz`` (when both exist the plain file wins); names
match case-insensitively.  Files are streamed with ``lxml.etree.iterparse`` and each row
is cleared after use, so memory grows with the number of posts (a small per-post map for
owners and parents), not with the size of the dump.

Names
-----
Network ``stackexchange``; community = the site, from the folder name:
``cardano.stackexchange.com`` -> ``cardano``, ``bicycles.meta.stackexchange.com`` ->
``bicycles.meta``, ``stackoverflow.com`` -> ``stackoverflow``; any other folder name
(``bicycles-meta``) is kept as is.  ``StackExchangeSource(community=...)`` overrides it.
When the folder name is the site's host name, or ``site=`` gives it, contents and users get
``https://{site}/...`` URLs; otherwise their ``url`` is None (a bare name such as
``cardano`` does not tell stackexchange.com sites from stackoverflow.com-style ones).

Mapping
-------
* **Users** -> identity kind ``id``, value ``{community}/{Id}`` (user ids are per site),
  ``source_id`` = Id, handle/display name = DisplayName, url = WebsiteUrl or the site
  profile, profile = AboutMe, created_at = CreationDate, reputation = Reputation.
  ``AccountId`` (network-wide) also gives an identity kind ``account`` (value = AccountId,
  url = the stackexchange.com network profile; it has no events), and the site user names
  it in ``same_as``, so the warehouse puts every site user of one account in one person.
  The Community bot (Id -1, AccountId -1) is an ordinary identity.
* **Posts** -> contents ``{community}/post/{Id}``, kind by PostTypeId (question, answer,
  orphaned-tag-wiki, tag-wiki-excerpt, tag-wiki, moderator-nomination, wiki-placeholder,
  privilege-wiki; unknown codes ``post-type-N``); text = Body (HTML), tags from ``<a><b>``
  or ``|a|b|``, views = ViewCount; answers have parent and root = their question, every
  other post is its own root.  Author = OwnerUserId; a post of a deleted user keeps only
  OwnerDisplayName, which becomes a ``handle`` identity ``{community}/{name}`` (the same
  rule as for comments); with neither, author is None.
  Events: a question is ``post`` (target_content = itself); an answer is ``reply``
  (target_content = question, target_person = asker); wikis and nominations get no event.
  Each question with an AcceptedAnswerId whose answer is in the dump gives one ``accept``
  ``{community}/accept/{questionId}`` (actor = asker, target = answer and its author), at
  the date of the answer's AcceptedByOriginator vote (VoteTypeId 1), else of the answer.
* **Comments** -> content ``{community}/comment/{Id}`` (parent = post, root = the post's
  root) and event ``comment`` (target = post and its author).  A comment of a deleted user
  has only UserDisplayName: a ``handle`` identity ``{community}/{name}``.
* **Votes** -> events ``{community}/vote/{Id}`` at the vote's day (the dump drops the
  time); target = post and its author; actor = UserId when the dump has it (favourites and
  bounties only), else None.  2 UpMod: ``reaction`` +1 ``upvote``; 3 DownMod: ``reaction``
  -1 ``downvote``; 5 Favorite: ``reaction`` +1 ``favorite``; 8 BountyStart and
  9 BountyClose: ``reaction`` +1 ``bounty-start`` / ``bounty-award`` (a bounty endorses a
  question or an answer; it moderates nothing; the amount is not kept);
  1 AcceptedByOriginator only times the accept above.  Every other type is ``moderation``
  with the code table's name: offensive, close, reopen, delete, undelete, spam,
  moderator-review, approve-edit, or ``vote-type-N`` for codes the table lacks.
* **Badges** -> event ``badge`` ``{community}/badge/{Id}``, actor = UserId, subkind = Name.
* **PostHistory** -> ``{community}/history/{Id}``: title/body/tag edits and rollbacks
  (4-9) and applied suggested edits (24) are ``edit``; 1-3 (initial title/body/tags) and
  66 (created from the Ask Wizard) are the post's creation and give nothing; every other
  type (closes, reopens, deletes, locks, protects, migrations, merges, notices, community
  bumps, hot-network picks, ...) is ``moderation`` with the code table's name as subkind.
  Actor = UserId, else a handle from UserDisplayName, else None; target = post and author.
* **PostLinks**: LinkTypeId 3 (duplicate) -> ``moderation`` ``duplicate``
  ``{community}/link/{Id}`` (target = the post marked duplicate and its author; the actor
  is not in the dump).  LinkTypeId 1 (linked) is a citation, not an action: skipped.
* **Tags** are read to check the file and to give tag-wiki posts their URL; no rows.

Rows that give no event on purpose (accept votes, creation rows of the post history,
"linked" post links, tag rows, accepted answers missing from the dump) are counted with
``Sink.skip`` and show in the ingest report.  URLs, when the site is known: questions
``/q/{Id}``, answers ``/a/{Id}``, tag wikis ``/tags/{name}/info``, comments
``/posts/comments/{Id}``, users ``/users/{Id}``.

Speed: rows are buffered as tuples and, inside the warehouse, written column by column
straight into its staging tables (see ``_Out``); vote dates (whole days) are parsed once.

Errors
------
Malformed XML (a truncated file, bytes that are not UTF-8), an unreadable gzip, an empty
file, a missing Posts/Users file or a file whose root element is not its table fail the
whole folder with :class:`IngestError` naming the file and line, even with ``skip_bad``:
XML cannot be resynchronised after a syntax error.  A row without a required attribute,
with an unparseable date or number, or an element other than ``<row>`` is rejected
(``skip_bad``) or fails the folder.
"""

from __future__ import annotations

import gzip
import os
import re
import zlib
from collections.abc import Iterator
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import IO, Any, ClassVar

import pyarrow as pa
from lxml import etree

from swaylens import schema
from swaylens.errors import IngestError
from swaylens.sources.base import Sink, Source, parse_ts

NETWORK = "stackexchange"

#: Table name -> root element of its file.
TABLES: dict[str, str] = {
    "Tags": "tags",
    "Users": "users",
    "Posts": "posts",
    "Votes": "votes",
    "Comments": "comments",
    "Badges": "badges",
    "PostHistory": "posthistory",
    "PostLinks": "postlinks",
}
REQUIRED = ("Posts", "Users")

POST_KINDS: dict[str, str] = {
    "1": "question",
    "2": "answer",
    "3": "orphaned-tag-wiki",
    "4": "tag-wiki-excerpt",
    "5": "tag-wiki",
    "6": "moderator-nomination",
    "7": "wiki-placeholder",
    "8": "privilege-wiki",
}

#: VoteTypeId -> (subkind, value) of the votes that are reactions.
VOTE_REACTIONS: dict[str, tuple[str, float]] = {
    "2": ("upvote", 1.0),
    "3": ("downvote", -1.0),
    "5": ("favorite", 1.0),
    "8": ("bounty-start", 1.0),
    "9": ("bounty-award", 1.0),
}
VOTE_ACCEPT = "1"
#: VoteTypeId -> subkind of the votes that are moderation.
VOTE_MODERATION: dict[str, str] = {
    "4": "offensive",
    "6": "close",
    "7": "reopen",
    "10": "delete",
    "11": "undelete",
    "12": "spam",
    "15": "moderator-review",
    "16": "approve-edit",
}

#: PostHistoryTypeId of the rows that are the post's own creation (no event).
HISTORY_CREATION = frozenset({"1", "2", "3", "66"})
HISTORY_EDITS: dict[str, str] = {
    "4": "edit-title",
    "5": "edit-body",
    "6": "edit-tags",
    "7": "rollback-title",
    "8": "rollback-body",
    "9": "rollback-tags",
    "24": "suggested-edit-applied",
}
HISTORY_MODERATION: dict[str, str] = {
    "10": "close",
    "11": "reopen",
    "12": "delete",
    "13": "undelete",
    "14": "lock",
    "15": "unlock",
    "16": "community-owned",
    "17": "migrate",
    "18": "merge",
    "19": "protect",
    "20": "unprotect",
    "21": "disassociate",
    "22": "unmerge",
    "25": "tweet",
    "31": "move-to-chat",
    "33": "notice-added",
    "34": "notice-removed",
    "35": "migrate-away",
    "36": "migrate-here",
    "37": "merge-source",
    "38": "merge-destination",
    "50": "community-bump",
    "52": "hot-question",
    "53": "hot-question-removed",
}
LINK_DUPLICATE = "3"

_SE_SUFFIX = ".stackexchange.com"
_HOST = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*\.(com|net|org)$")
_LINE_COL = re.compile(r",? line \d+, column \d+$")
_INT64_MAX = (1 << 63) - 1
_PROGRESS_ROWS = 4096


def community_and_site(folder: str) -> tuple[str, str | None]:
    """``(community, site host or None)`` from a dump folder's name."""
    name = folder.strip().lower()
    if name.endswith(_SE_SUFFIX) and len(name) > len(_SE_SUFFIX):
        return name[: -len(_SE_SUFFIX)], name
    if _HOST.match(name):  # stackoverflow.com, superuser.com, mathoverflow.net, ...
        return name.rsplit(".", 1)[0], name
    return folder.strip(), None


def parse_tags(raw: str | None) -> list[str] | None:
    """Tags as written in Posts.xml: ``<a><b>`` (classic dumps) or ``|a|b|`` (2024+)."""
    if not raw:
        return None
    if raw.startswith("<"):
        return re.findall(r"<([^<>]+)>", raw)
    return [t for t in raw.split("|") if t]


def find_files(folder: Path) -> dict[str, Path]:
    """The dump's table files in ``folder``: ``{"Posts": path, ...}``."""
    if not folder.exists():
        raise IngestError(folder, "no such folder")
    if not folder.is_dir():
        raise IngestError(
            folder, "expected a Stack Exchange dump folder (with Posts.xml, Users.xml, ...)"
        )
    by_name = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
    found: dict[str, Path] = {}
    for table in TABLES:
        for candidate in (f"{table}.xml", f"{table}.xml.gz"):
            p = by_name.get(candidate.lower())
            if p is not None:
                found[table] = p
                break
    for table in REQUIRED:
        if table not in found:
            raise IngestError(folder, f"missing {table}.xml (or {table}.xml.gz) in the dump folder")
    return found


class StackExchangeSource(Source):
    """Reads one site's Stack Exchange data dump folder (``*.xml`` or ``*.xml.gz``)."""

    name: ClassVar[str] = "stackexchange"
    description: ClassVar[str] = (
        "Stack Exchange data dump folder (Posts/Users/Comments/Votes/Badges/PostHistory"
        "/PostLinks/Tags .xml or .xml.gz)"
    )

    def __init__(self, community: str | None = None, site: str | None = None) -> None:
        self.community = community
        self.site = site

    def size(self, path: Path) -> int:
        if path.is_dir():
            try:
                return sum(p.stat().st_size for p in find_files(path).values())
            except IngestError:
                pass
        return super().size(path)

    def read(self, path: Path, sink: Sink) -> None:
        files = find_files(path)
        community, site = community_and_site(Path(os.path.abspath(path)).name)
        if self.community:
            community = self.community
        if self.site:
            site = self.site
        _Reader(files, sink, community, site).run()


Row = tuple[Any, ...]

#: The order of the fields in the row tuples below; written to the canonical columns of
#: the same names (a canonical column not listed here is left null).
LAYOUT: dict[str, tuple[str, ...]] = {
    "identities": (
        "identity_id", "network", "kind", "value", "source_id", "handle", "display_name",
        "url", "profile", "created_at", "reputation", "same_as",
    ),
    "contents": (
        "content_id", "network", "source_id", "community", "kind", "author", "created_at",
        "parent_id", "root_id", "title", "text", "tags", "url", "views",
    ),
    "events": (
        "event_id", "network", "source_id", "community", "kind", "subkind", "actor",
        "target_person", "target_content", "ts", "value",
    ),
}


class _Out:
    """Canonical rows buffered as tuples and written in Arrow batches.

    Inside the warehouse (``sink.stage_table`` set) the batches go straight into the
    staging tables, built column by column: a dump has millions of rows and building a
    dict per row (what :class:`Sink` does) costs more than parsing the XML.  A bare Sink
    (no staging table) gets the same rows through its public methods.  Rejects always go
    through the sink.
    """

    def __init__(self, sink: Sink, batch_rows: int = 100_000) -> None:
        self.sink = sink
        self.direct = sink.stage_table is not None and sink.connection is not None
        self.batch_rows = batch_rows
        self.identities: list[Row] = []
        self.contents: list[Row] = []
        self.events: list[Row] = []

    def identity(
        self, value: str, kind: str, source_id: str | None = None, handle: str | None = None,
        display_name: str | None = None, url: str | None = None, profile: str | None = None,
        created_at: datetime | None = None, reputation: int | None = None,
        same_as: list[str] | None = None,
    ) -> str:
        iid = schema.identity_id(NETWORK, kind, value)
        self.identities.append(
            (iid, NETWORK, kind, value.lower(), source_id, handle, display_name, url, profile,
             created_at, reputation, same_as)
        )
        return iid

    def maybe_flush(self) -> None:
        n = self.batch_rows
        if len(self.events) >= n or len(self.contents) >= n or len(self.identities) >= n:
            self.flush()

    def flush(self) -> None:
        for table, rows in (
            ("identities", self.identities), ("contents", self.contents), ("events", self.events)
        ):
            if rows:
                self._write(table, rows)
                rows.clear()

    def _write(self, table: str, rows: list[Row]) -> None:
        sink = self.sink
        if not self.direct:
            self._through_sink(table, rows)
            return
        s = schema.CANONICAL[table]
        position = {name: i for i, name in enumerate(LAYOUT[table])}
        n = len(rows)
        arrow = pa.Table.from_arrays(
            [
                pa.array(list(map(itemgetter(position[f.name]), rows)), type=f.type)
                if f.name in position
                else pa.nulls(n, type=f.type)
                for f in s
            ],
            schema=s,
        )
        assert sink.stage_table is not None
        target = sink.stage_table(table)
        con = sink.connection
        con.register("_swaylens_se_batch", arrow)
        try:
            con.execute(f"INSERT INTO {target} SELECT * FROM _swaylens_se_batch")
        finally:
            con.unregister("_swaylens_se_batch")
        sink.counts[table] += len(rows)
        sink.added(len(rows))

    def _through_sink(self, table: str, rows: list[Row]) -> None:
        sink = self.sink
        names = LAYOUT[table]
        for r in rows:
            row = dict(zip(names, r, strict=True))
            if table == "identities":
                del row["identity_id"], row["network"]
                sink.identity(NETWORK, **row)
            elif table == "contents":
                del row["content_id"], row["network"]
                sink.content(NETWORK, **row)
            else:
                del row["event_id"], row["network"]
                sink.event(NETWORK, **row)


class _Reader:
    """One pass over one dump folder; holds the per-post maps the later files need."""

    def __init__(self, files: dict[str, Path], sink: Sink, community: str, site: str | None):
        self.files = files
        self.sink = sink
        self.out = _Out(sink)
        self.community = community
        self.site = site
        # Ids are "{network}:{source_id}": prefix + source id, without a call per row.
        self._content_prefix = schema.content_id(NETWORK, "")
        self._event_prefix = schema.event_id(NETWORK, "")
        self._post_prefix = schema.content_id(NETWORK, f"{community}/post/")
        self._users: dict[str, str] = {}
        self._handles: dict[str, str] = {}
        #: post Id -> author identity id (None: unknown); every post in Posts.xml is here.
        self.owner: dict[str, str | None] = {}
        #: answer Id -> question Id.
        self.question_of: dict[str, str] = {}
        #: question Id -> accepted answer Id; the accepted answers' creation and accept times.
        self.accepted: dict[str, str] = {}
        self.accepted_answers: set[str] = set()
        self.answer_ts: dict[str, datetime] = {}
        self.accept_vote_ts: dict[str, datetime] = {}
        #: Tag wiki post Id -> tag name (from Tags.xml), for the wiki's URL.
        self.wiki_tag: dict[str, str] = {}

    # -- ids ----------------------------------------------------------------------------
    def user(self, uid: str) -> str:
        iid = self._users.get(uid)
        if iid is None:
            iid = schema.identity_id(NETWORK, "id", f"{self.community}/{uid}")
            self._users[uid] = iid
        return iid

    def handle(self, name: str) -> str:
        """A deleted user known only by display name: a handle identity scoped to the site."""
        iid = self._handles.get(name)
        if iid is None:
            iid = self.out.identity(
                f"{self.community}/{name}", "handle", handle=name, display_name=name
            )
            self._handles[name] = iid
        return iid

    def person(self, uid: str | None, display_name: str | None) -> str | None:
        if uid:
            return self.user(uid)
        if display_name:
            return self.handle(display_name)
        return None

    def root_of(self, pid: str) -> str | None:
        """Content id of the question a post belongs to (None when the post is not known)."""
        q = self.question_of.get(pid)
        if q is not None:
            return self._post_prefix + q
        if pid in self.owner:
            return self._post_prefix + pid
        return None

    # -- reading ------------------------------------------------------------------------
    def run(self) -> None:
        if "Tags" in self.files:
            self.read_tags()
        self.read_users()
        self.read_posts()
        if "Votes" in self.files:
            self.read_votes()
        self.emit_accepts()
        if "Comments" in self.files:
            self.read_comments()
        if "Badges" in self.files:
            self.read_badges()
        if "PostHistory" in self.files:
            self.read_history()
        if "PostLinks" in self.files:
            self.read_links()
        self.out.flush()

    def rows(self, table: str) -> Iterator[tuple[int, Any]]:
        """Yield ``(line, element)`` for each ``<row>``; the element is cleared afterwards."""
        path = self.files[table]
        if path.stat().st_size == 0:
            raise IngestError(path, "empty file")
        sink = self.sink
        expected_root = TABLES[table]
        raw: IO[bytes] = open(path, "rb")  # noqa: SIM115 - closed in finally
        try:
            stream: Any = gzip.GzipFile(fileobj=raw) if path.suffix == ".gz" else raw
            parser = etree.iterparse(
                stream, events=("end",), resolve_entities=False, remove_comments=True,
                remove_pis=True,
            )
            reported = 0
            count = 0
            root = None
            it = iter(parser)
            while True:
                try:
                    _, elem = next(it)
                except StopIteration:
                    break
                except etree.XMLSyntaxError as e:
                    raise _xml_error(path, e) from None
                except (OSError, EOFError, zlib.error) as e:
                    raise IngestError(path, f"cannot read: {e}") from None
                except (etree.LxmlError, ValueError, LookupError) as e:
                    raise IngestError(path, f"malformed XML: {e}") from None
                if root is None:
                    root = elem.getroottree().getroot()
                    _check_root(path, root, expected_root)
                if elem.tag == "row":
                    yield elem.sourceline or 0, elem
                else:
                    parent = elem.getparent()
                    if parent is not root:
                        # The root's own end (the parser still checks what follows it), or
                        # an element nested in a row, which its row stands for.
                        continue
                    sink.reject(
                        f"unexpected element <{elem.tag}> in <{expected_root}>, expected <row>",
                        line=elem.sourceline, raw=_raw(elem), file=path,
                    )
                elem.clear()
                count += 1
                if count % _PROGRESS_ROWS == 0:
                    # Drop the cleared rows before this one so memory stays flat; rows after
                    # it may be parsed already and still queued, so they must stay.
                    parent = elem.getparent()
                    if parent is not None:
                        while elem.getprevious() is not None:
                            del parent[0]
                    self.out.maybe_flush()
                    pos = raw.tell()
                    sink.advance(pos - reported)
                    reported = pos
            self.out.maybe_flush()
            sink.advance(path.stat().st_size - reported)
        finally:
            raw.close()

    def bad(self, table: str, line: int, reason: str, elem: Any) -> None:
        self.sink.reject(reason, line=line, raw=_raw(elem), file=self.files[table])

    def missing(self, table: str, line: int, what: str, elem: Any, **attrs: str | None) -> None:
        names = ", ".join(k for k, v in attrs.items() if not v)
        self.bad(table, line, f"{what} without {names}", elem)

    def read_tags(self) -> None:
        n = 0
        for _line, e in self.rows("Tags"):
            n += 1
            name = e.get("TagName")
            if not name:
                continue
            for key in ("WikiPostId", "ExcerptPostId"):
                pid = e.get(key)
                if pid:
                    self.wiki_tag[pid] = name
        self.skip("tag row (tag counts only; no event)", n)

    def skip(self, reason: str, n: int) -> None:
        if n:
            self.sink.skip(reason, n)

    def read_users(self) -> None:
        path, community, site = self.files["Users"], self.community, self.site
        users, identity = self._users, self.out.identity
        for line, e in self.rows("Users"):
            g = e.get
            uid = g("Id")
            if not uid:
                self.missing("Users", line, "user", e, Id=uid)
                continue
            created = g("CreationDate")
            try:
                created_at = _date(created, file=path, line=line) if created else None
                reputation = _int(g("Reputation"), "Reputation", path, line)
            except IngestError as err:
                self.bad("Users", line, err.reason, e)
                continue
            name = g("DisplayName")
            url = g("WebsiteUrl") or (f"https://{site}/users/{uid}" if site else None)
            account = g("AccountId")
            same_as = None
            if account:
                # The network-wide account: the warehouse joins every site user naming it.
                same_as = [identity(
                    account, "account", source_id=account, display_name=name,
                    url=f"https://stackexchange.com/users/{account}",
                )]
            users[uid] = identity(
                f"{community}/{uid}", "id", source_id=uid, handle=name, display_name=name,
                url=url, profile=g("AboutMe"), created_at=created_at, reputation=reputation,
                same_as=same_as,
            )

    def read_posts(self) -> None:
        path, community, site = self.files["Posts"], self.community, self.site
        owner, question_of, accepted = self.owner, self.question_of, self.accepted
        accepted_answers, answer_ts, wiki_tag = self.accepted_answers, self.answer_ts, self.wiki_tag
        contents, events = self.out.contents, self.out.events
        cprefix, eprefix, pprefix = self._content_prefix, self._event_prefix, self._post_prefix
        pending: list[tuple[str, str, str, str | None, datetime]] = []
        for line, e in self.rows("Posts"):
            g = e.get
            pid = g("Id")
            ptype = g("PostTypeId")
            created = g("CreationDate")
            if not pid or not ptype or not created:
                self.missing(
                    "Posts", line, "post", e, Id=pid, PostTypeId=ptype, CreationDate=created
                )
                continue
            try:
                ts = _date(created, file=path, line=line)
                views = _int(g("ViewCount"), "ViewCount", path, line)
            except IngestError as err:
                self.bad("Posts", line, err.reason, e)
                continue
            sid = f"{community}/post/{pid}"
            cid = cprefix + sid
            parent = None
            qid = ""
            if ptype == "2":
                qid = g("ParentId") or ""
                if not qid:
                    self.missing("Posts", line, "answer", e, ParentId=qid)
                    continue
                parent = root = pprefix + qid
                url = f"https://{site}/a/{pid}" if site else None
            else:
                root = cid
                if site is None:
                    url = None
                elif ptype == "1":
                    url = f"https://{site}/q/{pid}"
                elif pid in wiki_tag:
                    url = f"https://{site}/tags/{wiki_tag[pid]}/info"
                else:
                    url = None
            uid = g("OwnerUserId")
            author = self.user(uid) if uid else self.person(None, g("OwnerDisplayName"))
            contents.append(
                (cid, NETWORK, sid, community, POST_KINDS.get(ptype) or f"post-type-{ptype}",
                 author, ts, parent, root, g("Title"), g("Body"), parse_tags(g("Tags")), url,
                 views)
            )
            owner[pid] = author
            if ptype == "1":
                events.append(
                    (eprefix + sid, NETWORK, sid, community, "post", None, author, None, cid,
                     ts, 1.0)
                )
                acc = g("AcceptedAnswerId")
                if acc:
                    accepted[pid] = acc
                    accepted_answers.add(acc)
            elif ptype == "2":
                question_of[pid] = qid
                if qid in owner:
                    events.append(
                        (eprefix + sid, NETWORK, sid, community, "reply", None, author,
                         owner[qid], parent, ts, 1.0)
                    )
                    if pid in accepted_answers:
                        answer_ts[pid] = ts
                else:  # the question comes later in the file (merged) or was deleted
                    pending.append((sid, pid, qid, author, ts))
        for sid, pid, qid, author, ts in pending:
            events.append(
                (eprefix + sid, NETWORK, sid, community, "reply", None, author, owner.get(qid),
                 pprefix + qid, ts, 1.0)
            )
            if pid in accepted_answers:
                answer_ts[pid] = ts

    def read_votes(self) -> None:
        path, community = self.files["Votes"], self.community
        owner_get, accepted_answers = self.owner.get, self.accepted_answers
        accept_ts = self.accept_vote_ts
        events, eprefix, pprefix = self.out.events, self._event_prefix, self._post_prefix
        cache: dict[str, datetime] = {}
        n_accept = 0
        for line, e in self.rows("Votes"):
            g = e.get
            vid = g("Id")
            pid = g("PostId")
            vtype = g("VoteTypeId")
            created = g("CreationDate")
            if not vid or not pid or not vtype or not created:
                self.missing(
                    "Votes", line, "vote", e, Id=vid, PostId=pid, VoteTypeId=vtype,
                    CreationDate=created,
                )
                continue
            ts = cache.get(created)
            if ts is None:
                try:
                    ts = _date(created, file=path, line=line)
                except IngestError as err:
                    self.bad("Votes", line, err.reason, e)
                    continue
                if len(cache) < 100_000:  # vote dates are whole days: few distinct values
                    cache[created] = ts
            if vtype == VOTE_ACCEPT:
                n_accept += 1
                if pid in accepted_answers:
                    prev = accept_ts.get(pid)
                    if prev is None or ts > prev:
                        accept_ts[pid] = ts
                continue
            uid = g("UserId")
            actor = self.user(uid) if uid else None
            sid = f"{community}/vote/{vid}"
            reaction = VOTE_REACTIONS.get(vtype)
            if reaction is not None:
                events.append(
                    (eprefix + sid, NETWORK, sid, community, "reaction", reaction[0], actor,
                     owner_get(pid), pprefix + pid, ts, reaction[1])
                )
            else:
                events.append(
                    (eprefix + sid, NETWORK, sid, community, "moderation",
                     VOTE_MODERATION.get(vtype) or f"vote-type-{vtype}", actor, owner_get(pid),
                     pprefix + pid, ts, 1.0)
                )
        self.skip("AcceptedByOriginator vote (times the accept event)", n_accept)

    def emit_accepts(self) -> None:
        community, owner, events = self.community, self.owner, self.out.events
        gone = 0
        for qid, aid in self.accepted.items():
            ts = self.accept_vote_ts.get(aid) or self.answer_ts.get(aid)
            if aid not in owner or ts is None:
                # The accepted answer is not in the dump (deleted), or is no answer.
                gone += 1
                continue
            sid = f"{community}/accept/{qid}"
            events.append(
                (self._event_prefix + sid, NETWORK, sid, community, "accept", None,
                 owner.get(qid), owner[aid], self._post_prefix + aid, ts, 1.0)
            )
        self.skip("AcceptedAnswerId not an answer in the dump (no accept event)", gone)

    def read_comments(self) -> None:
        path, community, site = self.files["Comments"], self.community, self.site
        owner_get, root_of = self.owner.get, self.root_of
        contents, events = self.out.contents, self.out.events
        cprefix, eprefix, pprefix = self._content_prefix, self._event_prefix, self._post_prefix
        for line, e in self.rows("Comments"):
            g = e.get
            comment_id = g("Id")
            pid = g("PostId")
            created = g("CreationDate")
            if not comment_id or not pid or not created:
                self.missing(
                    "Comments", line, "comment", e, Id=comment_id, PostId=pid,
                    CreationDate=created,
                )
                continue
            try:
                ts = _date(created, file=path, line=line)
            except IngestError as err:
                self.bad("Comments", line, err.reason, e)
                continue
            uid = g("UserId")
            author = self.user(uid) if uid else self.person(None, g("UserDisplayName"))
            post = pprefix + pid
            sid = f"{community}/comment/{comment_id}"
            contents.append(
                (cprefix + sid, NETWORK, sid, community, "comment", author,
                 ts, post, root_of(pid), None, g("Text"), None,
                 f"https://{site}/posts/comments/{comment_id}" if site else None, None)
            )
            events.append(
                (eprefix + sid, NETWORK, sid, community, "comment", None, author, owner_get(pid),
                 post, ts, 1.0)
            )

    def read_badges(self) -> None:
        path, community = self.files["Badges"], self.community
        events, eprefix, user = self.out.events, self._event_prefix, self.user
        for line, e in self.rows("Badges"):
            g = e.get
            bid = g("Id")
            uid = g("UserId")
            name = g("Name")
            date = g("Date")
            if not bid or not uid or not name or not date:
                self.missing("Badges", line, "badge", e, Id=bid, UserId=uid, Name=name, Date=date)
                continue
            try:
                ts = _date(date, file=path, line=line)
            except IngestError as err:
                self.bad("Badges", line, err.reason, e)
                continue
            sid = f"{community}/badge/{bid}"
            events.append(
                (eprefix + sid, NETWORK, sid, community, "badge", name, user(uid), None, None,
                 ts, 1.0)
            )

    def read_history(self) -> None:
        path, community = self.files["PostHistory"], self.community
        owner_get, events = self.owner.get, self.out.events
        eprefix, pprefix = self._event_prefix, self._post_prefix
        n_creation = 0
        for line, e in self.rows("PostHistory"):
            g = e.get
            hid = g("Id")
            htype = g("PostHistoryTypeId")
            pid = g("PostId")
            created = g("CreationDate")
            if not hid or not htype or not pid or not created:
                self.missing(
                    "PostHistory", line, "history row", e, Id=hid, PostHistoryTypeId=htype,
                    PostId=pid, CreationDate=created,
                )
                continue
            if htype in HISTORY_CREATION:
                n_creation += 1
                continue
            try:
                ts = _date(created, file=path, line=line)
            except IngestError as err:
                self.bad("PostHistory", line, err.reason, e)
                continue
            edit = HISTORY_EDITS.get(htype)
            if edit is not None:
                kind, subkind = "edit", edit
            else:
                kind = "moderation"
                subkind = HISTORY_MODERATION.get(htype) or f"history-type-{htype}"
            sid = f"{community}/history/{hid}"
            events.append(
                (eprefix + sid, NETWORK, sid, community, kind, subkind,
                 self.person(g("UserId"), g("UserDisplayName")), owner_get(pid), pprefix + pid,
                 ts, 1.0)
            )
        self.skip("post history: the post's creation (initial title/body/tags)", n_creation)

    def read_links(self) -> None:
        path, community = self.files["PostLinks"], self.community
        n_linked = 0
        for line, e in self.rows("PostLinks"):
            g = e.get
            lid = g("Id")
            pid = g("PostId")
            ltype = g("LinkTypeId")
            created = g("CreationDate")
            if not lid or not pid or not ltype or not created:
                self.missing(
                    "PostLinks", line, "post link", e, Id=lid, PostId=pid, LinkTypeId=ltype,
                    CreationDate=created,
                )
                continue
            if ltype != LINK_DUPLICATE:
                n_linked += 1
                continue
            try:
                ts = _date(created, file=path, line=line)
            except IngestError as err:
                self.bad("PostLinks", line, err.reason, e)
                continue
            sid = f"{community}/link/{lid}"
            self.out.events.append(
                (self._event_prefix + sid, NETWORK, sid, community, "moderation", "duplicate",
                 None, self.owner.get(pid), self._post_prefix + pid, ts, 1.0)
            )
        self.skip("post link: linked, not duplicate (a citation, not an action)", n_linked)


def _date(value: str, *, file: Path, line: int) -> datetime:
    """:func:`parse_ts` with a fast path for the dump's own format (naive ISO 8601, UTC).

    For these strings ``parse_ts`` ends in ``datetime.fromisoformat`` too; going there
    directly skips its format sniffing, which is a third of the per-row cost of the small
    tables.  Anything else (an offset, epoch digits, garbage) goes through ``parse_ts``.
    """
    try:
        return datetime.fromisoformat(value + "+00:00")
    except (ValueError, TypeError):
        return parse_ts(value, file=file, line=line)


def _int(value: str | None, field: str, path: Path, line: int) -> int | None:
    if value is None or value == "":
        return None
    try:
        n = int(value)
    except ValueError:
        raise IngestError(path, f"{field} is not a number: {value[:40]!r}", line=line) from None
    if abs(n) > _INT64_MAX:
        raise IngestError(path, f"{field} out of range: {value[:40]!r}", line=line)
    return n


def _check_root(path: Path, root: Any, expected: str) -> None:
    tag = root.tag if isinstance(root.tag, str) else repr(root.tag)
    if tag.lower() != expected:
        raise IngestError(
            path, f"root element <{tag}>, expected <{expected}>: not a {expected} table",
            line=root.sourceline,
        )


def _xml_error(path: Path, e: Any) -> IngestError:
    msg = _LINE_COL.sub("", str(e.msg or e)).strip()
    line = e.lineno if e.lineno else None
    column = e.position[1] if e.position and len(e.position) > 1 else None
    low = msg.lower()
    if "encoding" in low and "bytes" in low:
        reason = f"not valid UTF-8 ({msg})"
    elif "no element found" in low or "document is empty" in low:
        reason = f"no XML content ({msg})"
    else:
        reason = f"malformed XML ({msg}); truncated or corrupt file?"
    if column:
        reason += f" at column {column}"
    return IngestError(path, reason, line=line)


def _raw(elem: Any) -> str:
    try:
        return str(etree.tostring(elem, encoding="unicode"))[:10_000]
    except (ValueError, etree.LxmlError):
        return ""
