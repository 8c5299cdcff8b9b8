"""The Stack Exchange dump adapter on the two real dumps, gzipped dumps and bad input.

Expected counts are computed here from the raw XML with regular expressions, independently
of the adapter (which parses with lxml).
"""

from __future__ import annotations

import gzip
import html
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swaylens.errors import IngestError
from swaylens.sources.base import Sink
from swaylens.sources.stackexchange import (
    StackExchangeSource,
    community_and_site,
    parse_tags,
)
from swaylens.warehouse import Warehouse

FIXTURES = Path(__file__).parent / "fixtures" / "stackexchange"
BAD_ROWS = FIXTURES / "bad-rows"
DUMPS = ("cardano", "bicycles-meta")
TABLES = ("Posts", "Users", "Comments", "Votes", "Badges", "Tags", "PostLinks", "PostHistory")

ROW = re.compile(r"<row\s[^>]*?/>")
ATTR = re.compile(r'(\w+)="([^"]*)"')

EDIT_HISTORY = {"4", "5", "6", "7", "8", "9", "24"}
CREATION_HISTORY = {"1", "2", "3", "66"}


# -- raw-file helpers (independent of the adapter) -------------------------------------------
def raw_text(folder: Path, table: str) -> str | None:
    for name in (f"{table}.xml", f"{table}.xml.gz"):
        p = folder / name
        if p.exists():
            data = gzip.decompress(p.read_bytes()) if name.endswith(".gz") else p.read_bytes()
            return data.decode("utf-8-sig")
    return None


def raw_rows(folder: Path, table: str) -> list[dict[str, str]]:
    text = raw_text(folder, table)
    if text is None:
        return []
    return [dict(ATTR.findall(m)) for m in ROW.findall(text)]


class Raw:
    """Expected numbers for one dump, straight from its XML."""

    def __init__(self, folder: Path) -> None:
        self.posts = raw_rows(folder, "Posts")
        self.users = raw_rows(folder, "Users")
        self.comments = raw_rows(folder, "Comments")
        self.votes = raw_rows(folder, "Votes")
        self.badges = raw_rows(folder, "Badges")
        self.links = raw_rows(folder, "PostLinks")
        self.history = raw_rows(folder, "PostHistory")
        self.tags = raw_rows(folder, "Tags")
        self.skipped: dict[str, int] = {}  # what the ingest reported as passed over
        self.post_ids = {p["Id"] for p in self.posts}
        self.post_types = Counter(p["PostTypeId"] for p in self.posts)
        self.vote_types = Counter(v["VoteTypeId"] for v in self.votes)
        self.history_types = Counter(h["PostHistoryTypeId"] for h in self.history)
        self.accepted = {
            p["Id"]: p["AcceptedAnswerId"] for p in self.posts
            if p.get("AcceptedAnswerId") and p["AcceptedAnswerId"] in self.post_ids
        }
        names = {html.unescape(p["OwnerDisplayName"]) for p in self.posts
                 if "OwnerUserId" not in p and p.get("OwnerDisplayName")}
        names |= {html.unescape(c["UserDisplayName"]) for c in self.comments
                  if "UserId" not in c and c.get("UserDisplayName")}
        names |= {html.unescape(h["UserDisplayName"]) for h in self.history
                  if "UserId" not in h and h.get("UserDisplayName")
                  and h["PostHistoryTypeId"] not in CREATION_HISTORY}
        self.handles = {n.lower() for n in names}


@pytest.fixture(scope="module")
def dumps(
    shared: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, tuple[Warehouse, Raw]]]:
    """Each real dump ingested once into its own warehouse, with its raw counts."""
    out: dict[str, tuple[Warehouse, Raw]] = {}
    for name in DUMPS:
        folder = shared / "stackexchange" / name
        wh = Warehouse(tmp_path_factory.mktemp(name) / "wh.duckdb")
        report = wh.ingest("stackexchange", [folder])
        assert report.rejected == 0
        raw = Raw(folder)
        raw.skipped = report.files[0].skipped
        out[name] = (wh, raw)
    yield out
    for wh, _ in out.values():
        wh.close()


