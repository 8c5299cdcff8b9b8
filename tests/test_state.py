"""Score state: an incremental snapshot equals the full one, and a state is used only when
it is exact (``swaylens.scores.state``).

Everything runs on a real DuckDB warehouse holding the real Cardano dump: a snapshot
builds the state, a later one advances it by the events since, and the result is
compared, value, percentile, interval and components, with the same date computed from
every event (``incremental=False``).
"""

from __future__ import annotations

import itertools
import json
import math
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from swaylens.scores import (
    SCORES,
    Engagement,
    Influence,
    Reach,
    Resonance,
    Score,
    snapshot,
)
from swaylens.scores.state import STATES_TABLE
from swaylens.warehouse import Warehouse
from swaylens.warehouse.engines import connect

#: The scores that keep state (the others compute from the events every time).
STATEFUL: tuple[str, ...] = (
    "activity", "reach", "engagement", "expertise", "authority", "resonance", "influence",
)

#: Scores that keep state with parameters other than their defaults.
#: (A 30-day window on Cardano's seven months makes the look-back of selectivity bind.)
OPTIONS: dict[str, Callable[[], Score]] = {
    "resonance-30d": lambda: Resonance(window_days=30),
    # T2 to T3 is longer than the window: every pair counted at T2 leaves it.
    "reach-30d": lambda: Reach(window_days=30),
}


def _score(label: str) -> Score:
    return OPTIONS[label]() if label in OPTIONS else SCORES[label]()

