"""Explain: every stored score of one person, with the evidence that made it.

What it gives
-------------
Kred's "activity statement", done for every number.  For one person and one snapshot,
each stored score with its value, percentile, interval and components (read back from
``score_snapshots``, exactly as ``swaylens person`` shows them), the parameters it was
computed with (from ``score_runs``), and the few **evidence items** that contributed most
to it: events, contents or persons, each with its source id, a link, a short text, its
**contribution** in the score's own units and why it counts.

How
---
The value is never recomputed: it is the stored one.  The evidence is recomputed from the
canonical tables at the snapshot's ``as_of``, by the score's own formula and with the
score object rebuilt from the parameters stored for that snapshot
(``SCORES[name](**params)``), restricted to the person's identities, ordered and cut to
``limit`` inside DuckDB: only the items shown reach Python.  Where a contribution needs
population-wide numbers (resonance's responder selectivity, expertise's topics, the
engagers' own authority) they come from the score's own building blocks or from the same
snapshot.

Evidence per score, and how it adds up
--------------------------------------
Each score also reports a ``baseline``: the part of the value no item carries (a prior,
PageRank's teleport share), so that ``value = baseline + sum of the contributions of all
items`` (``limit=None``) wherever the formula is additive.

``activity``
    The person's actions (events), by ``w(kind) * 2^(-age / half_life)``: each action's
    own term of the sum.  Baseline 0.
``reach``
    The engagers (persons) in the window, most engagements first; each contributes 1, so
    their number is the value.  Anonymous engagements are in the components only.
    Baseline 0.
``resonance``
    The person's posts in the window (contents; ``day`` items for the virtual posts of
    networks without contents), by success ``s(c)`` (the noisy-OR of its responders and
    anonymous responses).  ``value = (alpha + sum_c s(c)) / (alpha + beta + n)``, so a
    post contributes ``s(c) / (alpha + beta + n)`` (alpha, beta, n: the stored
    components) and the baseline is the prior's ``alpha / (alpha + beta + n)``.
``authority``
    The persons ``u`` who engaged with the person ``v``, by what their edge carries in the
    PageRank step: ``d * r(u) * keep(u) * w(u, v) / W(u)``, with ``r(u)``, ``keep(u) = 1 -
    lambda * recip(u)`` and ``W(u)`` read from ``u``'s own row of the same snapshot.  The
    baseline is the teleport and dangling share ``(1 - d) / N + d * U / N``; the sum
    matches the value to the PageRank tolerance.
``expertise``
    The contents of the best topic (the stored component ``topic``), by recognition
    ``r(c)``.  ``value = ln(1 + n) / (n + m) * (sum_c r(c) + m * mu_T)``: a content
    contributes ``r(c) * ln(1 + n) / (n + m)`` (n: the stored ``topic_n``) and the topic's
    prior is the baseline.
``engagement``
    The person's actions in their most engaged topic (the stored ``topic``) in the long
    window.  ``value = A_short / short_days * share * (1 + max(slope, 0))`` with share
    and slope as stored: an action in the short window contributes ``w(kind) /
    short_days * share * (1 + max(slope, 0))``, an older one 0 (it counts toward the share
    and the slope only).  Baseline 0.
``influence``
    ``ln(1 + influence) = f_rate + f_breadth + f_authority + f_expertise`` (the stored
    factors).  Each factor is split over the items behind its piece in proportion to
    their part of it: the person's posts by ``w(c) * s(c)`` (rate), ``w(c) * b(c)``
    (breadth) and ``w(c) * a(c)`` (authority: the responders' summed authority), with
    ``w`` the post's decay times maturity; best-topic contents by ``r(c)`` (expertise).
    The value is then divided in the same proportions: an item contributes ``influence *
    f_piece / ln(1 + influence) * part / piece total``.  A factor with no items behind it
    is the baseline.

A score with no function in :data:`EVIDENCE` has ``evidence: []`` and ``baseline: null``.

Item shape
----------
``kind`` (``event``, ``content``, ``person``, or ``day`` for a virtual post), ``id``
(event, content or person id, or the ISO date), ``network`` and ``source_id`` (of the
event, of the content, or of the identity through which the person acted), ``url`` (the
content's URL; for an event, that of the content it created, else of the one it acts on;
a person's profile URL; or null), ``text`` (the content's title or text, or the person's
name, HTML stripped, at most 120 characters; or null), ``ts`` (ISO time: the event's, the
content's creation, the latest engagement), ``contribution`` (in the units above), ``why``
(a short sentence) and ``detail`` (the numbers behind ``why``).
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, cast

import ibis

from swaylens.errors import WarehouseError
from swaylens.scores import read
from swaylens.scores.activity import Activity
from swaylens.scores.authority import Authority
from swaylens.scores.base import (
    SCOPE,
    Score,
    ScoreError,
    age_days,
    attach_person,
    decay,
    events_until,
    kind_weight,
    utc,
    window_start,
)
from swaylens.scores.engagement import Engagement
from swaylens.scores.expertise import Expertise
from swaylens.scores.influence import Influence
from swaylens.scores.reach import Reach
from swaylens.scores.resonance import Resonance
from swaylens.warehouse.engines import Engine, connect

if TYPE_CHECKING:
    from swaylens.warehouse import Warehouse

#: Longest ``text`` of an evidence item.
SNIPPET_CHARS = 120

#: The keys of every evidence item, in order.
ITEM_KEYS: tuple[str, ...] = (
    "kind", "id", "network", "source_id", "url", "text", "ts", "contribution", "why",
    "detail",
)


@dataclass(frozen=True)
class Subject:
    """What an evidence function is given: one person, one stored score, one snapshot."""

    engine: Engine
    #: The person and every identity id of theirs.
    person_id: str
    identity_ids: tuple[str, ...]
    #: The snapshot's date (aware, UTC).
    as_of: datetime
    #: The score object, rebuilt with the snapshot's stored parameters.
    score: Score
    #: The stored row: ``value``, ``percentile``, ``interval``, ``components``.
    stored: Mapping[str, Any]
    #: Items wanted (``None``: all of them).
    limit: int | None

    @property
    def value(self) -> float:
        return float(self.stored["value"])

    @property
    def components(self) -> Mapping[str, Any]:
        comp: Mapping[str, Any] = self.stored.get("components") or {}
        return comp

    def number(self, component: str) -> float:
        """A numeric stored component (0.0 when missing or null)."""
        v = self.components.get(component)
        return float(v) if isinstance(v, int | float) else 0.0


@dataclass
class Evidence:
    """What an evidence function returns: the top items, best first, and the part of
    the value no item carries (``None`` when the formula does not split that way)."""

    items: list[dict[str, Any]] = field(default_factory=list)
    baseline: float | None = None


#: An evidence function: the top items of one score for one person.
EvidenceFn = Callable[[Subject], Evidence]


# -- explain ---------------------------------------------------------------------------------
def explain(
    wh: Warehouse,
    ref: str,
    *,
    as_of: datetime | None = None,
    limit: int | None = 5,
    network: str | None = None,
) -> dict[str, Any]:
    """Every score of the person ``ref`` names in one snapshot (default: the newest), each
    with its parameters, baseline and top ``limit`` evidence items (``None``: all).  The
    snapshot is across networks, or with ``network`` of that network alone (its evidence
    then comes from that network's events only).

    Shape: ``{person, as_of, identities, scores: {name: {value, percentile, interval,
    components, params, baseline, evidence: [item, ...]}}}`` (plus what
    :func:`~swaylens.scores.read.person` adds); items: see the module docstring.
    """
    from swaylens.scores import SCORES

    if limit is not None and limit < 0:
        raise WarehouseError(f"limit must be >= 0, got {limit}")
    pid = read.person_id(wh, ref)
    when = utc(as_of) if as_of is not None else read.latest_as_of(wh, network=network)
    # fetchall, not fetchone: an unfinished result blocks the next query on DuckDB >= 2.
    found = wh.sql(
        f"SELECT count(*) FROM score_snapshots WHERE as_of = ? AND {SCOPE}",
        [when, network],
    ).fetchall()
    if not found[0][0]:
        dates = [
            r[0].isoformat()
            for r in wh.sql(
                f"SELECT DISTINCT as_of FROM score_snapshots WHERE {SCOPE}"
                " ORDER BY 1 DESC LIMIT 5",
                [network],
            ).fetchall()
        ]
        raise WarehouseError(
            f"no score snapshot at {when.isoformat()}; newest snapshots: "
            + (", ".join(dates) if dates else "none (run `swaylens score` first)")
        )
    out = read.person(wh, pid, as_of=when, network=network)
    ids = tuple(
        str(r[0])
        for r in wh.sql(
            "SELECT identity_id FROM identities WHERE person_id = ? ORDER BY 1", [pid]
        ).fetchall()
    )
    engine = connect("duckdb", warehouse=wh, network=network)
    try:
        for name, entry in out["scores"].items():
            params = stored_params(wh, when, name, network)
            entry["params"] = params
            entry["baseline"] = None
            entry["evidence"] = []
            fn = EVIDENCE.get(name)
            if fn is None or name not in SCORES or limit == 0:
                continue
            subject = Subject(
                engine=engine,
                person_id=pid,
                identity_ids=ids,
                as_of=when,
                score=rebuild(name, params),
                stored=entry,
                limit=limit,
            )
            ev = fn(subject)
            entry["baseline"] = ev.baseline
            entry["evidence"] = ev.items if limit is None else ev.items[:limit]
    finally:
        engine.close()
    return out


def stored_params(
    wh: Warehouse, as_of: datetime, score: str, network: str | None = None
) -> dict[str, Any] | None:
    """The parameters ``score`` was computed with at ``as_of`` (None if not recorded), in
    the snapshot across networks or of ``network`` alone."""
    rows = wh.sql(
        f"SELECT params FROM score_runs WHERE as_of = ? AND score = ? AND {SCOPE}"
        " ORDER BY computed_at DESC LIMIT 1",
        [as_of, score, network],
    ).fetchall()
    if not rows or rows[0][0] is None:
        return None
    params = json.loads(rows[0][0]) if isinstance(rows[0][0], str) else rows[0][0]
    return dict(params)


def rebuild(name: str, params: Mapping[str, Any] | None) -> Score:
    """``SCORES[name](**params)``; the defaults when no parameters were recorded.

    JSON turns tuples into lists; every score takes an iterable where it stores a tuple,
    so the rebuilt object has the parameters of the one that was stored.
    """
    from swaylens.scores import SCORES

    try:
        return SCORES[name](**dict(params or {}))
    except (TypeError, ScoreError) as e:
        raise WarehouseError(
            f"cannot rebuild score {name!r} from its stored parameters {params}: {e}"
        ) from None


# -- shared pieces ---------------------------------------------------------------------------
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def snippet(text: str | None) -> str | None:
    """``text`` without HTML tags and entities, whitespace collapsed, cut to 120 chars."""
    if text is None:
        return None
    s = _SPACE.sub(" ", html.unescape(_TAG.sub(" ", text))).strip()
    if len(s) > SNIPPET_CHARS:
        s = s[: SNIPPET_CHARS - 1].rstrip() + "…"
    return s or None


def _iso(v: Any) -> str | None:
    if isinstance(v, datetime):
        return utc(v).isoformat()
    if isinstance(v, date):
        return v.isoformat()
    return None


def _top(t: ibis.Table, order: list[Any], limit: int | None) -> ibis.Table:
    t = t.order_by(order)
    return t if limit is None else t.limit(limit)


def _item(
    kind: str,
    id: str,
    *,
    network: str | None,
    source_id: str | None,
    url: str | None,
    text: str | None,
    ts: Any,
    contribution: float,
    why: str,
    detail: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "kind": kind,
        "id": id,
        "network": network,
        "source_id": source_id,
        "url": url,
        "text": snippet(text),
        "ts": _iso(ts),
        "contribution": float(contribution),
        "why": why,
        "detail": dict(detail or {}),
    }


def _contents(engine: Engine, prefix: str) -> ibis.Table:
    """``contents`` columns an item shows, renamed with ``prefix``."""
    c = engine.table("contents")
    return c.select(
        **{
            f"{prefix}id": c.content_id,
            f"{prefix}author": c.author,
            f"{prefix}network": c.network,
            f"{prefix}source_id": c.source_id,
            f"{prefix}url": c.url,
            # Enough characters for a snippet once HTML is stripped.
            f"{prefix}body": ibis.coalesce(c.title, c.text).substr(0, 1000),
            f"{prefix}created": c.created_at,
        }
    )


def _event_rows(engine: Engine, t: ibis.Table) -> list[dict[str, Any]]:
    """Rows of ``t`` (a few events: ``event_id, actor, ts, target_content`` and more) with
    ``c_url`` and ``c_body`` of the content each one created, else of the one it acts on.

    The created content is the actor's content made at the event's instant (engagement's
    rule: an answer and its ``reply``), or the content with the event's id (Stack
    Exchange keys both alike).
    """
    made = _contents(engine, "m_")
    same = _contents(engine, "s_")
    tgt = _contents(engine, "g_")
    j = (
        t.left_join(made, [t.actor == made.m_author, t.ts == made.m_created])
        .left_join(same, t.event_id == same.s_id)
        .left_join(tgt, t.target_content == tgt.g_id)
    )
    j = j.mutate(
        c_url=ibis.coalesce(j.m_url, j.s_url, j.g_url),
        c_body=ibis.coalesce(j.m_body, j.s_body, j.g_body),
    ).drop(*[c for c in j.columns if c.startswith(("m_", "s_", "g_"))])
    seen: set[str] = set()
    rows: list[dict[str, Any]] = []
    for r in engine.collect(j).to_pylist():
        # Two contents made at one instant by one author would repeat the event.
        if r["event_id"] not in seen:
            seen.add(r["event_id"])
            rows.append(r)
    return rows


def _content_rows(engine: Engine, t: ibis.Table, column: str) -> list[dict[str, Any]]:
    """Rows of ``t`` with ``c_network, c_source_id, c_url, c_body, c_created`` of the
    content ``t[column]`` names."""
    c = _contents(engine, "c_")
    j = t.left_join(c, t[column] == c.c_id).drop("c_id", "c_author")
    rows: list[dict[str, Any]] = engine.collect(j).to_pylist()
    return rows


def _identity_rows(engine: Engine, t: ibis.Table, column: str) -> list[dict[str, Any]]:
    """Rows of ``t`` with ``i_network, i_source_id, i_url, i_name`` of the identity
    ``t[column]`` names."""
    ids = engine.table("identities")
    i = ids.select(
        i_id=ids.identity_id,
        i_network=ids.network,
        i_source_id=ids.source_id,
        i_url=ids.url,
        i_name=ibis.coalesce(ids.display_name, ids.handle, ids.value),
    )
    j = t.left_join(i, t[column] == i.i_id).drop("i_id")
    rows: list[dict[str, Any]] = engine.collect(j).to_pylist()
    return rows


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _mine(s: Subject, column: ibis.Value) -> ibis.Value:
    """``column`` (an identity id) is one of the person's identities."""
    return column.isin(s.identity_ids) if s.identity_ids else ibis.literal(False)