def kinds(wh: Warehouse, table: str = "events", col: str = "kind") -> Counter[str]:
    return Counter({k: n for k, n in wh.sql(
        f"SELECT {col}, count(*) FROM {table} GROUP BY 1").fetchall() if k is not None})


def subkinds(wh: Warehouse, kind: str) -> Counter[str]:
    return Counter({s: n for s, n in wh.sql(
        "SELECT subkind, count(*) FROM events WHERE kind = ? GROUP BY 1", [kind]).fetchall()})


# -- the real dumps ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", DUMPS)
def test_posts_and_contents_match_raw(dumps: dict[str, tuple[Warehouse, Raw]], name: str) -> None:
    wh, raw = dumps[name]
    assert raw.posts and raw.post_types["1"] and raw.post_types["2"]  # not vacuous
    contents = kinds(wh, "contents")
    assert contents["question"] == raw.post_types["1"]
    assert contents["answer"] == raw.post_types["2"]
    assert contents["tag-wiki"] == raw.post_types["5"]
    assert contents["tag-wiki-excerpt"] == raw.post_types["4"]
    assert contents["moderator-nomination"] == raw.post_types["6"]
    assert contents["comment"] == len(raw.comments)
    assert wh.count("contents") == len(raw.posts) + len(raw.comments)
    assert wh.count("contents", f"community <> '{name}'") == 0
    views = sum(int(p["ViewCount"]) for p in raw.posts if "ViewCount" in p)
    assert wh.sql("SELECT sum(views) FROM contents").fetchone() == (views,)
    # Answers hang under their question, which is their root; questions are their own root.
    assert wh.count("contents", "kind = 'answer' AND (parent_id IS NULL OR parent_id <> root_id)"
                    ) == 0
    assert wh.count("contents", "kind = 'question' AND root_id <> content_id") == 0
    # Every comment's root is the question of its post.
    assert wh.count(
        "contents c JOIN contents p ON p.content_id = c.parent_id",
        "c.kind = 'comment' AND c.root_id IS DISTINCT FROM p.root_id",
    ) == 0
    tagged = [p for p in raw.posts if p.get("Tags")]
    n_tags = sum(len(re.findall(r"&lt;(.+?)&gt;", p["Tags"])) for p in tagged)
    assert wh.sql("SELECT sum(len(tags)) FROM contents").fetchone() == (n_tags,)
    # The folder names are bare site names: no host, so no URLs.
    assert wh.count("contents", "url IS NOT NULL") == 0


@pytest.mark.parametrize("name", DUMPS)
def test_events_match_raw(dumps: dict[str, tuple[Warehouse, Raw]], name: str) -> None:
    wh, raw = dumps[name]
    ev = kinds(wh)
    assert ev["post"] == raw.post_types["1"]
    assert ev["reply"] == raw.post_types["2"]
    assert ev["accept"] == len(raw.accepted) > 0
    assert ev["comment"] == len(raw.comments)
    assert ev["badge"] == len(raw.badges)
    reactions = subkinds(wh, "reaction")
    assert reactions["upvote"] == raw.vote_types["2"]
    assert reactions["downvote"] == raw.vote_types["3"]
    assert reactions["favorite"] == raw.vote_types["5"]
    assert reactions["bounty-start"] == raw.vote_types["8"]
    assert reactions["bounty-award"] == raw.vote_types["9"]
    assert ev["reaction"] == sum(raw.vote_types[t] for t in ("2", "3", "5", "8", "9"))
    assert wh.sql("SELECT sum(value) FROM events WHERE subkind IN ('upvote', 'downvote')"
                  ).fetchone() == (raw.vote_types["2"] - raw.vote_types["3"],)
    # Every vote but the accept votes is one event; the rest are moderation.
    vote_events = wh.count("events", f"source_id LIKE '{name}/vote/%'")
    assert vote_events == len(raw.votes) - raw.vote_types["1"]
    duplicates = sum(1 for link in raw.links if link["LinkTypeId"] == "3")
    edits = sum(n for t, n in raw.history_types.items() if t in EDIT_HISTORY)
    history_moderation = sum(
        n for t, n in raw.history_types.items() if t not in EDIT_HISTORY | CREATION_HISTORY
    )
    vote_moderation = sum(n for t, n in raw.vote_types.items()
                          if t not in ("1", "2", "3", "5", "8", "9"))
    assert ev["edit"] == edits
    assert ev["moderation"] == vote_moderation + history_moderation + duplicates
    assert subkinds(wh, "moderation")["duplicate"] == duplicates
    assert subkinds(wh, "moderation")["delete"] == raw.vote_types["10"] + raw.history_types["12"]
    assert wh.count("events") == sum(ev.values())
    assert wh.count("events", f"community <> '{name}'") == 0