T1 = datetime(2021, 9, 1, tzinfo=UTC)
#: Not a whole number of days after T1, so windows and decays do not line up.
T2 = datetime(2021, 9, 8, 13, 5, 17, tzinfo=UTC)
T3 = datetime(2021, 11, 30, 7, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def base(cardano: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A checkpointed copy of the Cardano warehouse, copied again by each test."""
    cardano.con.execute("CHECKPOINT")
    path = tmp_path_factory.mktemp("state") / "base.duckdb"
    shutil.copy(cardano.path, path)
    return path


@pytest.fixture
def wh(base: Path, tmp_path: Path) -> Iterator[Warehouse]:
    path = tmp_path / "w.duckdb"
    shutil.copy(base, path)
    w = Warehouse(path)
    yield w
    w.close()


def _rows(wh: Warehouse, as_of: datetime, names: list[str]) -> dict[tuple[str, str], Any]:
    marks = ", ".join("?" for _ in names)
    got = wh.con.execute(
        "SELECT score, person_id, value, percentile, low, high, components::VARCHAR"
        f" FROM score_snapshots_json WHERE as_of = ? AND score IN ({marks}) AND network IS NULL",
        [as_of, *names],
    ).fetchall()
    return {(r[0], r[1]): r[2:] for r in got}


def _topic_rows(wh: Warehouse, as_of: datetime, names: list[str]) -> dict[tuple[str, ...], Any]:
    marks = ", ".join("?" for _ in names)
    got = wh.con.execute(
        "SELECT score, person_id, topic, value, percentile, low, high, components::VARCHAR"
        f" FROM topic_snapshots_json WHERE as_of = ? AND score IN ({marks}) AND network IS NULL",
        [as_of, *names],
    ).fetchall()
    return {(r[0], r[1], r[2]): r[3:] for r in got}


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    return bool(a == b)


def assert_same(inc: dict[Any, Any], full: dict[Any, Any]) -> None:
    """Same keys; values, intervals and components within float tolerance, percentiles
    equal."""
    assert inc.keys() == full.keys()
    assert inc, "nothing was stored"
    bad = []
    for k, a in inc.items():
        b = full[k]
        same = all(_close(x, y) for x, y in zip(a[:-1], b[:-1], strict=True))
        same = same and _close(json.loads(a[-1] or "{}"), json.loads(b[-1] or "{}"))
        if not same:
            bad.append((k, a, b))
    assert not bad, f"{len(bad)} rows differ, e.g. {bad[:3]}"


def _states(wh: Warehouse) -> dict[str, tuple[datetime, datetime, bool]]:
    """Every stored state by its name (and, for states of one name with other
    parameters, ``name/key``): watermark, ref, stale."""
    rows = wh.con.execute(
        f"SELECT name, key, watermark, ref, stale FROM {STATES_TABLE} WHERE network IS NULL"
        " ORDER BY key"
    ).fetchall()
    out: dict[str, tuple[datetime, datetime, bool]] = {}
    for name, key, *rest in rows:
        out[name if name not in out else f"{name}/{key}"] = (rest[0], rest[1], rest[2])
    return out


def _snap(wh: Warehouse, labels: list[str], as_of: datetime, *, incremental: bool = True) -> None:
    with connect("duckdb", warehouse=wh) as e:
        snapshot(e, [_score(n) for n in labels], as_of, incremental=incremental)


@pytest.mark.parametrize("name", [*STATEFUL, *OPTIONS])
def test_incremental_snapshot_equals_full(wh: Warehouse, name: str) -> None:
    """T1 builds the state, T2 advances it, and T3 advances the state rebuilt at T2; each
    equals the same date from scratch."""
    labels = [name]
    names = [_score(name).name]
    _snap(wh, labels, T1)
    built = _states(wh)
    assert built and all(w == T1 and ref == T1 for w, ref, _ in built.values())
    for t in (T2, T3):
        _snap(wh, labels, t)
        st = _states(wh)
        assert all(w == t and ref < t for w, ref, _ in st.values()), (
            f"a state was not advanced: {st}"
        )
        inc, inc_topics = _rows(wh, t, names), _topic_rows(wh, t, names)
        _snap(wh, labels, t, incremental=False)
        assert all(ref == t for _, ref, _ in _states(wh).values())  # rebuilt
        assert_same(inc, _rows(wh, t, names))
        assert_same(inc_topics, _topic_rows(wh, t, names)) if inc_topics else None


def test_all_stateful_scores_in_one_snapshot(wh: Warehouse) -> None:
    names = list(STATEFUL)
    _snap(wh, names, T1)
    _snap(wh, names, T2)
    inc = _rows(wh, T2, names)
    _snap(wh, names, T2, incremental=False)
    assert_same(inc, _rows(wh, T2, names))


def test_a_look_back_behind_the_shared_responses_state_advances_exactly(
    wh: Warehouse,
) -> None:
    """Resonance and influence keep one responses state (posts, pairs) and their sums per
    look-back.  Influence's sums, left at T1 while resonance moved the shared state to T2,
    advance to T3 by the pairs added since T1, and equal the full computation."""
    _snap(wh, ["resonance-30d", "influence"], T1)
    st = _states(wh)
    assert [k for k in st if k.startswith("responses")] == ["responses"]  # one, shared
    assert len([k for k in st if k.startswith("response-sums")]) == 2
    _snap(wh, ["resonance-30d"], T2)
    st = _states(wh)
    assert st["responses"][0] == T2
    assert sorted(w for k, (w, _, _) in st.items() if k.startswith("response-sums")) == [
        T1, T2
    ]
    _same(wh, ["influence"], T3)


def test_responders_counts_are_kept(wh: Warehouse) -> None:
    """With no look-back (influence's sums) the state keeps each responder's count of
    pairs, which a day adds to instead of reading their pairs; the advanced state gives
    the full computation's result."""
    _snap(wh, ["influence"], T1)
    row = wh.con.execute(
        f"SELECT parts::VARCHAR FROM {STATES_TABLE}"
        " WHERE name = 'response-sums' AND network IS NULL"
    ).fetchall()
    assert len(row) == 1
    parts = json.loads(row[0][0])
    # With influence's per-author rollup (authors, reached, seen).
    assert set(parts) == {"sums", "responders", "authors", "reached", "seen"}
    # Every named pair is counted once for its responder.
    counted = wh.con.execute(f"SELECT sum(n) FROM {parts['responders']}").fetchall()[0][0]
    named = wh.con.execute(f"SELECT sum(responders) FROM {parts['sums']}").fetchall()[0][0]
    assert counted == named > 0
    _snap(wh, ["influence"], T2)
    assert _states(wh)["response-sums"][:2] == (T2, T1)  # advanced, not rebuilt
    inc = _rows(wh, T2, ["influence"])
    _snap(wh, ["influence"], T2, incremental=False)
    assert_same(inc, _rows(wh, T2, ["influence"]))


class _EveryPost(Influence):
    """Influence whose per-author sums are read from every post's row each time, not from
    its kept rollup: what the rollup must equal."""

    def per_opportunity(
        self, engine: Any, as_of: datetime, *, kept_sums: bool = True
    ) -> Any:
        return super().per_opportunity(engine, as_of, kept_sums=False)


class _EveryPostResonance(Resonance):
    """Resonance whose per-author sums are read from every post's row each time, not from
    its kept rollup."""

    def per_person(self, engine: Any, as_of: datetime, *, kept_sums: bool = True) -> Any:
        return super().per_person(engine, as_of, kept_sums=False)


@pytest.mark.parametrize("window", [365.0, 30.0])
def test_resonance_rollup_equals_every_post(wh: Warehouse, window: float) -> None:
    """Resonance keeps per-author sums over the posts of its look-back: a post adds its
    values while it is in the look-back and takes them off when it leaves; a post whose
    responses moved adds its new values less its old ones.  Advanced from T1 to T2 and
    T3 (with a 30-day look-back, posts leave it), each equals summing every post's row."""
    _snap_scores(wh, [Resonance(window_days=window)], T1)
    for t in (T2, T3):
        _snap_scores(wh, [Resonance(window_days=window)], t)
        assert _states(wh)["response-sums"][:2] == (t, T1)  # advanced, not rebuilt
        kept = _rows(wh, t, ["resonance"])
        _snap_scores(wh, [_EveryPostResonance(window_days=window)], t)
        assert_same(kept, _rows(wh, t, ["resonance"]))


def _snap_scores(wh: Warehouse, scores: list[Score], as_of: datetime) -> None:
    with connect("duckdb", warehouse=wh) as e:
        snapshot(e, scores, as_of)


def test_influence_rollup_equals_every_post(wh: Warehouse) -> None:
    """Influence keeps per-author sums of its mature posts (decayed at ``ref``) and per
    (author, responder) weights, advanced by the posts whose sums moved, the posts that
    matured and the new pairs.  Built at T1 and advanced to T2 (new pairs, new anonymous
    votes, posts maturing), and then to T3, more than ``maturity_days`` later (new posts
    already mature), the result equals summing every post's row at that date."""
    _snap(wh, ["influence"], T1)
    for t in (T2, T3):
        _snap(wh, ["influence"], t)
        assert _states(wh)["response-sums"][:2] == (t, T1)  # advanced, not rebuilt
        kept = _rows(wh, t, ["influence"])
        with connect("duckdb", warehouse=wh) as e:
            snapshot(e, [_EveryPost()], t)
        assert_same(kept, _rows(wh, t, ["influence"]))


def test_a_state_of_another_layout_is_rebuilt(wh: Warehouse) -> None:
    """A state stored in a layout other than the one its score declares is rebuilt by
    the next snapshot, not advanced: here the responses and their sums as layout 1 kept
    them (posts without their number, sums keyed by the post's ``opp, day``, no
    responders' counts), and every other state as stored before layouts were recorded.
    The result equals the full computation."""
    _snap(wh, ["influence"], T1)
    rows = dict(wh.con.execute(
        f"SELECT name, parts::VARCHAR FROM {STATES_TABLE}"
        " WHERE name IN ('responses', 'response-sums') AND network IS NULL"
    ).fetchall())
    posts = json.loads(rows["responses"])["posts"]
    sums_parts = json.loads(rows["response-sums"])
    numbers = wh.con.execute(f"SELECT count(*), count(DISTINCT post), min(post) FROM {posts}")
    n, distinct, low = numbers.fetchall()[0]
    assert n == distinct > 0 and low == 0
    wh.con.execute(f"ALTER TABLE {posts} DROP COLUMN post")
    wh.con.execute(f"ALTER TABLE {sums_parts['sums']} RENAME COLUMN post TO opp")
    wh.con.execute(f"DROP TABLE {sums_parts.pop('responders')}")
    wh.con.execute(
        f"UPDATE {STATES_TABLE} SET parts = ?::JSON WHERE name = 'response-sums'",
        [json.dumps(sums_parts)],
    )
    wh.con.execute(
        f"UPDATE {STATES_TABLE} SET layout = CASE WHEN name IN"
        " ('responses', 'response-sums') THEN 1 ELSE NULL END"
    )
    _snap(wh, ["influence"], T2)
    st = _states(wh)
    assert len(st) > 2
    assert all(v[:2] == (T2, T2) for v in st.values()), st  # every state rebuilt
    inc = _rows(wh, T2, ["influence"])
    _snap(wh, ["influence"], T2, incremental=False)
    assert_same(inc, _rows(wh, T2, ["influence"]))


#: Every state's parts and their columns, per layout: ``SWAYLENS_UPDATE_SNAPSHOTS=1``
#: rewrites it, but never for a state whose columns changed while its layout did not.
LAYOUTS = Path(__file__).parent / "snapshots" / "state-layouts.json"


def test_each_layout_keeps_its_columns(wh: Warehouse) -> None:
    """A stored state is advanced only when its layout is the one its score declares, so
    a change to any part's columns must come with a new layout (else an old state would
    be read with the new columns).  This records the columns of every state's parts at
    its layout and fails when they change under the same layout."""
    _snap(wh, list(STATEFUL), T1)
    _snap(wh, list(OPTIONS), T1)
    got: dict[str, Any] = {}
    for name, params, layout, parts in wh.con.execute(
        f"SELECT name, params::VARCHAR, layout, parts::VARCHAR FROM {STATES_TABLE}"
        " WHERE network IS NULL ORDER BY name, params"
    ).fetchall():
        columns = {
            part: [f"{c} {t}" for c, t in wh.con.execute(
                "SELECT column_name, data_type FROM information_schema.columns"
                " WHERE table_name = ? AND table_schema = 'main' ORDER BY ordinal_position",
                [table],
            ).fetchall()]
            for part, table in sorted(json.loads(parts).items())
        }
        # Keyed by name: states of one name with other parameters share its layout
        # (with no look-back, the response sums have one more part).
        entry = got.setdefault(name, {"layout": layout, "parts": []})
        assert entry["layout"] == layout, (name, params)
        if columns not in entry["parts"]:
            entry["parts"] = sorted([*entry["parts"], columns], key=json.dumps)
    assert set(got) >= {"responses", "response-sums", "activity", "seen"}
    recorded = json.loads(LAYOUTS.read_text()) if LAYOUTS.exists() else {}
    moved = [k for k, v in got.items() if k in recorded
             and recorded[k]["layout"] == v["layout"] and recorded[k]["parts"] != v["parts"]]
    assert not moved, (
        f"the parts of {moved} changed under the same layout: declare the next layout"
        " in the score's kept(..., layout=) call"
    )
    # Written on a developer's first run; in CI a missing file is a failure.
    first_run = not LAYOUTS.exists() and not os.environ.get("CI")
    if os.environ.get("SWAYLENS_UPDATE_SNAPSHOTS") == "1" or first_run:
        LAYOUTS.write_text(json.dumps(got, indent=1, sort_keys=True) + "\n")
    assert got == json.loads(LAYOUTS.read_text()), (
        f"{LAYOUTS.name} changed; rerun with SWAYLENS_UPDATE_SNAPSHOTS=1 if that is intended"
    )


def test_a_build_stores_parts_in_their_order(wh: Warehouse) -> None:
    """Parts with an ``order`` (posts, pairs and sums by post number, expertise's
    contents and topics by creation) are stored in it by a build, and posts are
    numbered in time order, so that a day's reads of recent rows skip older row groups."""
    _snap(wh, ["resonance", "expertise"], T1)
    checked = []
    for name, parts in wh.con.execute(
        f"SELECT name, parts::VARCHAR FROM {STATES_TABLE} WHERE network IS NULL"
    ).fetchall():
        for part, table in json.loads(parts).items():
            col = {("responses", "posts"): "post", ("responses", "pairs"): "post",
                   ("response-sums", "sums"): "post", ("expertise", "contents"): "created_at",
                   ("expertise", "topics"): "created_at"}.get((name, part))
            if col is None:
                continue
            n, out_of_order = wh.con.execute(
                f"SELECT count(*), count(*) FILTER (WHERE prev > {col}) FROM (SELECT {col},"
                f" lag({col}) OVER (ORDER BY rowid) AS prev FROM {table})"
            ).fetchone() or (0, 0)
            assert n > 1000 and out_of_order == 0, (name, part, n, out_of_order)
            checked.append((name, part))
        if name == "responses":
            posts = json.loads(parts)["posts"]
            late = wh.con.execute(
                f"SELECT count(*) FROM (SELECT posted_at, lag(posted_at) OVER (ORDER BY post)"
                f" AS prev FROM {posts}) WHERE prev > posted_at"
            ).fetchone()
            assert late == (0,)
    assert len(checked) == 5, checked


def test_an_older_date_keeps_the_newer_state(wh: Warehouse) -> None:
    _snap(wh, ["activity"], T2)
    _snap(wh, ["activity"], T1)
    assert _states(wh)["activity"][0] == T2
    older = _rows(wh, T1, ["activity"])
    _snap(wh, ["activity"], T1, incremental=False)  # rebuilds the state at T1
    assert_same(older, _rows(wh, T1, ["activity"]))


def test_a_late_import_marks_the_state_stale(wh: Warehouse, tmp_path: Path) -> None:
    """Events dated before the watermark make the state stale in the ingest's own
    transaction; the next snapshot rebuilds it, and equals a full one."""
    _snap(wh, ["activity"], T2)
    assert not _states(wh)["activity"][2]
    late = tmp_path / "late.ndjson"
    row = wh.con.execute(
        "SELECT actor FROM events WHERE actor IS NOT NULL AND ts <= ? LIMIT 1", [T1]
    ).fetchall()[0]
    late.write_text(json.dumps({
        "event_id": "late-1", "network": "stackexchange", "source_id": "late-1",
        "kind": "post", "actor": row[0], "ts": (T1 - timedelta(days=3)).isoformat(),
    }) + "\n")
    wh.ingest("table", [late])
    assert _states(wh)["activity"][2], "a late event left the state usable"
    _snap(wh, ["activity"], T3)
    assert _states(wh)["activity"][1] == T3  # rebuilt, not advanced
    inc = _rows(wh, T3, ["activity"])
    _snap(wh, ["activity"], T3, incremental=False)
    assert_same(inc, _rows(wh, T3, ["activity"]))


def test_new_events_after_the_watermark_keep_the_state(wh: Warehouse, tmp_path: Path) -> None:
    _snap(wh, ["activity"], T1)
    late = tmp_path / "new.ndjson"
    actor = wh.con.execute(
        "SELECT actor FROM events WHERE actor IS NOT NULL LIMIT 1"
    ).fetchall()[0][0]
    late.write_text(json.dumps({
        "event_id": "new-1", "network": "stackexchange", "source_id": "new-1",
        "kind": "post", "actor": actor, "ts": (T1 + timedelta(hours=1)).isoformat(),
    }) + "\n")
    wh.ingest("table", [late])
    wh.ingest("table", [late])  # again: nothing new, nothing marked
    assert not _states(wh)["activity"][2]


def test_an_identity_merge_rebuilds_states(wh: Warehouse) -> None:
    """A state may keep per-person rows: once an identity changes person (a merge), it is
    rebuilt, and the result equals a full snapshot."""
    from swaylens.warehouse.identities import merge

    _snap(wh, ["activity"], T1)
    a, b = (r[0] for r in wh.con.execute(
        "SELECT actor, count(*) FROM events WHERE actor IS NOT NULL AND ts <= ?"
        " GROUP BY actor ORDER BY 2 DESC, 1 LIMIT 2", [T1]
    ).fetchall())
    merge(wh, [a, b], reason="test")
    _snap(wh, ["activity"], T2)
    assert _states(wh)["activity"][1] == T2  # rebuilt, not advanced
    inc = _rows(wh, T2, ["activity"])
    _snap(wh, ["activity"], T2, incremental=False)
    assert_same(inc, _rows(wh, T2, ["activity"]))


_CHILD = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timedelta
    from swaylens.scores import SCORES, Engagement, Influence, Resonance, Score, snapshot
    from swaylens.warehouse import Warehouse
    from swaylens.warehouse.engines import connect
    wh = Warehouse(sys.argv[1])
    t = datetime.fromisoformat(sys.argv[2])
    with connect("duckdb", warehouse=wh) as e:
        for day in range(400):
            snapshot(e, [SCORES[n]() for n in sys.argv[3].split(",")], t + timedelta(days=day))
            print(day, flush=True)
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("after", [0, 3, 7])
def test_kill_9_while_states_advance_leaves_them_exact(
    wh: Warehouse, after: int
) -> None:
    """SIGKILL a run of daily snapshots (each advancing the states) at some point; every
    state left behind is exact for its watermark: scoring that date from it equals
    scoring it from every event."""
    names = list(STATEFUL)
    _snap(wh, names, T1)
    path = wh.path
    wh.close()
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(path), (T1 + timedelta(hours=7)).isoformat(),
         ",".join(names)],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert child.stdout is not None
    for line in child.stdout:
        if int(line) >= after:
            time.sleep(random.Random(after).uniform(0.0, 0.05))
            os.kill(child.pid, signal.SIGKILL)
            break
    child.wait()
    assert child.returncode == -signal.SIGKILL, "the run ended before it was killed"
    with Warehouse(path) as w:
        marks = w.con.execute(f"SELECT watermark, stale FROM {STATES_TABLE}").fetchall()
        assert marks and not any(stale for _, stale in marks)
        # Each state advances from its own watermark to the newest one: if every state
        # left behind is exact, so is this snapshot.
        newest = max(m for m, _ in marks)
        assert newest > T1
        names = [_score(n).name for n in STATEFUL]
        _snap(w, list(STATEFUL), newest)
        kept = _rows(w, newest, names)
        _snap(w, list(STATEFUL), newest, incremental=False)
        assert_same(kept, _rows(w, newest, names))


def _ndjson(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, default=str) + "\n" for r in rows))
    return path


