"""GitHub adapter: GH Archive events, Events API pages and webhook payloads."""

from __future__ import annotations

import contextlib
import gzip
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swaylens.errors import IngestError
from swaylens.sources.base import Sink, parse_ts
from swaylens.sources.github import GitHubSource
from swaylens.warehouse import Warehouse

FIXTURES = Path(__file__).parent / "fixtures" / "github"
SHARED = Path(
    os.environ.get("SWAYLENS_SHARED_DATA")
    or Path(__file__).resolve().parent.parent.parent / "shared" / "data"
)
SAMPLE = "api-samples/github/gharchive_2015-01-01-12_sample.ndjson"
WEBHOOKS = "api-samples/github/webhook_payloads_octokit"
SKIPPED_TYPES = {"DeleteEvent", "PublicEvent"}


def _events(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _expected_kinds(events: list[dict[str, Any]]) -> Counter[tuple[str, str]]:
    """(kind, subkind) per event, derived from the raw events by the documented table."""
    out: Counter[tuple[str, str]] = Counter()
    for e in events:
        t, p = e["type"], e["payload"]
        action = p.get("action")
        if t == "IssuesEvent":
            out["post", "issue"] += action == "opened"
            out["moderation", action] += action not in ("opened", "edited")
        elif t == "IssueCommentEvent":
            out["comment", "issue_comment"] += 1
        elif t == "PullRequestEvent":
            merged = action == "closed" and p["pull_request"]["merged"] is True
            if action == "opened":
                out["post", "pull_request"] += 1
            elif merged:
                out["accept", "merged"] += 1
            else:
                out["moderation", action] += 1
        elif t == "PullRequestReviewCommentEvent":
            reply = "in_reply_to_id" in p["comment"]
            out["reply" if reply else "comment", "review_comment"] += 1
        elif t == "CommitCommentEvent":
            out["comment", "commit"] += 1
        elif t == "WatchEvent":
            out["reaction", "star"] += 1
        elif t == "ForkEvent":
            out["reshare", "fork"] += 1
        elif t == "PushEvent":
            out["edit", "push"] += 1
        elif t == "GollumEvent":
            out["edit", "wiki"] += 1
        elif t == "ReleaseEvent":
            out["post", "release"] += action == "published"
        elif t == "MemberEvent":
            out["join", "collaborator"] += action == "added"
        elif t == "CreateEvent":
            out["post", "repository"] += p["ref_type"] == "repository"
    return +out


# -- the real GH Archive sample ---------------------------------------------------------
def test_gharchive_sample_counts(shared: Path, wh: Warehouse) -> None:
    path = shared / SAMPLE
    events = _events(path)
    report = wh.ingest("github", [path])
    assert report.rejected == 0

    got = Counter(
        {(k, s): n for k, s, n in wh.sql(
            "SELECT kind, subkind, count(*) FROM events GROUP BY ALL").fetchall()}
    )
    assert got == _expected_kinds(events)

    # Every mapped GH Archive event is there under its own id, in its repository.
    mapped = [
        e for e in events
        if e["type"] not in SKIPPED_TYPES
        and not (e["type"] == "CreateEvent" and e["payload"]["ref_type"] != "repository")
    ]
    assert wh.count("events") == len(mapped)
    rows = dict(wh.sql("SELECT source_id, community FROM events").fetchall())
    for e in mapped:
        assert rows[f"event/{e['id']}"] == e["repo"]["name"]

    # Contents: issues and PRs by (repo, number), comments by id, repositories by id.
    threads = set()
    for e in events:
        p = e["payload"]
        repo = e["repo"]["name"].lower()
        if e["type"] in ("IssuesEvent", "IssueCommentEvent"):
            kind = "pull" if "pull_request" in p["issue"] else "issue"
            threads.add(f"{kind}/{repo}/{p['issue']['number']}")
        elif e["type"] in ("PullRequestEvent", "PullRequestReviewCommentEvent"):
            threads.add(f"pull/{repo}/{p['pull_request']['number']}")
    issue_comments = {e["payload"]["comment"]["id"] for e in events
                      if e["type"] == "IssueCommentEvent"}
    review_comments = {e["payload"]["comment"]["id"] for e in events
                       if e["type"] == "PullRequestReviewCommentEvent"}
    repo_targets = {"WatchEvent", "ForkEvent", "PushEvent", "GollumEvent", "CommitCommentEvent",
                    "ReleaseEvent", "MemberEvent"}
    repos = {e["repo"]["id"] for e in events if e["type"] in repo_targets
             or (e["type"] == "CreateEvent" and e["payload"]["ref_type"] == "repository")}
    kinds = dict(wh.sql("SELECT kind, count(*) FROM contents GROUP BY ALL").fetchall())
    assert kinds["issue"] + kinds["pull_request"] == len(threads)
    assert kinds["comment"] == len(issue_comments)
    assert kinds["review_comment"] == len(review_comments)
    assert kinds["repository"] == len(repos)
    assert kinds["release"] == sum(e["type"] == "ReleaseEvent" for e in events)
    stored = {r[0] for r in wh.sql("SELECT source_id FROM contents").fetchall()}
    assert threads <= stored

    # Every actor of a mapped event is an id identity carrying its login.
    actors = {str(e["actor"]["id"]): e["actor"]["login"] for e in mapped}
    ids = dict(wh.sql("SELECT value, handle FROM identities WHERE kind = 'id'").fetchall())
    for uid, login in actors.items():
        assert ids[uid] == login

    # Re-ingesting the same file adds nothing.
    again = wh.ingest("github", [path])
    assert again.added == {"identities": 0, "contents": 0, "events": 0}


def test_gharchive_merges_and_comments_point_at_the_right_people(
    shared: Path, wh: Warehouse
) -> None:
    path = shared / SAMPLE
    events = _events(path)
    wh.ingest("github", [path])
    ev = {r[0]: r[1:] for r in wh.sql(
        "SELECT source_id, actor, target_person, target_content, ts FROM events").fetchall()}
    merges = comments = 0
    for e in events:
        p, repo = e["payload"], e["repo"]["name"].lower()
        if e["type"] == "PullRequestEvent" and p["pull_request"]["merged"]:
            pr = p["pull_request"]
            actor, person, content, _ = ev[f"event/{e['id']}"]
            assert actor == f"github:id:{pr['merged_by']['id']}"
            assert person == f"github:id:{pr['user']['id']}"
            assert content == f"github:pull/{repo}/{pr['number']}"
            merges += 1
        if e["type"] == "IssueCommentEvent":
            issue = p["issue"]
            kind = "pull" if "pull_request" in issue else "issue"
            actor, person, content, ts = ev[f"event/{e['id']}"]
            assert actor == f"github:id:{e['actor']['id']}"
            assert person == f"github:id:{issue['user']['id']}"
            assert content == f"github:{kind}/{repo}/{issue['number']}"
            assert ts == parse_ts(e["created_at"])
            comments += 1
    assert merges > 0 and comments > 0
    parents = wh.sql(
        "SELECT count(*) FROM contents c WHERE kind = 'comment' AND parent_id NOT IN "
        "(SELECT content_id FROM contents)").fetchone()
    assert parents == (0,)


def test_stars_target_the_repository_and_its_owner(shared: Path, wh: Warehouse) -> None:
    path = shared / SAMPLE
    events = _events(path)
    wh.ingest("github", [path])
    rows = {r[0]: r[1:] for r in wh.sql(
        "SELECT source_id, target_content, target_person, value FROM events "
        "WHERE kind = 'reaction'").fetchall()}
    handles = dict(wh.sql("SELECT identity_id, handle FROM identities").fetchall())
    stars = [e for e in events if e["type"] == "WatchEvent"]
    assert len(rows) == len(stars)
    for e in stars:
        content, person, value = rows[f"event/{e['id']}"]
        assert content == f"github:repo/{e['repo']['id']}"
        assert value == 1.0
        owner = e["repo"]["name"].split("/")[0]
        assert handles[person].lower() == owner.lower()
        if "org" in e:
            assert person == f"github:id:{e['org']['id']}"


def test_gzip_input_reads_the_same(shared: Path, wh: Warehouse, tmp_path: Path) -> None:
    gz = tmp_path / "2015-01-01-12.json.gz"
    gz.write_bytes(gzip.compress((shared / SAMPLE).read_bytes()))
    report = wh.ingest("github", [gz])
    assert report.files[0].read["events"] == sum(
        n for n in _expected_kinds(_events(shared / SAMPLE)).values())


def test_skipped_types_are_counted(shared: Path) -> None:
    events = _events(shared / SAMPLE)
    src = GitHubSource()
    _read(src, shared / SAMPLE)
    expected = Counter(e["type"] for e in events if e["type"] in SKIPPED_TYPES)
    for e in events:
        if e["type"] == "CreateEvent" and e["payload"]["ref_type"] != "repository":
            expected[f"CreateEvent {e['payload']['ref_type']}"] += 1
    assert src.skipped == expected


# -- webhook payloads -------------------------------------------------------------------
def test_webhook_payloads(shared: Path, wh: Warehouse) -> None:
    folder = shared / WEBHOOKS
    files = sorted(folder.glob("*.json"))
    report = wh.ingest("github", files)
    assert report.rejected == 0
    assert all(f.read["events"] == 1 for f in report.files)

    def one(name: str) -> tuple[Any, ...]:
        body = json.loads((folder / name).read_text())
        row = wh.sql(
            "SELECT kind, subkind, actor, target_person, target_content, ts, community "
            "FROM events WHERE source_id LIKE ?", [f"webhook/{name.split('_')[0]}%"]
        ).fetchall()
        assert row, name
        assert row[0][6] == body["repository"]["full_name"]
        return (body, *row[0][:6])

    body, kind, sub, actor, person, content, ts = one("watch_started.payload.json")
    assert (kind, sub) == ("reaction", "star")
    assert actor == f"github:id:{body['sender']['id']}"
    assert person == f"github:id:{body['repository']['owner']['id']}"
    assert content == f"github:repo/{body['repository']['id']}"
    assert ts == parse_ts(body["repository"]["updated_at"])

    body, kind, sub, actor, person, content, ts = one("fork_payload.json")
    assert (kind, sub, ts) == ("reshare", "fork", parse_ts(body["forkee"]["created_at"]))
    assert person == f"github:id:{body['repository']['owner']['id']}"

    rows = wh.sql(
        "SELECT kind, subkind, target_content, ts FROM events "
        "WHERE source_id LIKE 'webhook/pull_request_review/%' ORDER BY kind").fetchall()
    sub_body = json.loads((folder / "pull_request_review_submitted.payload.json").read_text())
    dis_body = json.loads((folder / "pull_request_review_dismissed.payload.json").read_text())
    repo = sub_body["repository"]["full_name"].lower()
    assert rows[0] == (
        "moderation", "dismissed", f"github:review/{dis_body['review']['id']}",
        parse_ts(dis_body["pull_request"]["updated_at"]),
    )
    assert rows[1] == (
        "reply", sub_body["review"]["state"].lower(),
        f"github:pull/{repo}/{sub_body['pull_request']['number']}",
        parse_ts(sub_body["review"]["submitted_at"]),
    )
    comment = json.loads((folder / "issue_comment_created.payload.json").read_text())
    text = wh.sql("SELECT text, parent_id FROM contents WHERE source_id = ?",
                  [f"issue_comment/{comment['comment']['id']}"]).fetchone()
    assert text == (comment["comment"]["body"],
                    f"github:issue/{repo}/{comment['issue']['number']}")
    assert wh.ingest("github", files).added == {"identities": 0, "contents": 0, "events": 0}


# -- Events API page fixture: reviews, review replies, labels, merged_by -----------------
def test_events_api_page_fixture(wh: Warehouse) -> None:
    path = FIXTURES / "events_api_page.json"
    raw = json.loads(path.read_text())
    wh.ingest("github", [path])
    ev = {r[0]: r[1:] for r in wh.sql(
        "SELECT source_id, kind, subkind, actor, target_person, target_content "
        "FROM events").fetchall()}
    assert len(ev) == len(raw)
    pr = "github:pull/octo-org/widgets/7"
    assert ev["event/30000000001"] == ("reply", "approved", "github:id:1002", "github:id:1001", pr)
    assert ev["event/30000000002"] == (
        "comment", "review_comment", "github:id:1002", "github:id:1001", pr)
    # The reply names the comment it answers and, since that comment came first, its author.
    assert ev["event/30000000003"] == (
        "reply", "review_comment", "github:id:1001", "github:id:1002",
        "github:review_comment/5001")
    assert ev["event/30000000004"] == (
        "moderation", "labeled", "github:id:1002", "github:id:1003",
        "github:issue/octo-org/widgets/8")
    assert ev["event/30000000005"] == ("accept", "merged", "github:id:1004", "github:id:1001", pr)
    parent = wh.sql("SELECT parent_id, root_id FROM contents WHERE source_id = "
                    "'review_comment/5002'").fetchone()
    assert parent == ("github:review_comment/5001", pr)
    review = wh.sql("SELECT kind, text, parent_id FROM contents WHERE source_id = "
                    "'review/880001'").fetchone()
    assert review == ("review", raw[0]["payload"]["review"]["body"], pr)
    tags = wh.sql("SELECT tags FROM contents WHERE source_id = 'issue/octo-org/widgets/8'")
    assert tags.fetchone() == (["bug"],)


# -- bad input --------------------------------------------------------------------------
def _read(src: GitHubSource, path: Path, *, skip_bad: bool = False) -> dict[str, pa.Table]:
    tables: dict[str, list[pa.Table]] = {}
    sink = Sink(lambda t, b: tables.setdefault(t, []).append(b), file=path, skip_bad=skip_bad)
    src.read(path, sink)
    sink.close()
    return {t: pa.concat_tables(bs) for t, bs in tables.items()}


def _lines(shared: Path, n: int) -> list[str]:
    with open(shared / SAMPLE, encoding="utf-8") as fh:
        return [next(fh).rstrip("\n") for _ in range(n)]


def _write(tmp_path: Path, lines: list[str], name: str = "events.ndjson") -> Path:
    p = tmp_path / name
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def _mutate(line: str, **changes: Any) -> str:
    obj = json.loads(line)
    for key, value in changes.items():
        if value is ...:
            del obj[key]
        else:
            obj[key] = value
    return json.dumps(obj)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"actor": ...}, "missing or invalid 'actor'"),
        ({"id": ...}, "missing or invalid 'id'"),
        ({"repo": {"id": 1}}, "missing or invalid 'repo.name'"),
        ({"created_at": "yesterday"}, "unparseable date 'yesterday'"),
        ({"payload": []}, "missing or invalid 'payload'"),
    ],
)
def test_bad_record_fails_naming_the_line(
    shared: Path, tmp_path: Path, change: dict[str, Any], reason: str
) -> None:
    lines = _lines(shared, 3)
    lines[1] = _mutate(lines[1], **change)
    path = _write(tmp_path, lines)
    with pytest.raises(IngestError) as exc:
        _read(GitHubSource(), path)
    assert exc.value.line == 2 and reason in exc.value.reason
    assert str(path) in str(exc.value)


