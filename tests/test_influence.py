"""Influence (potential): hand-checked pieces, volume does not buy it, silence does not sink it.

The anti-gaming checks on synth planted truth and the vacation test live in
``test_antigaming.py`` and ``test_vacation.py``; validity on real data in
``test_validity.py``.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from canonical import Rows, scores_of
from swaylens.scores import Activity, Influence
from swaylens.scores.base import ScoreError
from swaylens.warehouse import Warehouse

T0 = datetime(2024, 1, 1, tzinfo=UTC)
DAY = timedelta(days=1)


def world(rows: Rows) -> datetime:
    """``a`` posts 4 times and is answered by 6 people; ``h`` posts 60 times to silence;
    ``q`` posts once and is reshared by 8 people.  Returns the scoring date."""
    for p in ("a", "h", "q", *(f"u{i}" for i in range(10))):
        rows.person(p)
    for i in range(4):
        c = rows.post(f"a{i}", "a", T0 + i * 10 * DAY)
        for j in range(i, i + 3):
            rows.event("reaction", f"u{j}", T0 + (i * 10 + 1) * DAY, person="a", content=c)
    for i in range(60):
        rows.post(f"h{i}", "h", T0 + i * DAY)
    c = rows.post("q0", "q", T0 + 5 * DAY)
    for j in range(8):
        rows.event("reshare", f"u{j}", T0 + 6 * DAY, person="q", content=c)
    return T0 + 100 * DAY


def test_volume_does_not_buy_influence(mem: Warehouse, rows: Rows) -> None:
    as_of = world(rows)
    infl = scores_of(mem, Influence(), as_of)
    act = scores_of(mem, Activity(), as_of)
    assert act["h"]["value"] > act["a"]["value"] > act["q"]["value"]
    # Nobody ever responded to h: its 60 posts pull every per-post piece toward 0.
    h, a = infl["h"]["components"], infl["a"]["components"]
    assert h["responses_w"] == 0
    assert h["rate"] < 0.1
    assert h["breadth"] < 0.2 * a["breadth"] and h["authority"] < 0.2 * a["authority"]
    assert infl["h"]["value"] < infl["a"]["value"]
    assert infl["h"]["value"] < infl["q"]["value"]
    # Responders who never posted have had no opportunity: no influence at all.
    assert infl["u7"]["value"] == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("selectivity", ["response", "as_of"])
def test_pieces_by_hand(mem: Warehouse, rows: Rows, selectivity: str) -> None:
    as_of = world(rows)
    half, mature = 180.0, 30.0
    score = Influence(half_life_days=half, maturity_days=mature, selectivity=selectivity)
    got = scores_of(mem, score, as_of)
    a = got["a"]["components"]

    def d(days_ago: float) -> float:
        return float(2.0 ** (-days_ago / half))

    # Every post of a is older than 30 days: full opportunities, decayed by age.
    ages = [100 - i * 10 for i in range(4)]
    assert a["posts"] == 4
    assert a["posts_w"] == pytest.approx(sum(d(x) for x in ages), rel=1e-12)
    # Breadth: a's post i drew u_i, u_i+1, u_i+2 on day 10 i + 1, and u0..u7 reshared q's
    # post on day 6.  Each responder weighs log2(3) / log2(2 + R), R the posts it had
    # responded to by its response (selectivity "response"; no window: its whole history)
    # or by as_of (selectivity "as_of").
    responded = [(10 * i + 1, j) for i in range(4) for j in range(i, i + 3)]
    responded += [(6, j) for j in range(8)]

    def sel(j: int, day: float) -> float:
        if selectivity == "as_of":
            day = math.inf
        r = sum(1 for t, u in responded if u == j and t <= day)
        return math.log(3) / math.log(2 + r)

    per_post = [sum(sel(j, 10 * i + 1) for j in range(i, i + 3)) for i in range(4)]
    q_post = sum(sel(j, 6) for j in range(8))
    mu = (sum(per_post) + q_post) / (4 + 60 + 1)  # every post: a's 4, h's 60, q's 1
    breadth_w = sum(d(x) * b for x, b in zip(ages, per_post, strict=True))
    k = 5.0
    assert a["breadth"] == pytest.approx((breadth_w + k * mu) / (a["posts_w"] + k), rel=1e-9)
    # The value is the weighted geometric mean of the pieces, as documented.
    for r in got.values():
        c = r["components"]
        total = c["f_rate"] + c["f_breadth"] + c["f_authority"] + c["f_expertise"]
        assert r["value"] == pytest.approx(math.expm1(total), rel=1e-12, abs=1e-15)
        assert r["low"] <= r["value"] + 1e-12 <= r["high"] + 2e-12


def test_young_posts_are_partial_opportunities(mem: Warehouse, rows: Rows) -> None:
    rows.person("a")
    rows.person("b")
    rows.post("old", "a", T0)
    rows.post("new", "a", T0 + 57 * DAY)
    rows.event("reaction", "b", T0 + DAY, person="a", content="old")
    as_of = T0 + 60 * DAY
    got = scores_of(mem, Influence(half_life_days=180.0, maturity_days=30.0), as_of)
    a = got["a"]["components"]
    assert a["posts_w"] == pytest.approx(2 ** (-60 / 180) + 2 ** (-3 / 180) * 3 / 30)


def test_silence_decays_slowly_and_widens_the_interval(mem: Warehouse, rows: Rows) -> None:
    """90 quiet days: activity is gone, influence keeps most of its value (it drifts
    toward the population's typical value as its evidence ages) and its interval widens."""
    as_of = world(rows)
    later = as_of + 90 * DAY
    now = scores_of(mem, Influence(), as_of)
    then = scores_of(mem, Influence(), later)
    act_now = scores_of(mem, Activity(), as_of)["a"]["value"]
    act_then = scores_of(mem, Activity(), later)["a"]["value"]
    assert act_then < 0.02 * act_now  # activity is gone after 90 quiet days...
    for p in ("a", "q"):
        ratio = then[p]["value"] / now[p]["value"]
        assert 0.6 < ratio <= 1.0 + 1e-9, (p, ratio)  # ...influence is mostly kept
        width_now = (now[p]["high"] - now[p]["low"]) / now[p]["value"]
        width_then = (then[p]["high"] - then[p]["low"]) / then[p]["value"]
        assert width_then > width_now, p


def test_self_engagement_is_not_influence(mem: Warehouse, rows: Rows) -> None:
    rows.person("a", "a1", "a2")
    rows.person("b")
    for i in range(5):
        rows.content(f"p{i}", "a1", T0 + i * DAY)
        rows.event("post", "a1", T0 + i * DAY, content=f"p{i}")
        rows.event("reaction", "a2", T0 + i * DAY + timedelta(hours=1), person="a1",
                   content=f"p{i}")
        rows.event("reshare", "a2", T0 + i * DAY + timedelta(hours=2), person="a1",
                   content=f"p{i}")
    got = scores_of(mem, Influence(), T0 + 60 * DAY)
    a = got["a"]["components"]
    assert a["responses_w"] == 0 and a["breadth"] == 0 and a["authority"] == 0
    assert got["a"]["components"]["f_breadth"] == 0


def test_parameters_are_checked() -> None:
    with pytest.raises(ScoreError):
        Influence(half_life_days=0)
    with pytest.raises(ScoreError):
        Influence(weights={"volume": 1.0})
    with pytest.raises(ScoreError):
        Influence(weights={"rate": 0.0, "breadth": 0.0, "authority": 0.0, "expertise": 0.0})
    with pytest.raises(ScoreError):
        Influence(interval=1.0)
    with pytest.raises(ScoreError):
        Influence(prior_posts=0)
    w = Influence(weights={"rate": 2.0, "breadth": 2.0}).weights
    assert w == {"rate": 0.5, "breadth": 0.5, "authority": 0.0, "expertise": 0.0}