def _same(wh: Warehouse, names: list[str], t: datetime) -> None:
    """The snapshot at ``t`` (incremental) equals the same date from scratch."""
    _snap(wh, names, t)
    inc, inc_topics = _rows(wh, t, names), _topic_rows(wh, t, names)
    _snap(wh, names, t, incremental=False)
    assert_same(inc, _rows(wh, t, names))
    full_topics = _topic_rows(wh, t, names)
    if inc_topics or full_topics:  # influence has no per-topic rows
        assert_same(inc_topics, full_topics)


def test_a_late_identity_marks_the_state_stale(wh: Warehouse, tmp_path: Path) -> None:
    """Recognition by an identity not known yet counts as someone else's; when the identity
    arrives as one of the author's own (``same_as``), it becomes self-recognition, so the
    states that read it are stale."""
    author, content = wh.con.execute(
        "SELECT c.author, c.content_id FROM contents c JOIN identities i"
        " ON i.identity_id = c.author WHERE c.kind = 'question' AND c.created_at <= ?"
        " ORDER BY c.content_id LIMIT 1", [T1]
    ).fetchall()[0]
    _snap(wh, ["expertise"], T1)
    wh.ingest("table", [_ndjson(tmp_path / "events.ndjson", [{
        "event_id": f"late-vote-{i}", "network": "stackexchange", "source_id": f"lv-{i}",
        "kind": "reaction", "value": 1, "actor": "stackexchange:late-voter",
        "target_content": content, "ts": (T1 + timedelta(days=1, minutes=i)).isoformat(),
    } for i in range(5)])])
    _snap(wh, ["expertise"], T2)
    assert _states(wh)["expertise"][1] < T2  # advanced
    wh.ingest("table", [_ndjson(tmp_path / "identities.ndjson", [{
        "identity_id": "stackexchange:late-voter", "network": "stackexchange",
        "kind": "id", "value": "late-voter", "same_as": [author],
    }])])
    assert _states(wh)["expertise"][2], "a late identity left the state usable"
    _same(wh, ["expertise"], T3)


