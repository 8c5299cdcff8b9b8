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

A prolific bot (its own synthetic world, 200,000 events) checks selectivity counted at
response time (``selectivity="response"``), which keeps a bot's first likes at a
newcomer's weight: its summed weight stays within 1.3x of its weight counted at ``as_of``,
it cannot lift an account that nobody else responds to into the top decile of resonance or
influence, and it lifts the accounts it favours no more than it does under ``as_of`` (or, if
it likes them before anything else, than a throwaway account making the same likes already
does under ``as_of``), up to 2% of the persons in rank.

Ranks are competition ranks by value, highest first: ``1 + the number of persons with a
strictly higher value`` (ties share the best rank).  Self-engagement is checked on a
hand-built world: a person acting on their own posts through a second identity changes
nobody's reach, resonance, expertise, authority or influence.
"""

from __future__ import annotations

import json
import math
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import ibis
import pytest

from canonical import Rows
from swaylens.scores import SCORES, Authority, Influence, Resonance, snapshot
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


# -- a prolific bot, with selectivity counted at response time ---------------------------------
# With ``selectivity="response"`` a (post, responder) pair is weighed by the responder's R at
# that response, so a bot's first likes keep the weights of a newcomer's (0.63, 0.5, ...)
# however many likes follow; counted at ``as_of`` every like of a bot with N likes weighs
# 1 / log2(2 + N).  A bot (one account, 200,000-event synth world, 2,000 users) likes every
# post of three beneficiaries (ordinary accounts near the median for influence, 10 to 40
# posts each) and of two planted accounts with no genuine response (3 and 30 posts in the
# first month), and 3,000 random posts of everyone else, in one of two orders:
#
# * ``interleaved``: each like a few hours after its post: the planted likes are spread
#   through the bot's history;
# * ``front``: the adversarial order: the planted accounts' posts first (its likes 1 to 33),
#   the beneficiaries' as they appear, and everyone else's only in the last ten days.
#
# ``sybil`` is the comparison for ``front``: a fresh account makes only the planted likes, at
# the same times, and nothing else: what a throwaway account already gets under ``as_of``.
BOT_EVENTS = 200_000
BOT_SEED = 0
BOT_LIKES = 3_000  # posts of everyone else the bot likes
SHILL_POSTS = {"shill3": 3, "shill30": 30}
SELECTIVITY = ("as_of", "response")
#: At most this share of the persons scored: the extra rank a bot's likes may give a
#: beneficiary under "response" beyond what they give under "as_of" (or a throwaway account
#: under "as_of", for the front-loading bot).
EXTRA_RANK_SHARE = 0.02
#: At most this multiple of the bot's summed weight at as_of: for N likes in one year the
#: ratio is sum_{k<=N} w(k) / (N w(N)), at most 1.40 (N about 25) and 1.18 at N = 3,000.
BOT_WEIGHT_RATIO = 1.3


@dataclass
class BotWorld:
    """One world's scores: ``values[(score, selectivity)][person] = value`` and, per
    selectivity, ``breadth``: every post's selectivity-weighted responders, summed."""

    values: dict[tuple[str, str], dict[str, float]]
    breadth: dict[str, float]
    likes: int  # the bot's (distinct posts liked), 0 without a bot

    def rank(self, score: str, selectivity: str, person: str) -> int:
        vals = self.values[(score, selectivity)]
        return 1 + sum(1 for v in vals.values() if v > vals[person])

    def persons(self, score: str, selectivity: str) -> int:
        return len(self.values[(score, selectivity)])


def _bot_scores(path: Path, as_of: datetime, likes: int) -> BotWorld:
    values: dict[tuple[str, str], dict[str, float]] = {}
    breadth: dict[str, float] = {}
    with Warehouse(path) as wh:
        engine = connect("duckdb", warehouse=wh)
        try:
            for sel in SELECTIVITY:
                for score in (Resonance(selectivity=sel), Influence(selectivity=sel)):
                    got = engine.collect(score.compute(engine, as_of)).to_pylist()
                    values[(score.name, sel)] = {r["person_id"]: r["value"] for r in got}
                # Influence's per-post pieces: resonance with no window.
                res = Resonance(window_days=None, selectivity=sel)
                p = res.per_post(engine, as_of)
                got = engine.collect(p.aggregate(b=p.breadth.sum())).to_pylist()
                breadth[sel] = float(got[0]["b"])
        finally:
            engine.close()
    return BotWorld(values, breadth, likes)