def _event_item(r: Mapping[str, Any], contribution: float, why: str,
                detail: Mapping[str, Any]) -> dict[str, Any]:
    return _item(
        "event", r["event_id"], network=r["network"], source_id=r["source_id"],
        url=r["c_url"], text=r["c_body"], ts=r["ts"], contribution=contribution, why=why,
        detail=detail,
    )


def _content_item(r: Mapping[str, Any], id_column: str, contribution: float, why: str,
                  detail: Mapping[str, Any]) -> dict[str, Any]:
    return _item(
        "content", r[id_column], network=r["c_network"], source_id=r["c_source_id"],
        url=r["c_url"], text=r["c_body"], ts=r["c_created"], contribution=contribution,
        why=why, detail=detail,
    )


def _person_item(r: Mapping[str, Any], contribution: float, why: str,
                 detail: Mapping[str, Any]) -> dict[str, Any]:
    return _item(
        "person", r["engager"], network=r["i_network"], source_id=r["i_source_id"],
        url=r["i_url"], text=r["i_name"], ts=r["last"], contribution=contribution, why=why,
        detail={**detail, "identity": r["via"]},
    )


# -- activity --------------------------------------------------------------------------------
def activity_evidence(s: Subject) -> Evidence:
    """The person's actions with the largest decayed, kind-weighted term."""
    a = cast(Activity, s.score)
    ev = events_until(s.engine, s.as_of)
    ev = ev.filter(_mine(s, ev.actor))
    ev = ev.mutate(w=kind_weight(ev.kind, a.weights))
    ev = ev.filter(ev.w > 0)
    ev = ev.mutate(
        factor=decay(ev.ts, s.as_of, a.half_life_days), age=age_days(ev.ts, s.as_of)
    )
    ev = ev.mutate(contribution=ev.w * ev.factor).select(
        "event_id", "network", "source_id", "kind", "subkind", "actor", "ts",
        "target_content", "w", "factor", "age", "contribution",
    )
    rows = _event_rows(s.engine, _top(ev, [ev.contribution.desc(), ev.event_id], s.limit))
    rows.sort(key=lambda r: (-r["contribution"], r["event_id"]))
    items = []
    for r in rows:
        what = r["kind"] + (f" ({r['subkind']})" if r["subkind"] else "")
        items.append(_event_item(
            r, r["contribution"],
            f"{what}: weight {r['w']:g} x decay {r['factor']:.3g}"
            f" ({r['age']:.1f} days before as_of)",
            {"event_kind": r["kind"], "weight": r["w"], "decay": r["factor"],
             "age_days": r["age"]},
        ))
    return Evidence(items, 0.0)


