"""Identity resolution: which identities, on one network or several, are one person.

Every identity starts as its own person (``person_id = identity_id``; an identity whose
``same_as`` names another joins that one's person at ingest).  This module proposes merges
(:func:`suggest`), applies them (:func:`merge`, :func:`apply_mapping`) and reverses them
(:func:`unmerge`, :func:`split`).  Every change of an identity's person is one row in
``merges`` under a merge id, so it can be undone exactly; identity rows are never deleted.

Suggestions
-----------
Candidates are generated in DuckDB by *blocking*: identities are keyed by normalised
handle, normalised display name, links found in their ``url`` / ``profile`` and the
platform's own ``same_as`` assertions, and only identities sharing a key are paired, so the
work grows with the number of identities, not its square.  Keys shared by very many
persons (``admin``, ``John``) are skipped: such a match is no evidence.

Evidence types and their confidences (before the rarity factor described below):

==================  ======================================================  ==========
type                when                                                    confidence
==================  ======================================================  ==========
same_account        an identity's ``same_as`` names the other (Stack          0.99
                    Exchange site user and its network AccountId)
same_account        same network, an ``id``/``did``/``url``/... identity      0.95
                    whose handle is the other's ``handle`` identity value
                    (``twitter:id:12`` with handle alice and
                    ``twitter:handle:alice``; a Mastodon ActivityPub actor and
                    its REST acct); skipped when two non-handle identities
                    share the handle (renamed / reused handles)
profile_link        the ``url`` field points at the other identity's          0.9
                    profile (``github.com/alice``, ``x.com/alice``,
                    ``bsky.app/profile/...``, ``reddit.com/user/...``, a Stack
                    Exchange ``/users/N`` url, ``stackexchange.com/users/N``)
profile_link        the same in the ``profile`` (bio) text, or a Mastodon     0.8
                    address ``@user@instance``
profile_link        any other URL in the bio equal to the other's ``url``     0.75
profile_link        ``alice.github.io`` (url / bio)                           0.7 / 0.6
profile_link        ``github.com/owner/repo`` (url / bio): may be an org's    0.5 / 0.45
same_website        both ``url`` fields are the same personal URL (not a      0.7
                    platform's own host such as github.com)
same_handle         the same handle on two networks (case-insensitive,        0.25-0.75
                    leading ``@`` stripped): 0.75 from 8 characters, 0.6
                    from 5, 0.4 from 3, else 0.25
same_handle         the same, but one side only by the user part of           x 0.6
                    ``user@instance`` or of a Bluesky ``user.bsky.social``
same_display_name   the same display name after NFKD, accent stripping,       0.2-0.45
                    case folding, hashtag/emoji/punctuation removal: 0.45
                    for two or more words and 8+ characters, 0.3 for two
                    words, 0.2 for one word; names under 4 characters are
                    ignored.  A name alone never reaches the default 0.5.
==================  ======================================================  ==========

*Rarity*: handle and name confidences are divided by the larger number of distinct
persons holding the key on either side's network (two "Daniel"s on GitHub make each
GitHub-Reddit "Daniel" pair half as likely); keys held by more than 30 (handles) or 50
(names) persons are not paired at all.

*Combination*: per pair of persons, evidence of one type is counted once (its strongest
item; links count once per linking identity, so mutual links count twice), and the types
combine by noisy-or: ``1 - prod(1 - c)``.

*Same network*: two identities of one network are only suggested on ``same_account``
evidence or *mutual* profile links; a bio linking another account on its own network is
usually an employer, a project or a friend.  Handles are not compared within a network
either (``alice@a.social`` and ``alice@b.social`` are two people), and the ``handle`` of
``stackexchange`` identities (a display name, not unique) is not a handle at all.

*URLs* are compared without scheme, ``www.``, fragment, trailing slash or Stack Exchange
profile slug; the query stays (``watch?v=`` names a video).  URLs of things rather than
people (videos, statuses, questions, issues, link shorteners, anything with a query) and
URLs listed by more than 3 persons (an employer's site) are no evidence; nor is a link
to the linking identity's own handle (its own profile URL).

Changes
-------
:func:`merge` puts every identity of the persons named into one (the first ref's, or
``into``'s); :func:`merge_suggestions` accepts many suggestions in one transaction, one
merge per connected group.  :func:`unmerge` moves the identities of one merge back; it
refuses, naming them, when later merges moved those identities again (undo those first).
:func:`split` detaches one identity (logged as a merge, so it can be unmerged too).  A
person left without identities loses its ``persons`` row; unmerge recreates it with the
name the warehouse gives a new person (its identity's display name, handle or value; a
label person's label), so a round trip restores the tables exactly unless a person's name
had been changed by other means.  All changes run in one transaction per call.

Refs
----
Functions that take a person or identity accept a *ref*: an identity id
(``github:id:583231``), a person id, ``network:source_id`` (``stackexchange:17``),
``network:handle`` (``twitter:@alice``) or ``network:value``.  :func:`resolve` raises a
:class:`~swaylens.errors.WarehouseError` naming the candidates when a ref is ambiguous.

Mapping files
-------------
:func:`apply_mapping` reads CSV (header ``person,identity`` or ``person,network,kind,value``
or ``person,network,value``) or YAML (``{person label: [ref, ...]}``) and puts the persons
of each label's identities into the person ``person:{label}`` (display name = label).  The
merge is person-level like :func:`merge`; applying a file twice changes nothing.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa
import yaml

from swaylens.errors import WarehouseError

if TYPE_CHECKING:
    from swaylens.warehouse.core import Warehouse

#: Prefix of person ids created from mapping-file labels.
LABEL_PREFIX = "person:"

#: Networks whose ``handle`` column holds a display name, not a unique username.
NO_HANDLE_NETWORKS: tuple[str, ...] = ("stackexchange", "cascades", "synth")

#: Names a link target may carry in the ``network`` column.
NETWORK_ALIASES: dict[str, tuple[str, ...]] = {
    "twitter": ("twitter", "x"),
    "github": ("github",),
    "bluesky": ("bluesky", "bsky"),
    "mastodon": ("mastodon", "fediverse"),
    "reddit": ("reddit",),
    "stackexchange": ("stackexchange",),
}

#: Keys shared by more persons than this are not evidence.
MAX_HANDLE_BLOCK = 30
MAX_NAME_BLOCK = 50
MAX_URL_BLOCK = 3
#: Evidence items weaker than this are dropped before combining.
MIN_EVIDENCE = 0.01

_HANDLE_SQL = (
    "ltrim(lower(trim(coalesce(handle, CASE WHEN kind = 'handle' THEN value END))), '@')"
)

# Path segments of platform sites that are not users.
_TWITTER_RESERVED = (
    "intent", "share", "home", "search", "hashtag", "i", "login", "signup", "settings",
    "explore", "messages", "notifications", "tos", "privacy", "compose", "status",
    "statuses", "en", "account", "download",
)
_GITHUB_RESERVED = (
    "orgs", "sponsors", "about", "features", "pricing", "settings", "topics",
    "marketplace", "explore", "login", "join", "site", "enterprise", "collections",
    "trending", "apps", "security", "contact", "customer-stories", "readme", "events",
    "notifications", "issues", "pulls", "new", "organizations", "users", "search",
)
# Hosts whose bare domain or /@user paths are not personal sites / Mastodon instances.
_PLATFORM_HOSTS = (
    "github.com", "twitter.com", "x.com", "bsky.app", "reddit.com", "old.reddit.com",
    "linkedin.com", "facebook.com", "instagram.com", "youtube.com", "medium.com",
    "tiktok.com", "threads.net", "stackoverflow.com", "stackexchange.com", "t.co",
    "gitlab.com", "keybase.io", "substack.com", "twitch.tv", "google.com", "about.me",
)
_NON_MASTODON_AT_HOSTS = (
    "medium.com", "youtube.com", "m.youtube.com", "tiktok.com", "threads.net",
    "threads.com", "substack.com", "linktr.ee",
)

_BOUNDARY = r"(?:^|[^\w.@/-])"
_RE_TWITTER = (
    r"(?i)" + _BOUNDARY + r"(?:https?://)?(?:www\.|mobile\.)?(?:twitter|x)\.com/(?:#!/)?@?(\w{1,15})"
)
_RE_GITHUB = (
    r"(?i)" + _BOUNDARY
    + r"(?:https?://)?(?:www\.)?github\.com/([a-z0-9][a-z0-9-]{0,38})(/[\w.-]+)?"
)
_RE_GITHUB_IO = r"(?i)" + r"(?:^|[^\w.-])(?:https?://)?([a-z0-9][a-z0-9-]{0,38})\.github\.io"
_RE_BSKY = r"(?i)bsky\.app/profile/([a-z0-9][a-z0-9.:_-]*[a-z0-9])"
_RE_BSKY_AT = r"(?i)(?:^|[^\w.@])@([a-z0-9][a-z0-9-]*\.bsky\.social)"
_RE_MASTODON = r"(?i)(?:^|[^\w.@/])@(\w{1,30})@([a-z0-9-]+(?:\.[a-z0-9-]+)+)"
_RE_MASTODON_URL = r"(?i)https?://([a-z0-9-]+(?:\.[a-z0-9-]+)+)/@(\w{1,30})(?:[^\w@.]|$)"
_RE_REDDIT = r"(?i)reddit\.com/(?:u|user)/([\w-]{3,20})"
_RE_SE_USER = (
    r"(?i)((?:[a-z0-9-]+\.)*(?:stackexchange\.com|stackoverflow\.com|superuser\.com"
    r"|serverfault\.com|askubuntu\.com|mathoverflow\.net|stackapps\.com))/users/(-?\d+)"
)
_RE_SE_ACCOUNT = r"(?i)(?:^|[^\w.-])(?:https?://)?(?:www\.)?stackexchange\.com/users/(-?\d+)"
_RE_URL = r"""(?i)https?://[^\s<>"'()\[\]{}|\\^`]+"""
# URL keys of things rather than people (a video, a status, a question, a shortened or
# tracked link): two identities citing the same one are not thereby one person.
_RE_CONTENT_URL = (
    r"[?]|^(youtu\.be|t\.co|bit\.ly|goo\.gl|tinyurl\.com|lnkd\.in|amzn\.to)/"
    r"|/(watch|status|statuses|questions|q|a|p|post|posts|issues|pull|pulls|blob|tree"
    r"|commit|commits|wiki|article|articles|video|videos|event|events|shorts|reel|photo"
    r"|photos|search|tag|tags|hashtag|r|comments)(/|$)"
)


