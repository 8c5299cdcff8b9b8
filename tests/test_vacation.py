"""The vacation test: a person who goes quiet loses activity, not influence.

For the ten most influential people who acted in the 21 days before the snapshot date,
the counterfactual builder (:mod:`swaylens.scores.counterfactual`) writes the world in
which they did nothing in those days (their contents and actions removed, and everything
that hung from the removed contents), and both worlds are scored at the same date:

* activity must fall by at least the window's share of the person's decayed activity,
  computed here from the real world's events; for a person who was active evenly that
  share, and so the fall, is at least 50% (the last 21 days hold ``1 - 2^(-21/14)`` = 65%
  of a steady rate's decayed weight with activity's 14-day half-life);
* influence must move by no more than 5%, the counterfactual value must lie inside the
  real world's interval, and the real value inside the counterfactual's interval.

Run on the Cardano dump and on a synthetic data set.  The first tests check the builder
itself on hand-written rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from canonical import Rows
from swaylens.errors import WarehouseError
from swaylens.scores import Activity, Influence, snapshot
from swaylens.scores.counterfactual import counterfactual_of, without_activity
from swaylens.synth import generate
from swaylens.warehouse import Warehouse
from swaylens.warehouse.engines import connect

T0 = datetime(2024, 1, 1, tzinfo=UTC)
DAY = timedelta(days=1)
WINDOW = timedelta(days=21)
TOP = 10
MAX_INFLUENCE_CHANGE = 0.05
EVEN_FALL = 0.5

#: The synthetic data set of the vacation test: small enough for ten counterfactual worlds
#: in well under a minute, large enough for a real top ten (1,000 users).
SYNTH_EVENTS = 100_000
SYNTH_SEED = 5


def ids_of(wh: Warehouse, table: str) -> set[str]:
    key = "content_id" if table == "contents" else "event_id"
    return {str(r[0]) for r in wh.sql(f"SELECT {key} FROM {table}").fetchall()}


# -- the builder ------------------------------------------------------------------------------
def test_without_activity_removes_the_window_and_what_hangs_from_it(
    mem: Warehouse, tmp_path: Path
) -> None:
    r = Rows(mem)
    r.person("a", "a1", "a2")  # the person on vacation, with two identities
    r.person("b")
    r.person("c")
    start, end = T0 + 10 * DAY, T0 + 20 * DAY
    # Before the window: kept, with what others do to it in the window.
    _, old_post = r.question("old", "a1", T0)
    old_vote = r.event("reaction", None, T0 + 12 * DAY, person="a1", content="old")
    old_answer = r.answer("old_ans", "b", T0 + 11 * DAY, "old", "a1")
    # In the window, through both identities.
    _, q_post = r.question("q", "a1", T0 + 11 * DAY)
    ans_b = r.answer("ans_b", "b", T0 + 12 * DAY, "q", "a1")  # answer to a removed question
    com_c = r.comment("com_c", "c", T0 + 13 * DAY, "ans_b", "b", "q")  # depth 2
    vote_b = r.event("reaction", None, T0 + 25 * DAY, person="b", content="ans_b")
    accept = r.event("accept", "a2", T0 + 14 * DAY, person="b", content="ans_b")
    ans_a = r.answer("ans_a", "a2", T0 + 15 * DAY, "bq", "b")
    r.content("bq", "b", T0 + 5 * DAY)  # b's question: a's answer to it goes, it stays
    b_post = r.event("post", "b", T0 + 5 * DAY, content="bq")
    com_on_a = r.comment("com_on_a", "c", T0 + 30 * DAY, "ans_a", "a2", "bq")  # after end
    com2 = r.comment("com2", "b", T0 + 31 * DAY, "com_on_a", "c", "bq")  # depth 2
    a_vote = r.event("reaction", "a1", T0 + 16 * DAY, person="b", content="bq")
    a_follow = r.event("follow", "a2", T0 + 17 * DAY, person="c")
    c_follow = r.event("follow", "c", T0 + 17 * DAY, person="a1")  # others' act: kept
    # On the boundaries: start is excluded, end included.
    _, at_start = r.question("at_start", "a1", start)
    _, at_end = r.question("at_end", "a1", end)
    # After the window: the person is back.
    _, later = r.question("later", "a1", T0 + 21 * DAY)
    later_vote = r.event("reaction", "a2", T0 + 22 * DAY, person="b", content="bq")

    cf = without_activity(mem, tmp_path / "cf.duckdb", "a", start, end)
    kept = ids_of(cf, "events")
    try:
        assert ids_of(cf, "contents") == {"old", "old_ans", "bq", "at_start", "later"}
        assert ids_of(cf, "events") == {
            old_post, old_vote, old_answer, b_post, c_follow, at_start, later, later_vote,
        }
        gone = {q_post, ans_b, com_c, vote_b, accept, ans_a, com_on_a, com2, a_vote,
                a_follow, at_end}
        assert ids_of(mem, "events") == ids_of(cf, "events") | gone
        # Identities and persons are untouched, and the source is unchanged.
        for table in ("identities", "persons"):
            assert cf.count(table) == mem.count(table)
        assert mem.count("contents") == 12
        info = counterfactual_of(cf)
        assert info is not None
        assert info.identities == ["a1", "a2"]
        assert (info.own_contents, info.dependent_contents) == (3, 4)
        assert info.events == len(gone)
        assert info.depth == 2  # com2 hangs from com_on_a, which hangs from ans_a
        assert counterfactual_of(mem) is None
    finally:
        cf.close()

    # An identity reference takes the whole person; a read-only source works.
    path = tmp_path / "src.duckdb"
    mem.sql(f"ATTACH '{path}' AS src")
    for table in ("identities", "persons", "contents", "events"):
        mem.sql(f"CREATE TABLE src.{table} AS SELECT * FROM {table}")
    mem.sql("CREATE TABLE src.swaylens_meta AS SELECT * FROM swaylens_meta")
    mem.sql("DETACH src")
    with Warehouse(path, read_only=True) as ro:
        cf2 = without_activity(ro, tmp_path / "cf2.duckdb", "a2", start, end)
        try:
            assert ids_of(cf2, "events") == kept
        finally:
            cf2.close()


def test_without_activity_checks_its_arguments(mem: Warehouse, tmp_path: Path) -> None:
    Rows(mem).person("a")
    existing = tmp_path / "there.duckdb"
    existing.touch()
    with pytest.raises(WarehouseError, match="new file"):
        without_activity(mem, existing, "a", T0, T0 + DAY)
    with pytest.raises(WarehouseError, match="empty window"):
        without_activity(mem, tmp_path / "x.duckdb", "a", T0, T0)
    with pytest.raises(WarehouseError, match="unknown"):
        without_activity(mem, tmp_path / "y.duckdb", "nobody", T0, T0 + DAY)
    assert not (tmp_path / "x.duckdb").exists() and not (tmp_path / "y.duckdb").exists()


# -- the vacation property ------------------------------------------------------------------
@dataclass
class Vacation:
    """One person's numbers in the real and the counterfactual world."""

    person: str
    share: float  # window's share of the person's decayed activity (real world)
    even: bool
    activity: float
    activity_cf: float
    influence: float
    low: float
    high: float
    influence_cf: float
    low_cf: float
    high_cf: float
    factors: dict[str, tuple[float, float]]  # influence's pieces, real -> counterfactual

    @property
    def fall(self) -> float:
        return 1.0 - self.activity_cf / self.activity

    @property
    def change(self) -> float:
        return self.influence_cf / self.influence - 1.0

    @property
    def inside(self) -> bool:
        return (
            self.low <= self.influence_cf <= self.high
            and self.low_cf <= self.influence <= self.high_cf
        )

    def line(self) -> str:
        moved = ", ".join(f"{k} {a:.3f}->{b:.3f}" for k, a, b in self._moved())
        return (
            f"{self.person}: activity fall {self.fall:.3f} (share {self.share:.3f},"
            f" {'even' if self.even else 'uneven'}); influence {self.influence:.4f}"
            f" [{self.low:.4f}, {self.high:.4f}] -> {self.influence_cf:.4f}"
            f" [{self.low_cf:.4f}, {self.high_cf:.4f}] ({self.change:+.2%},"
            f" {'inside' if self.inside else 'OUTSIDE'}); {moved}"
        )

    def _moved(self) -> list[tuple[str, float, float]]:
        return [(k, a, b) for k, (a, b) in self.factors.items() if abs(a - b) > 5e-4]


