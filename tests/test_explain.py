"""`explain`: every score of a person with the evidence behind it.

Hand-written rows check that the top evidence is the item known to contribute most, with
the contribution computed by hand; the real Cardano dump checks that items are real
(ids, source ids and URLs found in the canonical tables and in the raw XML) and that the
contributions of all items add up to the stored values wherever the formula is additive.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from canonical import Rows
from swaylens.cli import app
from swaylens.errors import WarehouseError
from swaylens.scores import SCORES, Activity, Authority, Reach, Resonance, Score, snapshot
from swaylens.scores.explain import EVIDENCE, ITEM_KEYS, explain, rebuild, snippet
from swaylens.warehouse import Warehouse
from swaylens.warehouse.engines import connect

T0 = datetime(2024, 1, 1, tzinfo=UTC)
DAY = timedelta(days=1)
AS_OF = T0 + 14 * DAY
W1 = 1.0 / math.log2(3.0)  # resonance weight of a responder who responded to one post
CARDANO = "stackexchange/cardano"
SITE = "cardano.stackexchange.com"

runner = CliRunner()


# -- a hand-written world --------------------------------------------------------------------
def world(rows: Rows) -> None:
    """``a`` asks q1 (day 0) and q2 (day 10), both tagged ``ada``; ``b`` answers and
    comments q1, ``c`` likes q1, an anonymous voter upvotes q2.  Scored at day 14."""
    for p in ("a", "b", "c"):
        rows.person(p)
    rows.post("q1", "a", T0)
    rows.post("q2", "a", T0 + 10 * DAY)
    rows.event("reply", "b", T0 + 1 * DAY, person="a", content="q1")
    rows.event("comment", "b", T0 + 2 * DAY, person="a", content="q1")
    rows.event("reaction", "c", T0 + 3 * DAY, person="a", content="q1")
    rows.event("reaction", None, T0 + 11 * DAY, person="a", content="q2")
    rows.wh.sql("UPDATE contents SET tags = ['ada'], url = 'https://t.example/' || content_id")


@pytest.fixture(scope="module")
def small() -> Iterator[Warehouse]:
    """The world with every score (authority's iterations make this take seconds)."""
    w = Warehouse(":memory:")
    world(Rows(w))
    w.score(as_of=AS_OF)
    yield w
    w.close()


@pytest.fixture(scope="module")
def small_all(small: Warehouse) -> dict[str, Any]:
    """``a`` explained with every item."""
    return explain(small, "a", limit=None)


def scored(*scores: Score) -> Warehouse:
    """The world with only ``scores`` stored (quicker than all of them)."""
    w = Warehouse(":memory:")
    world(Rows(w))
    snapshot(connect("duckdb", warehouse=w), scores, AS_OF)
    return w


@pytest.mark.slow
def test_shape_of_every_item(small_all: dict[str, Any]) -> None:
    out = small_all
    assert set(out) >= {"person", "as_of", "identities", "scores"}
    assert out["person"] == "a" and out["as_of"] == AS_OF.isoformat()
    assert set(out["scores"]) == set(SCORES)
    for name, s in out["scores"].items():
        assert {"value", "percentile", "interval", "components", "params", "baseline",
                "evidence"} <= set(s), name
        assert s["params"] == json.loads(json.dumps(SCORES[name]().get_params()))
        for it in s["evidence"]:
            assert tuple(it) == ITEM_KEYS, name
            assert it["kind"] in ("event", "content", "person", "day")
            assert isinstance(it["contribution"], float) and isinstance(it["why"], str)
        if name in EVIDENCE:
            assert s["evidence"], name


@pytest.mark.slow
def test_top_evidence_by_hand(small: Warehouse) -> None:
    sc = explain(small, "a", limit=2)["scores"]
    # activity: the newer question (4 days old) first, the older one (one half-life) next.
    act = sc["activity"]["evidence"]
    assert [(i["id"], i["url"]) for i in act] == [
        ("t:e2", "https://t.example/q2"), ("t:e1", "https://t.example/q1")
    ]
    assert act[0]["contribution"] == pytest.approx(2 ** (-4 / 14))
    assert act[1]["contribution"] == pytest.approx(0.5)
    assert act[0]["kind"] == "event" and act[0]["ts"] == (T0 + 10 * DAY).isoformat()
    # reach: b engaged twice, c once; the anonymous vote is nobody.
    reach = sc["reach"]["evidence"]
    assert [(i["id"], i["detail"]["engagements"]) for i in reach] == [("b", 2), ("c", 1)]
    assert sc["reach"]["value"] == 2
    # resonance: q1 has two responders of one post each, q2 one anonymous vote.
    res = sc["resonance"]
    assert [i["id"] for i in res["evidence"]] == ["q1", "q2"]
    s1 = 1 - (1 - W1) ** 2
    assert res["evidence"][0]["detail"]["success"] == pytest.approx(s1)
    assert res["evidence"][1]["detail"]["success"] == pytest.approx(0.5)
    c = res["components"]
    assert res["evidence"][0]["contribution"] == pytest.approx(
        s1 / (c["alpha"] + c["beta"] + 2)
    )
    # authority: b and c have equal rank and give a their whole vote; b's edge is heavier.
    auth = sc["authority"]["evidence"]
    assert [i["id"] for i in auth] == ["b", "c"]
    assert auth[0]["contribution"] == pytest.approx(auth[1]["contribution"])
    assert auth[0]["detail"]["edge_weight"] > auth[1]["detail"]["edge_weight"]
    # expertise: topic ada; q1 is recognised by a reply, a comment and a like: 0.5+0.5+1.
    exp = sc["expertise"]
    assert exp["components"]["topic"] == "ada"
    assert exp["evidence"][0]["id"] == "q1"
    assert exp["evidence"][0]["detail"]["recognition"] == 2.0
    assert exp["evidence"][0]["detail"]["maturity"] == 1.0
    assert exp["evidence"][0]["contribution"] == pytest.approx(2.0 * math.log(3) / (2 + 5))
    # engagement: only q2's post is in the last 7 days; it carries the whole value.
    eng = sc["engagement"]
    assert eng["evidence"][0]["id"] == "t:e2"
    assert eng["evidence"][0]["contribution"] == pytest.approx(eng["value"])
    assert eng["value"] == pytest.approx(1 / 7 * (1 + math.log(2)))


@pytest.mark.slow
def test_contributions_add_up_by_hand(small_all: dict[str, Any]) -> None:
    sc = small_all["scores"]
    for name, s in sc.items():
        total = s["baseline"] + sum(i["contribution"] for i in s["evidence"])
        assert total == pytest.approx(s["value"], rel=1e-6, abs=1e-12), name


def test_evidence_uses_the_stored_parameters() -> None:
    with scored(Activity(half_life_days=7.0), Reach(window_days=5.0)) as w:
        sc = explain(w, "a", limit=None)["scores"]
    assert set(sc) == {"activity", "reach"}
    assert sc["activity"]["params"]["half_life_days"] == 7.0
    got = {i["url"]: i["contribution"] for i in sc["activity"]["evidence"]}
    assert got == pytest.approx(
        {"https://t.example/q2": 2 ** (-4 / 7), "https://t.example/q1": 0.25}
    )
    # Nobody engaged with a in the last 5 days (the anonymous vote is nobody).
    assert sc["reach"]["value"] == 0 and sc["reach"]["evidence"] == []


def test_parameters_round_trip_through_json() -> None:
    for name, cls in SCORES.items():
        for score in (cls(), *(
            [Reach(window_days=30, kinds=("reply",))] if name == "reach" else []
        ), *([Authority(kinds=["reply", "accept"])] if name == "authority" else [])):
            stored = json.loads(json.dumps(score.get_params(), sort_keys=True, default=str))
            assert rebuild(name, stored).get_params() == score.get_params(), name
    with pytest.raises(WarehouseError, match="half_life_days"):
        rebuild("activity", {"half_life_days": -1})


def test_errors_are_clear() -> None:
    with scored(Activity()) as w:
        with pytest.raises(WarehouseError, match="nobody"):
            explain(w, "nobody")
        with pytest.raises(WarehouseError, match="no score snapshot at 2020-01-01"):
            explain(w, "a", as_of=datetime(2020, 1, 1, tzinfo=UTC))
        with pytest.raises(WarehouseError, match="limit"):
            explain(w, "a", limit=-1)
        assert explain(w, "a", limit=0)["scores"]["activity"]["evidence"] == []
    empty = Warehouse(":memory:")
    Rows(empty).person("z")
    with pytest.raises(WarehouseError, match="no score snapshots"):
        explain(empty, "z")


def test_a_score_without_evidence_function_has_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(EVIDENCE, "resonance")
    with scored(Resonance()) as w:
        got = explain(w, "a")["scores"]["resonance"]
    assert got["evidence"] == [] and got["baseline"] is None and got["value"] > 0
    assert got["params"] == json.loads(json.dumps(Resonance().get_params()))


def test_snippet() -> None:
    assert snippet("<p>a &amp;\n <b>b</b></p>") == "a & b"
    long = snippet("x " * 200)
    assert long is not None and len(long) == 120 and long.endswith("…")
    assert snippet(None) is None and snippet("<br/>") is None


# -- command line ------------------------------------------------------------------------------
def test_cli_json_and_table(tmp_path: Path) -> None:
    db = str(tmp_path / "w.duckdb")
    with Warehouse(db) as w:
        world(Rows(w))
        w.score(as_of=AS_OF, scores=["activity", "reach"])
    result = runner.invoke(app, ["--db", db, "explain", "a", "--limit", "1", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["person"] == "a" and set(out["scores"]) == {"activity", "reach"}
    assert all(len(s["evidence"]) == 1 for s in out["scores"].values())
    assert out["scores"]["reach"]["evidence"][0]["id"] == "b"
    table = runner.invoke(app, ["--db", db, "explain", "t:a"])
    assert table.exit_code == 0, table.stderr
    assert "reach" in table.stdout and "engaged 2 times" in table.stdout
    for args, msg in ((["nobody"], "nobody"), (["a", "--as-of", "2020-01-01"], "2020-01-01")):
        bad = runner.invoke(app, ["--db", db, "explain", *args])
        assert bad.exit_code == 1 and msg in bad.stderr


# -- real data: the Cardano dump -----------------------------------------------------------------
@pytest.fixture(scope="module")
def site(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Warehouse]:
    """The Cardano dump with its site named, so that contents and users have URLs (the
    shared ``cardano`` fixture's folder name does not tell the site), scored at its end."""
    w = Warehouse(tmp_path_factory.mktemp("explain") / "cardano.duckdb")
    w.ingest("stackexchange", [shared / CARDANO], options={"site": SITE})
    w.score()
    yield w
    w.close()


@pytest.fixture(scope="module")
def chosen(site: Warehouse, shared: Path) -> dict[str, Any]:
    """A person with every score, engaged in a topic right now and expert in a tag (not
    only the site), the most reached such; explained through ``stackexchange:<Id>``."""
    pid, site_id = site.sql(
        """
        SELECT e.person_id, any_value(i.source_id) FROM score_snapshots_json e
        JOIN score_snapshots g ON g.person_id = e.person_id AND g.score = 'engagement'
        JOIN score_snapshots r ON r.person_id = e.person_id AND r.score = 'reach'
        JOIN identities i ON i.person_id = e.person_id AND i.kind = 'id'
        WHERE e.score = 'expertise' AND e.components->>'topic' NOT LIKE 'community:%'
          AND g.value > 0
        GROUP BY e.person_id, r.value ORDER BY r.value DESC, e.person_id LIMIT 1
        """
    ).fetchall()[0]
    users = (shared / CARDANO / "Users.xml").read_text("utf-8-sig")
    assert f'<row Id="{site_id}" ' in users
    out = explain(site, f"stackexchange:{site_id}", limit=None)
    assert out["person"] == pid
    return out


@pytest.mark.slow
def test_cardano_items_are_real(site: Warehouse, chosen: dict[str, Any], shared: Path) -> None:
    assert set(chosen["scores"]) == set(SCORES)
    posts = (shared / CARDANO / "Posts.xml").read_text("utf-8-sig")
    urls = 0
    for name, s in chosen["scores"].items():
        assert s["evidence"], name
        for it in s["evidence"]:
            assert tuple(it) == ITEM_KEYS
            table, key = {
                "event": ("events", "event_id"), "content": ("contents", "content_id"),
                "person": ("identities", "person_id"),
            }[it["kind"]]
            assert site.count(table, f"{key} = '{it['id']}'") >= 1, (name, it)
            if it["kind"] != "person":
                row = site.sql(
                    f"SELECT network, source_id FROM {table} WHERE {key} = ?", [it["id"]]
                ).fetchall()
                assert row == [(it["network"], it["source_id"])]
            if it["kind"] == "content":
                # The source id is the post's own Id in the dump.
                assert f'<row Id="{it["source_id"].rsplit("/", 1)[1]}" ' in posts
            if it["url"] is not None:
                urls += 1
                table = "identities" if it["kind"] == "person" else "contents"
                assert site.count(table, f"url = '{it['url']}'") >= 1, it["url"]
            assert it["text"] is None or len(it["text"]) <= 120
    assert urls > 20


@pytest.mark.slow
def test_cardano_contributions_reconcile(chosen: dict[str, Any]) -> None:
    sc = chosen["scores"]
    for name, s in sc.items():
        total = s["baseline"] + sum(i["contribution"] for i in s["evidence"])
        assert total == pytest.approx(s["value"], rel=1e-6), name
    act = sc["activity"]
    assert sum(i["contribution"] for i in act["evidence"]) == pytest.approx(act["value"])
    assert len(act["evidence"]) == act["components"]["events"]
    reach = sc["reach"]
    assert len(reach["evidence"]) == reach["value"]
    assert sum(i["detail"]["engagements"] for i in reach["evidence"]) == (
        reach["components"]["engagements"]
    )
    res = sc["resonance"]
    assert len(res["evidence"]) == res["components"]["posts"]
    assert sum(i["detail"]["success"] for i in res["evidence"]) == pytest.approx(
        res["components"]["successes"]
    )
    auth = sc["authority"]
    assert len(auth["evidence"]) == auth["components"]["engagers"]
    assert sum(i["detail"]["edge_weight"] for i in auth["evidence"]) == pytest.approx(
        auth["components"]["in_weight"]
    )
    eng = sc["engagement"]
    recent = [i for i in eng["evidence"] if i["detail"]["in_short_window"]]
    assert sum(i["detail"]["weight"] for i in recent) / 7 == pytest.approx(
        eng["components"]["rate_7"]
    )
    inf = sc["influence"]
    by_piece: dict[str, list[dict[str, Any]]] = {}
    for i in inf["evidence"]:
        by_piece.setdefault(i["detail"]["piece"], []).append(i)
    assert set(by_piece) == {"rate", "breadth", "authority", "expertise"}
    # The rate's items are the person's posts; their parts add up to k_w.
    assert sum(i["detail"]["part"] for i in by_piece["rate"]) == pytest.approx(
        inf["components"]["responses_w"]
    )
    assert len(by_piece["rate"]) == inf["components"]["posts"]
    # Expertise's items are the best topic's contents, as the expertise score counts them.
    assert sum(
        i["detail"]["recognition"] * i["detail"]["maturity"] for i in by_piece["expertise"]
    ) == pytest.approx(sc["expertise"]["components"]["topic_recognition"])


@pytest.mark.slow
def test_cardano_expertise_evidence_is_in_the_topic(
    site: Warehouse, chosen: dict[str, Any]
) -> None:
    exp = chosen["scores"]["expertise"]
    topic = exp["components"]["topic"]
    assert not topic.startswith("community:")
    assert len(exp["evidence"]) == exp["components"]["topic_n"]
    assert sum(
        i["detail"]["recognition"] * i["detail"]["maturity"] for i in exp["evidence"]
    ) == pytest.approx(exp["components"]["topic_recognition"])
    for it in exp["evidence"]:
        # Its own tags, or its question's (an answer inherits them).
        tags = site.sql(
            "SELECT list_concat(coalesce(c.tags, []), coalesce(r.tags, [])) FROM contents c"
            " LEFT JOIN contents r ON r.content_id = c.root_id WHERE c.content_id = ?",
            [it["id"]],
        ).fetchall()[0][0]
        assert topic in [t.lower() for t in tags], it["id"]


@pytest.mark.slow
def test_cardano_limit_gives_the_top_items(site: Warehouse, chosen: dict[str, Any]) -> None:
    short = explain(site, chosen["person"], limit=3)
    for name, s in short["scores"].items():
        full = chosen["scores"][name]["evidence"]
        values = [i["contribution"] for i in full]
        assert values == sorted(values, reverse=True), name
        # Parallel sums may differ in the last bits between runs: compare numbers loosely.
        assert [i["contribution"] for i in s["evidence"]] == pytest.approx(values[:3]), name
        # Influence may show one post twice: for its rate, breadth and authority.
        everything = {(i["id"], i["detail"].get("piece")): i for i in full}
        for it in s["evidence"]:
            same = everything[it["id"], it["detail"].get("piece")]
            assert it["contribution"] == pytest.approx(same["contribution"])
            assert it["url"] == same["url"]
