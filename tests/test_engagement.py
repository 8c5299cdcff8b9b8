"""Topic engagement: hand-written rows with hand-computed rates, slopes and shares, the
per-topic snapshot table and ``top --topic``, the real Cardano dump (recomputed from the
XML with the standard library) and DuckDB/Spark parity."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from canonical import Rows
from dump import xml_rows, xml_tags
from swaylens.cli import app
from swaylens.errors import WarehouseError
from swaylens.scores import SCORES, Engagement, snapshot
from swaylens.scores.base import ScoreError, with_percentile
from swaylens.scores.engagement import TOPIC_COLUMNS
from swaylens.warehouse import Warehouse
from swaylens.warehouse.ddl import MIGRATIONS, SCHEMA_VERSION
from swaylens.warehouse.engines import connect

NOW = datetime(2024, 6, 1, tzinfo=UTC)
DAY = timedelta(days=1)
CARDANO = "stackexchange/cardano"
LAMBDA = 1.0 / 7.0
runner = CliRunner()


def topics_of(wh: Warehouse, score: Engagement, as_of: datetime) -> dict[tuple[str, str], Any]:
    engine = connect("duckdb", warehouse=wh)
    got = engine.collect(score.compute_topics(engine, as_of)).to_pylist()
    return {(r["person_id"], r["topic"]): r for r in got}


def persons_of(wh: Warehouse, score: Engagement, as_of: datetime) -> dict[str, Any]:
    engine = connect("duckdb", warehouse=wh)
    got = engine.collect(with_percentile(score.compute(engine, as_of))).to_pylist()
    return {r["person_id"]: r for r in got}


def expected(a7: float, a30: float, b: float, all30: float) -> dict[str, float]:
    """The documented formula, from the weighted action sums of the three windows."""
    rate7, rate30, base = a7 / 7, a30 / 30, b / 90
    slope7 = math.log((rate7 + LAMBDA) / (base + LAMBDA))
    share = a30 / all30
    return {
        "rate_7": rate7, "rate_30": rate30, "baseline": base, "slope_7": slope7,
        "slope_30": math.log((rate30 + LAMBDA) / (base + LAMBDA)), "share": share,
        "value": rate7 * share * (1 + max(slope7, 0.0)),
    }


def assert_row(got: dict[str, Any], want: dict[str, float]) -> None:
    for k, v in want.items():
        assert got[k] == pytest.approx(v, rel=1e-12, abs=1e-15), k


def build_mixed(rows: Rows) -> None:
    """a acts in ada and staking over 120+ days; b posts once; noise that must not count."""
    rows.person("a", "a1", "a2")
    rows.person("b")
    rows.post("q1", "a1", NOW - 2 * DAY, tags=["Ada"], target=False)  # ada: short, long
    rows.content("q2", "a2", NOW - 10 * DAY, tags=["ada", "staking"])
    rows.event("post", "a2", NOW - 10 * DAY, content="q2")  # both topics, long
    # A comment: its target and the comment it creates both give ada and staking (counted
    # once per topic), 0.5 each.
    rows.content("c1", "a1", NOW - 3 * DAY, kind="comment", root="q2")
    rows.event("comment", "a1", NOW - 3 * DAY, person="a2", content="q2")
    rows.post("q3", "a1", NOW - 60 * DAY, tags=["ada"], target=False)  # baseline
    rows.post("q4", "a1", NOW - 119 * DAY, tags=["ada"], target=False)  # baseline
    rows.post("q5", "a1", NOW - 121 * DAY, tags=["ada"], target=False)  # before every window
    qb = rows.post("qb", "b", NOW - DAY, tags=["staking"], target=False)
    rows.event("reaction", "a1", NOW - DAY, person="b", content=qb)  # 0.1, staking
    rows.event("mention", "a1", NOW - 5 * DAY, person="b")  # 0.3, no topic: total only
    rows.event("follow", "a1", NOW - 5 * DAY, person="b")  # weight 0
    rows.event("reaction", None, NOW - DAY, person="a", content="q1")  # anonymous
    rows.post("q6", "a1", NOW + DAY, tags=["ada"], target=False)  # the future


def test_hand_computed_rate_slope_share(mem: Warehouse, rows: Rows) -> None:
    build_mixed(rows)
    got = topics_of(mem, Engagement(), NOW)
    assert set(got) == {("a", "ada"), ("a", "staking"), ("b", "staking")}
    all30 = 1 + 1 + 0.5 + 0.1 + 0.3
    assert_row(got[("a", "ada")], expected(a7=1.5, a30=2.5, b=2.0, all30=all30))
    assert_row(got[("a", "staking")], expected(a7=0.6, a30=1.6, b=0.0, all30=all30))
    assert_row(got[("b", "staking")], expected(a7=1.0, a30=1.0, b=0.0, all30=1.0))
    row = got[("a", "ada")]
    assert (row["actions_7d"], row["actions_30d"], row["actions_baseline"]) == pytest.approx(
        (1.5, 2.5, 2.0)
    )
    assert row["low"] is None and row["high"] is None
    assert list(row) == list(TOPIC_COLUMNS)


def test_person_level_is_the_best_topic(mem: Warehouse, rows: Rows) -> None:
    build_mixed(rows)
    got = persons_of(mem, Engagement(), NOW)
    topics = topics_of(mem, Engagement(), NOW)
    a = got["a"]
    best = max(("ada", "staking"), key=lambda t: topics[("a", t)]["value"])
    assert a["value"] == pytest.approx(topics[("a", best)]["value"], rel=1e-12)
    assert a["components"]["topic"] == best
    assert a["components"]["topic_2"] == ({"ada", "staking"} - {best}).pop()
    assert a["components"]["topic_3"] is None
    assert a["components"]["topics"] == 2
    assert a["components"]["slope_7"] == pytest.approx(topics[("a", best)]["slope_7"])
    assert a["score"] == "engagement"


def test_burst_beats_steady_at_the_same_rate(mem: Warehouse, rows: Rows) -> None:
    for p in ("steady", "burst", "once", "gone"):
        rows.person(p)
    for k in range(120):  # one a day for 120 days: the baseline equals the current rate
        rows.post(f"s{k}", "steady", NOW - k * DAY, tags=["ada"], target=False)
    for k in range(7):  # the same current rate, after nothing
        rows.post(f"b{k}", "burst", NOW - k * DAY, tags=["ada"], target=False)
    rows.post("o", "once", NOW - DAY, tags=["ada"], target=False)
    for k in range(30, 120):  # steady in the baseline, silent since
        rows.post(f"g{k}", "gone", NOW - k * DAY, tags=["ada"], target=False)
    got = topics_of(mem, Engagement(), NOW)
    steady, burst = got[("steady", "ada")], got[("burst", "ada")]
    assert steady["rate_7"] == burst["rate_7"] == pytest.approx(1.0)
    assert steady["slope_7"] == pytest.approx(0.0, abs=1e-12)
    assert steady["slope_30"] == pytest.approx(0.0, abs=1e-12)
    assert steady["value"] == pytest.approx(1.0)
    assert burst["slope_7"] == pytest.approx(math.log(8.0))
    assert burst["value"] == pytest.approx(1.0 + math.log(8.0))
    # The pseudo-rate keeps a first action from being a large trend.
    assert got[("once", "ada")]["slope_7"] == pytest.approx(math.log(2.0))
    gone = got[("gone", "ada")]
    assert gone["value"] == 0.0
    assert gone["slope_7"] == pytest.approx(math.log(LAMBDA / (1.0 + LAMBDA)))
    pct = {p: r["percentile"] for p, r in persons_of(mem, Engagement(), NOW).items()}
    assert pct["burst"] > pct["steady"] > pct["once"] > pct["gone"]
    # Other windows and pseudo-rate.
    alt = topics_of(mem, Engagement(short_days=14, prior_rate=1.0), NOW)
    assert alt[("burst", "ada")]["rate_7"] == pytest.approx(7 / 14)
    assert alt[("burst", "ada")]["slope_7"] == pytest.approx(math.log(1.5))


def test_communities_come_after_tags(mem: Warehouse, rows: Rows) -> None:
    rows.person("a")
    for k in range(5):
        rows.post(f"q{k}", "a", NOW - k * DAY, tags=["ada"] if k == 0 else [],
                  community="site", target=False)
    got = topics_of(mem, Engagement(), NOW)
    assert got[("a", "community:site")]["value"] > got[("a", "ada")]["value"] > 0
    assert got[("a", "community:site")]["share"] == 1.0
    comp = persons_of(mem, Engagement(), NOW)["a"]["components"]
    assert (comp["topic"], comp["topic_2"]) == ("ada", "community:site")


def test_no_future_leakage(mem: Warehouse, rows: Rows) -> None:
    build_mixed(rows)
    before = topics_of(mem, Engagement(), NOW)
    rows.post("late", "a1", NOW + DAY, tags=["ada", "new"], target=False)
    rows.event("comment", "b", NOW + 2 * DAY, person="a", content="q1")
    assert topics_of(mem, Engagement(), NOW) == before


def test_parameters_are_checked() -> None:
    with pytest.raises(ScoreError):
        Engagement(short_days=31)
    with pytest.raises(ScoreError):
        Engagement(baseline_days=0)
    with pytest.raises(ScoreError):
        Engagement(prior_rate=0)
    with pytest.raises(ScoreError):
        Engagement(weights={"retweet": 1.0})
    with pytest.raises(ScoreError):
        Engagement(taxonomy={"x": []})
    assert SCORES["engagement"] is Engagement
    assert "taxonomy" in Engagement().get_params()


# -- storage: topic_snapshots, migration, `top --topic` --------------------------------------
def _json(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_topic_snapshots_and_cli(tmp_path: Path) -> None:
    db = str(tmp_path / "w.duckdb")
    with Warehouse(db) as wh:
        build_mixed(Rows(wh))
        # A third person with only ada, to rank against a.
        Rows(wh).person("c")
        wh.sql("INSERT INTO contents (content_id, network, source_id, kind, author,"
               " created_at, root_id, tags) VALUES ('qc', 't', 'qc', 'question', 'c', ?,"
               " 'qc', ['ada'])", [NOW - DAY])
        wh.sql("INSERT INTO events (event_id, network, source_id, kind, actor, target_content,"
               " ts) VALUES ('t:ec', 't', 'ec', 'post', 'c', 'qc', ?)", [NOW - DAY])
        expect = topics_of(wh, Engagement(), NOW)
    as_of = NOW.strftime("%Y-%m-%dT%H:%M:%S")
    for _ in range(2):  # the second run replaces the rows of that date
        _json("--db", db, "score", "--score", "engagement", "--score", "expertise",
              "--as-of", as_of, "--format", "json")
    top = _json("--db", db, "top", "--by", "engagement", "--topic", "ada", "--format", "json")
    assert [r["person"] for r in top] == sorted(
        ("a", "c"), key=lambda p: -expect[(p, "ada")]["value"]
    )
    for r in top:
        assert set(r) == {"person", "identities", "score", "value", "percentile", "interval",
                          "topic"}
        assert r["score"] == "engagement" and r["topic"] == "ada"
        assert r["value"] == pytest.approx(expect[(r["person"], "ada")]["value"])
        assert r["interval"] is None
    # Percentiles within the topic: two persons, the higher gets ceil(100 * 1.5 / 2).
    assert [r["percentile"] for r in top] == [75, 25]
    staking = _json("--db", db, "top", "--by", "engagement", "--topic", "staking",
                    "--limit", "1", "--format", "json")
    assert [r["person"] for r in staking] == [
        max(("a", "b"), key=lambda p: expect[(p, "staking")]["value"])
    ]
    assert _json("--db", db, "top", "--by", "engagement", "--topic", "ada", "--network",
                 "elsewhere", "--format", "json") == []
    plain = _json("--db", db, "top", "--by", "engagement", "--format", "json")
    assert {r["person"] for r in plain} == {"a", "b", "c"}
    assert all("topic" not in r for r in plain)
    exp = _json("--db", db, "top", "--by", "expertise", "--topic", "ada", "--format", "json")
    assert exp and all(r["topic"] == "ada" for r in exp)
    p = _json("--db", db, "person", "a", "--format", "json")
    assert [t["topic"] for t in p["topics"]["engagement"]] == sorted(
        ("ada", "staking"), key=lambda t: -expect[("a", t)]["value"]
    )
    assert p["topics"]["engagement"][0]["components"]["slope_7"] == pytest.approx(
        expect[("a", p["topics"]["engagement"][0]["topic"])]["slope_7"]
    )
    assert {"engagement", "expertise"} <= set(p["scores"])
    bad = runner.invoke(app, ["--db", db, "top", "--by", "activity", "--topic", "ada"])
    assert bad.exit_code != 0 and "no per-topic rows" in bad.output
    with Warehouse(db, read_only=True) as wh:
        n = wh.sql("SELECT count(*) FROM topic_snapshots WHERE score = 'engagement'")
        assert n.fetchone() == (len(expect),)


def test_v2_warehouse_migrates(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE swaylens_meta (key VARCHAR, value VARCHAR)")
    for migrate in MIGRATIONS[:2]:
        migrate(con)
    con.execute("INSERT INTO swaylens_meta VALUES ('schema_version', '2')")
    con.execute("INSERT INTO score_snapshots VALUES (?, 'activity', 'p', 1.0, 50, NULL, NULL,"
                " NULL)", [NOW])
    con.close()
    with pytest.raises(WarehouseError, match="open it once for writing"):
        Warehouse(path, read_only=True)
    with Warehouse(path) as wh:
        assert wh.schema_version == SCHEMA_VERSION == len(MIGRATIONS)
        assert wh.count("topic_snapshots") == 0
        assert wh.count("score_snapshots") == 1
        # An old snapshot was computed across networks (migration 4 adds the column).
        assert wh.sql("SELECT network FROM score_snapshots").fetchall() == [(None,)]
        with pytest.raises(WarehouseError, match="no per-topic snapshots of engagement"):
            wh.top("engagement", topic="ada")


# -- real data: Cardano Stack Exchange ------------------------------------------------------


def test_cardano_matches_raw_xml(cardano: Warehouse, shared: Path) -> None:
    """Posts, answers and comments per (user, tag) in the windows, recomputed from the
    XML; the stored topics are the dump's tags and its one site."""
    as_of = datetime(2021, 11, 15, tzinfo=UTC)
    weights = {"post": 1.0, "reply": 1.0, "comment": 0.5}
    posts = list(xml_rows(shared / CARDANO / "Posts.xml"))
    q_tags = {r["Id"]: xml_tags(r.get("Tags")) for r in posts if r["PostTypeId"] == "1"}
    tags_of = dict(q_tags)
    tags_of.update(
        {r["Id"]: q_tags.get(r.get("ParentId", ""), []) for r in posts if r["PostTypeId"] == "2"}
    )
    items = [
        (r["OwnerUserId"], r["CreationDate"], 1.0, r["Id"])
        for r in posts if r["PostTypeId"] in ("1", "2") and r.get("OwnerUserId")
    ]
    items += [
        (r["UserId"], r["CreationDate"], 0.5, r["PostId"])
        for r in xml_rows(shared / CARDANO / "Comments.xml") if r.get("UserId")
    ]
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    all30: dict[str, float] = defaultdict(float)
    for user, created, w, post in items:
        age = (as_of - datetime.fromisoformat(created).replace(tzinfo=UTC)) / DAY
        if not 0 <= age < 120:
            continue
        if age < 30:
            all30[user] += w
        for tag in tags_of.get(post, []):
            s = sums[(user, tag)]
            s[0] += w if age < 7 else 0.0
            s[1] += w if age < 30 else 0.0
            s[2] += w if age >= 30 else 0.0
    assert len(sums) > 200
    person = dict(cardano.sql(
        "SELECT source_id, person_id FROM identities"
        " WHERE network = 'stackexchange' AND kind = 'id'"
    ).fetchall())
    score = Engagement(weights=weights)
    engine = connect("duckdb", warehouse=cardano)
    snapshot(engine, [score], as_of)
    stored = cardano.sql(
        "SELECT person_id, topic, value, percentile, components FROM topic_snapshots_json"
        " WHERE score = 'engagement' AND as_of = ?", [as_of]
    ).fetchall()
    got = {(p, t): (v, pct, json.loads(c)) for p, t, v, pct, c in stored}
    for (user, tag), (a7, a30, b) in sums.items():
        v, pct, comp = got[(person[user], tag)]
        want = expected(a7, a30, b, all30[user]) if a30 else None
        assert comp["actions_7d"] == pytest.approx(a7), (user, tag)
        assert comp["actions_30d"] == pytest.approx(a30), (user, tag)
        assert comp["actions_baseline"] == pytest.approx(b), (user, tag)
        if want is not None:
            assert v == pytest.approx(want["value"], rel=1e-9), (user, tag)
            assert comp["share"] == pytest.approx(want["share"], rel=1e-9), (user, tag)
        assert 1 <= pct <= 100
    site_persons = set(person.values())
    assert {(person[u], t) for u, t in sums} == {
        (p, t) for p, t in got if p in site_persons and not t.startswith("community:")
    }
    # Every action on the site is in its community: share 1 for everyone active.
    site = [c["share"] for (_, t), (_, _, c) in got.items() if t == "community:cardano"]
    assert site and all(s == pytest.approx(1.0) for s in site if s > 0)
    # The stored topics are real tags of the dump (or its site), nothing invented.
    dump_tags = {t for ts in q_tags.values() for t in ts}
    topics = {t for _, t in got}
    assert topics - dump_tags == {"community:cardano"}
    # The most engaged topics right now are tags people actually acted in most lately.
    by_topic: dict[str, float] = defaultdict(float)
    for (_, tag), (_, a30, _) in sums.items():
        by_topic[tag] += a30
    busiest = max(by_topic, key=lambda t: by_topic[t])
    leaders = cardano.top("engagement", topic=busiest, as_of=as_of, limit=3)
    assert len(leaders) == 3 and all(r["topic"] == busiest for r in leaders)
    assert leaders[0]["percentile"] == 100
    users = {u for (u, t), s in sums.items() if t == busiest and s[0] > 0}
    assert all(r["person"] in {person[u] for u in users} for r in leaders)


