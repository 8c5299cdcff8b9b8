"""Authority: weighted PageRank over the decayed engagement graph, on both engines.

Hand-built graphs are compared with a plain numpy power iteration over the same edges,
computed here; the Cardano dump checks the shape of a real run; the Spark test runs the
same iteration on ``local[*]`` and compares.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest

from canonical import Rows
from swaylens.scores.authority import Authority
from swaylens.scores.base import ScoreError, snapshot, with_percentile
from swaylens.warehouse import Warehouse
from swaylens.warehouse.engines import connect

T0 = datetime(2024, 1, 1, tzinfo=UTC)
DAY = timedelta(days=1)


def run(wh: Warehouse, score: Authority, as_of: datetime, engine: str = "duckdb",
        session: Any = None) -> dict[str, dict[str, Any]]:
    """person_id -> result row (with percentile)."""
    if engine == "duckdb":
        e = connect("duckdb", warehouse=wh)
    else:
        e = connect("spark", warehouse=wh, spark_session=session)
    with e:
        got = e.collect(with_percentile(score.compute(e, as_of))).to_pylist()
    return {r["person_id"]: r for r in got}


# -- the reference: a plain numpy power iteration ------------------------------------------
def reference(
    nodes: list[str],
    edges: dict[tuple[str, str], float],
    *,
    d: float = 0.85,
    lam: float = 0.0,
    tol: float = 1e-9,
    max_iter: int = 100,
) -> tuple[dict[str, float], int]:
    """The documented iteration in numpy: ranks and the number of steps."""
    idx = {p: i for i, p in enumerate(nodes)}
    n = len(nodes)
    w = np.zeros((n, n))
    for (u, v), x in edges.items():
        if u != v:
            w[idx[u], idx[v]] += x
    out = w.sum(axis=1)
    back = ((w > 0) & (w.T > 0)) * w
    recip = np.divide(back.sum(axis=1), out, out=np.zeros(n), where=out > 0)
    keep = np.where(out > 0, 1.0 - lam * recip, 0.0)
    p = np.divide(w, out[:, None], out=np.zeros((n, n)), where=out[:, None] > 0)
    p *= keep[:, None]
    r = np.full(n, 1.0 / n)
    steps = 0
    for steps in range(1, max_iter + 1):  # noqa: B007
        uniform = float(r @ (1.0 - keep))
        new = (1.0 - d) / n + d * (r @ p + uniform / n)
        delta = float(np.abs(new - r).sum())
        r = new
        if delta < tol:
            break
    return {p_: float(r[i]) for p_, i in idx.items()}, steps


def assert_matches_reference(
    wh: Warehouse, nodes: list[str], weights: dict[tuple[str, str], float],
    as_of: datetime, lams: Sequence[float],
) -> dict[float, dict[str, dict[str, Any]]]:
    """Authority with each reciprocity damping of ``lams`` equals :func:`reference` over
    ``weights`` (ranks and steps); returns the results per damping."""
    out: dict[float, dict[str, dict[str, Any]]] = {}
    for lam in lams:
        got = run(wh, Authority(reciprocity_damping=lam), as_of)
        ref, steps = reference(nodes, weights, lam=lam)
        assert set(got) == set(nodes)
        for p in nodes:
            assert got[p]["value"] == pytest.approx(ref[p], rel=1e-9, abs=1e-12), (lam, p)
            assert got[p]["components"]["iterations"] == steps
        out[lam] = got
    return out


def decayed(age_days: float, half_life: float = 90.0) -> float:
    return float(2.0 ** (-age_days / half_life))


def build(rows: Rows, spec: Sequence[tuple[str, str, float]], as_of: datetime,
          kind: str = "reply") -> dict[tuple[str, str], float]:
    """Insert ``(actor, target, age in days)`` engagements; return the decayed weights."""
    weights: dict[tuple[str, str], float] = defaultdict(float)
    for a, b, age in spec:
        rows.event(kind, a, as_of - age * DAY, b)
        weights[(a, b)] += decayed(age)
    return dict(weights)


GRAPH: list[tuple[str, str, float]] = [
    ("a", "b", 0), ("b", "c", 10), ("c", "a", 30), ("a", "c", 200), ("d", "a", 5),
    ("d", "c", 45), ("e", "c", 1), ("e", "c", 2), ("c", "e", 90), ("b", "a", 400),
]


def test_matches_numpy_power_iteration(mem: Warehouse, rows: Rows) -> None:
    for p in "abcdef":  # f is isolated: dangling, only ever followed
        rows.person(p)
    as_of = T0 + 500 * DAY
    weights = build(rows, GRAPH, as_of)
    rows.event("follow", "f", as_of - DAY, "a")  # not engagement: f stays isolated
    nodes = sorted("abcdef")
    for got in assert_matches_reference(mem, nodes, weights, as_of, (0.0, 0.5, 1.0)).values():
        assert sum(r["value"] for r in got.values()) == pytest.approx(1.0, abs=1e-9)
        assert got["c"]["value"] == max(r["value"] for r in got.values())
        assert got["f"]["value"] == pytest.approx(min(r["value"] for r in got.values()))
    c = run(mem, Authority(), as_of)["c"]["components"]
    assert c["engagers"] == 4  # a, b, d, e
    assert c["in_weight"] == pytest.approx(
        sum(w for (_, v), w in weights.items() if v == "c"), rel=1e-12
    )
    assert c["out_weight"] == pytest.approx(weights[("c", "a")] + weights[("c", "e")])
    # c's weight goes to a and e, who both engage back with c.
    assert c["reciprocity"] == pytest.approx(1.0)


def test_a_person_with_several_identities_is_one_node(mem: Warehouse, rows: Rows) -> None:
    """Engagements made and received by any identity of a person are that person's: the
    identity pairs of one person pair become one edge (its weights summed), and one
    identity engaging another of the same person is a self-engagement.  (With one
    identity per person the edges skip that merge; this is the path that needs it.)"""
    rows.person("a", "a1", "a2")
    for p in "bcd":
        rows.person(p)
    as_of = T0 + 500 * DAY
    spec = [("a1", "c", 3), ("a2", "c", 40), ("a2", "b", 7), ("b", "a1", 12),
            ("c", "a2", 1), ("d", "c", 5), ("a1", "a2", 2), ("c", "a1", 60)]
    by_identity = build(rows, spec, as_of)
    person = {"a1": "a", "a2": "a"}
    weights: dict[tuple[str, str], float] = defaultdict(float)
    for (u, v), w in by_identity.items():
        weights[(person.get(u, u), person.get(v, v))] += w
    assert_matches_reference(mem, sorted("abcd"), weights, as_of, (0.0, 0.5))
    c = run(mem, Authority(), as_of)["c"]["components"]
    assert c["engagers"] == 2  # a (by two identities) and d
    assert c["in_weight"] == pytest.approx(weights[("a", "c")] + weights[("d", "c")])
    a = run(mem, Authority(), as_of)["a"]["components"]
    assert a["engagers"] == 2  # b and c; a1 -> a2 is a's own
    assert a["reciprocity"] == pytest.approx(1.0)  # a engages b and c, who both engage a


def test_known_pagerank_of_a_star(mem: Warehouse, rows: Rows) -> None:
    """k fans reply to a hub who replies to nobody: the closed form."""
    k, d = 4, 0.85
    rows.person("hub")
    for i in range(k):
        rows.person(f"f{i}")
        rows.event("reply", f"f{i}", T0, "hub")
    got = run(mem, Authority(reciprocity_damping=0.0), T0)
    n = k + 1
    # Every fan is alike: r_f = (1-d)/n + d r_h / n, and r_h = 1 - k r_f.
    r_f = ((1 - d) / n + d / n) / (1 + d * k / n)
    assert got["f0"]["value"] == pytest.approx(r_f, rel=1e-8)
    assert got["hub"]["value"] == pytest.approx(1 - k * r_f, rel=1e-8)


def test_convergence_is_on_the_l1_change(mem: Warehouse, rows: Rows) -> None:
    for p in "abcdef":
        rows.person(p)
    as_of = T0 + 500 * DAY
    weights = build(rows, GRAPH, as_of)
    nodes = sorted("abcde")  # f never appears in an event: not scored
    for tol in (1e-4, 1e-9, 1e-12):
        score = Authority(tol=tol)
        got = run(mem, score, as_of)
        deltas = score._deltas
        assert deltas[-1] < tol <= min(deltas[:-1])
        assert got["a"]["components"]["delta"] == deltas[-1]
        assert got["a"]["components"]["iterations"] == len(deltas)
        _, steps = reference(nodes, weights, lam=0.5, tol=tol)
        assert len(deltas) == steps
    # N·tol (networkx' criterion) would have stopped earlier than the L1 criterion.
    score = Authority(tol=1e-9)
    run(mem, score, as_of)
    assert any(x < len(nodes) * 1e-9 for x in score._deltas[:-1])
    # max_iter caps the steps.
    capped = run(mem, Authority(max_iter=3), as_of)["a"]["components"]
    assert capped["iterations"] == 3 and capped["delta"] > 1e-9


def test_decay_weights_edges(mem: Warehouse, rows: Rows) -> None:
    """u's vote splits 2:1 between an engagement today and one a half-life ago."""
    for p in ("u", "new", "old"):
        rows.person(p)
    rows.event("reply", "u", T0 - 90 * DAY, "old")
    rows.event("reply", "u", T0, "new")
    got = run(mem, Authority(reciprocity_damping=0.0), T0)
    ref, _ = reference(["new", "old", "u"], {("u", "new"): 1.0, ("u", "old"): 0.5})
    for p, v in ref.items():
        assert got[p]["value"] == pytest.approx(v, rel=1e-9)
    assert got["new"]["value"] > got["old"]["value"]
    assert got["u"]["components"]["out_weight"] == pytest.approx(1.5, rel=1e-12)
    half = run(mem, Authority(half_life_days=45, reciprocity_damping=0.0), T0)
    assert half["u"]["components"]["out_weight"] == pytest.approx(1.25, rel=1e-12)