# -- engagers (reach, authority, influence) --------------------------------------------------
def _engagers(
    s: Subject, kinds: tuple[str, ...], *, since: datetime | None, positive: bool,
    half_life_days: float | None = None, named_only: bool = False,
) -> ibis.Table:
    """Per other person who engaged with ``s.person_id`` by an event of ``kinds`` (after
    ``since``; reactions only with a positive value if ``positive``): ``engager``,
    ``via`` (an identity it acted through), ``n``, ``last``, ``n_<kind>`` and ``w`` (the
    sum of the events' decay, with ``half_life_days``).  An actor identity missing from
    ``identities`` is an engager of its own (reach) or, with ``named_only``, left out
    (authority's graph has no node for it).  Events are aggregated per actor identity
    before identities are joined, as the scores do."""
    ev = events_until(s.engine, s.as_of)
    ev = ev.filter(ev.kind.isin(kinds), ev.actor.notnull(), _mine(s, ev.target_person))
    if since is not None:
        ev = ev.filter(ev.ts > ibis.literal(utc(since)))
    if positive:
        ev = ev.filter((ev.kind != "reaction") | (ev.value > 0))
    d = decay(ev.ts, s.as_of, half_life_days) if half_life_days else ev.ts.isnull()
    ev = ev.mutate(_w=d.cast("float64"))
    per = ev.group_by("actor").aggregate(
        n=ev.count(),
        last=ev.ts.max(),
        w=ev._w.sum(),
        **{f"n_{k}": (ev.kind == k).cast("int64").sum() for k in kinds},
    )
    per = attach_person(per, s.engine, "actor", "actor_pid")
    if named_only:
        per = per.filter(per.actor_pid.notnull())
    per = per.mutate(engager=per.actor_pid.fill_null(per.actor))
    per = per.filter(per.engager != s.person_id)
    return per.group_by("engager").aggregate(
        via=per.actor.min(),
        n=per.n.sum(),
        last=per.last.max(),
        w=per.w.sum(),
        **{f"n_{k}": per[f"n_{k}"].sum() for k in kinds},
    )