def test_history_events_match_raw(dumps: dict[str, tuple[Warehouse, Raw]]) -> None:
    wh, raw = dumps["bicycles-meta"]
    assert raw.history  # this dump has PostHistory.xml
    mod = subkinds(wh, "moderation")
    edit = subkinds(wh, "edit")
    assert edit["edit-body"] == raw.history_types["5"]
    assert edit["edit-title"] == raw.history_types["4"]
    assert edit["edit-tags"] == raw.history_types["6"]
    assert edit["suggested-edit-applied"] == raw.history_types["24"]
    assert mod["close"] == raw.history_types["10"] + raw.vote_types["6"]
    assert mod["community-owned"] == raw.history_types["16"]
    assert mod["migrate-here"] == raw.history_types["36"]
    history_events = wh.count("events", "source_id LIKE 'bicycles-meta/history/%'")
    assert history_events == len(raw.history) - sum(raw.history_types[t] for t in CREATION_HISTORY)


@pytest.mark.parametrize("name", DUMPS)
def test_rows_passed_over_are_counted(dumps: dict[str, tuple[Warehouse, Raw]], name: str) -> None:
    _, raw = dumps[name]
    expected = {
        "AcceptedByOriginator vote (times the accept event)": raw.vote_types["1"],
        "tag row (tag counts only; no event)": len(raw.tags),
        "post link: linked, not duplicate (a citation, not an action)":
            sum(1 for link in raw.links if link["LinkTypeId"] == "1"),
        "post history: the post's creation (initial title/body/tags)":
            sum(raw.history_types[t] for t in CREATION_HISTORY),
    }
    assert raw.skipped == {k: v for k, v in expected.items() if v}


@pytest.mark.parametrize("name", DUMPS)
def test_identities_match_raw(dumps: dict[str, tuple[Warehouse, Raw]], name: str) -> None:
    wh, raw = dumps[name]
    ident = kinds(wh, "identities")
    assert ident["id"] == len(raw.users)
    accounts = {u["AccountId"] for u in raw.users if "AccountId" in u}
    assert ident["account"] == len(accounts)
    assert ident["handle"] == len(raw.handles)
    got = dict(wh.sql(
        "SELECT source_id, reputation FROM identities WHERE kind = 'id'").fetchall())
    assert got == {u["Id"]: int(u["Reputation"]) for u in raw.users}
    # The Community bot is an ordinary identity.
    assert wh.count("identities", f"identity_id = 'stackexchange:id:{name}/-1'") == 1
    # Each site user is in the person of its network account (same_as).
    assert wh.count(
        "identities u JOIN identities a ON a.identity_id = u.same_as[1]",
        "u.kind = 'id' AND a.kind = 'account' AND u.person_id = a.person_id",
    ) == len(raw.users)
    names = dict(wh.sql(
        "SELECT source_id, display_name FROM identities WHERE kind = 'id'").fetchall())
    assert names == {u["Id"]: html.unescape(u["DisplayName"]) for u in raw.users}