def test_no_future_leakage_on_cardano(shared: Path, tmp_path: Path) -> None:
    as_of = datetime(2021, 9, 1, tzinfo=UTC)
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.ingest("stackexchange", [shared / CARDANO])
        full = topics_of(wh, Engagement(), as_of)
        assert wh.count("events", f"ts > '{as_of.isoformat()}'") > 1000
        wh.sql("DELETE FROM events WHERE ts > ?", [as_of])
        wh.sql("DELETE FROM contents WHERE created_at > ?", [as_of])
        truncated = topics_of(wh, Engagement(), as_of)
    assert len(full) > 500
    assert full.keys() == truncated.keys()
    for key, row in full.items():
        for col, v in row.items():
            if isinstance(v, float):
                assert truncated[key][col] == pytest.approx(v, rel=1e-9, abs=1e-12), key


# -- parity: DuckDB and Spark ---------------------------------------------------------------
SNAPSHOT_ROWS = {
    "score_snapshots": "SELECT score, person_id, '' AS topic, value, percentile, low, high,"
    " components::VARCHAR FROM score_snapshots_json WHERE as_of = ? ORDER BY 1, 2",
    "topic_snapshots": "SELECT score, person_id, topic, value, percentile, low, high,"
    " components::VARCHAR FROM topic_snapshots_json WHERE as_of = ? ORDER BY 1, 2, 3",
}