def _kinds_text(r: Mapping[str, Any], kinds: tuple[str, ...]) -> tuple[str, dict[str, int]]:
    counts = {k: int(r[f"n_{k}"]) for k in kinds if r[f"n_{k}"]}
    return ", ".join(f"{n} {k}" for k, n in counts.items()), counts


# -- reach -----------------------------------------------------------------------------------
def reach_evidence(s: Subject) -> Evidence:
    """The persons who engaged with the person in the window, most engagements first."""
    reach = cast(Reach, s.score)
    kinds, days = reach.kinds, reach.window_days
    per = _engagers(s, kinds, since=window_start(s.as_of, days), positive=False)
    top = _top(per, [per.n.desc(), per.last.desc(), per.engager], s.limit)
    rows = _identity_rows(s.engine, top, "via")
    rows.sort(key=lambda r: (-r["n"], -r["last"].timestamp(), r["engager"]))
    items = []
    for r in rows:
        text, counts = _kinds_text(r, kinds)
        items.append(_person_item(
            r, 1.0,
            f"engaged {_plural(int(r['n']), 'time')} in the {days:g}-day window ({text})",
            {"engagements": int(r["n"]), "kinds": counts},
        ))
    return Evidence(items, 0.0)


# -- resonance -------------------------------------------------------------------------------
def _post_items(
    rows: list[dict[str, Any]], contribution: Callable[[Mapping[str, Any]], float],
    why: Callable[[Mapping[str, Any]], str], detail: Callable[[Mapping[str, Any]], dict[str, Any]],
) -> list[dict[str, Any]]:
    """Items of resonance posts (``per_post`` rows with the content columns)."""
    items = []
    for r in rows:
        if r["virtual"]:
            items.append(_item(
                "day", r["day"].isoformat(), network=None, source_id=None, url=None,
                text=None, ts=r["day"], contribution=contribution(r),
                why=why(r) + " (virtual post: a day the person was visible)",
                detail=detail(r),
            ))
        else:
            items.append(_content_item(r, "opp", contribution(r), why(r), detail(r)))
    return items