def _weights_sql() -> str:
    weights = Activity().weights
    return " ".join(f"WHEN '{k}' THEN {float(v)!r}" for k, v in sorted(weights.items()))


def _own_actions(as_of: datetime) -> str:
    """Each person's weighted actions up to ``as_of``: person_id, ts, w, d (decay)."""
    half = Activity().half_life_days
    return f"""
        SELECT i.person_id, e.ts, (CASE e.kind {_weights_sql()} ELSE 0.0 END) AS w,
               pow(2.0, -(epoch_ms(TIMESTAMPTZ '{as_of.isoformat()}') - epoch_ms(e.ts))
                        / 86400000.0 / {half!r}) AS d
        FROM events e JOIN identities i ON i.identity_id = e.actor
        WHERE e.ts <= TIMESTAMPTZ '{as_of.isoformat()}'
    """


def active_top(wh: Warehouse, as_of: datetime, n: int = TOP) -> list[tuple[str, float, bool]]:
    """The ``n`` most influential persons with a weighted action in the window.

    With each: the window's share of their decayed activity and whether they were active
    evenly, i.e. in each of the window's three weeks, and with at least a third of their
    weighted actions of the last 63 days (three windows) in the window (no slowing down).
    """
    start = as_of - WINDOW
    q = f"""
    WITH own AS ({_own_actions(as_of)}),
    per AS (
        SELECT person_id,
               sum(w * d) FILTER (WHERE ts > $start) / sum(w * d) AS share,
               count(DISTINCT floor((epoch_ms($as_of) - epoch_ms(ts)) / 604800000.0))
                   FILTER (WHERE ts > $start AND w > 0) AS weeks,
               sum(w) FILTER (WHERE ts > $start) AS in_window,
               sum(w) FILTER (WHERE ts > $as_of - INTERVAL 63 DAY) AS in_63
        FROM own GROUP BY 1
        HAVING count(*) FILTER (WHERE ts > $start AND w > 0) > 0
    )
    SELECT p.person_id, p.share, p.weeks = 3 AND p.in_window >= p.in_63 / 3.0
    FROM per p JOIN score_snapshots s ON s.person_id = p.person_id
    WHERE s.score = 'influence' AND s.as_of = $as_of
    ORDER BY s.value DESC, p.person_id
    LIMIT {int(n)}
    """
    rows = wh.con.execute(q, {"start": start, "as_of": as_of}).fetchall()
    return [(str(p), float(share), bool(even)) for p, share, even in rows]


