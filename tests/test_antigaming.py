"""Anti-gaming: the planted accounts of a synthetic data set rank where they should.

One synthetic data set (:mod:`swaylens.synth`, 500,000 events, 5,000 users, seed 0) is
generated, ingested and scored with every score at the end of its period, once for the
module.  Its ``truth.json`` names the planted accounts (user ``n`` is identity
``synth:id:n``, mapped to its person through ``identities``):

* the sock-puppet ring (20 accounts that follow, like and reshare each other: about 3,000
  likes and 1,500 reshares among themselves) must not enter the top 100 for authority or
  for influence, and reciprocity damping must shrink the ring's authority;
* the hyperactive accounts (3% of all events, and nobody responds to them) rank in the
  top 5% for activity and below the median for influence;
* the influencers (few posts, widely reshared) rank in the top decile for influence.

Ranks are competition ranks by value, highest first: ``1 + the number of persons with a
strictly higher value`` (ties share the best rank).  Self-engagement is checked on a
hand-built world: a person acting on their own posts through a second identity changes
nobody's reach, resonance, expertise, authority or influence.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import ibis
import pytest

from canonical import Rows
from swaylens.scores import SCORES, Authority, snapshot
from swaylens.scores.base import Score
from swaylens.synth import generate
from swaylens.warehouse import Warehouse
from swaylens.warehouse.engines import connect

EVENTS = 500_000
SEED = 0
TOP = 100


@dataclass
class World:
    wh: Warehouse
    truth: dict[str, Any]
    as_of: datetime
    counts: dict[str, int]  # persons scored, per score

    @property
    def persons(self) -> int:
        return self.counts["activity"]  # everyone seen up to as_of

    def persons_of(self, role: str) -> list[str]:
        """The persons of a planted role (``ring``, ``hyperactive``, ``influencers``)."""
        ids = self.truth[role]["ids"]
        got = self.wh.sql(
            "SELECT DISTINCT person_id FROM identities WHERE identity_id IN (SELECT unnest(?))",
            [ids],
        ).fetchall()
        assert len(got) == len(ids), role
        return sorted(str(r[0]) for r in got)

    def ranks(self, score: str, persons: list[str], complete: bool = True) -> dict[str, int]:
        """Competition rank (1 = highest value) of each person by ``score``.

        ``complete``: every one of ``persons`` must be scored (some scores only score the
        persons with posts).
        """
        rows = self.wh.sql(
            """
            SELECT person_id, r FROM (
                SELECT person_id, rank() OVER (ORDER BY value DESC) AS r
                FROM score_snapshots WHERE score = ? AND as_of = ?
            ) WHERE person_id IN (SELECT unnest(?))
            """,
            [score, self.as_of, persons],
        ).fetchall()
        assert len(rows) == len(persons) or not complete, score
        return {str(p): int(r) for p, r in rows}

    def table(self) -> str:
        """Where each planted role ranks on every score (best / median / worst)."""
        lines = [f"ranks among {self.counts} persons scored (best / median / worst):"]
        for role in ("ring", "hyperactive", "influencers"):
            persons = self.persons_of(role)
            cells = []
            for score in SCORES:
                r = sorted(self.ranks(score, persons, complete=False).values())
                missing = f" ({len(persons) - len(r)} unscored)" if len(r) < len(persons) else ""
                cells.append(
                    f"{score} {r[0]}/{r[len(r) // 2]}/{r[-1]}{missing}" if r else f"{score} -"
                )
            lines.append(f"  {role:12s} " + "  ".join(cells))
        return "\n".join(lines)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    out = tmp_path_factory.mktemp("synth-antigaming")
    generate(out, EVENTS, seed=SEED)
    truth = json.loads((out / "truth.json").read_text())
    as_of = datetime.fromisoformat(truth["period"]["end"].replace("Z", "+00:00"))
    wh = Warehouse(out / "synth.duckdb")
    wh.ingest("table", [out / "identities.parquet", out / "contents", out / "events"])
    engine = connect("duckdb", warehouse=wh)
    try:
        counts = snapshot(engine, [cls() for cls in SCORES.values()], as_of)
    finally:
        engine.close()
    w = World(wh, truth, as_of, counts)
    print("\n" + w.table())
    yield w
    wh.close()


@pytest.mark.slow
def test_planted_world_is_as_documented(world: World) -> None:
    ring = world.truth["ring"]
    assert len(ring["ids"]) == 20 and ring["reactions"] >= 2_000
    assert len(world.truth["hyperactive"]["ids"]) == 10
    assert len(world.truth["influencers"]["ids"]) == 20
    assert world.persons >= 10 * TOP  # a top 100 is a small part of the population


@pytest.mark.slow
@pytest.mark.parametrize("score", ["authority", "influence"])
def test_sock_puppet_ring_stays_out_of_the_top_100(world: World, score: str) -> None:
    ranks = world.ranks(score, world.persons_of("ring"))
    inside = {p: r for p, r in sorted(ranks.items(), key=lambda x: x[1]) if r <= TOP}
    assert not inside, f"ring members in the top {TOP} by {score}: {inside}\n{world.table()}"


@pytest.mark.slow
def test_reciprocal_ring_is_damped(world: World) -> None:
    ring = world.persons_of("ring")
    engine = connect("duckdb", warehouse=world.wh)
    try:
        share: dict[float, float] = {}
        best: dict[float, int] = {}
        for lam in (0.0, Authority().reciprocity_damping):
            t = Authority(reciprocity_damping=lam).compute(engine, world.as_of)
            # 0-based competition rank, highest value first.
            t = t.mutate(r=ibis.rank().over(order_by=ibis.desc(t.value)))
            ring_rows = t.filter(t.person_id.isin(ring))
            got = engine.collect(
                ring_rows.aggregate(mass=ring_rows.value.sum(), best=ring_rows.r.min())
            ).to_pylist()[0]
            share[lam], best[lam] = float(got["mass"]), int(got["best"]) + 1
    finally:
        engine.close()
    lam = Authority().reciprocity_damping
    print(f"\nring's authority: total {share[0.0]:.5f} -> {share[lam]:.5f} (damping {lam}),"
          f" best rank {best[0.0]} -> {best[lam]}")
    assert share[lam] < 0.8 * share[0.0], share
    assert best[lam] >= best[0.0], best


@pytest.mark.slow
def test_hyperactive_accounts_are_active_not_influential(world: World) -> None:
    hyper = world.persons_of("hyperactive")
    activity = world.ranks("activity", hyper)
    assert max(activity.values()) <= 0.05 * world.counts["activity"], activity
    # Below the median: at least half of everyone has a strictly higher influence.
    influence = world.ranks("influence", hyper)
    assert min(influence.values()) > world.counts["influence"] / 2, influence


@pytest.mark.slow
def test_quiet_influencers_rank_in_the_top_decile(world: World) -> None:
    ranks = world.ranks("influence", world.persons_of("influencers"))
    assert max(ranks.values()) <= 0.1 * world.counts["influence"], ranks
    # They are quiet: none of them is in the top half by activity.
    activity = world.ranks("activity", world.persons_of("influencers"))
    assert min(activity.values()) > world.counts["activity"] / 2, activity


# -- self-engagement ---------------------------------------------------------------------------
T0 = datetime(2024, 1, 1, tzinfo=UTC)
DAY = timedelta(days=1)

#: The scores that measure what others do: self-engagement must not move them.
RESPONSE_SCORES = ("reach", "resonance", "expertise", "authority", "influence")
#: The tags of every post (one topic, for expertise and engagement).
TAGS = ["topic"]


def organic(r: Rows) -> None:
    """Five persons asking, answering, voting and commenting; ``a`` has two identities."""
    r.person("a", "a1", "a2")
    for p in "bcde":
        r.person(p)
    people = ["a1", "b", "c", "d", "e"]
    for k, author in enumerate(people * 3):
        at = T0 + k * DAY
        q = r.post(f"q{k}", author, at, tags=TAGS)
        answerer = people[(k + 1) % len(people)]
        ans = r.post(f"ans{k}", answerer, at + DAY / 2, "answer", q, author, tags=TAGS)
        for j, voter in enumerate(people):
            if voter not in (author, answerer) and (j + k) % 2:
                r.event("reaction", voter, at + DAY, author, q)
                r.event("reaction", voter, at + DAY, answerer, ans)
        r.event("reaction", None, at + DAY, answerer, ans)  # anonymous
        if k % 3 == 0:
            r.event("accept", author, at + DAY, answerer, ans)


def self_engagement(r: Rows) -> None:
    """``a`` responds to their own posts through the other identity, in every way."""
    for k in (0, 5, 10):  # a1's questions
        at = T0 + k * DAY + DAY / 4
        r.event("reaction", "a2", at, "a1", f"q{k}")
        r.event("reply", "a2", at, "a1", f"q{k}")
        r.content(f"self-c{k}", "a2", at, "comment", f"q{k}", tags=[])
        r.event("comment", "a2", at, "a1", f"q{k}")
        r.event("reshare", "a2", at, "a1", f"q{k}")
        r.event("quote", "a2", at, "a1", f"q{k}")
        r.event("mention", "a2", at, "a1", f"self-c{k}")
    # a2 accepts a1's answer to a2's own question.
    r.post("q-self", "a2", T0 + 2 * DAY, tags=TAGS)
    r.post("ans-self", "a1", T0 + 3 * DAY, "answer", "q-self", "a2", tags=TAGS)
    r.event("accept", "a2", T0 + 4 * DAY, "a1", "ans-self")
    r.event("reaction", "a1", T0 + 4 * DAY, "a2", "q-self")


def scores_of(wh: Warehouse, as_of: datetime) -> dict[tuple[str, str], tuple[Any, ...]]:
    engine = connect("duckdb", warehouse=wh)
    out: dict[tuple[str, str], tuple[Any, ...]] = {}
    try:
        for name in RESPONSE_SCORES:
            score: Score = SCORES[name]()
            for row in engine.collect(score.compute(engine, as_of)).to_pylist():
                out[(name, row["person_id"])] = (row["value"], row["low"], row["high"])
    finally:
        engine.close()
    return out


@pytest.mark.slow
def test_self_engagement_changes_no_response_score(tmp_path: Path) -> None:
    as_of = T0 + 30 * DAY
    with Warehouse(tmp_path / "plain.duckdb") as plain, \
            Warehouse(tmp_path / "self.duckdb") as selfish:
        r, s = Rows(plain, community="c"), Rows(selfish, community="c")
        organic(r)
        organic(s)
        # The self-answered question is a post in both worlds; only the self-engagement
        # differs.
        r.post("q-self", "a2", T0 + 2 * DAY, tags=TAGS)
        r.post("ans-self", "a1", T0 + 3 * DAY, "answer", "q-self", "a2", tags=TAGS)
        self_engagement(s)
        assert selfish.count("events") == plain.count("events") + 20
        got, expected = scores_of(selfish, as_of), scores_of(plain, as_of)
    assert got.keys() == expected.keys()
    assert {p for _, p in got} == set("abcde")
    for key, want in expected.items():
        for name, x, y in zip(("value", "low", "high"), got[key], want, strict=True):
            if y is None:
                assert x is None, (key, name)
            else:
                assert x == pytest.approx(y, rel=1e-9, abs=1e-12), (key, name)