def _success_why(r: Mapping[str, Any]) -> str:
    return (
        f"success s(c) = {r['success']:.3f} from {_plural(int(r['responders']), 'responder')}"
        f" and {_plural(int(r['anonymous']), 'anonymous response')}"
    )


def _per_post_rows(s: Subject, p: ibis.Table, order: list[Any]) -> list[dict[str, Any]]:
    """The person's top rows of a ``per_post`` table, with their content's columns."""
    top = _top(p, order, s.limit)
    c = _contents(s.engine, "c_")
    j = top.left_join(c, (top.opp == c.c_id) & ~top.virtual).drop("c_id", "c_author")
    rows: list[dict[str, Any]] = s.engine.collect(j).to_pylist()
    return rows


def resonance_evidence(s: Subject) -> Evidence:
    """The person's posts in the window with the highest success ``s(c)``."""
    p = cast(Resonance, s.score).per_post(s.engine, s.as_of)
    p = p.filter(p.author_pid == s.person_id)
    rows = _per_post_rows(s, p, [p.success.desc(), p.opp, p.day])
    rows.sort(key=lambda r: (-r["success"], r["opp"], r["day"]))
    alpha = s.number("alpha")
    denom = alpha + s.number("beta") + s.number("posts")
    if not denom > 0:
        return Evidence([], None)
    items = _post_items(
        rows,
        lambda r: float(r["success"]) / denom,
        _success_why,
        lambda r: {"success": r["success"], "responders": int(r["responders"]),
                   "anonymous": int(r["anonymous"])},
    )
    return Evidence(items, alpha / denom)