def _ukey(expr: str) -> str:
    """SQL normalising a URL for comparison: no scheme, www, fragment, trailing slash or
    Stack Exchange slug (the query stays: ``watch?v=...`` names the page)."""
    s = f"lower(trim({expr}))"
    s = f"regexp_replace({s}, '^[a-z][a-z0-9+.-]*://', '')"
    s = f"regexp_replace({s}, '^www\\.', '')"
    s = f"regexp_replace({s}, '#.*$', '')"
    s = f"regexp_replace({s}, '[/.,;:!]+$', '')"
    # Stack Exchange profile URLs end in a slug that changes with the display name.
    s = f"regexp_replace({s}, '^(.*/users/-?[0-9]+)/.*$', '\\1')"
    return s


def _sql_list(values: Sequence[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


# -- results ------------------------------------------------------------------------------
@dataclass
class Evidence:
    """One reason to think two identities belong to one person."""

    type: str
    confidence: float
    detail: str
    #: The two identity ids; for ``profile_link`` the linking one first.
    identities: list[str]


@dataclass
class Suggestion:
    """A proposed merge of two persons."""

    person_a: str
    person_b: str
    confidence: float
    evidence: list[Evidence]
    name_a: str | None = None
    name_b: str | None = None


@dataclass
class MergeResult:
    """What :func:`merge` or :func:`split` changed (``merge_id`` None: nothing to do)."""

    merge_id: int | None
    person_id: str
    #: Identities whose person changed.
    moved: list[str]
    #: Persons that no longer exist (all their identities moved).
    removed_persons: list[str]
    #: Identities of ``person_id`` after the change.
    identities: int


@dataclass
class UnmergeResult:
    merge_id: int
    #: Identities moved back to the person they had before the merge.
    restored: list[str]
    #: Persons that exist again.
    restored_persons: list[str]
    #: Persons left without identities and removed.
    removed_persons: list[str]


@dataclass
class MappingResult:
    file: str
    #: Labels in the file.
    persons: int
    #: Merge ids this application created (empty when nothing changed).
    merges: list[int] = field(default_factory=list)
    #: Identities whose person changed.
    moved: int = 0


@dataclass
class IdentityInfo:
    identity_id: str
    network: str
    kind: str
    value: str
    source_id: str | None
    handle: str | None
    display_name: str | None
    followers: int | None
    url: str | None
    person_id: str
    created_at: str | None
    #: The (not undone) merge that last moved this identity into its person, if any.
    merge_id: int | None


@dataclass
class PersonInfo:
    person_id: str
    display_name: str | None
    identities: int
    networks: list[str]


@dataclass
class MergeLogEntry:
    merge_id: int
    merged_at: str
    reason: str | None
    to_persons: list[str]
    identities: int
    undone: bool


# -- helpers ------------------------------------------------------------------------------
@contextmanager
def _transaction(wh: Warehouse) -> Iterator[duckdb.DuckDBPyConnection]:
    if wh.read_only:
        raise WarehouseError(f"{wh.path}: warehouse is open read-only; cannot change persons")
    con = wh.con
    con.begin()
    try:
        yield con
        con.commit()
    except BaseException as e:
        con.rollback()
        if isinstance(e, duckdb.Error):
            raise WarehouseError(f"{wh.path}: identity change failed: {e}") from e
        raise


def _rows(con: duckdb.DuckDBPyConnection, q: str, params: Sequence[Any] = ()) -> list[Any]:
    return con.execute(q, list(params)).fetchall()


def _one(con: duckdb.DuckDBPyConnection, q: str, params: Sequence[Any] = ()) -> Any:
    """The first row or None.  Fetches every row: DuckDB refuses ``register`` while a
    result is only partly fetched."""
    rows = con.execute(q, list(params)).fetchall()
    return rows[0] if rows else None


_HASHTAG = re.compile(r"[#＃]\w+")
_NON_WORD = re.compile(r"[\W_]+")


def normalise_name(name: str) -> str:
    """Display name for comparison: NFKD, no accents, case-folded, words only.

    NFKD also maps the "fancy" letters of social media names (``𝓐𝓵𝓲𝓬𝓮``, full-width
    forms) to plain ones; hashtags, emoji and punctuation become spaces.
    """
    s = _HASHTAG.sub(" ", name)
    if not s.isascii():
        s = unicodedata.normalize("NFKD", s)
        s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = _NON_WORD.sub(" ", s.casefold())
    return " ".join(s.split())


def _display_default(con: duckdb.DuckDBPyConnection, person_id: str) -> str | None:
    """The name the warehouse gives a person it creates (see Warehouse._merge_identities)."""
    if person_id.startswith(LABEL_PREFIX):
        return person_id[len(LABEL_PREFIX):]
    row = _one(
        con,
        "SELECT coalesce(display_name, handle, value) FROM identities WHERE identity_id = ?",
        [person_id],
    )
    if row is None:
        row = _one(
            con,
            "SELECT any_value(coalesce(display_name, handle, value)) FROM identities"
            " WHERE person_id = ?",
            [person_id],
        )
    return None if row is None else row[0]


# -- resolve ------------------------------------------------------------------------------
def resolve(wh: Warehouse, ref: str) -> list[str]:
    """The identity ids a ref names (see the module docstring), sorted.

    An identity id names that identity; a person id names all its identities;
    ``network:x`` names the identities of that network whose source id, value or handle
    (without ``@``) is ``x``, provided they all belong to one person.
    """
    con = wh.con
    ref = ref.strip()
    if not ref:
        raise WarehouseError("empty identity or person reference")
    net, _, rest = ref.partition(":")
    kind, _, value = rest.partition(":")
    exact = [ref]
    if value:
        exact.append(f"{net.lower()}:{kind.lower()}:{value.lower()}")
    row = _one(
        con, "SELECT identity_id FROM identities WHERE identity_id IN (SELECT unnest(?))", [exact]
    )
    if row is not None:
        return [str(row[0])]
    ids = [
        str(r[0])
        for r in _rows(
            con, "SELECT identity_id FROM identities WHERE person_id = ? ORDER BY 1", [ref]
        )
    ]
    if ids:
        return ids
    if not rest:
        raise WarehouseError(
            f"unknown identity or person {ref!r}: give an identity id, a person id,"
            " network:source_id or network:handle"
        )
    key = rest.lstrip("@").lower()
    cands = _rows(
        con,
        f"""
        SELECT identity_id, person_id, source_id, handle, display_name FROM identities
        WHERE network = ? AND (source_id = ? OR value = ? OR {_HANDLE_SQL} = ?)
        ORDER BY person_id, identity_id
        """,
        [net.lower(), rest, key, key],
    )
    if not cands:
        known = [str(r[0]) for r in _rows(con, "SELECT DISTINCT network FROM identities")]
        hint = (
            f" (no network {net!r}; known: {', '.join(sorted(known)) or 'none'})"
            if net.lower() not in known
            else ""
        )
        raise WarehouseError(f"unknown identity or person {ref!r}{hint}")
    persons = {str(c[1]) for c in cands}
    if len(persons) > 1:
        shown = "; ".join(
            f"{c[0]} (source id {c[2]}, handle {c[3]!r}, name {c[4]!r}, person {c[1]})"
            for c in cands[:10]
        )
        more = f" and {len(cands) - 10} more" if len(cands) > 10 else ""
        raise WarehouseError(
            f"{ref!r} is ambiguous: {len(cands)} identities of {len(persons)} persons match:"
            f" {shown}{more}; use an identity id"
        )
    return sorted(str(c[0]) for c in cands)


def _person_of_ref(wh: Warehouse, ref: str) -> str:
    ids = resolve(wh, ref)
    rows = _rows(
        wh.con,
        "SELECT DISTINCT person_id FROM identities WHERE identity_id IN (SELECT unnest(?))",
        [ids],
    )
    assert len(rows) == 1, (ref, rows)
    return str(rows[0][0])


# -- merge --------------------------------------------------------------------------------
def _next_merge_id(con: duckdb.DuckDBPyConnection) -> int:
    row = _one(con, "SELECT coalesce(max(merge_id), 0) + 1 FROM merges")
    assert row is not None
    return int(row[0])


@dataclass
class _Group:
    """One merge to make: every identity of ``persons`` into ``target``."""

    persons: Sequence[str]
    target: str
    reason: str
    target_name: str | None = None


def _merge_groups(con: duckdb.DuckDBPyConnection, groups: Sequence[_Group]) -> list[MergeResult]:
    """Make several merges (inside a transaction) with a handful of set-based statements.

    Groups must not share persons.  Each group that moves anything gets the next merge id.
    """
    seen: set[str] = set()
    moves: dict[str, list[Any]] = {"person_id": [], "target": [], "merge_id": [], "reason": []}
    ids: list[int | None] = []
    next_id = _next_merge_id(con)
    for g in groups:
        sources = sorted({p for p in g.persons if p != g.target})
        members = {*sources, g.target}
        if members & seen:
            raise WarehouseError(f"merge: person(s) {sorted(members & seen)} in two groups")
        seen |= members
        if sources:
            ids.append(next_id)
            for p in sources:
                moves["person_id"].append(p)
                moves["target"].append(g.target)
                moves["merge_id"].append(next_id)
                moves["reason"].append(g.reason)
            next_id += 1
        else:
            ids.append(None)
    if moves["person_id"]:
        con.register("_idr_moves_arrow", pa.table(moves))
        try:
            con.execute("CREATE OR REPLACE TEMP TABLE _idr_moves AS SELECT * FROM _idr_moves_arrow")
        finally:
            con.unregister("_idr_moves_arrow")
        con.execute(
            """
            INSERT INTO merges (merge_id, identity_id, from_person, to_person, merged_at,
                                reason, undone)
            SELECT m.merge_id, i.identity_id, i.person_id, m.target, ?, m.reason, false
            FROM identities i JOIN _idr_moves m ON m.person_id = i.person_id
            """,
            [datetime.now(UTC)],
        )
        con.execute(
            "UPDATE identities SET person_id = m.target FROM _idr_moves m"
            " WHERE identities.person_id = m.person_id"
        )
        # Every identity of a source person moved: its row goes.
        con.execute(
            "DELETE FROM persons WHERE person_id IN (SELECT person_id FROM _idr_moves)"
        )
        con.execute("DROP TABLE _idr_moves")
    targets = [g.target for g in groups]
    have = {
        str(r[0])
        for r in _rows(
            con, "SELECT person_id FROM persons WHERE person_id IN (SELECT unnest(?))", [targets]
        )
    }
    for g in groups:
        if g.target not in have:
            name = g.target_name if g.target_name is not None else _display_default(con, g.target)
            con.execute("INSERT INTO persons VALUES (?, ?)", [g.target, name])
            have.add(g.target)
    moved: dict[int, list[str]] = {}
    valid = [i for i in ids if i is not None]
    if valid:
        for mid, idents in _rows(
            con,
            "SELECT merge_id, list(identity_id ORDER BY identity_id) FROM merges"
            " WHERE merge_id BETWEEN ? AND ? GROUP BY merge_id",
            [min(valid), max(valid)],
        ):
            moved[int(mid)] = list(idents)
    size = {
        str(p): int(n)
        for p, n in _rows(
            con,
            "SELECT person_id, count(*) FROM identities WHERE person_id IN (SELECT unnest(?))"
            " GROUP BY person_id",
            [targets],
        )
    }
    return [
        MergeResult(
            merge_id=mid, person_id=g.target, moved=moved.get(mid, []) if mid else [],
            removed_persons=sorted({p for p in g.persons if p != g.target}),
            identities=size.get(g.target, 0),
        )
        for g, mid in zip(groups, ids, strict=True)
    ]


def merge(
    wh: Warehouse,
    identities_or_persons: list[str],
    *,
    into: str | None = None,
    reason: str = "",
) -> MergeResult:
    """Put every identity of the persons named by the refs into one person.

    The target is the person of ``into`` (a ref, which need not be among the others), else
    the person of the first ref.  All moves are logged under one new merge id; merging
    persons that are already one changes nothing (``merge_id`` None).
    """
    if not identities_or_persons:
        raise WarehouseError("merge: no identities or persons given")
    persons: list[str] = []
    for ref in identities_or_persons:
        p = _person_of_ref(wh, ref)
        if p not in persons:
            persons.append(p)
    target = _person_of_ref(wh, into) if into is not None else persons[0]
    with _transaction(wh) as con:
        (result,) = _merge_groups(con, [_Group([*persons, target], target, reason or "merge")])
        return result


def merge_suggestions(
    wh: Warehouse, suggestions: Sequence[Suggestion], *, reason: str = ""
) -> list[MergeResult]:
    """Accept suggestions in one transaction: one merge (and merge id) per group.

    Suggestions that share a person are one group (connected components: accepting
    A-B and B-C puts A, B and C together).  A group goes into its person with the most
    identities (ties: the smallest id).  Persons merged since the suggestions were made
    are followed to their current person.
    """
    parent: dict[str, str] = {}

    def find(p: str) -> str:
        parent.setdefault(p, p)
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    named = sorted({p for s in suggestions for p in (s.person_a, s.person_b)})
    # Persons that still exist are themselves; others are followed through resolve().
    current = {
        str(r[0]): str(r[0])
        for r in _rows(
            wh.con, "SELECT person_id FROM persons WHERE person_id IN (SELECT unnest(?))",
            [named],
        )
    }
    for p in named:
        if p not in current:
            current[p] = _person_of_ref(wh, p)
    for s in suggestions:
        a, b = find(current[s.person_a]), find(current[s.person_b])
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[str, list[str]] = {}
    for p in parent:
        groups.setdefault(find(p), []).append(p)
    sizes = dict(
        _rows(
            wh.con,
            "SELECT person_id, count(*) FROM identities WHERE person_id IN (SELECT unnest(?))"
            " GROUP BY person_id",
            [list(parent)],
        )
    )
    batch = [
        _Group(members, min(members, key=lambda p: (-int(sizes.get(p, 0)), p)),
               reason or "suggested")
        for members in groups.values()
        if len(members) > 1
    ]
    with _transaction(wh) as con:
        return _merge_groups(con, batch)


def split(wh: Warehouse, identity: str, *, reason: str = "") -> MergeResult:
    """Detach one identity into a person of its own again (person id = its identity id).

    When the identity is the one its person is named after, the other identities move to
    a person named after the smallest of their ids instead.  Logged as a merge, so
    :func:`unmerge` reverses it.
    """
    ids = resolve(wh, identity)
    if len(ids) != 1:
        raise WarehouseError(
            f"split: {identity!r} names a person with {len(ids)} identities; give one"
            f" identity: {', '.join(ids[:10])}"
        )
    iid = ids[0]
    with _transaction(wh) as con:
        row = _one(con, "SELECT person_id FROM identities WHERE identity_id = ?", [iid])
        assert row is not None
        person = str(row[0])
        others = [
            str(r[0])
            for r in _rows(
                con,
                "SELECT identity_id FROM identities WHERE person_id = ? AND identity_id <> ?"
                " ORDER BY 1",
                [person, iid],
            )
        ]
        why = reason or f"split {iid}"
        if person == iid:
            if not others:
                return MergeResult(None, iid, [], [], 1)
            # The identity keeps the person; the others leave under a new name.
            new = others[0]
            _move(con, others, new, why)
            merge_id = _last_merge_id(con)
            if not _rows(con, "SELECT 1 FROM persons WHERE person_id = ?", [new]):
                con.execute("INSERT INTO persons VALUES (?, ?)", [new, _display_default(con, new)])
            return MergeResult(merge_id, iid, others, [], 1)
        if _rows(con, "SELECT 1 FROM identities WHERE person_id = ?", [iid]):
            raise WarehouseError(
                f"split: person id {iid} is in use by other identities; merge or split those"
                " first"
            )
        _move(con, [iid], iid, why)
        merge_id = _last_merge_id(con)
        if not _rows(con, "SELECT 1 FROM persons WHERE person_id = ?", [iid]):
            con.execute("INSERT INTO persons VALUES (?, ?)", [iid, _display_default(con, iid)])
        return MergeResult(merge_id, iid, [iid], [], 1)


def _move(con: duckdb.DuckDBPyConnection, ids: Sequence[str], to: str, reason: str) -> None:
    """Move identities to person ``to`` and log it under a new merge id."""
    merge_id = _next_merge_id(con)
    con.execute(
        """
        INSERT INTO merges (merge_id, identity_id, from_person, to_person, merged_at,
                            reason, undone)
        SELECT ?, identity_id, person_id, ?, ?, ?, false FROM identities
        WHERE identity_id IN (SELECT unnest(?)) AND person_id <> ?
        """,
        [merge_id, to, datetime.now(UTC), reason, list(ids), to],
    )
    con.execute(
        "UPDATE identities SET person_id = ? WHERE identity_id IN (SELECT unnest(?))",
        [to, list(ids)],
    )


def _last_merge_id(con: duckdb.DuckDBPyConnection) -> int:
    row = _one(con, "SELECT max(merge_id) FROM merges")
    assert row is not None and row[0] is not None
    return int(row[0])


def unmerge(wh: Warehouse, merge_id: int) -> UnmergeResult:
    """Reverse one merge (or split): every identity it moved goes back to its old person.

    Refuses, naming them, when later merges moved any of those identities again: undo
    those first (newest first).  Later merges that only moved *other* identities into the
    same person stay as they are.
    """
    with _transaction(wh) as con:
        rows = _rows(
            con,
            "SELECT identity_id, from_person, to_person, undone FROM merges WHERE merge_id = ?",
            [merge_id],
        )
        if not rows:
            raise WarehouseError(f"unmerge: no merge {merge_id}")
        if all(r[3] for r in rows):
            raise WarehouseError(f"unmerge: merge {merge_id} is already undone")
        moved_again = _rows(
            con,
            """
            SELECT m.identity_id, i.person_id FROM merges m
            JOIN identities i USING (identity_id)
            WHERE m.merge_id = ? AND NOT m.undone AND i.person_id <> m.to_person
            ORDER BY 1
            """,
            [merge_id],
        )
        if moved_again:
            later = [
                int(r[0])
                for r in _rows(
                    con,
                    """
                    SELECT DISTINCT merge_id FROM merges
                    WHERE merge_id > ? AND NOT undone
                      AND identity_id IN (SELECT unnest(?)) ORDER BY 1 DESC
                    """,
                    [merge_id, [str(r[0]) for r in moved_again]],
                )
            ]
            raise WarehouseError(
                f"unmerge: merge {merge_id} cannot be undone: {len(moved_again)} of its"
                f" identities were moved again (e.g. {moved_again[0][0]} is now in person"
                f" {moved_again[0][1]}) by later merge(s) {', '.join(map(str, later)) or '?'};"
                " unmerge those first"
            )
        restored = sorted(str(r[0]) for r in rows if not r[3])
        from_persons = sorted({str(r[1]) for r in rows if not r[3]})
        to_persons = sorted({str(r[2]) for r in rows if not r[3]})
        con.execute(
            """
            UPDATE identities SET person_id = m.from_person FROM merges m
            WHERE m.merge_id = ? AND NOT m.undone AND identities.identity_id = m.identity_id
            """,
            [merge_id],
        )
        con.execute("UPDATE merges SET undone = true WHERE merge_id = ?", [merge_id])
        back: list[str] = []
        for p in from_persons:
            if not _rows(con, "SELECT 1 FROM persons WHERE person_id = ?", [p]):
                con.execute("INSERT INTO persons VALUES (?, ?)", [p, _display_default(con, p)])
                back.append(p)
        removed = [
            str(r[0])
            for r in _rows(
                con,
                """
                SELECT person_id FROM persons p WHERE person_id IN (SELECT unnest(?))
                  AND NOT EXISTS (SELECT 1 FROM identities i WHERE i.person_id = p.person_id)
                ORDER BY 1
                """,
                [to_persons],
            )
        ]
        if removed:
            con.execute("DELETE FROM persons WHERE person_id IN (SELECT unnest(?))", [removed])
        return UnmergeResult(merge_id, restored, back, removed)


# -- mapping files --------------------------------------------------------------------------
@dataclass
class _Ref:
    label: str
    ref: str
    line: int


def _read_csv(path: Path) -> list[_Ref]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise WarehouseError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    reader = csv.reader(text.splitlines(keepends=True))
    header: list[str] | None = None
    out: list[_Ref] = []
    for row in reader:
        line = reader.line_num
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [h.strip().lower() for h in row]
            if "person" not in header or not (
                "identity" in header or {"network", "value"} <= set(header)
            ):
                raise WarehouseError(
                    f"{path} (line {line}): header must be person,identity or"
                    f" person,network,kind,value; got {','.join(row)}"
                )
            continue
        rec = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
        label = rec.get("person", "")
        if rec.get("identity"):
            ref = rec["identity"]
        elif rec.get("network") and rec.get("value"):
            if rec.get("kind"):
                ref = f"{rec['network']}:{rec['kind']}:{rec['value']}"
            else:
                ref = f"{rec['network']}:{rec['value']}"
        else:
            ref = ""
        if not label or not ref:
            raise WarehouseError(f"{path} (line {line}): needs a person and an identity")
        out.append(_Ref(label, ref, line))
    if header is None:
        raise WarehouseError(f"{path}: empty mapping file")
    return out


def _read_yaml(path: Path) -> list[_Ref]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise WarehouseError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise WarehouseError(f"{path}{where}: not valid YAML: {e}") from None
    if root is None:
        raise WarehouseError(f"{path}: empty mapping file")
    if not isinstance(root, yaml.MappingNode):
        raise WarehouseError(
            f"{path} (line {root.start_mark.line + 1}): expected a mapping"
            " {person label: [identity, ...]}"
        )
    out: list[_Ref] = []
    for knode, vnode in root.value:
        line = knode.start_mark.line + 1
        if not isinstance(knode, yaml.ScalarNode) or not str(knode.value).strip():
            raise WarehouseError(f"{path} (line {line}): a person label must be a string")
        label = str(knode.value).strip()
        items = vnode.value if isinstance(vnode, yaml.SequenceNode) else [vnode]
        if isinstance(vnode, yaml.MappingNode):
            items = [vnode]
        for item in items:
            iline = item.start_mark.line + 1
            if not isinstance(item, yaml.ScalarNode) or not str(item.value).strip():
                raise WarehouseError(
                    f"{path} (line {iline}): identities of {label!r} must be strings like"
                    " network:kind:value or network:source_id"
                )
            out.append(_Ref(label, str(item.value).strip(), iline))
    return out


def read_mapping(path: str | Path) -> list[tuple[str, str, int]]:
    """(person label, ref, line) of every entry of a CSV or YAML mapping file."""
    p = Path(path)
    if not p.is_file():
        raise WarehouseError(f"{p}: no such mapping file")
    suffix = p.suffix.lower()
    if suffix == ".csv":
        refs = _read_csv(p)
    elif suffix in (".yaml", ".yml"):
        refs = _read_yaml(p)
    else:
        raise WarehouseError(f"{p}: mapping files are .csv, .yaml or .yml")
    return [(r.label, r.ref, r.line) for r in refs]


def apply_mapping(wh: Warehouse, path: str | Path) -> MappingResult:
    """Apply a mapping file: each label's identities (and their persons) become one person.

    Everything is checked before anything changes; the whole file is one transaction with
    one merge id per label that changed.  Applying the same file again changes nothing.
    """
    p = Path(path)
    entries = read_mapping(p)
    if not entries:
        raise WarehouseError(f"{p}: no identities in the mapping file")
    labels: dict[str, list[str]] = {}
    owner: dict[str, tuple[str, int]] = {}  # person -> (label, line) that claims it
    for label, ref, line in entries:
        try:
            person = _person_of_ref(wh, ref)
        except WarehouseError as e:
            raise WarehouseError(f"{p} (line {line}): {e}") from None
        seen = owner.get(person)
        if seen is not None and seen[0] != label:
            raise WarehouseError(
                f"{p} (line {line}): {ref!r} is in person {person}, which line {seen[1]}"
                f" already puts in {seen[0]!r}; split it first (swaylens identities split)"
            )
        owner.setdefault(person, (label, line))
        persons = labels.setdefault(label, [])
        if person not in persons:
            persons.append(person)
    # A label's person may itself be claimed by another label's entries.
    for label in labels:
        target = LABEL_PREFIX + label
        claim = owner.get(target)
        if claim is not None and claim[0] != label:
            raise WarehouseError(
                f"{p} (line {claim[1]}): puts identities of person {target} in {claim[0]!r}"
            )
    result = MappingResult(file=str(p), persons=len(labels))
    groups = [
        _Group([*persons, LABEL_PREFIX + label], LABEL_PREFIX + label,
               f"mapping {p.name}: {label}", target_name=label)
        for label, persons in labels.items()
    ]
    with _transaction(wh) as con:
        for r in _merge_groups(con, groups):
            if r.merge_id is not None:
                result.merges.append(r.merge_id)
                result.moved += len(r.moved)
    return result


# -- listing ------------------------------------------------------------------------------
def _iso(v: Any) -> str | None:
    return v.isoformat() if isinstance(v, datetime) else None


def person_identities(wh: Warehouse, person: str) -> list[IdentityInfo]:
    """Every identity of the person a ref names (the person of an identity ref)."""
    pid = _person_of_ref(wh, person)
    rows = _rows(
        wh.con,
        """
        SELECT i.identity_id, i.network, i.kind, i.value, i.source_id, i.handle,
               i.display_name, i.followers, i.url, i.person_id, i.created_at,
               (SELECT max(m.merge_id) FROM merges m WHERE m.identity_id = i.identity_id
                  AND m.to_person = i.person_id AND NOT m.undone)
        FROM identities i WHERE i.person_id = ? ORDER BY i.network, i.kind, i.value
        """,
        [pid],
    )
    return [
        IdentityInfo(
            identity_id=r[0], network=r[1], kind=r[2], value=r[3], source_id=r[4],
            handle=r[5], display_name=r[6], followers=r[7], url=r[8], person_id=r[9],
            created_at=_iso(r[10]), merge_id=None if r[11] is None else int(r[11]),
        )
        for r in rows
    ]


def list_persons(
    wh: Warehouse,
    *,
    min_identities: int = 1,
    network: str | None = None,
    search: str | None = None,
    limit: int | None = 100,
    offset: int = 0,
) -> list[PersonInfo]:
    """Persons, most identities first; ``search`` matches names and handles (substring)."""
    where = ["true"]
    params: list[Any] = []
    if network is not None:
        where.append("bool_or(i.network = ?)")
        params.append(network)
    if search:
        where.append(
            "(bool_or(coalesce(i.display_name, '') ILIKE ? OR coalesce(i.handle, '') ILIKE ?"
            " OR i.identity_id ILIKE ?) OR any_value(p.display_name) ILIKE ?)"
        )
        params += [f"%{search}%"] * 4
    params.append(min_identities)
    q = f"""
        SELECT p.person_id, any_value(p.display_name), count(*) AS n,
               list(DISTINCT i.network ORDER BY i.network)
        FROM persons p JOIN identities i ON i.person_id = p.person_id
        GROUP BY p.person_id
        HAVING {' AND '.join(where)} AND count(*) >= ?
        ORDER BY n DESC, p.person_id
    """
    if limit is not None:
        q += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    return [
        PersonInfo(person_id=r[0], display_name=r[1], identities=int(r[2]), networks=list(r[3]))
        for r in _rows(wh.con, q, params)
    ]


def list_merges(wh: Warehouse, *, include_undone: bool = False) -> list[MergeLogEntry]:
    """The merge log, newest first."""
    rows = _rows(
        wh.con,
        f"""
        SELECT merge_id, min(merged_at), any_value(reason), list(DISTINCT to_person ORDER BY
               to_person), count(*), bool_and(undone)
        FROM merges GROUP BY merge_id {'' if include_undone else 'HAVING NOT bool_and(undone)'}
        ORDER BY merge_id DESC
        """,
    )
    return [
        MergeLogEntry(
            merge_id=int(r[0]), merged_at=_iso(r[1]) or "", reason=r[2],
            to_persons=list(r[3]), identities=int(r[4]), undone=bool(r[5]),
        )
        for r in rows
    ]


# -- suggest ------------------------------------------------------------------------------
_TEMP = ("_idr_h", "_idr_names", "_idr_n", "_idr_txt", "_idr_l", "_idr_u", "_idr_ev",
         "_idr_alias", "_idr_best", "_idr_pairs")


def suggest(
    wh: Warehouse, *, min_confidence: float = 0.5, limit: int | None = None
) -> list[Suggestion]:
    """Proposed merges of persons, most confident first (see the module docstring)."""
    if not 0 <= min_confidence <= 1:
        raise WarehouseError(f"min_confidence must be in [0, 1], got {min_confidence}")
    con = wh.con
    try:
        _build_keys(con)
        _build_evidence(con)
        return _aggregate(con, min_confidence, limit)
    finally:
        for t in _TEMP:
            con.execute(f"DROP TABLE IF EXISTS {t}")
        with suppress(duckdb.Error):
            con.unregister("_idr_names_arrow")


def _build_keys(con: duckdb.DuckDBPyConnection) -> None:
    no_handle = _sql_list(NO_HANDLE_NETWORKS)
    # Handles, and the user part of user@instance and user.bsky.social handles.
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _idr_h AS
        WITH raw AS (
            SELECT identity_id, person_id, network, kind, {_HANDLE_SQL} AS h
            FROM identities
            WHERE (handle IS NOT NULL OR kind = 'handle') AND network NOT IN ({no_handle})
        ), ok AS (
            SELECT * FROM raw WHERE length(h) >= 2 AND NOT regexp_matches(h, '[\\s/]')
        )
        SELECT identity_id, person_id, network, kind, h, h AS hkey, true AS is_full FROM ok
        UNION ALL
        SELECT identity_id, person_id, network, kind, h, split_part(h, '@', 1), false FROM ok
        WHERE h LIKE '_%@_%'
        UNION ALL
        SELECT identity_id, person_id, network, kind, h, split_part(h, '.', 1), false FROM ok
        WHERE network IN ('bluesky', 'bsky') AND h LIKE '_%._%' AND h NOT LIKE '%@%'
        """
    )
    # Display names, normalised in Python (NFKD) once per distinct name.
    names = [
        str(r[0])
        for r in _rows(
            con, "SELECT DISTINCT display_name FROM identities WHERE display_name IS NOT NULL"
        )
    ]
    raw: list[str] = []
    keys: list[str] = []
    tokens: list[int] = []
    for n in names:
        k = normalise_name(n)
        if len(k) >= 4:
            raw.append(n)
            keys.append(k)
            tokens.append(k.count(" ") + 1)
    table = pa.table(
        {"display_name": raw, "nkey": keys, "ntokens": pa.array(tokens, pa.int32())}
    )
    con.register("_idr_names_arrow", table)
    con.execute("CREATE OR REPLACE TEMP TABLE _idr_names AS SELECT * FROM _idr_names_arrow")
    con.unregister("_idr_names_arrow")
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _idr_n AS
        SELECT i.identity_id, i.person_id, i.network, m.nkey, m.ntokens
        FROM identities i JOIN _idr_names m ON m.display_name = i.display_name
        """
    )
    # Texts that may hold links, and the URL of every identity.
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _idr_txt AS
        SELECT identity_id, person_id, network, 'url' AS field, url AS txt FROM identities
        WHERE url IS NOT NULL AND url <> ''
        UNION ALL
        SELECT identity_id, person_id, network, 'profile', profile FROM identities
        WHERE profile IS NOT NULL AND profile <> ''
        """
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _idr_u AS
        SELECT identity_id, person_id, network, {_ukey('url')} AS ukey FROM identities
        WHERE url IS NOT NULL AND url <> ''
        """
    )
    alias_rows = ", ".join(
        f"('{k}', '{v}')" for k, vs in NETWORK_ALIASES.items() for v in vs
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _idr_alias AS"
        f" SELECT * FROM (VALUES {alias_rows}) t(tnet, network)"
    )
    _build_links(con)