def test_payload_without_its_object_is_rejected(tmp_path: Path) -> None:
    ev = {"id": "1", "type": "IssuesEvent", "actor": {"id": 1, "login": "a"},
          "repo": {"id": 2, "name": "a/b"}, "payload": {"action": "opened"},
          "created_at": "2015-01-01T00:00:00Z"}
    path = _write(tmp_path, [json.dumps(ev)])
    with pytest.raises(IngestError, match="missing or invalid payload 'issue'"):
        _read(GitHubSource(), path)


def test_skip_bad_records_rejects_and_keeps_the_rest(
    shared: Path, tmp_path: Path, wh: Warehouse
) -> None:
    lines = _lines(shared, 6)
    lines[2] = _mutate(lines[2], created_at="not a date")
    lines[4] = lines[4][:40]  # truncated: invalid JSON
    path = _write(tmp_path, lines)
    report = wh.ingest("github", [path], skip_bad=True)
    assert report.rejected == 2
    locations = sorted(r[0] for r in wh.sql("SELECT location FROM rejects").fetchall())
    assert locations[0] == "line 3" and locations[1].startswith("line 5")
    good = [json.loads(x) for i, x in enumerate(lines) if i not in (2, 4)]
    expected = sum(_expected_kinds(good).values())
    assert wh.count("events") == expected