# -- authority -------------------------------------------------------------------------------
def _authority_rows(s: Subject, score: Authority) -> ibis.Table:
    """Engagers of the person with ``contribution`` (their PageRank contribution, see the
    module) and ``total`` (the sum over all engagers), from the edge weights and the
    engagers' rows of the authority snapshot."""
    per = _engagers(
        s, score.kinds, since=None, positive=True, half_life_days=score.half_life_days,
        named_only=True,
    )
    snap = _authority_snapshot(s)
    t = per.left_join(snap, per.engager == snap.a_pid).drop("a_pid")
    keep = 1.0 - score.reciprocity_damping * t.recip.fill_null(0.0)
    t = t.mutate(
        keep=keep,
        contribution=(
            score.damping * t.rank * keep * t.w / t.out_w.nullif(0.0)
        ).fill_null(0.0),
    )
    return t.mutate(total=t.contribution.sum().over())


def _authority_snapshot(s: Subject) -> ibis.Table:
    """The authority rows of the snapshot: ``a_pid, rank, recip, out_w``."""
    snap = s.engine.backend.table("score_snapshots_json")
    snap = snap.filter(
        snap.score == "authority",
        snap.as_of == ibis.literal(utc(s.as_of)),
        s.engine.in_scope(snap),
    )
    return snap.select(
        a_pid=snap.person_id,
        rank=snap.value,
        recip=snap.components["reciprocity"].float,
        out_w=snap.components["out_weight"].float,
    )


def _authority_items(
    s: Subject, score: Authority, share: Callable[[Mapping[str, Any]], float],
    piece: str | None = None, extra: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]:
    t = _authority_rows(s, score)
    top = _top(t, [t.contribution.desc(), t.w.desc(), t.engager], s.limit)
    rows = _identity_rows(s.engine, top, "via")
    rows.sort(key=lambda r: (-r["contribution"], -r["w"], r["engager"]))
    items = []
    for r in rows:
        text, counts = _kinds_text(r, score.kinds)
        rank = r["rank"]
        items.append(_person_item(
            r, share(r),
            ("" if piece is None else f"{piece}: ")
            + f"edge weight {r['w']:.3g} ({text}) from someone with authority "
            + ("unknown" if rank is None else f"{rank:.3g}")
            + f", {r['keep']:.2f} of whose vote counts",
            {"edge_weight": r["w"], "engagements": int(r["n"]), "kinds": counts,
             "engager_authority": rank, "engager_out_weight": r["out_w"],
             "engager_keep": r["keep"], "pagerank_contribution": r["contribution"],
             **({} if piece is None else {"piece": piece}), **(extra or {})},
        ))
    return items


