"""Resonance's selectivity counted at response time (``selectivity="response"``).

A (post, responder) pair is weighed by the responder's ``R`` when they first responded to
that post, so that its weight is fixed once written: the property an incremental update
needs (docs/incremental.md).  Hand-built responses check the definition; Cardano checks
that DuckDB and Spark agree.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from canonical import Rows, scores_of
from swaylens.scores import Influence, Resonance, snapshot
from swaylens.scores.base import ScoreError
from swaylens.warehouse import Warehouse
from swaylens.warehouse.engines import connect

T0 = datetime(2024, 1, 1, tzinfo=UTC)
DAY = timedelta(days=1)


def w(r: int) -> float:
    """A named responder's weight for ``R = r``."""
    return 1.0 / math.log2(2 + r)


def build(rows: Rows) -> None:
    for p in ("a", "b", "c", "d"):
        rows.person(p)
    # c responds to q1, q2, q3 on days 1-3 (q1 again later), and to b's q0 400 days before.
    old = rows.post("q0", "b", T0 - 400 * DAY)
    rows.event("reaction", "c", T0 - 399 * DAY, person="b", content=old)
    for i in (1, 2, 3):
        q = rows.post(f"q{i}", "a", T0 + (i - 1) * DAY)
        rows.event("reaction", "c", T0 + i * DAY, person="a", content=q)
    rows.event("reaction", "c", T0 + 3 * DAY + timedelta(hours=1), person="a", content="q1")
    rows.event("reaction", "d", T0 + 3 * DAY, person="a", content="q3")
    rows.event("reaction", None, T0 + 3 * DAY, person="a", content="q2")  # anonymous


def test_each_pair_is_weighed_when_its_response_came(mem: Warehouse, rows: Rows) -> None:
    build(rows)
    as_of = T0 + 5 * DAY
    engine = connect("duckdb", warehouse=mem)
    for window in (365.0, None):
        # The pair 400 days back is inside the history only without a window.
        old = 0 if window else 1
        r = Resonance(prior_strength=2.0, window_days=window, selectivity="response")
        pp = {x["opp"]: x for x in engine.collect(r.per_post(engine, as_of)).to_pylist()}
        # c's first responses to q1, q2, q3 were its 1st, 2nd and 3rd in the window.
        assert pp["q1"]["success"] == pytest.approx(w(1 + old))
        assert pp["q2"]["success"] == pytest.approx(1 - (1 - w(2 + old)) * 0.5)
        assert pp["q3"]["success"] == pytest.approx(1 - (1 - w(3 + old)) * (1 - w(1)))
        # Counted at as_of, every pair of c has c's final R.
        ref = Resonance(prior_strength=2.0, window_days=window, selectivity="as_of")
        qq = {x["opp"]: x for x in engine.collect(ref.per_post(engine, as_of)).to_pylist()}
        assert qq["q1"]["success"] == pytest.approx(w(3 + old))
    got = scores_of(mem, Influence(selectivity="response"), as_of)
    assert got["a"]["value"] > 0


def test_selectivity_is_counted_at_response_time_by_default() -> None:
    assert Resonance().selectivity == Influence().selectivity == "response"


def test_selectivity_must_be_known() -> None:
    with pytest.raises(ScoreError, match="selectivity"):
        Resonance(selectivity="x")
    with pytest.raises(ScoreError, match="selectivity"):
        Influence(selectivity="x")


@pytest.mark.slow
def test_response_selectivity_on_both_engines(cardano: Warehouse, spark_session: Any) -> None:
    as_of = datetime(2021, 10, 1, tzinfo=UTC)
    scores = [Resonance(selectivity="response"), Influence(selectivity="response")]
    q = ("SELECT score, person_id, value, low, high FROM score_snapshots WHERE as_of = ?"
         " ORDER BY score, person_id")
    with connect("duckdb", warehouse=cardano) as duck_engine:
        counts = snapshot(duck_engine, scores, as_of)
    duck = cardano.sql(q, [as_of]).fetchall()
    with connect("spark", warehouse=cardano, spark_session=spark_session) as spark:
        assert snapshot(spark, scores, as_of) == counts
    sp = cardano.sql(q, [as_of]).fetchall()
    assert len(duck) == len(sp) and counts["resonance"] > 500
    for x, y in zip(duck, sp, strict=True):
        assert x[:2] == y[:2]
        for i in (2, 3, 4):
            assert y[i] == pytest.approx(x[i], rel=1e-9, abs=1e-12), x[:2]


def test_the_365_day_look_back_binds(mem: Warehouse, rows: Rows) -> None:
    """Data spanning more than a year: ``R`` at a response counts only the responder's
    pairs of the 365 days before it (resonance's window), however many came earlier.

    ``old`` responded to 40 posts 400-439 days before its response to ``x``; ``recent``
    to 40 posts 1-40 days before its response to ``y``.  Each of ``x`` and ``y`` has that
    one responder, so its success is that responder's weight.  ``edge`` responded to 40
    posts exactly 365 days before its response to ``z`` (outside ``(t - 365 d, t]``) and to
    one post 365 days minus a second before it (inside).
    """
    for p in ("a", "b", "old", "recent", "edge"):
        rows.person(p)
    at = T0 + 800 * DAY  # the later responses; the data span 2.2 years
    k = 0

    def respond(who: str, when: datetime) -> None:
        nonlocal k
        k += 1
        q = rows.post(f"b{k}", "b", when - DAY)
        rows.event("reaction", who, when, person="b", content=q)

    for i in range(40):
        respond("old", at - (400 + i) * DAY)
        respond("recent", at - (1 + i) * DAY)
        respond("edge", at - 365 * DAY)
    respond("edge", at - 365 * DAY + timedelta(seconds=1))
    for cid, who in (("x", "old"), ("y", "recent"), ("z", "edge")):
        rows.post(cid, "a", at - DAY)
        rows.event("reaction", who, at, person="a", content=cid)
    as_of = at + DAY
    engine = connect("duckdb", warehouse=mem)

    def success(score: Resonance) -> dict[str, float]:
        got = engine.collect(score.per_post(engine, as_of)).to_pylist()
        return {x["opp"]: x["success"] for x in got if x["opp"] in ("x", "y", "z")}

    # Resonance's window (365 days): the look-back binds.
    got = success(Resonance(selectivity="response"))
    assert got["x"] == pytest.approx(w(1))  # a first response again, weight 0.63
    assert got["y"] == pytest.approx(w(41))  # 40 responses in the year before: 0.19
    assert got["z"] == pytest.approx(w(2))  # only the one a second inside the year
    assert got["y"] < 0.35 * got["x"]
    # Counted at as_of the old responses' posts are outside the window too: the same.
    ref = success(Resonance(selectivity="as_of"))
    assert ref["x"] == pytest.approx(w(1)) and ref["y"] == pytest.approx(w(41))
    # With no window (influence's rate and breadth) the look-back is the whole history,
    # in both modes: the old responses count.
    full = success(Resonance(window_days=None, selectivity="response"))
    assert full["x"] == pytest.approx(w(41)) and full["y"] == pytest.approx(w(41))
    assert full["z"] == pytest.approx(w(42))