def test_self_engagement_and_non_engagement_are_excluded(mem: Warehouse, rows: Rows) -> None:
    rows.person("a", "a1", "a2")  # one person, two identities
    rows.person("b")
    rows.person("c")
    rows.event("reply", "b", T0, "a1")
    rows.event("reply", "c", T0, "b")
    base = run(mem, Authority(), T0)
    rows.event("reply", "a2", T0, "a1")  # self-engagement across identities
    rows.event("reshare", "a1", T0, "a1")
    rows.event("reaction", "c", T0, "a1", value=-1.0)  # a downvote is no endorsement
    rows.event("follow", "c", T0, "a1")
    rows.event("reaction", None, T0, "a1")  # anonymous: no source node
    got = run(mem, Authority(), T0)
    for p in ("a", "b", "c"):
        assert got[p]["value"] == pytest.approx(base[p]["value"], rel=1e-12)
        assert got[p]["components"] == base[p]["components"]
    assert got["a"]["components"]["out_weight"] == 0.0
    assert got["a"]["components"]["reciprocity"] is None
    rows.event("reaction", "c", T0, "a1", value=1.0)  # an upvote is
    assert run(mem, Authority(), T0)["a"]["components"]["engagers"] == 2


def test_no_future_leakage(mem: Warehouse, rows: Rows) -> None:
    for p in "abcdef":
        rows.person(p)
    as_of = T0 + 500 * DAY
    build(rows, GRAPH, as_of)
    rows.event("follow", "f", as_of - DAY, "a")  # f is seen, but isolated
    before = run(mem, Authority(), as_of)
    for a, b in (("f", "a"), ("a", "f"), ("b", "f"), ("f", "c")):
        rows.event("reply", a, as_of + DAY, b)
    rows.event("reply", "a", as_of + timedelta(microseconds=1), "d")
    after = run(mem, Authority(), as_of)
    assert after.keys() == before.keys()
    # Equal up to the order of float additions: DuckDB's parallel sums may add the same
    # terms in another order once the table holds more rows.  A leaked future edge moves
    # the values by orders of magnitude more than 1e-12.
    for p, r in before.items():
        assert after[p]["value"] == pytest.approx(r["value"], rel=1e-12)
        for k, v in r["components"].items():
            if isinstance(v, float):
                assert after[p]["components"][k] == pytest.approx(v, rel=1e-12)
            else:
                assert after[p]["components"][k] == v
    assert run(mem, Authority(), as_of + 2 * DAY)["f"]["value"] > before["f"]["value"]