def test_invalid_json_non_utf8_and_empty(shared: Path, tmp_path: Path) -> None:
    lines = _lines(shared, 3)
    bad_json = _write(tmp_path, [lines[0], "{not json", lines[2]], "bad.ndjson")
    with pytest.raises(IngestError) as exc:
        _read(GitHubSource(), bad_json)
    assert exc.value.line == 2 and "invalid JSON" in exc.value.reason

    latin = tmp_path / "latin.ndjson"
    latin.write_bytes(lines[0].encode() + b"\n" + lines[1].encode()[:-2] + b"\xe9\"}\n")
    with pytest.raises(IngestError) as exc:
        _read(GitHubSource(), latin)
    assert exc.value.line == 2 and "not valid UTF-8" in exc.value.reason

    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    with pytest.raises(IngestError, match="empty file"):
        _read(GitHubSource(), empty)


@pytest.mark.parametrize(
    ("doc", "reason"),
    [
        ({"hello": "world"}, "not a GitHub event or webhook payload"),
        ({"actor": "octocat", "repository": {"name": "x"}, "type": "WatchEvent",
          "payload": {}, "created_at": "2012-03-10T12:00:00Z"}, "pre-2015 GH Archive"),
        ({"action": "created", "sender": {"id": 1, "login": "a"},
          "repository": {"id": 2, "full_name": "a/b"}, "check_run": {"id": 3}},
         "unsupported GitHub webhook payload"),
        ([1, 2], "expected a JSON object"),
    ],
)
def test_unknown_shapes_are_rejected(tmp_path: Path, doc: Any, reason: str) -> None:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(IngestError) as exc:
        _read(GitHubSource(), path)
    assert reason in exc.value.reason