def _plant_bot(
    path: Path, order: str, beneficiaries: list[str], start: datetime, as_of: datetime
) -> int:
    """Add the planted accounts and the bot's likes (``order``) to the warehouse at
    ``path``; returns the number of likes."""
    rng = random.Random(BOT_SEED)
    liker = "synth:id:sybil" if order == "sybil" else "synth:id:bot"
    with Warehouse(path) as wh:
        con = wh.con

        def identity(iid: str) -> None:
            con.execute(
                "INSERT INTO identities (identity_id, network, kind, value, person_id)"
                " VALUES (?, 'synth', 'id', ?, ?)", [iid, iid, iid],
            )
            con.execute("INSERT INTO persons VALUES (?, ?)", [iid, iid])

        identity(liker)
        planted: list[tuple[str, str, datetime]] = []
        for name, n in SHILL_POSTS.items():
            author = f"synth:id:{name}"
            identity(author)
            for k in range(n):
                cid, at = f"synth:{name}-{k}", start + k * DAY + timedelta(hours=1)
                con.execute(
                    "INSERT INTO contents (content_id, network, source_id, kind, author,"
                    " created_at, root_id) VALUES (?, 'synth', ?, 'post', ?, ?, ?)",
                    [cid, cid, author, at, cid],
                )
                con.execute(
                    "INSERT INTO events (event_id, network, source_id, kind, actor,"
                    " target_content, ts, value) VALUES (?, 'synth', ?, 'post', ?, ?, ?, 1.0)",
                    [f"{cid}-post", f"{cid}-post", author, cid, at],
                )
                planted.append((cid, author, at))
        posts = "SELECT content_id, author, created_at FROM contents WHERE kind = 'post'"
        planted += con.execute(
            f"{posts} AND author IN (SELECT unnest(?)) ORDER BY created_at, content_id",
            [beneficiaries],
        ).fetchall()
        others = con.execute(
            f"{posts} AND author NOT IN (SELECT unnest(?)) AND author NOT LIKE 'synth:id:shill%'"
            " AND created_at < ? ORDER BY content_id",
            [beneficiaries, as_of - 10 * DAY],
        ).fetchall()
        others = rng.sample(others, BOT_LIKES)
        likes: list[tuple[str, str, datetime]] = []
        if order == "interleaved":
            for cid, author, at in planted + others:
                likes.append((cid, author, at + timedelta(minutes=rng.randint(1, 600))))
        else:  # front, sybil: the planted posts as they appear
            for cid, author, at in planted:
                likes.append((cid, author, at + timedelta(minutes=rng.randint(1, 60))))
            if order == "front":
                for cid, author, _ in others:
                    at = as_of - 10 * DAY + timedelta(seconds=rng.randint(0, 9 * 86400))
                    likes.append((cid, author, at))
        for i, (cid, author, at) in enumerate(likes):
            con.execute(
                "INSERT INTO events (event_id, network, source_id, kind, subkind, actor,"
                " target_person, target_content, ts, value)"
                " VALUES (?, 'synth', ?, 'reaction', 'like', ?, ?, ?, ?, 1.0)",
                [f"synth:{order}-{i}", f"{order}-{i}", liker, author, cid, min(at, as_of)],
            )
    return len(likes)


@dataclass
class BotWorlds:
    worlds: dict[str, BotWorld]  # "none", "interleaved", "front", "sybil"
    beneficiaries: list[str]

    def gain(self, world: str, score: str, sel: str, person: str) -> int:
        """Ranks gained by ``person`` from the likes of ``world``."""
        base = self.worlds["none"].rank(score, sel, person)
        return base - self.worlds[world].rank(score, sel, person)

    def table(self) -> str:
        lines = []
        none = self.worlds["none"]
        for name in ("interleaved", "front", "sybil"):
            w = self.worlds[name]
            weights = {s: (w.breadth[s] - none.breadth[s]) / math.log2(3) for s in SELECTIVITY}
            lines.append(
                f"{name}: {w.likes} likes, summed weight as_of {weights['as_of']:.2f},"
                f" response {weights['response']:.2f}"
                f" ({weights['response'] / weights['as_of']:.3f}x)"
            )
            for score in ("resonance", "influence"):
                for sel in SELECTIVITY:
                    n = w.persons(score, sel)
                    shills = ", ".join(
                        f"{s} {w.rank(score, sel, f'synth:id:{s}')}" for s in SHILL_POSTS
                    )
                    bens = ", ".join(
                        f"{none.rank(score, sel, b)}->{w.rank(score, sel, b)}"
                        for b in self.beneficiaries
                    )
                    lines.append(
                        f"  {score:9s} {sel:8s} of {n}: {shills}; beneficiaries {bens}"
                    )
        return "\n".join(lines)