def _extract(pattern: str, where: str) -> str:
    """SQL: (identity, field, whole match m) for every match of ``pattern`` in the texts."""
    p = pattern.replace("'", "''")
    return f"""
        SELECT identity_id, person_id, network, field, m FROM (
            SELECT identity_id, person_id, network, field,
                   unnest(regexp_extract_all(txt, '{p}')) AS m
            FROM _idr_txt WHERE {where}
        )
    """


def _g(pattern: str, group: int) -> str:
    p = pattern.replace("'", "''")
    return f"regexp_extract(m, '{p}', {group})"


def _build_links(con: duckdb.DuckDBPyConnection) -> None:
    """``_idr_l``: what each identity's url/profile points at, as (tnet, tkind, tkey)."""
    conf = "CASE WHEN field = 'url' THEN {u} ELSE {p} END"
    tw_user = f"lower({_g(_RE_TWITTER, 1)})"
    gh_user, gh_rest = f"lower({_g(_RE_GITHUB, 1)})", _g(_RE_GITHUB, 2)
    bsky = f"lower({_g(_RE_BSKY, 1)})"
    se_host = f"regexp_replace(lower({_g(_RE_SE_USER, 1)}), '^www\\.', '')"
    se_uid = _g(_RE_SE_USER, 2)
    se_site = (
        f"CASE WHEN {se_host} LIKE '%.stackexchange.com'"
        f" THEN left({se_host}, length({se_host}) - 18)"
        f" ELSE regexp_replace({se_host}, '\\.[a-z]+$', '') END"
    )
    m_user, m_host = f"lower({_g(_RE_MASTODON, 1)})", f"lower({_g(_RE_MASTODON, 2)})"
    mu_host, mu_user = f"lower({_g(_RE_MASTODON_URL, 1)})", f"lower({_g(_RE_MASTODON_URL, 2)})"
    parts = [
        f"""SELECT identity_id, person_id, network, field, 'twitter' AS tnet,
                   'handle' AS tkind, {tw_user} AS tkey, {conf.format(u=0.9, p=0.8)} AS conf,
                   trim(m) AS what
            FROM ({_extract(_RE_TWITTER, "txt ILIKE '%.com/%'")})
            WHERE {tw_user} NOT IN ({_sql_list(_TWITTER_RESERVED)})""",
        f"""SELECT identity_id, person_id, network, field, 'github', 'handle', {gh_user},
                   CASE WHEN {gh_rest} = '' THEN {conf.format(u=0.9, p=0.8)}
                        ELSE {conf.format(u=0.5, p=0.45)} END, trim(m)
            FROM ({_extract(_RE_GITHUB, "txt ILIKE '%github.com/%'")})
            WHERE {gh_user} NOT IN ({_sql_list(_GITHUB_RESERVED)})""",
        f"""SELECT identity_id, person_id, network, field, 'github', 'handle',
                   lower({_g(_RE_GITHUB_IO, 1)}), {conf.format(u=0.7, p=0.6)}, trim(m)
            FROM ({_extract(_RE_GITHUB_IO, "txt ILIKE '%.github.io%'")})
            WHERE lower({_g(_RE_GITHUB_IO, 1)}) <> 'www'""",
        f"""SELECT identity_id, person_id, network, field, 'bluesky',
                   CASE WHEN {bsky} LIKE 'did:%' THEN 'did' ELSE 'handle' END, {bsky},
                   {conf.format(u=0.9, p=0.8)}, trim(m)
            FROM ({_extract(_RE_BSKY, "txt ILIKE '%bsky.app/profile/%'")})""",
        f"""SELECT identity_id, person_id, network, field, 'bluesky', 'handle',
                   lower({_g(_RE_BSKY_AT, 1)}), 0.8, trim(m)
            FROM ({_extract(_RE_BSKY_AT, "txt ILIKE '%.bsky.social%'")})""",
        f"""SELECT identity_id, person_id, network, field, 'mastodon', 'handle',
                   {m_user} || '@' || {m_host}, 0.8, trim(m)
            FROM ({_extract(_RE_MASTODON, "txt LIKE '%@%@%'")})""",
        f"""SELECT identity_id, person_id, network, field, 'mastodon', 'url',
                   {m_host} || '/@' || {m_user}, 0.8, trim(m)
            FROM ({_extract(_RE_MASTODON, "txt LIKE '%@%@%'")})""",
        f"""SELECT identity_id, person_id, network, field, 'mastodon', 'handle',
                   {mu_user} || '@' || {mu_host}, {conf.format(u=0.9, p=0.8)},
                   regexp_replace(trim(m), '[^\\w]$', '')
            FROM ({_extract(_RE_MASTODON_URL, "txt LIKE '%/@%'")})
            WHERE regexp_replace({mu_host}, '^www\\.', '')
                  NOT IN ({_sql_list(_NON_MASTODON_AT_HOSTS + _PLATFORM_HOSTS)})""",
        f"""SELECT identity_id, person_id, network, field, 'reddit', 'handle',
                   lower({_g(_RE_REDDIT, 1)}), {conf.format(u=0.9, p=0.8)}, trim(m)
            FROM ({_extract(_RE_REDDIT, "txt ILIKE '%reddit.com/%'")})""",
        f"""SELECT identity_id, person_id, network, field, 'stackexchange', 'id',
                   {se_site} || '/' || {se_uid}, {conf.format(u=0.9, p=0.8)}, trim(m)
            FROM ({_extract(_RE_SE_USER, "txt ILIKE '%/users/%'")})
            WHERE {se_host} NOT IN ('stackexchange.com', 'www.stackexchange.com')""",
        f"""SELECT identity_id, person_id, network, field, 'stackexchange', 'account',
                   {_g(_RE_SE_ACCOUNT, 1)}, {conf.format(u=0.9, p=0.8)}, trim(m)
            FROM ({_extract(_RE_SE_ACCOUNT, "txt ILIKE '%stackexchange.com/users/%'")})""",
        # Any URL in a bio, to be compared with the other identities' url field.
        f"""SELECT identity_id, person_id, network, field, '*', 'url', {_ukey('m')},
                   0.75, trim(m)
            FROM ({_extract(_RE_URL, "field = 'profile' AND txt ILIKE '%http%'")})""",
    ]
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _idr_l AS " + "\nUNION ALL\n".join(parts)
    )