def authority_evidence(s: Subject) -> Evidence:
    """The persons whose engagement edges carry most of the person's rank."""
    score = cast(Authority, s.score)
    items = _authority_items(s, score, lambda r: float(r["contribution"]))
    # The teleport and dangling share, from the whole snapshot (one aggregate row).
    snap = _authority_snapshot(s)
    lost = ibis.ifelse(
        snap.out_w.fill_null(0.0) > 0,
        score.reciprocity_damping * snap.recip.fill_null(0.0),
        1.0,
    )
    agg = s.engine.collect(
        snap.aggregate(n=snap.count(), u=(snap.rank * lost).sum())
    ).to_pylist()[0]
    n = int(agg["n"] or 0)
    if n == 0:
        return Evidence(items, None)
    d = score.damping
    return Evidence(items, (1.0 - d) / n + d * float(agg["u"] or 0.0) / n)


# -- expertise -------------------------------------------------------------------------------
def _topic_rows(s: Subject, score: Expertise, topic: str) -> list[dict[str, Any]]:
    """The person's top contents in ``topic``: ``content_id, r, m, mr`` (recognition,
    maturity and their product, the content's part of ``R``), ``total`` (the sum of ``mr``
    over all of them) and the content's columns."""
    ct = score.content_topics(s.engine, s.as_of)
    ct = ct.filter(ct.author_pid == s.person_id, ct.topic == topic)
    ct = ct.select("content_id", "r", "m", mr=ct.m * ct.r)
    ct = ct.mutate(total=ct.mr.sum().over())
    rows = _content_rows(s.engine, _top(ct, [ct.mr.desc(), ct.content_id], s.limit),
                         "content_id")
    rows.sort(key=lambda r: (-r["mr"], r["content_id"]))
    return rows


def expertise_evidence(s: Subject) -> Evidence:
    """The most recognised contents of the person's best topic."""
    topic = s.components.get("topic")
    if not isinstance(topic, str):
        return Evidence([], None)
    score = cast(Expertise, s.score)
    n = s.number("topic_n_w")
    scale = math.log1p(n) / (n + score.prior_strength)
    items = [
        _content_item(
            r, "content_id", r["mr"] * scale,
            f"recognition r(c) = {r['r']:g} from others in topic {topic!r}"
            + ("" if r["m"] >= 1.0 else f", counted at maturity {r['m']:.2f}"),
            {"recognition": r["r"], "maturity": r["m"], "topic": topic},
        )
        for r in _topic_rows(s, score, topic)
    ]
    return Evidence(items, s.value - s.number("topic_recognition") * scale)


# -- engagement ------------------------------------------------------------------------------
def engagement_evidence(s: Subject) -> Evidence:
    """The person's actions in their most engaged topic, in the long window."""
    topic = s.components.get("topic")
    if not isinstance(topic, str):
        return Evidence([], None)
    score = cast(Engagement, s.score)
    lift = s.number("share") * (1.0 + max(s.number("slope_7"), 0.0)) / score.short_days
    short = ibis.literal(window_start(s.as_of, score.short_days))
    long = ibis.literal(window_start(s.as_of, score.long_days))
    at = score.action_topics(s.engine, s.as_of)
    at = at.filter(_mine(s, at.actor), at.topic == topic, at.ts > long)
    at = at.select(
        a_id=at.e_id, w=at.w, recent=at.ts > short,
        contribution=ibis.ifelse(at.ts > short, at.w * lift, 0.0),
    )
    ev = events_until(s.engine, s.as_of)
    t = at.join(ev, at.a_id == ev.event_id).select(
        "event_id", "network", "source_id", "kind", "subkind", "actor", "ts",
        "target_content", "w", "recent", "contribution",
    )
    top = _top(t, [t.contribution.desc(), t.ts.desc(), t.event_id], s.limit)
    rows = _event_rows(s.engine, top)
    rows.sort(key=lambda r: (-r["contribution"], -r["ts"].timestamp(), r["event_id"]))
    items = []
    for r in rows:
        what = r["kind"] + (f" ({r['subkind']})" if r["subkind"] else "")
        if r["recent"]:
            why = (f"{what} in {topic!r} in the last {score.short_days:g} days: weight"
                   f" {r['w']:g} / {score.short_days:g} days x share and trend")
        else:
            why = (f"{what} in {topic!r} in the last {score.long_days:g} days: counts"
                   " toward the share and the trend, not the current rate")
        items.append(_event_item(
            r, r["contribution"], why,
            {"event_kind": r["kind"], "weight": r["w"], "topic": topic,
             "in_short_window": bool(r["recent"])},
        ))
    return Evidence(items, 0.0)