@pytest.mark.parametrize("name", DUMPS)
def test_event_targets(dumps: dict[str, tuple[Warehouse, Raw]], name: str) -> None:
    wh, raw = dumps[name]
    # reply: target = the question and the asker.
    assert wh.count(
        "events e JOIN contents a ON a.source_id = e.source_id"
        " JOIN contents q ON q.content_id = a.parent_id",
        "e.kind = 'reply' AND e.target_content = q.content_id"
        " AND e.target_person IS NOT DISTINCT FROM q.author AND e.actor IS NOT DISTINCT FROM"
        " a.author",
    ) == raw.post_types["2"]
    # accept: actor = asker, target = the accepted answer and its author.
    accepts = wh.sql(
        "SELECT e.source_id, e.actor, e.target_person, e.ts, a.source_id, a.author, q.author"
        " FROM events e JOIN contents a ON a.content_id = e.target_content"
        " JOIN contents q ON q.content_id = a.parent_id WHERE e.kind = 'accept'"
    ).fetchall()
    assert len(accepts) == len(raw.accepted)
    vote_day = {v["PostId"]: v["CreationDate"] for v in raw.votes if v["VoteTypeId"] == "1"}
    answer_day = {p["Id"]: p["CreationDate"] for p in raw.posts}
    for sid, actor, target, ts, answer_sid, answer_author, asker in accepts:
        qid = sid.rsplit("/", 1)[1]
        aid = answer_sid.rsplit("/", 1)[1]
        assert raw.accepted[qid] == aid
        assert actor == asker and target == answer_author
        expected = vote_day.get(aid, answer_day[aid])
        assert ts == datetime.fromisoformat(expected).replace(tzinfo=UTC)
    # Votes are anonymous except favourites and bounty starts.
    with_user = sum(1 for v in raw.votes if "UserId" in v and v["VoteTypeId"] != "1")
    assert wh.count("events", f"source_id LIKE '{name}/vote/%' AND actor IS NOT NULL"
                    ) == with_user
    # Every comment event targets the commented post and its author.
    assert wh.count(
        "events e JOIN contents p ON p.content_id = e.target_content",
        "e.kind = 'comment' AND e.target_person IS NOT DISTINCT FROM p.author",
    ) == len(raw.comments)


def test_cardano_readme_numbers_agree(shared: Path, dumps: dict[str, tuple[Warehouse, Raw]]
                                      ) -> None:
    readme = (shared / "README.md").read_text(encoding="utf-8")
    line = next(ln for ln in readme.splitlines() if ln.startswith("| `stackexchange/cardano/`"))

    def num(label: str) -> int:
        m = re.search(rf"([\d,]+) {label}", line)
        assert m, label
        return int(m.group(1).replace(",", ""))

    _, raw = dumps["cardano"]
    assert num("questions") == raw.post_types["1"]
    assert num("answers") == raw.post_types["2"]
    assert num("accepted") == len(raw.accepted)
    assert num("comments") == len(raw.comments)
    assert num("votes") == len(raw.votes)
    assert num("badges") == len(raw.badges)
    assert abs(len(raw.users) - 4000) < 100  # "~4k users"


@pytest.mark.parametrize("name", DUMPS)
def test_reingest_adds_nothing(dumps: dict[str, tuple[Warehouse, Raw]], shared: Path, name: str
                               ) -> None:
    wh, _ = dumps[name]
    before = {t: wh.count(t) for t in ("identities", "contents", "events", "persons")}
    report = wh.ingest("stackexchange", [shared / "stackexchange" / name])
    assert report.added == {"identities": 0, "contents": 0, "events": 0}
    assert {t: wh.count(t) for t in before} == before