def test_a_root_created_after_its_reply_gives_its_topics(
    wh: Warehouse, tmp_path: Path
) -> None:
    """A reply kept by the state inherits the tags of a root created after it (a clock's
    skew), with all its recognition (before the watermark and since), and a vote dated
    before the root existed counts once it does: in expertise, and in engagement, whose
    kept actions gain the root's topic (both in one snapshot, which finds the root's
    older replies once for the two)."""
    author = wh.con.execute(
        "SELECT author FROM contents WHERE kind = 'answer' AND author IS NOT NULL"
        " ORDER BY content_id LIMIT 1"
    ).fetchall()[0][0]
    voter = wh.con.execute(
        "SELECT identity_id FROM identities WHERE identity_id <> ? ORDER BY 1 LIMIT 1",
        [author],
    ).fetchall()[0][0]
    base = {"network": "stackexchange", "author": author, "community": "cardano"}
    wh.ingest("table", [_ndjson(tmp_path / "contents.ndjson", [
        {**base, "content_id": "skew/answer", "source_id": "skew-a", "kind": "answer",
         "root_id": "skew/question", "created_at": (T1 - timedelta(hours=1)).isoformat()},
        {**base, "content_id": "skew/question", "source_id": "skew-q", "kind": "question",
         "root_id": "skew/question", "tags": ["skewtopic"],
         "created_at": (T1 + timedelta(hours=2)).isoformat()},
    ])])
    votes = [("skew/question", T1 - timedelta(hours=3)),
             ("skew/answer", T1 - timedelta(minutes=30)),
             ("skew/answer", T1 + timedelta(days=1))]
    wh.ingest("table", [_ndjson(tmp_path / "events.ndjson", [{
        "event_id": f"skew-vote-{i}", "network": "stackexchange", "source_id": f"skew-{i}",
        "kind": "reaction", "value": 1, "actor": voter, "target_content": target,
        "ts": ts.isoformat(),
    } for i, (target, ts) in enumerate(votes)])])
    _snap(wh, ["expertise", "engagement"], T1)
    _same(wh, ["expertise", "engagement"], T2)
    # The voter's two actions before T1 (on the question, and on the answer that
    # inherits its tag) count in the topic from T2 on, from the kept state.
    acted = wh.con.execute(
        "SELECT components::VARCHAR FROM topic_snapshots_json t JOIN identities i"
        " ON i.person_id = t.person_id WHERE t.as_of = ? AND t.score = 'engagement'"
        " AND t.topic = 'skewtopic' AND i.identity_id = ?", [T2, voter]
    ).fetchall()
    assert len(acted) == 1
    w = Engagement().weights["reaction"]
    assert json.loads(acted[0][0])["actions_30d"] == pytest.approx(3 * w)
    got = wh.con.execute(
        "SELECT components::VARCHAR FROM topic_snapshots_json WHERE as_of = ?"
        " AND score = 'expertise' AND topic = 'skewtopic'", [T2]
    ).fetchall()
    assert len(got) == 1
    # The question (1 vote) and the answer (2 votes, one before T1 and one after).
    parts = json.loads(got[0][0])
    assert parts["n"] == 2 and parts["recognition"] == pytest.approx(3.0)