def test_reciprocal_ring_is_damped(mem: Warehouse, rows: Rows) -> None:
    """A ring liking each other hundreds of times vs a hub with a few genuine fans."""
    ring = [f"r{i}" for i in range(5)]
    fans = [f"f{i}" for i in range(4)]
    for p in [*ring, *fans, "hub"]:
        rows.person(p)
    for i, a in enumerate(ring):
        for b in ring:
            if a != b:
                for k in range(20):
                    rows.event("reaction", a, T0 - (k % 7) * DAY, b)
        rows.event("reply", a, T0, "hub" if i == 0 else fans[0])  # a little outside life
    for f in fans:
        rows.event("reply", f, T0 - DAY, "hub")
    plain = run(mem, Authority(reciprocity_damping=0.0), T0)
    damped = run(mem, Authority(), T0)
    # Without damping the closed ring keeps its rank among itself and outranks the hub.
    assert max(plain[r]["value"] for r in ring) > plain["hub"]["value"]
    assert damped["hub"]["value"] > max(damped[r]["value"] for r in ring)
    for r in ring:
        assert damped[r]["value"] < plain[r]["value"]
        assert damped[r]["components"]["reciprocity"] > 0.9
    assert damped["hub"]["value"] >= plain["hub"]["value"]
    assert damped["hub"]["value"] == max(r["value"] for r in damped.values())