# -- gzip, names and options ----------------------------------------------------------------
def test_gzipped_dump_with_site_folder_name(shared: Path, tmp_path: Path, wh: Warehouse,
                                            dumps: dict[str, tuple[Warehouse, Raw]]) -> None:
    """The demo ships the Cardano dump gzipped under its host name: same rows, plus URLs."""
    folder = tmp_path / "cardano.stackexchange.com"
    folder.mkdir()
    for p in (shared / "stackexchange" / "cardano").iterdir():
        if p.name == "Votes.xml":  # keep one plain file: a mixed folder is fine too
            shutil.copy(p, folder / p.name)
        else:
            (folder / f"{p.name}.gz").write_bytes(gzip.compress(p.read_bytes(), compresslevel=1))
    progress: list[tuple[int, int]] = []
    wh.ingest("stackexchange", [folder], progress=lambda b, r, f: progress.append((b, r)))
    plain, raw = dumps["cardano"]
    for table in ("identities", "contents", "events"):
        assert wh.count(table) == plain.count(table)
    assert kinds(wh) == kinds(plain)
    assert wh.count("contents", "community <> 'cardano'") == 0
    assert sum(b for b, _ in progress) == StackExchangeSource().size(folder)
    assert sum(r for _, r in progress) > 0
    q = raw.posts[0]
    assert q["PostTypeId"] == "1"
    assert wh.sql("SELECT url FROM contents WHERE source_id = ?", [f"cardano/post/{q['Id']}"]
                  ).fetchone() == (f"https://cardano.stackexchange.com/q/{q['Id']}",)
    answer = next(p for p in raw.posts if p["PostTypeId"] == "2")
    assert wh.sql("SELECT url FROM contents WHERE source_id = ?",
                  [f"cardano/post/{answer['Id']}"]).fetchone() == (
        f"https://cardano.stackexchange.com/a/{answer['Id']}",)
    no_site = next(u for u in raw.users if "WebsiteUrl" not in u)
    assert wh.sql("SELECT url FROM identities WHERE source_id = ? AND kind = 'id'",
                  [no_site["Id"]]).fetchone() == (
        f"https://cardano.stackexchange.com/users/{no_site['Id']}",)
    assert wh.count("contents", "kind = 'tag-wiki' AND url LIKE '%/tags/%/info'") == \
        raw.post_types["5"]


def test_community_option_overrides_folder(wh: Warehouse) -> None:
    wh.ingest("stackexchange", [BAD_ROWS], skip_bad=True, options={"community": "wheels"})
    assert wh.count("contents", "community <> 'wheels'") == 0
    assert wh.count("events", "community <> 'wheels'") == 0
    assert wh.count("contents", "source_id = 'wheels/post/10'") == 1
    assert wh.count("identities", "identity_id = 'stackexchange:id:wheels/1'") == 1


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        ("cardano.stackexchange.com", ("cardano", "cardano.stackexchange.com")),
        ("bicycles.meta.stackexchange.com",
         ("bicycles.meta", "bicycles.meta.stackexchange.com")),
        ("Cardano.StackExchange.com", ("cardano", "cardano.stackexchange.com")),
        ("stackoverflow.com", ("stackoverflow", "stackoverflow.com")),
        ("mathoverflow.net", ("mathoverflow", "mathoverflow.net")),
        ("bicycles-meta", ("bicycles-meta", None)),
        ("cardano", ("cardano", None)),
    ],
)
def test_community_and_site(folder: str, expected: tuple[str, str | None]) -> None:
    assert community_and_site(folder) == expected


def test_parse_tags() -> None:
    assert parse_tags("<api><main-net>") == ["api", "main-net"]
    assert parse_tags("|api|main-net|") == ["api", "main-net"]
    assert parse_tags("") is None
    assert parse_tags(None) is None


def test_bare_sink_gets_the_same_rows(wh: Warehouse) -> None:
    """Outside the warehouse (no staging table) rows go through the Sink's own methods."""
    rows: dict[str, list[dict[str, Any]]] = {}

    def writer(table: str, batch: pa.Table) -> None:
        rows.setdefault(table, []).extend(batch.to_pylist())

    sink = Sink(writer, file=BAD_ROWS, skip_bad=True)
    StackExchangeSource().read(BAD_ROWS, sink)
    sink.close()
    wh.ingest("stackexchange", [BAD_ROWS], skip_bad=True)
    for table, key in (("events", "event_id"), ("contents", "content_id")):
        got = sorted(tuple(r.values()) for r in rows[table])
        stored = sorted(wh.sql(f"SELECT * FROM {table}").fetchall())
        assert got == stored, table
        assert len({r[key] for r in rows[table]}) == len(rows[table])
    assert {r["identity_id"] for r in rows["identities"]} == {
        i for (i,) in wh.sql("SELECT identity_id FROM identities").fetchall()}
    assert len(rows["rejects"]) == sink.rejected == 10