def _build_evidence(con: duckdb.DuckDBPyConnection) -> None:
    # Evidence rows: ia/ib identity ids (ia the linking one), pa/pb their persons.
    cols = "ia, ib, pa, pb, na, nb, type, conf, detail, dirkey"
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _idr_ev (ia VARCHAR, ib VARCHAR, pa VARCHAR,
            pb VARCHAR, na VARCHAR, nb VARCHAR, type VARCHAR, conf DOUBLE, detail VARCHAR,
            dirkey VARCHAR)"""
    )
    handle_base = (
        "CASE WHEN length(a.hkey) >= 8 THEN 0.75 WHEN length(a.hkey) >= 5 THEN 0.6"
        " WHEN length(a.hkey) >= 3 THEN 0.4 ELSE 0.25 END"
    )
    # same_handle across networks
    con.execute(
        f"""
        INSERT INTO _idr_ev ({cols})
        WITH per_net AS (
            SELECT hkey, network, count(DISTINCT person_id) AS n FROM _idr_h GROUP BY ALL
        ), blocks AS (
            SELECT hkey FROM _idr_h GROUP BY hkey
            HAVING count(DISTINCT person_id) BETWEEN 2 AND {MAX_HANDLE_BLOCK}
               AND count(DISTINCT network) >= 2
        ), h AS (SELECT * FROM _idr_h WHERE hkey IN (SELECT hkey FROM blocks))
        SELECT a.identity_id, b.identity_id, a.person_id, b.person_id, a.network, b.network,
               'same_handle',
               {handle_base} * (CASE WHEN a.is_full AND b.is_full THEN 1 ELSE 0.6 END)
                 / greatest(na.n, nb.n),
               CASE WHEN a.is_full AND b.is_full
                    THEN 'handle "' || a.hkey || '" on ' || a.network || ' and ' || b.network
                    ELSE 'handle "' || a.h || '" (' || a.network || ') and "' || b.h || '" ('
                         || b.network || ') share the user part "' || a.hkey || '"' END
                 || CASE WHEN greatest(na.n, nb.n) > 1
                         THEN ' (' || greatest(na.n, nb.n) || ' persons on one side hold it)'
                         ELSE '' END,
               ''
        FROM h a JOIN h b ON a.hkey = b.hkey AND a.network <> b.network
                           AND a.person_id < b.person_id
        JOIN per_net na ON na.hkey = a.hkey AND na.network = a.network
        JOIN per_net nb ON nb.hkey = b.hkey AND nb.network = b.network
        """
    )
    # same_account: an id identity and a handle identity of the same network and handle.
    con.execute(
        f"""
        INSERT INTO _idr_ev ({cols})
        WITH ids AS (
            SELECT * FROM _idr_h WHERE is_full AND kind <> 'handle'
        ), unique_ids AS (
            SELECT network, hkey FROM ids GROUP BY ALL HAVING count(DISTINCT person_id) = 1
        )
        SELECT a.identity_id, b.identity_id, a.person_id, b.person_id, a.network, b.network,
               'same_account', 0.95,
               a.identity_id || ' has handle "' || a.hkey || '", the value of '
                 || b.identity_id, ''
        FROM ids a JOIN unique_ids u ON u.network = a.network AND u.hkey = a.hkey
        JOIN _idr_h b ON b.network = a.network AND b.hkey = a.hkey AND b.is_full
                     AND b.kind = 'handle' AND b.person_id <> a.person_id
        """
    )
    # same_account: what the platform asserts (same_as).
    con.execute(
        f"""
        INSERT INTO _idr_ev ({cols})
        SELECT s.identity_id, t.identity_id, s.person_id, t.person_id, s.network, t.network,
               'same_account', 0.99,
               'the platform says ' || s.identity_id || ' is the same account as '
                 || t.identity_id, ''
        FROM (SELECT identity_id, person_id, network, unnest(same_as) AS target
              FROM identities WHERE len(same_as) > 0) s
        JOIN identities t ON t.identity_id = s.target
        WHERE t.person_id <> s.person_id
        """
    )
    # same_display_name across networks
    con.execute(
        f"""
        INSERT INTO _idr_ev ({cols})
        WITH per_net AS (
            SELECT nkey, network, count(DISTINCT person_id) AS n FROM _idr_n GROUP BY ALL
        ), blocks AS (
            SELECT nkey, count(DISTINCT person_id) AS total FROM _idr_n GROUP BY nkey
            HAVING count(DISTINCT person_id) BETWEEN 2 AND {MAX_NAME_BLOCK}
               AND count(DISTINCT network) >= 2
        ), n AS (SELECT * FROM _idr_n WHERE nkey IN (SELECT nkey FROM blocks))
        SELECT a.identity_id, b.identity_id, a.person_id, b.person_id, a.network, b.network,
               'same_display_name',
               (CASE WHEN a.ntokens >= 2 AND length(a.nkey) >= 8 THEN 0.45
                     WHEN a.ntokens >= 2 THEN 0.3 ELSE 0.2 END) / greatest(na.n, nb.n),
               'display name "' || a.nkey || '" on ' || a.network || ' and ' || b.network
                 || ' (' || bl.total || ' persons have it)', ''
        FROM n a JOIN n b ON a.nkey = b.nkey AND a.network <> b.network
                           AND a.person_id < b.person_id
        JOIN blocks bl ON bl.nkey = a.nkey
        JOIN per_net na ON na.nkey = a.nkey AND na.network = a.network
        JOIN per_net nb ON nb.nkey = b.nkey AND nb.network = b.network
        """
    )
    # profile_link to a handle, or to a (kind, value) such as a DID or a Stack Exchange user
    con.execute(
        f"""
        INSERT INTO _idr_ev ({cols})
        SELECT l.identity_id, h.identity_id, l.person_id, h.person_id, l.network, h.network,
               'profile_link', l.conf,
               l.field || ' of ' || l.identity_id || ' links ' || l.what, l.identity_id
        FROM _idr_l l JOIN _idr_alias al ON al.tnet = l.tnet
        JOIN _idr_h h ON h.network = al.network AND h.is_full AND h.hkey = l.tkey
        -- a link to the linking identity's own handle is its own profile URL
        LEFT JOIN _idr_h own ON own.identity_id = l.identity_id AND own.is_full
             AND own.network = h.network AND own.hkey = l.tkey
        WHERE l.tkind = 'handle' AND h.person_id <> l.person_id AND own.identity_id IS NULL
        UNION ALL
        SELECT l.identity_id, t.identity_id, l.person_id, t.person_id, l.network, t.network,
               'profile_link', l.conf,
               l.field || ' of ' || l.identity_id || ' links ' || l.what, l.identity_id
        FROM _idr_l l JOIN _idr_alias al ON al.tnet = l.tnet
        JOIN identities t ON t.network = al.network AND t.kind = l.tkind AND t.value = l.tkey
        WHERE l.tkind NOT IN ('handle', 'url') AND t.person_id <> l.person_id
        """
    )
    # profile_link to another identity's URL; same_website for equal url fields.
    con.execute(
        f"""
        INSERT INTO _idr_ev ({cols})
        WITH common AS (
            SELECT ukey FROM _idr_u GROUP BY ukey
            HAVING count(DISTINCT person_id) > {MAX_URL_BLOCK}
        ), u AS (
            SELECT * FROM _idr_u WHERE ukey NOT IN (SELECT ukey FROM common)
              AND length(ukey) >= 4 AND NOT regexp_matches(ukey, '{_RE_CONTENT_URL}')
        )
        SELECT l.identity_id, u.identity_id, l.person_id, u.person_id, l.network, u.network,
               'profile_link', l.conf,
               l.field || ' of ' || l.identity_id || ' links ' || l.what
                 || ', the url of ' || u.identity_id, l.identity_id
        FROM _idr_l l JOIN u ON u.ukey = l.tkey
        WHERE l.tkind = 'url' AND u.person_id <> l.person_id
          AND (l.tnet = '*' OR u.network IN (SELECT network FROM _idr_alias
                                             WHERE tnet = l.tnet))
        UNION ALL
        SELECT a.identity_id, b.identity_id, a.person_id, b.person_id, a.network, b.network,
               'same_website', 0.7, 'both list the website ' || a.ukey, ''
        FROM u a JOIN u b ON a.ukey = b.ukey AND a.person_id < b.person_id
        WHERE split_part(a.ukey, '/', 1) NOT IN ({_sql_list(_PLATFORM_HOSTS)})
          AND NOT regexp_matches(a.ukey, '(^|\\.)(stackexchange|stackoverflow|github)\\.')
          AND NOT regexp_matches(a.ukey, '^[^/]+/@')
        """
    )


def _aggregate(
    con: duckdb.DuckDBPyConnection, min_confidence: float, limit: int | None
) -> list[Suggestion]:
    # Same network: only the platform's word or links both ways.  The strongest item per
    # (pair of persons, type, linking identity) is the pair's evidence of that type.
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _idr_best AS
        WITH ev AS (
            SELECT * FROM _idr_ev
            WHERE pa <> pb AND conf >= {MIN_EVIDENCE} AND (na <> nb OR type = 'same_account')
            UNION ALL
            -- a join, not a correlated EXISTS: that is seconds slower on 500k rows
            SELECT e.* FROM _idr_ev e
            JOIN _idr_ev r ON r.type = 'profile_link' AND r.ia = e.ib AND r.ib = e.ia
            WHERE e.type = 'profile_link' AND e.na = e.nb AND e.pa <> e.pb
              AND e.conf >= {MIN_EVIDENCE}
        )
        SELECT least(pa, pb) AS p1, greatest(pa, pb) AS p2, type, dirkey,
               max(conf) AS conf, arg_max(detail, conf) AS detail,
               arg_max(ia, conf) AS ia, arg_max(ib, conf) AS ib
        FROM ev GROUP BY ALL
        """
    )
    # Rank pairs first and build evidence lists only for the pairs returned: a sorted
    # list() aggregate over every pair costs seconds at 300k pairs.
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _idr_pairs AS
        SELECT row_number() OVER (ORDER BY c DESC, p1, p2) AS rank, * FROM (
            SELECT p1, p2, 1 - product(1 - least(conf, 0.999)) AS c FROM _idr_best
            GROUP BY p1, p2 HAVING c >= ?
        )
        QUALIFY {'true' if limit is None else 'rank <= ' + str(int(limit))}
        """,
        [min_confidence - 1e-9],
    )
    pairs = _rows(
        con,
        """
        SELECT s.rank, s.p1, s.p2, s.c, a.display_name, b.display_name FROM _idr_pairs s
        LEFT JOIN persons a ON a.person_id = s.p1 LEFT JOIN persons b ON b.person_id = s.p2
        ORDER BY s.rank
        """,
    )
    out: list[Suggestion] = [
        Suggestion(
            person_a=p1, person_b=p2, confidence=round(float(c), 4), evidence=[],
            name_a=n1, name_b=n2,
        )
        for _rank, p1, p2, c, n1, n2 in pairs
    ]
    cur = con.execute(
        """
        SELECT s.rank, b.type, b.conf, b.detail, b.ia, b.ib FROM _idr_best b
        JOIN _idr_pairs s ON s.p1 = b.p1 AND s.p2 = b.p2
        ORDER BY s.rank, b.conf DESC, b.type, b.detail
        """
    )
    while batch := cur.fetchmany(10_000):
        for rank, typ, conf, detail, ia, ib in batch:
            out[int(rank) - 1].evidence.append(
                Evidence(type=typ, confidence=round(float(conf), 4), detail=detail,
                         identities=[ia, ib])
            )
    return out