# -- influence -------------------------------------------------------------------------------
def _influence_post_items(
    rows: list[dict[str, Any]], piece: str, column: str, label: str,
    share: float,
) -> list[dict[str, Any]]:
    """Items of one per-opportunity piece of influence (rows carry ``w``, ``part``); an
    item contributes ``share * part``."""

    def why(r: Mapping[str, Any]) -> str:
        return (
            f"{piece}: post weight {r['w']:.3g} x {label} {r[column]:.3g}"
            f" ({_plural(int(r['responders']), 'responder')},"
            f" {_plural(int(r['anonymous']), 'anonymous response')})"
        )

    def detail(r: Mapping[str, Any]) -> dict[str, Any]:
        return {"piece": piece, "post_weight": r["w"], column: r[column], "part": r["part"]}

    return _post_items(rows, lambda r: share * float(r["part"]), why, detail)


def influence_evidence(s: Subject) -> Evidence:
    """The items behind each of influence's pieces, the value split in proportion.

    ``ln(1 + influence)`` is the sum of the pieces' factors ``f_*``; the value is split
    across the pieces in proportion to them, and within a per-opportunity piece across the
    person's posts by their part of the piece's weighted sum (``w(c)`` times the post's
    success, breadth or responders' authority), within expertise across the best topic's
    contents by ``mu(c) r(c)``.
    """
    score = cast(Influence, s.score)
    pieces = ("rate", "breadth", "authority", "expertise")
    factors = {p: s.number(f"f_{p}") for p in pieces}
    log_total = sum(factors.values())
    if not log_total > 0:
        return Evidence([], s.value)

    def scaled(piece: str, part: float, total: float) -> float:
        # The value's share of this piece, then this item's share of the piece.
        return s.value * factors[piece] / log_total * part / total if total > 0 else 0.0

    items: list[dict[str, Any]] = []
    covered = 0.0
    per_post = {
        "rate": ("success", "success s(c)"),
        "breadth": ("breadth", "selectivity-weighted responders"),
        "authority": ("responder_value", "responders' authority N*PR"),
    }
    # Built once: building it runs authority's PageRank (the responders' authority).
    posts = score.per_post(s.engine, s.as_of)
    posts = posts.filter(posts.author_pid == s.person_id)
    for piece, (column, label) in per_post.items():
        if not factors[piece] > 0:
            continue
        p = posts.mutate(part=posts.w * posts[column])
        p = p.mutate(total=p.part.sum().over())
        rows = _per_post_rows(s, p, [p.part.desc(), p.opp, p.day])
        total = float(rows[0]["total"] or 0.0) if rows else 0.0
        if not total > 0:
            continue
        covered += factors[piece]
        share = s.value * factors[piece] / log_total / total
        items += _influence_post_items(rows, piece, column, label, share)

    # expertise: the best topic's contents, by maturity-weighted recognition.
    topic = s.components.get("topic")
    if factors["expertise"] > 0 and isinstance(topic, str):
        rows = _topic_rows(s, Expertise(), topic)
        total = float(rows[0]["total"] or 0.0) if rows else 0.0
        if total > 0:
            covered += factors["expertise"]
            items += [
                _content_item(
                    r, "content_id", scaled("expertise", float(r["mr"]), total),
                    f"expertise: recognition r(c) = {r['r']:g} in topic {topic!r}",
                    {"piece": "expertise", "recognition": r["r"], "maturity": r["m"],
                     "piece_total": total},
                )
                for r in rows
            ]

    items.sort(key=lambda it: (-it["contribution"], str(it["id"])))
    return Evidence(items, s.value * (log_total - covered) / log_total)


#: Evidence function per score name (the lead may add or replace entries).  A score
#: missing here is explained with ``evidence: []`` and ``baseline: null``.
EVIDENCE: dict[str, EvidenceFn] = {
    "activity": activity_evidence,
    "reach": reach_evidence,
    "resonance": resonance_evidence,
    "authority": authority_evidence,
    "expertise": expertise_evidence,
    "engagement": engagement_evidence,
    "influence": influence_evidence,
}