# -- bad input ----------------------------------------------------------------------------
def test_bad_rows_fail_without_skip_bad(wh: Warehouse) -> None:
    with pytest.raises(IngestError) as err:
        wh.ingest("stackexchange", [BAD_ROWS])
    assert err.value.file.endswith("Users.xml")
    assert err.value.line == 6
    assert "yesterday" in err.value.reason
    assert wh.count("identities") == wh.count("contents") == wh.count("events") == 0


def test_bad_rows_rejected_with_skip_bad(wh: Warehouse) -> None:
    report = wh.ingest("stackexchange", [BAD_ROWS], skip_bad=True)
    assert report.rejected == 10
    rejects = {(Path(f).name, loc): reason for f, loc, reason in wh.sql(
        "SELECT file, location, reason FROM rejects").fetchall()}
    assert set(rejects) == {
        ("Users.xml", "line 6"), ("Posts.xml", "line 5"), ("Posts.xml", "line 6"),
        ("Posts.xml", "line 7"), ("Posts.xml", "line 8"), ("Posts.xml", "line 9"),
        ("Comments.xml", "line 4"), ("Votes.xml", "line 6"), ("Badges.xml", "line 4"),
        ("PostHistory.xml", "line 5"),
    }
    assert "ParentId" in rejects[("Posts.xml", "line 5")]
    assert "without Id" in rejects[("Posts.xml", "line 6")]
    assert "unparseable date" in rejects[("Posts.xml", "line 7")]
    assert "ViewCount" in rejects[("Posts.xml", "line 8")]
    assert "<post>" in rejects[("Posts.xml", "line 9")]
    assert "PostId" in rejects[("Comments.xml", "line 4")]
    assert "VoteTypeId" in rejects[("Votes.xml", "line 6")]
    assert "Name" in rejects[("Badges.xml", "line 4")]
    assert "CreationDate" in rejects[("PostHistory.xml", "line 5")]
    assert kinds(wh, "identities") == {"id": 3, "account": 3, "handle": 1}
    assert kinds(wh, "contents") == {"question": 1, "answer": 2, "comment": 2}
    assert kinds(wh) == {"post": 1, "reply": 2, "accept": 1, "comment": 2, "reaction": 3,
                         "badge": 1, "edit": 1}
    assert wh.sql("SELECT tags FROM contents WHERE source_id = 'bad-rows/post/10'"
                  ).fetchone() == (["wheels", "physics"],)
    # The accept is timed by the AcceptedByOriginator vote; the deleted user is a handle.
    assert wh.sql("SELECT ts, actor, target_person FROM events WHERE kind = 'accept'"
                  ).fetchone() == (datetime(2021, 1, 6, tzinfo=UTC),
                                   "stackexchange:id:bad-rows/1", "stackexchange:id:bad-rows/2")
    assert wh.sql("SELECT author FROM contents WHERE source_id = 'bad-rows/post/17'"
                  ).fetchone() == ("stackexchange:handle:bad-rows/user999",)
    assert wh.sql("SELECT author FROM contents WHERE source_id = 'bad-rows/comment/102'"
                  ).fetchone() == ("stackexchange:handle:bad-rows/user999",)
    assert wh.sql("SELECT actor, subkind FROM events WHERE source_id = 'bad-rows/vote/1004'"
                  ).fetchone() == ("stackexchange:id:bad-rows/2", "favorite")
    assert wh.sql("SELECT profile, url, reputation FROM identities WHERE source_id = '1'"
                  " AND kind = 'id'").fetchone() == (
        "<p>see https://github.com/ada-example</p>", "https://ada.example", 101)


def mini_dump(shared: Path, dest: Path, rows: int = 25) -> Path:
    """A small real excerpt: the first rows of the Cardano Users, Posts and Votes files."""
    dest.mkdir(parents=True, exist_ok=True)
    for table in ("Users", "Posts", "Votes"):
        lines = (shared / "stackexchange" / "cardano" / f"{table}.xml").read_bytes().split(b"\n")
        head, body = lines[:2], [ln for ln in lines[2:] if b"<row " in ln][:rows]
        (dest / f"{table}.xml").write_bytes(
            b"\n".join([*head, *body, f"</{table.lower()}>".encode()]) + b"\n")
    return dest