def test_webhook_ping_is_skipped(tmp_path: Path) -> None:
    ping = {"zen": "Keep it logically awesome.", "hook_id": 1, "hook": {"type": "Repository"},
            "repository": {"id": 2, "full_name": "a/b"}, "sender": {"id": 3, "login": "a"}}
    path = tmp_path / "ping.json"
    path.write_text(json.dumps(ping))
    src = GitHubSource()
    assert _read(src, path) == {}
    assert src.skipped == {"webhook ping": 1}


def test_unknown_event_type_is_skipped_not_fatal(shared: Path, tmp_path: Path) -> None:
    lines = _lines(shared, 2)
    lines.append(_mutate(lines[0], type="SponsorshipEvent", id="99"))
    src = GitHubSource()
    tables = _read(src, _write(tmp_path, lines))
    assert src.skipped["SponsorshipEvent"] == 1
    assert tables["events"].num_rows == sum(_expected_kinds(
        [json.loads(x) for x in lines[:2]]).values())


# Hypothesis runs each example in the test's own tmp_path; the file is rewritten each time.
_FN = [HealthCheck.function_scoped_fixture]


# -- fuzzing ------------------------------------------------------------------------------
def _must_only_raise_ingest_error(path: Path) -> None:
    for skip_bad in (False, True):
        with contextlib.suppress(IngestError):
            _read(GitHubSource(), path, skip_bad=skip_bad)