def test_expertise_with_maturity_advances_exactly(wh: Warehouse) -> None:
    """With ``maturity_days`` each content's weight depends on its age at ``as_of``: it is
    read from the kept creation time, so the advanced state still equals a full one."""
    from swaylens.scores.expertise import Expertise

    def snap(t: datetime, incremental: bool = True) -> None:
        with connect("duckdb", warehouse=wh) as e:
            snapshot(e, [Expertise(maturity_days=30.0)], t, incremental=incremental)

    snap(T1)
    snap(T2)
    assert _states(wh)["expertise"][1] == T1  # advanced
    inc, inc_topics = _rows(wh, T2, ["expertise"]), _topic_rows(wh, T2, ["expertise"])
    snap(T2, incremental=False)
    assert_same(inc, _rows(wh, T2, ["expertise"]))
    assert_same(inc_topics, _topic_rows(wh, T2, ["expertise"]))


def test_states_not_read_by_the_newest_snapshot_are_listed_and_dropped(wh: Warehouse) -> None:
    """A state kept under parameters no snapshot uses any more is listed as unused and
    dropped by ``states --drop-unused`` (tables and registry row, nothing else); a later
    snapshot with those parameters builds it again and equals the full computation."""
    from typer.testing import CliRunner

    from swaylens.cli import app
    from swaylens.errors import WarehouseError
    from swaylens.scores import Activity, Authority

    _snap(wh, ["activity", "authority"], T1)
    first = {s["name"]: s for s in wh.states()}
    assert set(first) == {"activity", "authority", "seen"}
    assert all(s["used"] for s in first.values())
    assert all(sum(s["rows"].values()) > 0 for s in first.values())
    old = first["activity"]["key"]
    # The activity of the next snapshot has another half-life: another state.
    _snap_scores(wh, [Activity(half_life_days=7), Authority()], T2)
    listed = {s["key"]: s for s in wh.states()}
    assert [k for k, s in listed.items() if not s["used"]] == [old]
    assert listed[old]["watermark"] == T1.isoformat()
    tables = json.loads(wh.con.execute(
        f"SELECT parts::VARCHAR FROM {STATES_TABLE} WHERE key = ?", [old]
    ).fetchall()[0][0]).values()
    with pytest.raises(WarehouseError, match="no state with key nope"):
        wh.drop_states(["nope"])
    path = str(wh.path)
    wh.close()

    runner = CliRunner()
    got = runner.invoke(app, ["--db", path, "states", "--format", "json"])
    assert got.exit_code == 0, got.stderr
    assert {s["key"] for s in json.loads(got.stdout)} == set(listed)
    got = runner.invoke(app, ["--db", path, "states", "--drop-unused", "--format", "json"])
    assert got.exit_code == 0, got.stderr
    out = json.loads(got.stdout)
    assert [s["key"] for s in out["dropped"]] == [old]
    assert {s["key"] for s in out["states"]} == set(listed) - {old}

    with Warehouse(path) as w:
        left = {t for (t,) in w.con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()}
        assert not left & set(tables)
        # The default activity again: rebuilt from the events, same as a full snapshot.
        _snap(w, ["activity"], T3)
        st = {s["name"]: s for s in w.states() if s["used"]}
        assert st["activity"]["watermark"] == st["activity"]["ref"] == T3.isoformat()
        inc = _rows(w, T3, ["activity"])
        _snap(w, ["activity"], T3, incremental=False)
        assert_same(inc, _rows(w, T3, ["activity"]))