def test_mini_dump_is_valid(shared: Path, tmp_path: Path, wh: Warehouse) -> None:
    report = wh.ingest("stackexchange", [mini_dump(shared, tmp_path / "mini")])
    assert report.added["contents"] == 25 and report.rejected == 0


@pytest.mark.parametrize("skip_bad", [False, True])
def test_truncated_posts_fail_whole_folder(shared: Path, tmp_path: Path, wh: Warehouse,
                                           skip_bad: bool) -> None:
    folder = mini_dump(shared, tmp_path / "trunc")
    data = (shared / "stackexchange" / "cardano" / "Posts.xml").read_bytes()[:20_000]
    (folder / "Posts.xml").write_bytes(data)
    with pytest.raises(IngestError) as err:
        wh.ingest("stackexchange", [folder], skip_bad=skip_bad)
    assert err.value.file.endswith("Posts.xml")
    assert err.value.line == data.count(b"\n") + 1
    assert "malformed XML" in err.value.reason
    # Users.xml was read before Posts.xml failed: the transaction takes it back too.
    assert wh.count("identities") == wh.count("contents") == wh.count("events") == 0


def test_non_utf8_bytes_name_the_line(shared: Path, tmp_path: Path, wh: Warehouse) -> None:
    folder = mini_dump(shared, tmp_path / "latin1")
    lines = (folder / "Posts.xml").read_bytes().split(b"\n")
    lines[6] = lines[6].replace(b"Body=\"", b"Body=\"caf\xe9 ", 1)
    (folder / "Posts.xml").write_bytes(b"\n".join(lines))
    with pytest.raises(IngestError) as err:
        wh.ingest("stackexchange", [folder], skip_bad=True)
    assert err.value.file.endswith("Posts.xml")
    assert err.value.line == 7
    assert "UTF-8" in err.value.reason
    assert wh.count("identities") == 0


@pytest.mark.parametrize("missing", ["Posts.xml", "Users.xml"])
def test_missing_required_file(shared: Path, tmp_path: Path, wh: Warehouse, missing: str) -> None:
    folder = mini_dump(shared, tmp_path / "dump")
    (folder / missing).unlink()
    with pytest.raises(IngestError) as err:
        wh.ingest("stackexchange", [folder])
    assert err.value.file == str(folder)
    assert missing in err.value.reason


def test_optional_files_may_be_absent(shared: Path, tmp_path: Path, wh: Warehouse) -> None:
    folder = mini_dump(shared, tmp_path / "dump")
    (folder / "Votes.xml").unlink()
    report = wh.ingest("stackexchange", [folder])
    assert report.added["contents"] == 25


@pytest.mark.parametrize("table", ["Posts", "Votes"])
def test_empty_file(shared: Path, tmp_path: Path, wh: Warehouse, table: str) -> None:
    folder = mini_dump(shared, tmp_path / "dump")
    (folder / f"{table}.xml").write_bytes(b"")
    with pytest.raises(IngestError, match="empty file") as err:
        wh.ingest("stackexchange", [folder], skip_bad=True)
    assert err.value.file.endswith(f"{table}.xml")


def test_empty_table_is_fine(shared: Path, tmp_path: Path, wh: Warehouse) -> None:
    folder = mini_dump(shared, tmp_path / "dump")
    (folder / "Votes.xml").write_bytes(b'<?xml version="1.0" encoding="utf-8"?>\n<votes />\n')
    assert wh.ingest("stackexchange", [folder]).added["contents"] == 25


def test_declaration_only_file(shared: Path, tmp_path: Path, wh: Warehouse) -> None:
    folder = mini_dump(shared, tmp_path / "dump")
    (folder / "Votes.xml").write_bytes(b'\xef\xbb\xbf<?xml version="1.0" encoding="utf-8"?>\n')
    with pytest.raises(IngestError) as err:
        wh.ingest("stackexchange", [folder])
    assert err.value.file.endswith("Votes.xml")