def test_parameters_are_checked(mem: Warehouse) -> None:
    bads: list[dict[str, Any]] = [
        {"half_life_days": 0}, {"damping": 1.0}, {"damping": 0.0}, {"tol": 0},
        {"max_iter": 0}, {"reciprocity_damping": 1.5}, {"kinds": ["retweet"]}, {"kinds": []},
    ]
    for bad in bads:
        with pytest.raises(ScoreError):
            Authority(**bad)
    assert repr(Authority(damping=0.9)).startswith("Authority(half_life_days=90.0, damping=0.9")
    assert run(mem, Authority(), T0) == {}  # nobody: no rows


# -- real data: Cardano Stack Exchange ------------------------------------------------------


def test_authority_on_cardano(cardano: Warehouse) -> None:
    as_of = datetime(2021, 10, 1, tzinfo=UTC)
    got = run(cardano, Authority(), as_of)
    (persons,) = cardano.sql(
        "SELECT count(DISTINCT i.person_id) FROM events e JOIN identities i"
        " ON i.identity_id IN (e.actor, e.target_person) WHERE e.ts <= ?",
        [as_of],
    ).fetchone() or (0,)
    assert len(got) == persons > 500
    values = [r["value"] for r in got.values()]
    assert sum(values) == pytest.approx(1.0, abs=1e-6)
    assert min(values) > 0
    comps = next(iter(got.values()))["components"]
    assert comps["delta"] < 1e-9 and 1 < comps["iterations"] < 100
    top = max(got.values(), key=lambda r: r["value"])
    assert top["percentile"] == 100 and top["components"]["engagers"] > 10


# -- parity: DuckDB and Spark ---------------------------------------------------------------


@pytest.mark.slow
def test_parity_duckdb_spark(mem: Warehouse, rows: Rows, spark_session: Any) -> None:
    for p in "abcdef":
        rows.person(p)
    as_of = T0 + 500 * DAY
    weights = build(rows, GRAPH, as_of)
    score = Authority(tol=1e-6)
    duck = run(mem, score, as_of)
    spark = run(mem, score, as_of, engine="spark", session=spark_session)
    ref, steps = reference(sorted("abcde"), weights, lam=0.5, tol=1e-6)
    assert duck.keys() == spark.keys() == ref.keys()
    for p, r in duck.items():
        s = spark[p]
        assert s["value"] == pytest.approx(r["value"], rel=1e-9), p
        assert s["value"] == pytest.approx(ref[p], rel=1e-9), p
        assert s["percentile"] == r["percentile"]
        assert s["components"]["iterations"] == r["components"]["iterations"] == steps
        for k, v in r["components"].items():
            if v is None:
                assert s["components"][k] is None
            else:
                assert s["components"][k] == pytest.approx(v, rel=1e-9, abs=1e-15), (p, k)
    assert not math.isnan(sum(r["value"] for r in spark.values()))