@pytest.fixture
def higgs(shared: Path, tmp_path: Path) -> Iterator[Warehouse]:
    """A warehouse of the Higgs activity log, one identity per person (each test writes
    its own states, so each gets its own)."""
    from swaylens.scores.base import one_identity_per_person

    w = Warehouse(tmp_path / "higgs.duckdb")
    try:
        w.ingest("snap", [shared / "twitter-higgs/higgs-activity_time.txt.gz"])
        with connect("duckdb", warehouse=w) as e:
            assert one_identity_per_person(e)
        yield w
    finally:
        w.close()


@pytest.mark.slow
def test_authority_kept_degrees_on_one_identity_per_person(higgs: Warehouse) -> None:
    """On Higgs (one identity per person) authority's nodes are the state's identity
    numbers, so the kept pairs are the edges and the degrees (out, in, engagers and the
    weight to those who engage back) are kept, not computed from the edges.  Advanced
    over days of real retweets, replies and mentions (pairs whose reverse appears later
    turn reciprocal), the result equals the full computation, and the kept degrees equal
    those summed from every kept pair."""
    w = higgs
    first = w.con.execute("SELECT min(ts) FROM events").fetchall()[0][0]
    days = [first + timedelta(days=d, hours=7, minutes=13) for d in (2, 3, 5)]
    _snap(w, ["authority"], days[0])
    for before, t in itertools.pairwise(days):
        _snap(w, ["authority"], t)
        # Advanced, not rebuilt (the full snapshot below rebuilds it at its date).
        assert _states(w)["authority"][:2] == (t, before)
        parts = json.loads(w.con.execute(
            f"SELECT parts::VARCHAR FROM {STATES_TABLE} WHERE name = 'authority'"
        ).fetchall()[0][0])
        kept_deg = {r[0]: r[1:] for r in w.con.execute(
            f"SELECT num, out_w, back_w, in_w, engagers FROM {parts['degrees']}"
            " WHERE out_w > 0 OR engagers > 0"
        ).fetchall()}
        summed = w.con.execute(f"""
            WITH p AS (SELECT * FROM {parts['pairs']} WHERE src <> dst),
            b AS (SELECT p.*, EXISTS (SELECT 1 FROM p q WHERE q.src = p.dst
                    AND q.dst = p.src) AS rev FROM p)
            SELECT num, sum(o), sum(bk), sum(i), sum(n) FROM (
              SELECT src AS num, w AS o, CASE WHEN rev THEN w ELSE 0 END AS bk,
                     0 AS i, 0 AS n FROM b
              UNION ALL SELECT dst, 0, 0, w, 1 FROM b) GROUP BY num""").fetchall()
        flags = w.con.execute(f"""
            SELECT count(*) FILTER (WHERE back = 1), count(*) FILTER (WHERE back <> (
              EXISTS (SELECT 1 FROM {parts['pairs']} q WHERE q.src = p.dst
                      AND q.dst = p.src))::INT) FROM {parts['pairs']} p""").fetchall()[0]
        assert flags[0] > 100 and flags[1] == 0, flags
        assert kept_deg.keys() == {r[0] for r in summed}
        for num, *x in summed:
            assert all(math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
                       for a, b in zip(kept_deg[num], x, strict=True)), (num, x)
        inc = _rows(w, t, ["authority"])
        _snap(w, ["authority"], t, incremental=False)
        assert_same(inc, _rows(w, t, ["authority"]))