@given(data=st.binary(max_size=400))
@settings(max_examples=60, deadline=None, suppress_health_check=_FN)
def test_fuzz_random_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.ndjson"
    path.write_bytes(data)
    _must_only_raise_ingest_error(path)


_SAMPLE_LINES: list[bytes] = []


def _sample_lines() -> list[bytes]:
    if not _SAMPLE_LINES:
        with open(SHARED / SAMPLE, "rb") as fh:
            lines = fh.readlines()
        # One line of each type keeps the examples small and varied.
        seen: dict[str, bytes] = {}
        for line in lines:
            seen.setdefault(json.loads(line)["type"], line)
        _SAMPLE_LINES.extend(seen.values())
    return _SAMPLE_LINES


@given(data=st.data())
@settings(max_examples=80, deadline=None, suppress_health_check=_FN)
def test_fuzz_mutated_real_lines(tmp_path: Path, data: st.DataObject) -> None:
    lines = _sample_lines()
    line = bytearray(data.draw(st.sampled_from(lines)))
    for _ in range(data.draw(st.integers(1, 4))):
        pos = data.draw(st.integers(0, len(line) - 1))
        line[pos:pos + 1] = data.draw(st.binary(min_size=0, max_size=3))
    path = tmp_path / "fuzz.ndjson"
    path.write_bytes(bytes(line) + b"\n" + lines[0])
    _must_only_raise_ingest_error(path)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats()
    | st.text(max_size=8) | st.sampled_from(["2015-01-01T12:00:00Z", "opened", "closed", "a/b"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["id", "login", "name", "number", "user", "action", "merged",
                         "merged_by", "in_reply_to_id", "created_at", "labels", "title",
                         "body", "ref_type", "state", "review", "comment", "issue",
                         "pull_request", "release", "member", "forkee", "pull_request"]),
        inner, max_size=5),
    max_leaves=12,
)
_TYPES = ["IssuesEvent", "IssueCommentEvent", "PullRequestEvent", "PullRequestReviewEvent",
          "PullRequestReviewCommentEvent", "CommitCommentEvent", "WatchEvent", "ForkEvent",
          "ReleaseEvent", "MemberEvent", "PushEvent", "GollumEvent", "CreateEvent", "Nope"]