@pytest.mark.slow
def test_parity_duckdb_spark(mem: Warehouse, rows: Rows, spark_session: Any) -> None:
    """Engagement snapshots, with their per-topic rows, are the same when computed on
    Spark and written back to the warehouse."""
    build_mixed(rows)
    rows.post("qs", "b", NOW - 40 * DAY, tags=["staking", "ada"], community="site",
              target=False)
    scores = [Engagement()]

    def run(engine_name: str) -> dict[str, list[Any]]:
        kw: dict[str, Any] = {"spark_session": spark_session} if engine_name == "spark" else {}
        with connect(engine_name, warehouse=mem, **kw) as engine:
            snapshot(engine, scores, NOW)
        return {t: mem.sql(q, [NOW]).fetchall() for t, q in SNAPSHOT_ROWS.items()}

    duck = run("duckdb")
    spark = run("spark")
    assert len(duck["topic_snapshots"]) == 5  # a: ada, staking; b: those and the site
    for table in SNAPSHOT_ROWS:
        assert len(duck[table]) == len(spark[table])
        for x, y in zip(duck[table], spark[table], strict=True):
            assert y[:3] == x[:3] and y[4] == x[4], x[:3]  # score, person, topic, percentile
            for i in (3, 5, 6):
                assert y[i] == (None if x[i] is None else pytest.approx(x[i], rel=1e-9)), x
            xc, yc = json.loads(x[7]), json.loads(y[7])
            assert xc.keys() == yc.keys()
            for k, v in xc.items():
                assert yc[k] == (pytest.approx(v, rel=1e-9) if isinstance(v, float) else v)
    runs = mem.sql("SELECT DISTINCT engine FROM score_runs WHERE as_of = ?", [NOW])
    assert runs.fetchall() == [("spark",)]