@pytest.mark.slow
def test_reach_on_one_identity_per_person_advances_exactly(higgs: Warehouse) -> None:
    """On Higgs (one identity per person) reach keeps each (actor, target) pair as its
    person pair with no group by: advanced over days of real retweets, replies and
    mentions, with a 2-day window (so pairs leave it), it equals the full computation."""
    w = higgs
    first = w.con.execute("SELECT min(ts) FROM events").fetchall()[0][0]
    days = [first + timedelta(days=d, hours=7, minutes=13) for d in (2, 3, 5, 6)]

    def snap(t: datetime, incremental: bool = True) -> dict[tuple[str, str], Any]:
        with connect("duckdb", warehouse=w) as e:
            snapshot(e, [Reach(window_days=2.0)], t, incremental=incremental)
        return _rows(w, t, ["reach"])

    snap(days[0])
    for before, t in itertools.pairwise(days):
        inc = snap(t)
        assert _states(w)["reach"][:2] == (t, before)
        assert sum(1 for r in inc.values() if r[0] > 0) > 1000
        assert_same(inc, snap(t, incremental=False))


@pytest.mark.slow
def test_every_state_on_one_identity_per_person_advances_exactly(tmp_path: Path) -> None:
    """Synth has one identity per person (Cardano has two), so reach, engagement and
    authority keep their identity rows as person rows with no group by, and authority's
    nodes are the identity numbers.  Every stateful score, advanced over three days (the
    second step not a whole number of days), equals the full computation, per person and
    per topic."""
    from swaylens.scores.base import one_identity_per_person
    from swaylens.synth import generate

    end = datetime(2025, 6, 30, tzinfo=UTC)
    generate(tmp_path / "synth", 20_000, seed=5, end=end.isoformat(), days=120)
    w = Warehouse(tmp_path / "synth.duckdb")
    try:
        w.ingest("table", [tmp_path / "synth" / p
                           for p in ("identities.parquet", "contents", "events")])
        with connect("duckdb", warehouse=w) as e:
            assert one_identity_per_person(e)
        names = [_score(n).name for n in STATEFUL]
        days = [end - timedelta(days=9), end - timedelta(days=8),
                end - timedelta(days=5, hours=7), end]
        _snap(w, list(STATEFUL), days[0])
        for before, t in itertools.pairwise(days):
            _snap(w, list(STATEFUL), t)
            # Advanced from the state built (or rebuilt by the full snapshot) at before.
            assert all(s[:2] == (t, before) for s in _states(w).values()), _states(w)
            inc, inc_topics = _rows(w, t, names), _topic_rows(w, t, names)
            assert sum(1 for k, r in inc.items() if k[0] == "engagement" and r[0] > 0) > 50
            assert inc_topics
            _snap(w, list(STATEFUL), t, incremental=False)
            assert_same(inc, _rows(w, t, names))
            assert_same(inc_topics, _topic_rows(w, t, names))
    finally:
        w.close()