@given(
    type_=st.sampled_from(_TYPES), payload=_JSON, actor=_JSON, repo=_JSON,
    created=st.one_of(st.just("2015-01-01T12:00:00Z"), _JSON),
)
@settings(max_examples=100, deadline=None, suppress_health_check=_FN)
def test_fuzz_structured_envelopes(
    tmp_path: Path, type_: str, payload: Any, actor: Any, repo: Any, created: Any
) -> None:
    ev = {"id": "1", "type": type_, "actor": actor, "repo": repo, "payload": payload,
          "created_at": created}
    ok = {"id": "2", "type": type_, "actor": {"id": 1, "login": "a"},
          "repo": {"id": 2, "name": "a/b"}, "payload": payload, "created_at": created}
    path = tmp_path / "fuzz.ndjson"
    path.write_text(json.dumps(ev) + "\n" + json.dumps(ok) + "\n")
    _must_only_raise_ingest_error(path)


def _paths(obj: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    if isinstance(obj, dict) and len(prefix) < 4:
        for key, value in obj.items():
            out.append((*prefix, key))
            out.extend(_paths(value, (*prefix, key)))
    return out


_DOCS: list[Any] = []


def _docs() -> list[Any]:
    """One real GH Archive event of each type and every real webhook payload."""
    if not _DOCS:
        _DOCS.extend(json.loads(line) for line in _sample_lines())
        _DOCS.extend(json.loads(p.read_text()) for p in sorted((SHARED / WEBHOOKS).glob("*.json")))
    return _DOCS


@given(data=st.data())
@settings(max_examples=100, deadline=None, suppress_health_check=_FN)
def test_fuzz_real_documents_with_replaced_fields(tmp_path: Path, data: st.DataObject) -> None:
    doc = json.loads(json.dumps(data.draw(st.sampled_from(_docs()))))
    for path in data.draw(st.lists(st.sampled_from(_paths(doc)), min_size=1, max_size=3)):
        target = doc
        try:
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = data.draw(_JSON)
        except (KeyError, TypeError):
            continue  # an earlier replacement removed this path
    file = tmp_path / "fuzz.json"
    file.write_text(json.dumps(doc))
    _must_only_raise_ingest_error(file)