def test_wrong_table_in_file(shared: Path, tmp_path: Path, wh: Warehouse) -> None:
    """Users.xml content saved as Posts.xml: a wrong record shape for the whole file."""
    folder = mini_dump(shared, tmp_path / "dump")
    shutil.copy(folder / "Users.xml", folder / "Posts.xml")
    with pytest.raises(IngestError, match=r"root element <users>, expected <posts>") as err:
        wh.ingest("stackexchange", [folder], skip_bad=True)
    assert err.value.file.endswith("Posts.xml")
    assert err.value.line == 2


def test_bad_date_and_missing_id_in_real_excerpt(shared: Path, tmp_path: Path, wh: Warehouse
                                                 ) -> None:
    folder = mini_dump(shared, tmp_path / "dump")
    lines = (folder / "Posts.xml").read_bytes().split(b"\n")
    lines[4] = re.sub(rb'CreationDate="[^"]*"', b'CreationDate="2021-02-30T10:00:00"', lines[4])
    lines[5] = re.sub(rb' Id="\d+"', b"", lines[5], count=1)
    (folder / "Posts.xml").write_bytes(b"\n".join(lines))
    with pytest.raises(IngestError, match="unparseable date") as err:
        wh.ingest("stackexchange", [folder])
    assert err.value.line == 5
    report = wh.ingest("stackexchange", [folder], skip_bad=True)
    assert report.rejected == 2
    assert report.added["contents"] == 23
    assert sorted(r for (r,) in wh.sql("SELECT location FROM rejects").fetchall()) == [
        "line 5", "line 6"]


def test_corrupt_gzip(shared: Path, tmp_path: Path, wh: Warehouse) -> None:
    folder = mini_dump(shared, tmp_path / "dump")
    data = gzip.compress((folder / "Posts.xml").read_bytes())
    (folder / "Posts.xml").unlink()
    (folder / "Posts.xml.gz").write_bytes(data[: len(data) // 2])
    with pytest.raises(IngestError) as err:
        wh.ingest("stackexchange", [folder])
    assert err.value.file.endswith("Posts.xml.gz")
    (folder / "Posts.xml.gz").write_bytes(b"not gzip at all")
    with pytest.raises(IngestError):
        wh.ingest("stackexchange", [folder])
    assert wh.count("identities") == 0


def test_a_file_is_not_a_dump_folder(shared: Path, wh: Warehouse) -> None:
    with pytest.raises(IngestError, match="dump folder"):
        wh.ingest("stackexchange", [shared / "stackexchange" / "cardano" / "Posts.xml"])


# -- property: mutated real bytes only ever give IngestError or a clean ingest --------------
_counter = iter(range(1_000_000))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    table=st.sampled_from(["Posts", "Users", "Votes"]),
    cut=st.one_of(st.none(), st.integers(min_value=0, max_value=40_000)),
    flips=st.lists(st.tuples(st.integers(min_value=0, max_value=40_000),
                             st.integers(min_value=0, max_value=255)), max_size=4),
    skip_bad=st.booleans(),
)
def test_mutations_raise_only_ingest_error(
    shared: Path, tmp_path: Path, wh: Warehouse, table: str, cut: int | None,
    flips: list[tuple[int, int]], skip_bad: bool,
) -> None:
    n = next(_counter)
    community = f"h{n}"
    folder = mini_dump(shared, tmp_path / community, rows=12)
    path = folder / f"{table}.xml"
    data = bytearray(path.read_bytes())
    for pos, byte in flips:
        data[pos % len(data)] = byte
    if cut is not None:
        data = data[: cut % (len(data) + 1)]
    path.write_bytes(bytes(data))
    try:
        wh.ingest("stackexchange", [folder], skip_bad=skip_bad, options={"community": community})
    except IngestError as e:
        assert e.file and e.reason
        # All or nothing: no row of this folder stayed behind.
        assert wh.count("contents", f"community = '{community}'") == 0
        assert wh.count("events", f"community = '{community}'") == 0
        assert wh.count("identities", f"value LIKE '{community}/%'") == 0
        assert wh.count("rejects", f"file LIKE '%/{community}/%'") == 0
