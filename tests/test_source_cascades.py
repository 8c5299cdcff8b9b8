"""The diffusion-cascades adapter: the android / christianity benchmarks and bad input."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swaylens.errors import IngestError
from swaylens.sources.base import Sink
from swaylens.sources.cascades import CascadesSource, parse_cascade, parse_edge
from swaylens.warehouse import Warehouse

FIXTURES = Path(__file__).parent / "fixtures" / "cascades"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

#: The numbers /work/shared/data/README.md states: cascades, adoptions, users, edges.
README = {
    "android": (679, 28_343, 2_925, 48_573),
    "christianity": (589, 14_738, 1_645, 35_624),
}


def rows(path: Path, *, skip_bad: bool = False, **options: Any) -> dict[str, list[dict[str, Any]]]:
    """Read a folder with a bare Sink into plain rows per table."""
    tables: dict[str, list[pa.Table]] = {}
    sink = Sink(lambda t, b: tables.setdefault(t, []).append(b), file=path, skip_bad=skip_bad)
    CascadesSource(**options).read(path, sink)
    sink.close()
    return {t: [r for b in bs for r in b.to_pylist()] for t, bs in tables.items()}


def count_raw(folder: Path) -> tuple[int, int, set[str], int]:
    """Cascades, adoptions, adopters and edges counted straight from the text."""
    lines = [ln for ln in (folder / "cascades.txt").read_text().splitlines() if ln.strip()]
    # Every "user ts" item, the root's included, ends with a comma.
    adoptions = sum(ln.count(",") for ln in lines)
    adopters = {m for ln in lines for m in re.findall(r"(\d+) \d+,", ln)}
    edges = sum(1 for ln in (folder / "edges.txt").read_text().splitlines() if ln.strip())
    return len(lines), adoptions, adopters, edges


@pytest.mark.parametrize("name", sorted(README))
def test_benchmark_counts(wh: Warehouse, shared: Path, name: str) -> None:
    folder = shared / "cascades" / name
    n_cascades, n_adoptions, adopters, n_edges = count_raw(folder)
    assert (n_cascades, n_adoptions, len(adopters), n_edges) == README[name]

    report = wh.ingest("cascades", [folder])
    c = f"community = '{name}'"
    assert report.added["contents"] == n_cascades
    assert report.added["events"] == n_adoptions + n_cascades + n_edges
    assert wh.count("contents", f"{c} AND kind = 'cascade'") == n_cascades
    assert wh.count("events", f"{c} AND kind = 'adopt'") == n_adoptions
    assert wh.count("events", f"{c} AND kind = 'post'") == n_cascades
    assert wh.count("events", f"{c} AND kind = 'follow' AND subkind = 'edge'") == n_edges
    got = wh.sql(
        f"SELECT DISTINCT actor FROM events WHERE {c} AND kind = 'adopt'"
    ).fetchall()
    assert {a for (a,) in got} == {f"cascades:id:{name}/{u}" for u in adopters}
    # Every adopt event points at its cascade and the cascade's root.
    assert wh.count(
        "events e JOIN contents k ON e.target_content = k.content_id",
        f"e.{c} AND e.kind = 'adopt' AND e.target_person = k.author",
    ) == n_adoptions

    again = wh.ingest("cascades", [folder])
    assert all(v == 0 for v in again.added.values())


def test_android_first_cascade_and_edge(wh: Warehouse, shared: Path) -> None:
    folder = shared / "cascades" / "android"
    first = (folder / "cascades.txt").read_text().splitlines()[0]
    root, user, ts = first.split(",")[0].split()
    second_user, second_ts = first.split(",")[1].split()
    u, v = (folder / "edges.txt").read_text().splitlines()[0].split(",")
    wh.ingest("cascades", [folder])

    person = "cascades:id:android/"
    k = wh.sql(
        "SELECT author, created_at, community FROM contents WHERE source_id = 'android/cascade/1'"
    ).fetchall()
    assert k == [(person + root, EPOCH + timedelta(seconds=int(ts)), "android")]
    events = wh.sql(
        "SELECT source_id, kind, actor, target_person, target_content, ts FROM events"
        " WHERE source_id LIKE 'android/cascade/1/%' ORDER BY ts, source_id LIMIT 3"
    ).fetchall()
    cid = "cascades:android/cascade/1"
    assert events == [
        ("android/cascade/1/adopt/1", "adopt", person + user, person + root, cid,
         EPOCH + timedelta(seconds=int(ts))),
        ("android/cascade/1/post", "post", person + root, None, cid,
         EPOCH + timedelta(seconds=int(ts))),
        ("android/cascade/1/adopt/2", "adopt", person + second_user, person + root, cid,
         EPOCH + timedelta(seconds=int(second_ts))),
    ]
    follow = wh.sql(
        "SELECT actor, target_person, ts FROM events WHERE source_id = ?",
        [f"android/edge/{u}/{v}"],
    ).fetchall()
    assert follow == [(person + u, person + v, EPOCH)]  # u follows v
    assert wh.sql(
        "SELECT value, source_id FROM identities WHERE identity_id = ?", [person + root]
    ).fetchall() == [(f"android/{root}", root)]


def test_two_benchmarks_do_not_share_users(wh: Warehouse, shared: Path) -> None:
    wh.ingest("cascades", [shared / "cascades/android", shared / "cascades/christianity"])
    both = wh.sql(
        "SELECT count(*) FROM identities WHERE value IN ('android/48', 'christianity/48')"
    ).fetchone()
    assert both == (2,)


# -- the small fixture --------------------------------------------------------------------------
def test_good_fixture_mapping() -> None:
    out = rows(FIXTURES / "good", network="diffusion", community="demo")
    (k1, k3) = sorted(out["contents"], key=lambda r: r["source_id"])
    assert k1["source_id"] == "demo/cascade/1" and k3["source_id"] == "demo/cascade/3"
    assert k1["author"] == "diffusion:id:demo/7" and k1["kind"] == "cascade"
    # Line 3 has no trailing comma; its earliest adoption is at 5 s.
    assert k3["created_at"] == EPOCH + timedelta(seconds=5)
    events = {e["source_id"]: e for e in out["events"]}
    assert [s for s in events if s.startswith("demo/cascade/3/")] == [
        "demo/cascade/3/post", "demo/cascade/3/adopt/1", "demo/cascade/3/adopt/2",
        "demo/cascade/3/adopt/3",
    ]
    # The root adopting its own cascade is kept as an adoption.
    assert events["demo/cascade/3/adopt/3"]["actor"] == "diffusion:id:demo/1"
    assert events["demo/cascade/1/adopt/3"]["ts"] == EPOCH + timedelta(seconds=400)
    follows = sorted(s for s, e in events.items() if e["kind"] == "follow")
    assert follows == ["demo/edge/1/7", "demo/edge/1/7#2", "demo/edge/2/7", "demo/edge/7/3"]
    assert {e["subkind"] for e in events.values() if e["kind"] == "follow"} == {"edge"}
    assert all(e["community"] == "demo" for e in events.values())


def test_progress_covers_the_folder(wh: Warehouse) -> None:
    seen: list[int] = []
    folder = FIXTURES / "good"
    wh.ingest("cascades", [folder], progress=lambda n, r, f: seen.append(n))
    assert sum(seen) == sum(p.stat().st_size for p in folder.iterdir())


def test_defaults_and_file_argument() -> None:
    out = rows(FIXTURES / "good" / "cascades.txt")  # the file itself names its folder
    assert {r["community"] for r in out["contents"]} == {"good"}
    assert {r["network"] for r in out["events"]} == {"cascades"}


@pytest.mark.parametrize(
    ("folder", "file", "line", "reason"),
    [
        ("no_cascades", None, None, "missing cascades.txt"),
        ("bad_ts", "cascades.txt", 2, "'1.5e3' in item 2 is not an integer"),
        ("odd_token", "cascades.txt", 2, "item 2 must be 'user ts', found 3"),
        ("no_root", "cascades.txt", 1, "first item must be 'root user ts'"),
        ("empty", "cascades.txt", None, "empty file"),
        ("not_utf8", "cascades.txt", 2, "not valid UTF-8"),
        ("bad_edge", "edges.txt", 2, "expected 'u,v', found 3"),
    ],
)
def test_bad_input(folder: str, file: str | None, line: int | None, reason: str) -> None:
    path = FIXTURES / folder
    with pytest.raises(IngestError) as exc:
        rows(path)
    assert exc.value.file == str(path / file if file else path)
    assert exc.value.line == line
    assert reason in exc.value.reason


def test_not_a_cascades_folder(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("x")
    with pytest.raises(IngestError, match="expected a folder"):
        rows(other)
    with pytest.raises(IngestError, match=r"missing cascades\.txt"):
        rows(tmp_path / "nowhere")


def test_skip_bad_records_and_goes_on(wh: Warehouse) -> None:
    report = wh.ingest("cascades", [FIXTURES / "bad_ts", FIXTURES / "bad_edge"], skip_bad=True)
    assert report.rejected == 2
    assert wh.count("contents") == 2  # bad_ts line 1 and bad_edge line 1
    assert wh.count("events", "kind = 'follow'") == 1
    assert sorted(wh.sql("SELECT file, location FROM rejects").fetchall()) == [
        (str(FIXTURES / "bad_edge" / "edges.txt"), "line 2, byte 4"),
        (str(FIXTURES / "bad_ts" / "cascades.txt"), "line 2, byte 15"),
    ]


def test_parsers() -> None:
    assert parse_cascade("158 244 48358445,2287 53292083,") == (
        "158", [("244", 48358445), ("2287", 53292083)]
    )
    assert parse_cascade("1 2 3") == ("1", [("2", 3)])
    assert "empty item 2" in str(parse_cascade("1 2 3,,4 5,"))
    assert "out of range" in str(parse_cascade("1 2 " + "9" * 30 + ","))
    assert "bad user id" in str(parse_cascade("1 2/3 5,"))
    assert parse_edge("1,2") == ("1", "2") and parse_edge("1 \t 2") == ("1", "2")
    assert "found 1" in str(parse_edge("12"))


# -- properties -------------------------------------------------------------------------------
_tok = st.sampled_from(["1", "22", "007", "x", "", "-3", "1.5", "é", "1e3", "9" * 25])
_item = st.lists(_tok, min_size=0, max_size=4).map(" ".join)
_cascade_line = st.one_of(
    st.lists(_item, min_size=1, max_size=5).map(",".join),
    st.just("158 244 48358445,2287 53292083,"),
    st.text(max_size=30),
).map(str.encode)
_edge_line = st.one_of(
    st.tuples(_tok, st.sampled_from([",", " ", ", ", ",,", ";"]), _tok).map("".join),
    st.text(max_size=10),
).map(str.encode)


@given(
    cascades=st.lists(st.one_of(_cascade_line, st.binary(max_size=12)), max_size=6),
    edges=st.one_of(st.none(), st.lists(st.one_of(_edge_line, st.binary(max_size=8)),
                                        max_size=6)),
    skip_bad=st.booleans(),
)
@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_mutated_folders_fail_cleanly(
    tmp_path: Path, cascades: list[bytes], edges: list[bytes] | None, skip_bad: bool
) -> None:
    folder = tmp_path / "set"
    folder.mkdir(exist_ok=True)
    (folder / "cascades.txt").write_bytes(b"\n".join(cascades))
    if edges is None:
        (folder / "edges.txt").unlink(missing_ok=True)
    else:
        (folder / "edges.txt").write_bytes(b"\n".join(edges))
    try:
        out = rows(folder, skip_bad=skip_bad)
    except IngestError:
        return
    adopts = sum(1 for e in out.get("events", []) if e["kind"] == "adopt")
    posts = sum(1 for e in out.get("events", []) if e["kind"] == "post")
    assert posts == len(out.get("contents", []))
    assert adopts >= posts