def test_snapshot_stores_authority(mem: Warehouse, rows: Rows) -> None:
    """The result refers to a materialised rank table; storing it still works."""
    for p in "abcdef":
        rows.person(p)
    as_of = T0 + 500 * DAY
    build(rows, GRAPH, as_of)
    engine = connect("duckdb", warehouse=mem)
    assert snapshot(engine, [Authority()], as_of) == {"authority": 5}
    (total, iters) = mem.sql(
        "SELECT sum(value), max(components->>'iterations') FROM score_snapshots_json"
        " WHERE score = 'authority'"
    ).fetchone() or (0, 0)
    assert total == pytest.approx(1.0) and int(iters) > 1


# -- warm start -------------------------------------------------------------------------------


def test_warm_start_from_the_previous_day_agrees_with_a_cold_start(cardano: Warehouse) -> None:
    day = datetime(2021, 10, 2, tzinfo=UTC)
    engine = connect("duckdb", warehouse=cardano)
    try:
        # A later snapshot exists first: it must never be a starting point (no leakage).
        snapshot(engine, [Authority()], day + 3 * DAY)
        first = Authority()
        snapshot(engine, [first], day - DAY)
        assert first._started_from is None
        warm = Authority()
        snapshot(engine, [warm], day)
        assert warm._started_from == day - DAY
        cold = Authority(warm_start=False)
        got = {r["person_id"]: r for r in engine.collect(cold.compute(engine, day)).to_pylist()}
        assert cold._started_from is None
        # Fewer steps to the same fixed point: the whole vectors agree to within the
        # stopping tolerance (the error after a step of L1 change tol is below
        # tol * d / (1 - d), for each run).
        assert len(warm._deltas) < len(cold._deltas)
        stored = dict(
            cardano.sql(
                "SELECT person_id, value FROM score_snapshots"
                " WHERE score = 'authority' AND as_of = ?",
                [day],
            ).fetchall()
        )
        assert stored.keys() == got.keys()
        l1 = sum(abs(stored[p] - r["value"]) for p, r in got.items())
        assert l1 < 2 * 1e-9 * 0.85 / 0.15
        # Other parameters (another damping): the stored ranks are not a starting point.
        other = Authority(damping=0.8)
        engine.collect(other.compute(engine, day))
        assert other._started_from is None
    finally:
        cardano.sql("DELETE FROM score_snapshots WHERE score = 'authority'")
        cardano.sql("DELETE FROM score_runs WHERE score = 'authority'")
        engine.close()


@pytest.mark.slow
def test_warm_start_on_spark(mem: Warehouse, rows: Rows, spark_session: Any) -> None:
    for p in "abcdef":
        rows.person(p)
    as_of = T0 + 500 * DAY
    weights = build(rows, GRAPH, as_of)
    with connect("duckdb", warehouse=mem) as duck:
        snapshot(duck, [Authority(tol=1e-12)], as_of - DAY)
    warm = Authority(tol=1e-12)
    got = run(mem, warm, as_of, engine="spark", session=spark_session)
    assert warm._started_from == as_of - DAY
    # The stored ranks were handed over as a view, which the engine's close dropped.
    views = [r[1] for r in spark_session.sql("SHOW VIEWS").collect()]
    assert not [v for v in views if v.startswith("_swaylens_stored_")], views
    ref, steps = reference(sorted("abcde"), weights, lam=0.5, tol=1e-12)
    assert len(warm._deltas) <= steps
    for p, r in got.items():
        assert r["value"] == pytest.approx(ref[p], rel=1e-9), p
