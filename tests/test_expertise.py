"""Topic expertise: hand-written rows with hand-computed values, the real Cardano dump,
and DuckDB/Spark parity on a small hand-built warehouse.

Real-data checks recompute the expected facts from Posts.xml with the standard library,
independently of the adapter.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from canonical import Rows
from dump import xml_rows, xml_tags
from swaylens.scores.base import ScoreError, with_percentile
from swaylens.scores.expertise import (
    TOPIC_COLUMNS,
    Expertise,
    top_people,
    top_topics,
)
from swaylens.warehouse import Warehouse
from swaylens.warehouse.engines import connect

T0 = datetime(2024, 1, 1, tzinfo=UTC)
DAY = timedelta(days=1)
CARDANO = "stackexchange/cardano"
LN2 = math.log(2.0)


def topics_of(wh: Warehouse, score: Expertise, as_of: datetime) -> dict[tuple[str, str], Any]:
    """(person, topic) -> row of compute_topics, on DuckDB."""
    engine = connect("duckdb", warehouse=wh)
    got = engine.collect(score.compute_topics(engine, as_of)).to_pylist()
    return {(r["person_id"], r["topic"]): r for r in got}


def persons_of(wh: Warehouse, score: Expertise, as_of: datetime) -> dict[str, Any]:
    engine = connect("duckdb", warehouse=wh)
    got = engine.collect(with_percentile(score.compute(engine, as_of))).to_pylist()
    return {r["person_id"]: r for r in got}


def _formula(
    contents: dict[str, tuple[str, float, set[str]]], m: float = 5.0, z: float = 1.6448536269514722
) -> dict[tuple[str, str], tuple[float, float, float]]:
    """content -> (author, r, topics)  =>  (person, topic) -> (value, low, high)."""
    rs = [r for _, r, _ in contents.values()]
    mu0 = sum(rs) / len(rs)
    var0 = sum(r * r for r in rs) / len(rs) - mu0 * mu0
    by_topic: dict[str, list[float]] = defaultdict(list)
    by_pt: dict[tuple[str, str], list[float]] = defaultdict(list)
    for author, r, topics in contents.values():
        for t in topics:
            by_topic[t].append(r)
            by_pt[(author, t)].append(r)
    out = {}
    for (p, t), xs in by_pt.items():
        ts = by_topic[t]
        nt, st = len(ts), sum(ts)
        mu_t = (st + m * mu0) / (nt + m)
        ss = sum((x - st / nt) ** 2 for x in ts)
        var_t = (ss + m * var0) / (nt + m)
        n = len(xs)
        rate = (sum(xs) + m * mu_t) / (n + m)
        se = math.sqrt(var_t / (n + m))
        vol = math.log1p(n)
        out[(p, t)] = (rate * vol, max(rate - z * se, 0.0) * vol, (rate + z * se) * vol)
    return out


def build_qa(rows: Rows) -> None:
    """a asks q1 (tags ada, staking); b answers; c votes; a accepts; noise that must not
    count (self-recognition, a downvote, a comment content, the future)."""
    for p in ("a", "c"):
        rows.person(p)
    rows.person("b", "b1", "b2")
    rows.content("q1", "a", T0, tags=["Ada", "staking"], community="site")
    rows.content("ans1", "b1", T0 + DAY, kind="answer", root="q1", community="site")
    rows.content(  # not an opportunity
        "com1", "c", T0 + DAY, kind="comment", root="q1", community="site"
    )
    rows.event("post", "a", T0, content="q1")
    rows.event("reply", "b1", T0 + DAY, person="a", content="q1")  # 0.5 for a
    rows.event("comment", "c", T0 + DAY, person="a", content="q1")  # 0.5 for a
    rows.event("accept", "a", T0 + 2 * DAY, person="b1", content="ans1")  # 3 for b
    rows.event("reaction", "c", T0 + 2 * DAY, person="b1", content="ans1")  # 1
    rows.event("reaction", None, T0 + 2 * DAY, person="b1", content="ans1")  # 1, anonymous
    rows.event("reaction", None, T0 + 2 * DAY, person="b1", content="ans1", value=-1.0)
    rows.event("reaction", "b2", T0 + 2 * DAY, person="b1", content="ans1")  # self
    rows.event("reshare", "b1", T0 + 2 * DAY, person="b1", content="ans1")  # self
    rows.event("reaction", "c", T0 + 2 * DAY, person="c", content="com1")  # a comment
    rows.event("reaction", "c", T0 + 90 * DAY, person="b1", content="ans1")  # future


# Every content is older than the 30 days of maturity: each counts as one opportunity.
AS_OF = T0 + 60 * DAY
QA_CONTENTS = {
    "q1": ("a", 1.0, {"ada", "staking", "community:site"}),
    # The answer inherits its question's tags through root_id.
    "ans1": ("b", 5.0, {"ada", "staking", "community:site"}),
}


def test_hand_computed_topics(mem: Warehouse, rows: Rows) -> None:
    build_qa(rows)
    got = topics_of(mem, Expertise(), AS_OF)
    want = _formula(QA_CONTENTS)
    assert set(got) == set(want)
    for key, (value, low, high) in want.items():
        row = got[key]
        assert row["value"] == pytest.approx(value, rel=1e-12), key
        assert row["low"] == pytest.approx(low, rel=1e-12, abs=1e-12), key
        assert row["high"] == pytest.approx(high, rel=1e-12), key
        assert row["n"] == 1
    assert got[("b", "ada")]["recognition"] == 5.0  # accept 3 + upvote 1 + anonymous 1
    assert got[("a", "ada")]["recognition"] == 1.0  # answer 0.5 + comment 0.5
    # mu_0 = 3, both topics' means are 3, var_0 = 4: b's rate (5 + 15) / 6, times ln 2.
    assert got[("b", "ada")]["value"] == pytest.approx(20 / 6 * LN2, rel=1e-12)
    engine = connect("duckdb", warehouse=mem)
    columns = engine.collect(Expertise().compute_topics(engine, AS_OF)).column_names
    assert list(TOPIC_COLUMNS) == list(columns)


def test_person_level_is_best_topic(mem: Warehouse, rows: Rows) -> None:
    build_qa(rows)
    got = persons_of(mem, Expertise(), AS_OF)
    assert set(got) == {"a", "b"}  # c only wrote a comment
    b = got["b"]
    assert b["score"] == "expertise"
    assert b["value"] == pytest.approx(20 / 6 * LN2, rel=1e-12)
    # Three equal topics: ties go by name.
    assert b["components"]["topic"] == "ada"
    assert b["components"]["topic_2"] == "community:site"
    assert b["components"]["topic_3"] == "staking"
    assert b["components"]["topics"] == 3
    assert b["components"]["topic_n"] == 1
    assert b["components"]["topic_recognition"] == 5.0
    assert b["low"] <= b["value"] <= b["high"]
    assert got["b"]["percentile"] > got["a"]["percentile"]


def test_helpers(mem: Warehouse, rows: Rows) -> None:
    build_qa(rows)
    engine = connect("duckdb", warehouse=mem)
    tops = top_topics(engine, "b", AS_OF, k=2)
    assert [r["topic"] for r in tops] == ["ada", "community:site"]
    people = top_people(engine, "ada", AS_OF, k=5)
    assert [r["person_id"] for r in people] == ["b", "a"]
    assert top_people(engine, "nothing", AS_OF) == []


def test_answers_inherit_question_tags(mem: Warehouse, rows: Rows) -> None:
    rows.person("a")
    rows.person("b")
    rows.content("q", "a", T0, tags=["plutus"])
    rows.content("ans", "b", T0, kind="answer", root="q")
    rows.content("own", "b", T0, kind="answer", root="q", tags=["haskell"])
    got = topics_of(mem, Expertise(), AS_OF)
    assert set(got) == {("a", "plutus"), ("b", "plutus"), ("b", "haskell")}
    assert got[("b", "plutus")]["n"] == 2
    assert got[("b", "haskell")]["n"] == 1


def test_self_recognition_is_excluded(mem: Warehouse, rows: Rows) -> None:
    rows.person("a", "a1", "a2")
    rows.person("x")
    rows.content("q", "a1", T0, tags=["t"], community="site")
    rows.content("q2", "x", T0, tags=["t"], community="site")
    for kind in ("accept", "reaction", "reply", "comment", "reshare", "quote"):
        # (At T0 + 1 day: a reshare at the content's own instant would make it a wrapper.)
        rows.event(kind, "a2", T0 + DAY, person="a1", content="q")
        rows.event(kind, "a1", T0 + DAY, person="a1", content="q")
    got = topics_of(mem, Expertise(), AS_OF)
    assert got[("a", "t")]["recognition"] == 0.0
    rows.event("quote", "x", T0, person="a1", content="q")
    got = topics_of(mem, Expertise(), AS_OF)
    assert got[("a", "t")]["recognition"] == 1.0


def test_no_future_leakage(mem: Warehouse, rows: Rows) -> None:
    build_qa(rows)
    rows.content("late", "b1", AS_OF + DAY, kind="answer", root="q1", community="site")
    rows.event("accept", "a", AS_OF + 2 * DAY, person="b1", content="late")
    before = topics_of(mem, Expertise(), AS_OF)
    mem.sql("DELETE FROM events WHERE ts > ?", [AS_OF])
    mem.sql("DELETE FROM contents WHERE created_at > ?", [AS_OF])
    assert topics_of(mem, Expertise(), AS_OF) == before
    assert before[("b", "ada")]["n"] == 1


def test_shrinkage_and_volume(mem: Warehouse, rows: Rows) -> None:
    """2 lucky posts do not outrank 200 good ones; 300 unrecognised posts win nothing."""
    rows.person("fan")
    contents: dict[str, tuple[str, float, set[str]]] = {}

    def author(name: str, n_posts: int, accepts: int) -> None:
        rows.person(name)
        for i in range(n_posts):
            c = rows.content(f"{name}/{i}", name, T0, tags=["t"])
            for _ in range(accepts):
                rows.event("accept", "fan", T0, person=name, content=c)
            contents[c] = (name, 3.0 * accepts, {"t"})

    for i in range(10):
        author(f"bg{i}", 5, 1)
    author("lucky", 2, 4)  # 12 per post
    author("good", 200, 1)  # 3 per post
    author("loud", 300, 0)
    got = topics_of(mem, Expertise(), AS_OF)
    want = _formula(contents)
    for key, (v, _, _) in want.items():
        assert got[key]["value"] == pytest.approx(v, rel=1e-9), key
    value = {p: got[(p, "t")]["value"] for p in ("lucky", "good", "loud", "bg0")}
    assert value["good"] > value["lucky"] > value["bg0"] > value["loud"]
    width = {p: got[(p, "t")]["high"] - got[(p, "t")]["low"] for p in ("lucky", "good")}
    # The interval is relative to the value's scale: narrower per unit for more contents.
    assert width["lucky"] / math.log1p(2) > width["good"] / math.log1p(200)
    # A stronger prior pulls the lucky poster further toward the mean.
    strong = topics_of(mem, Expertise(prior_strength=50), AS_OF)
    assert strong[("lucky", "t")]["value"] < value["lucky"]


def test_taxonomy(mem: Warehouse, rows: Rows) -> None:
    rows.person("a")
    rows.person("b")
    rows.person("c")
    rows.content("q", "a", T0, title="How do I run a Stake Pool?")
    rows.content("ans", "b", T0, kind="answer", root="q", text="Use cardano-node.")
    rows.content("q2", "c", T0, title="Wallet", text="daedalus")
    rows.event("accept", "a", T0, person="b", content="ans")
    tax = {"staking": ["stake pool", "delegat"], "nodes": ["CARDANO-NODE"]}
    got = topics_of(mem, Expertise(taxonomy=tax), AS_OF)
    assert set(got) == {("a", "staking"), ("b", "staking"), ("b", "nodes")}
    assert got[("b", "staking")]["recognition"] == 3.0
    assert topics_of(mem, Expertise(), AS_OF) == {}


def test_young_contents_are_partial_opportunities(mem: Warehouse, rows: Rows) -> None:
    """A content younger than maturity_days counts as age / maturity_days of one, its
    recognition weighted alike: a new, not yet recognised post barely lowers the rate."""
    rows.person("a")
    rows.person("b")
    rows.content("old", "a", T0, tags=["ada"], community="site")
    rows.event("reaction", "b", T0 + DAY, person="a", content="old")
    rows.content("new", "a", T0 + 57 * DAY, tags=["ada"], community="site")
    as_of = T0 + 60 * DAY
    got = topics_of(mem, Expertise(maturity_days=30), as_of)[("a", "ada")]
    assert got["n"] == 2
    assert got["n_w"] == pytest.approx(1.0 + 3 / 30)
    assert got["recognition"] == pytest.approx(1.0)
    flat = topics_of(mem, Expertise(maturity_days=0), as_of)[("a", "ada")]
    assert flat["n_w"] == 2.0
    assert got["value"] / math.log1p(got["n_w"]) > flat["value"] / math.log1p(2.0)
    with pytest.raises(ScoreError):
        Expertise(maturity_days=-1)


def test_parameters_are_checked() -> None:
    with pytest.raises(ScoreError):
        Expertise(prior_strength=0)
    with pytest.raises(ScoreError):
        Expertise(weights={"follow": 1.0})
    with pytest.raises(ScoreError):
        Expertise(weights={"accept": -1.0})
    with pytest.raises(ScoreError):
        Expertise(interval=1.0)
    with pytest.raises(ScoreError):
        Expertise(taxonomy={"x": []})
    assert Expertise(weights={"accept": 1}).get_params()["weights"] == {"accept": 1.0}


# -- real data: Cardano ---------------------------------------------------------------------




def test_top_people_of_most_frequent_tag_answer_in_it(cardano: Warehouse, shared: Path) -> None:
    q_tags: dict[str, list[str]] = {}
    answers: list[tuple[str, str]] = []  # (owner, question)
    counts: Counter[str] = Counter()
    for r in xml_rows(shared / CARDANO / "Posts.xml"):
        if r["PostTypeId"] == "1":
            q_tags[r["Id"]] = xml_tags(r.get("Tags"))
            counts.update(q_tags[r["Id"]])
        elif r["PostTypeId"] == "2" and r.get("OwnerUserId") and r.get("ParentId"):
            answers.append((r["OwnerUserId"], r["ParentId"]))
    tag = counts.most_common(1)[0][0]
    answered_in_tag = {u for u, q in answers if tag in q_tags.get(q, [])}
    user_of = dict(
        cardano.sql(
            "SELECT person_id, source_id FROM identities"
            " WHERE network = 'stackexchange' AND kind = 'id'"
        ).fetchall()
    )
    engine = connect("duckdb", warehouse=cardano)
    as_of = datetime(2030, 1, 1, tzinfo=UTC)
    people = top_people(engine, tag, as_of, k=10)
    assert len(people) == 10
    # Questions earn recognition too (votes, answers received), so an asker may place;
    # but the leaders are answerers in the tag.
    answerers = [user_of[p["person_id"]] in answered_in_tag for p in people]
    assert all(answerers[:5]), (tag, answerers)
    assert sum(answerers) >= 8, (tag, answerers)
    values = [p["value"] for p in people]
    assert values == sorted(values, reverse=True)
    # Volume alone does not win: the person with the most contents in the tag among
    # everyone scored there is not necessarily first, but nobody in the top 10 is
    # unrecognised.
    assert all(p["recognition"] > 0 for p in people)
    best = top_topics(engine, people[0]["person_id"], as_of, k=50)
    assert tag in [t["topic"] for t in best]


def test_no_future_leakage_on_cardano(shared: Path, tmp_path: Path) -> None:
    """Per-topic rows at D are the same whether or not the data after D exist."""
    as_of = datetime(2021, 9, 1, tzinfo=UTC)
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.ingest("stackexchange", [shared / CARDANO])
        full = topics_of(wh, Expertise(), as_of)
        assert wh.count("events", f"ts > '{as_of.isoformat()}'") > 1000
        wh.sql("DELETE FROM events WHERE ts > ?", [as_of])
        wh.sql("DELETE FROM contents WHERE created_at > ?", [as_of])
        truncated = topics_of(wh, Expertise(), as_of)
    assert len(full) > 1000
    assert full.keys() == truncated.keys()
    for key, row in full.items():
        for col in ("value", "low", "high", "recognition"):
            assert truncated[key][col] == pytest.approx(row[col], rel=1e-9, abs=1e-12), key
        assert truncated[key]["n"] == row["n"]


# -- parity: DuckDB and Spark ---------------------------------------------------------------


@pytest.mark.slow
def test_parity_duckdb_spark(mem: Warehouse, rows: Rows, spark_session: Any) -> None:
    build_qa(rows)
    rows.content("q2", "c", T0, tags=["ada"], title="stake pool", community="site")
    rows.event("reaction", "a", T0 + DAY, person="c", content="q2")
    score = Expertise(taxonomy={"staking": ["stake"]})

    def run(engine_name: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        kw: dict[str, Any] = {"spark_session": spark_session} if engine_name == "spark" else {}
        with connect(engine_name, warehouse=mem, **kw) as engine:
            t = engine.collect(score.compute_topics(engine, AS_OF)).to_pylist()
            p = engine.collect(with_percentile(score.compute(engine, AS_OF))).to_pylist()
        key = ("person_id", "topic")
        return (
            sorted(t, key=lambda r: tuple(r[k] for k in key)),
            sorted(p, key=lambda r: r["person_id"]),
        )

    duck_t, duck_p = run("duckdb")
    spark_t, spark_p = run("spark")
    assert len(duck_t) == len(spark_t) > 5
    for x, y in zip(duck_t + duck_p, spark_t + spark_p, strict=True):
        assert x.keys() == y.keys()
        for k, v in x.items():
            if isinstance(v, float):
                assert y[k] == pytest.approx(v, rel=1e-9, abs=1e-12), k
            elif isinstance(v, dict):
                assert _close(v, y[k]), k
            else:
                assert y[k] == v, k


def _close(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a.keys() == b.keys() and all(
        (b[k] == pytest.approx(v, rel=1e-9)) if isinstance(v, float) else b[k] == v
        for k, v in a.items()
    )