def scored(wh: Warehouse, as_of: datetime) -> None:
    engine = connect("duckdb", warehouse=wh)
    try:
        snapshot(engine, [Activity(), Influence()], as_of)
    finally:
        engine.close()


def row(wh: Warehouse, person: str, score: str, as_of: datetime) -> tuple[Any, ...]:
    got = wh.sql(
        "SELECT value, low, high, components FROM score_snapshots_json"
        " WHERE as_of = ? AND score = ? AND person_id = ?",
        [as_of, score, person],
    ).fetchone()
    assert got is not None, (person, score)
    return tuple(got)


def vacations(wh: Warehouse, tmp: Path, as_of: datetime) -> list[Vacation]:
    """Score the real world, pick the active top ten, score each one's vacation."""
    scored(wh, as_of)
    top = active_top(wh, as_of)
    assert len(top) == TOP
    out = []
    for k, (person, share, even) in enumerate(top):
        cf = without_activity(wh, tmp / f"vacation-{k}.duckdb", person, as_of - WINDOW, as_of)
        try:
            scored(cf, as_of)
            a0, a1 = row(wh, person, "activity", as_of), row(cf, person, "activity", as_of)
            i0, i1 = row(wh, person, "influence", as_of), row(cf, person, "influence", as_of)
        finally:
            cf.close()
        c0, c1 = json.loads(i0[3]), json.loads(i1[3])
        out.append(
            Vacation(
                person=person, share=share, even=even,
                activity=a0[0], activity_cf=a1[0],
                influence=i0[0], low=i0[1], high=i0[2],
                influence_cf=i1[0], low_cf=i1[1], high_cf=i1[2],
                factors={k: (float(c0[k]), float(c1[k])) for k in sorted(c0)
                         if k.startswith("f_")},
            )
        )
    return out


def check(cases: Sequence[Vacation]) -> None:
    report = "\n".join(c.line() for c in cases)
    print("\n" + report)
    problems = []
    for c in cases:
        assert c.activity > 0 and c.influence > 0, c.line()
        if c.fall < c.share - 1e-9:
            problems.append(f"{c.person}: activity fell {c.fall:.3f} < share {c.share:.3f}")
        if c.even and c.fall < EVEN_FALL:
            problems.append(f"{c.person}: active evenly, activity fell only {c.fall:.3f}")
        if abs(c.change) > MAX_INFLUENCE_CHANGE:
            problems.append(f"{c.person}: influence moved {c.change:+.2%}")
        if not c.inside:
            problems.append(f"{c.person}: influence left its interval")
    assert not problems, "\n".join(problems) + "\n\nall persons:\n" + report


def end_of_data(wh: Warehouse) -> datetime:
    """The snapshot date: the newest event, as ``Warehouse.score`` defaults to."""
    got = wh.sql("SELECT max(ts) FROM events").fetchone()
    assert got is not None and got[0] is not None
    return got[0].astimezone(UTC)  # type: ignore[no-any-return]


@pytest.mark.slow
def test_vacation_on_cardano(cardano: Warehouse, tmp_path: Path) -> None:
    # The dump's end (2021-12-05, the day of its newest vote): the date it is scored at by
    # default, with 229 persons acting in the 21 days before it.
    as_of = end_of_data(cardano)
    check(vacations(cardano, tmp_path, as_of))


@pytest.fixture(scope="module")
def synth_small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    out = tmp_path_factory.mktemp("synth-vacation")
    generate(out, SYNTH_EVENTS, seed=SYNTH_SEED)
    w = Warehouse(out / "synth.duckdb")
    w.ingest("table", [out / "identities.parquet", out / "contents", out / "events"])
    yield w
    w.close()


@pytest.mark.slow
def test_vacation_on_synth(synth_small: Warehouse, tmp_path: Path) -> None:
    check(vacations(synth_small, tmp_path, end_of_data(synth_small)))