@pytest.fixture(scope="module")
def bot_worlds(tmp_path_factory: pytest.TempPathFactory) -> BotWorlds:
    out = tmp_path_factory.mktemp("synth-bot")
    generate(out / "data", BOT_EVENTS, seed=BOT_SEED)
    truth = json.loads((out / "data" / "truth.json").read_text())
    period = {k: datetime.fromisoformat(v.replace("Z", "+00:00"))
              for k, v in truth["period"].items()}
    start, as_of = period["start"], period["end"]
    base = out / "none.duckdb"
    with Warehouse(base) as wh:
        d = out / "data"
        wh.ingest("table", [d / "identities.parquet", d / "contents", d / "events"])
        posts = dict(wh.sql(
            "SELECT i.person_id, count(*) FROM contents c"
            " JOIN identities i ON i.identity_id = c.author WHERE c.kind = 'post' GROUP BY 1"
        ).fetchall())
    worlds = {"none": _bot_scores(base, as_of, 0)}
    # Beneficiaries: ordinary accounts with 10 to 40 posts, around the median for influence.
    influence = worlds["none"].values[("influence", "as_of")]
    candidates = sorted(
        (p for p, n in posts.items() if 10 <= n <= 40 and p in influence),
        key=lambda p: (influence[p], p),
    )
    mid = len(candidates) // 2
    beneficiaries = [candidates[mid - 20], candidates[mid], candidates[mid + 20]]
    for order in ("interleaved", "front", "sybil"):
        path = out / f"{order}.duckdb"
        shutil.copy(base, path)
        likes = _plant_bot(path, order, beneficiaries, start, as_of)
        worlds[order] = _bot_scores(path, as_of, likes)
    got = BotWorlds(worlds, beneficiaries)
    print("\n" + got.table())
    return got


@pytest.mark.slow
@pytest.mark.parametrize("order", ["interleaved", "front"])
def test_bots_summed_weight_is_bounded(bot_worlds: BotWorlds, order: str) -> None:
    # The bot changes no other responder's R: the breadth it adds is its own pairs'
    # selectivity, log2(3) * w per pair.
    none, bot = bot_worlds.worlds["none"], bot_worlds.worlds[order]
    weight = {s: (bot.breadth[s] - none.breadth[s]) / math.log2(3) for s in SELECTIVITY}
    n = bot.likes
    assert n > BOT_LIKES
    # At as_of every like weighs 1 / log2(2 + N).
    assert weight["as_of"] == pytest.approx(n / math.log2(2 + n), rel=1e-6), bot_worlds.table()
    # At response time the early likes weigh more, by a bounded factor in total.
    assert weight["as_of"] < weight["response"] <= BOT_WEIGHT_RATIO * weight["as_of"], (
        bot_worlds.table()
    )


@pytest.mark.slow
@pytest.mark.parametrize("order", ["interleaved", "front"])
@pytest.mark.parametrize("selectivity", SELECTIVITY)
@pytest.mark.parametrize("score", ["resonance", "influence"])
def test_bot_cannot_lift_an_account_without_responses_into_the_top_decile(
    bot_worlds: BotWorlds, order: str, selectivity: str, score: str
) -> None:
    w = bot_worlds.worlds[order]
    decile = 0.1 * w.persons(score, selectivity)
    assert decile >= TOP  # outside the top decile is outside the top 100
    for shill in SHILL_POSTS:
        rank = w.rank(score, selectivity, f"synth:id:{shill}")
        assert rank > decile, f"{shill}: {rank}\n{bot_worlds.table()}"


@pytest.mark.slow
@pytest.mark.parametrize("score", ["resonance", "influence"])
def test_bot_lifts_its_beneficiaries_no_more_than_under_as_of(
    bot_worlds: BotWorlds, score: str
) -> None:
    """A bot's likes lift a beneficiary about as much under "response" as under "as_of";
    the front-loading bot lifts them no more than a throwaway account with the same likes
    already does under "as_of" (plus :data:`EXTRA_RANK_SHARE` of the persons)."""
    slack = EXTRA_RANK_SHARE * bot_worlds.worlds["none"].persons(score, "response")
    problems = []
    for b in bot_worlds.beneficiaries:
        bound = {
            "interleaved": bot_worlds.gain("interleaved", score, "as_of", b) + slack,
            "front": bot_worlds.gain("sybil", score, "as_of", b) + slack,
        }
        for order, most in bound.items():
            got = bot_worlds.gain(order, score, "response", b)
            if got > most:
                problems.append(f"{b}, {order}: gained {got} ranks, at most {most:.0f}")
    assert not problems, "\n".join(problems) + "\n" + bot_worlds.table()
