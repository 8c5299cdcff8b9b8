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
        ref = Resonance(prior_strength=2.0, window_days=window)
        qq = {x["opp"]: x for x in engine.collect(ref.per_post(engine, as_of)).to_pylist()}
        assert qq["q1"]["success"] == pytest.approx(w(3 + old))
    got = scores_of(mem, Influence(selectivity="response"), as_of)
    assert got["a"]["value"] > 0


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
