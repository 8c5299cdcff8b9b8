"""Intermediate steps within a snapshot: staged once, released early, results unchanged.

A snapshot materialises big intermediates (:func:`swaylens.scores.base.stage`) so that no
query holds a whole score's hash tables at once, and releases each as soon as the result
it was built for exists.  These tests check both halves on a real DuckDB warehouse: the
stored values equal the ones computed as one expression outside a snapshot, and the
temporary tables of the steps are gone once their result is materialised.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from typing import Any, ClassVar

import ibis

from swaylens.scores import SCORES, snapshot
from swaylens.scores.base import (
    _MEMO,
    Score,
    computed,
    stage,
    with_percentile,
)
from swaylens.warehouse import Warehouse
from swaylens.warehouse.engines import Engine, connect

AS_OF = datetime(2021, 12, 1, tzinfo=UTC)


def _temp_tables(wh: Warehouse) -> set[str]:
    return {
        r[0]
        for r in wh.con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE temporary"
        ).fetchall()
    }


class _TwoSteps(Score):
    """Counts each actor's events through two staged steps (for the release test)."""

    name: ClassVar[str] = "two_steps"

    def compute(self, engine: Engine, as_of: datetime) -> ibis.Table:
        ev = engine.table("events")
        first = stage(
            engine, "first", self, as_of,
            lambda: ev.filter(ev.actor.notnull()).select(person_id=ev.actor),
        )
        second = stage(
            engine, "second", self, as_of,
            lambda: first.group_by("person_id").aggregate(n=first.count()),
        )
        return self._result(second, value=second.n, components={"n": second.n})


def test_steps_are_released_once_their_result_exists(cardano: Warehouse) -> None:
    engine = connect("duckdb", warehouse=cardano)
    score = _TwoSteps()
    before = _temp_tables(cardano)
    memo: dict[Any, Any] = {}
    engine.__dict__[_MEMO] = memo
    try:
        result = computed(engine, score, AS_OF)
        # Only the score's own result is kept; both steps were dropped.
        assert [k[0] for k in memo] == ["compute"]
        assert len(_temp_tables(cardano) - before) == 1
        got = engine.collect(result).to_pylist()
    finally:
        del engine.__dict__[_MEMO]
        for m in memo.values():
            m.release()
    plain = engine.collect(score.compute(engine, AS_OF)).to_pylist()
    assert sorted((r["person_id"], r["value"]) for r in got) == sorted(
        (r["person_id"], r["value"]) for r in plain
    )
    assert _temp_tables(cardano) == before


def test_snapshot_equals_unstaged_computation(cardano: Warehouse) -> None:
    """Every score, stored by a snapshot (staged steps), equals the same score computed as
    one expression (no steps)."""
    engine = connect("duckdb", warehouse=cardano)
    scores = [cls() for cls in SCORES.values()]
    snapshot(engine, scores, AS_OF)
    stored: dict[tuple[str, str], tuple[float, int, str]] = {
        (r[0], r[1]): (r[2], r[3], r[4])
        for r in cardano.sql(
            "SELECT score, person_id, value, percentile, components FROM score_snapshots_json"
            " WHERE as_of = ?",
            [AS_OF],
        ).fetchall()
    }
    assert {s for s, _ in stored} == set(SCORES)
    for score in scores:
        plain = engine.collect(with_percentile(score.compute(engine, AS_OF))).to_pylist()
        assert len(plain) == sum(1 for s, _ in stored if s == score.name), score.name
        for r in plain:
            value, percentile, components = stored[(score.name, r["person_id"])]
            assert math.isclose(value, r["value"], rel_tol=1e-9, abs_tol=1e-12), (
                score.name, r["person_id"], value, r["value"])
            assert percentile == r["percentile"], (score.name, r["person_id"])
            _same_components(json.loads(components), r["components"], score.name)


def _same_components(got: dict[str, Any], want: dict[str, Any], label: str) -> int:
    """Stored components (read back as JSON) equal the computed ones: same names in the
    same order, same types (counts stay integers, text stays text), floats within
    rounding.  Returns the number of values compared."""
    assert list(got) == list(want), label
    for k, v in want.items():
        if v is None:
            assert got[k] is None, (label, k)
        elif isinstance(v, float):
            assert isinstance(got[k], float), (label, k, got[k])
            assert math.isclose(got[k], v, rel_tol=1e-9, abs_tol=1e-12), (label, k, v)
        else:
            assert type(got[k]) is type(v) and got[k] == v, (label, k, got[k], v)
    return len(want)


def test_topic_components_read_back_as_computed(cardano: Warehouse) -> None:
    """Components are stored as lists of numbers and of text, named once per run; read
    back through ``topic_snapshots_json`` (and ``person``) the per-topic ones are the
    computed ones, counts still integers (the per-person ones: the test above)."""
    engine = connect("duckdb", warehouse=cardano)
    scores = [cls() for name, cls in SCORES.items() if name in ("engagement", "expertise")]
    snapshot(engine, scores, AS_OF)
    checked = 0
    for score in scores:
        plain = engine.collect(score.compute_topics(engine, AS_OF)).to_pylist()  # type: ignore[attr-defined]
        stored = {
            (p, t): json.loads(c)
            for p, t, c in cardano.sql(
                "SELECT person_id, topic, components FROM topic_snapshots_json"
                " WHERE score = ? AND as_of = ?",
                [score.name, AS_OF],
            ).fetchall()
        }
        assert len(stored) == len(plain) > 1000, score.name
        for r in plain:
            want = {k: v for k, v in r.items()
                    if k not in ("person_id", "topic", "value", "low", "high")}
            checked += _same_components(stored[(r["person_id"], r["topic"])], want,
                                        score.name)
    assert checked > 10_000
    # No JSON text is written any more.
    for table in ("score_snapshots", "topic_snapshots"):
        assert cardano.sql(
            f"SELECT count(*) FROM {table} WHERE as_of = ? AND components IS NOT NULL",
            [AS_OF],
        ).fetchone() == (0,)
    top = cardano.top("expertise", topic="staking", limit=1)[0]["person"]
    topics = cardano.person(top, as_of=AS_OF)["topics"]["expertise"]
    assert any(t["topic"] == "staking" and isinstance(t["components"]["n"], int) for t in topics)


class _Kinds(Score):
    """One component of each stored kind, for the read-back test."""

    name: ClassVar[str] = "component_kinds"

    def compute(self, engine: Engine, as_of: datetime) -> ibis.Table:
        ev = engine.table("events")
        ev = ev.filter(ev.actor.notnull())
        per = ev.group_by(person_id=ev.actor).aggregate(n=ev.count())
        return self._result(per, value=per.n.cast("float64"), components={
            "n": per.n,
            "half": per.n.cast("float64") / 2.0,
            "many": per.n > 10,
            "label": ibis.literal("x-") + per.n.cast("string"),
            "none": ibis.null("float64"),
        })


def test_every_kind_of_component_reads_back(cardano: Warehouse) -> None:
    """Integers, floats, booleans, text and nulls come back from the stored lists as
    they were computed, in their order."""
    engine = connect("duckdb", warehouse=cardano)
    snapshot(engine, [_Kinds()], AS_OF)
    rows = cardano.sql(
        "SELECT components FROM score_snapshots_json WHERE score = 'component_kinds'"
        " AND as_of = ?", [AS_OF]
    ).fetchall()
    assert len(rows) > 100
    for (c,) in rows:
        got = json.loads(c)
        assert list(got) == ["n", "half", "many", "label", "none"]
        assert isinstance(got["n"], int) and got["half"] == got["n"] / 2
        assert got["many"] is (got["n"] > 10) and got["label"] == f"x-{got['n']}"
        assert got["none"] is None
