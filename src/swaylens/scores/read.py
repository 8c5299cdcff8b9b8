"""Reading stored score snapshots: the shapes `top`, `person` and `history` print.

These shapes are the output contract documented in ``docs/cli.md``; the API will serve
the same ones.  Everything here reads ``score_snapshots`` and ``topic_snapshots``
(aggregates), never events.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from swaylens.errors import WarehouseError
from swaylens.scores.base import SCOPE

if TYPE_CHECKING:
    from swaylens.warehouse import Warehouse




def _no_snapshots(network: str | None, what: str = "score snapshots") -> WarehouseError:
    if network is None:
        return WarehouseError(f"no {what} yet: run `swaylens score` first")
    return WarehouseError(
        f"no {what} of network {network!r} alone yet: run"
        f" `swaylens score --network {network}` first"
    )


def latest_as_of(
    wh: Warehouse, score: str | None = None, *, network: str | None = None
) -> datetime:
    """The newest snapshot date (of one score, if given), across networks or, with
    ``network``, of that network's own snapshots."""
    q = f"SELECT max(as_of) FROM score_snapshots WHERE {SCOPE}"
    params: list[Any] = [network]
    if score is not None:
        q += " AND score = ?"
        params.append(score)
    row = wh.sql(q, params).fetchone()
    if row is None or row[0] is None:
        raise _no_snapshots(network)
    value: datetime = row[0]
    return value


def has_network_snapshots(wh: Warehouse, network: str, score: str | None = None) -> bool:
    """Whether ``swaylens score --network network`` stored anything (of ``score``)."""
    q = "SELECT count(*) FROM score_runs WHERE network = ?"
    params: list[Any] = [network]
    if score is not None:
        q += " AND score = ?"
        params.append(score)
    row = wh.sql(q, params).fetchone()
    return bool(row and row[0])


def latest_topic_as_of(wh: Warehouse, score: str, *, network: str | None = None) -> datetime:
    """The newest date with per-topic rows of ``score`` (in the scope of ``network``)."""
    row = wh.sql(
        f"SELECT max(as_of) FROM topic_snapshots WHERE score = ? AND {SCOPE}", [score, network]
    ).fetchone()
    if row is None or row[0] is None:
        from swaylens.scores import SCORES

        with_topics = sorted(n for n, c in SCORES.items() if hasattr(c, "compute_topics"))
        if score in SCORES and score not in with_topics:
            raise WarehouseError(
                f"{score} has no per-topic rows; scores with topics: {', '.join(with_topics)}"
            )
        raise _no_snapshots(network, f"per-topic snapshots of {score}")
    value: datetime = row[0]
    return value


def _identities(wh: Warehouse, person_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    if not person_ids:
        return {}
    rows = wh.sql(
        """
        SELECT person_id, network, source_id, handle FROM identities
        WHERE person_id IN (SELECT unnest(?::VARCHAR[]))
        ORDER BY person_id, network, kind, value
        """,
        [person_ids],
    ).fetchall()
    out: dict[str, list[dict[str, Any]]] = {p: [] for p in person_ids}
    for pid, network, source_id, handle in rows:
        out[pid].append({"network": network, "source_id": source_id, "handle": handle})
    return out


def _interval(low: float | None, high: float | None) -> list[float] | None:
    return None if low is None or high is None else [low, high]


def top(
    wh: Warehouse,
    by: str,
    *,
    limit: int = 20,
    network: str | None = None,
    as_of: datetime | None = None,
    topic: str | None = None,
) -> list[dict[str, Any]]:
    """The persons with the highest ``by`` score in one snapshot (default: the newest).

    With ``topic``, the per-topic rows of ``by`` in that topic (``topic_snapshots``; the
    percentile is within the topic), and each item also has ``topic``.

    With ``network``: the scores computed on that network alone, where ``swaylens score
    --network`` stored them; otherwise the scores across networks of the persons who
    have an identity on that network.
    """
    scope = network if network is not None and has_network_snapshots(wh, network, by) else None
    table = "score_snapshots"
    where = f"s.score = ? AND s.as_of = ? AND s.{SCOPE}"
    if topic is None:
        when = as_of or latest_as_of(wh, by, network=scope)
        params: list[Any] = [by, when, scope]
    else:
        when = as_of or latest_topic_as_of(wh, by, network=scope)
        table = "topic_snapshots"
        where += " AND s.topic = ?"
        params = [by, when, scope, topic]
    if network is not None and scope is None:
        where += (
            " AND EXISTS (SELECT 1 FROM identities i WHERE i.person_id = s.person_id"
            " AND i.network = ?)"
        )
        params.append(network)
    rows = wh.sql(
        f"""
        SELECT s.person_id, s.value, s.percentile, s.low, s.high FROM {table} s
        WHERE {where} ORDER BY s.value DESC, s.person_id LIMIT ?
        """,
        [*params, limit],
    ).fetchall()
    idents = _identities(wh, [r[0] for r in rows])
    items: list[dict[str, Any]] = [
        {
            "person": pid,
            "identities": idents.get(pid, []),
            "score": by,
            "value": value,
            "percentile": pct,
            "interval": _interval(low, high),
        }
        for pid, value, pct, low, high in rows
    ]
    if topic is not None:
        for item in items:
            item["topic"] = topic
    return items


def person_id(wh: Warehouse, ref: str) -> str:
    ids = wh.resolve(ref)
    row = wh.sql(
        "SELECT DISTINCT person_id FROM identities WHERE identity_id IN"
        " (SELECT unnest(?::VARCHAR[]))",
        [ids],
    ).fetchall()
    if len(row) != 1:
        raise WarehouseError(f"{ref!r} names {len(row)} persons: {[r[0] for r in row]}")
    pid: str = row[0][0]
    return pid


def _topics(
    wh: Warehouse, pid: str, when: datetime, network: str | None, k: int = 5
) -> dict[str, Any]:
    """Per score with per-topic rows: the person's ``k`` best topics, best first."""
    rows = wh.sql(
        f"""
        SELECT score, topic, value, percentile, low, high, components FROM (
            SELECT *, row_number() OVER (PARTITION BY score ORDER BY value DESC, topic) AS rk
            FROM topic_snapshots_json WHERE person_id = ? AND as_of = ? AND {SCOPE}
        ) WHERE rk <= ? ORDER BY score, rk
        """,
        [pid, when, network, k],
    ).fetchall()
    out: dict[str, list[dict[str, Any]]] = {}
    for score, topic, value, pct, low, high, comp in rows:
        out.setdefault(score, []).append({
            "topic": topic,
            "value": value,
            "percentile": pct,
            "interval": _interval(low, high),
            "components": json.loads(comp) if isinstance(comp, str) else comp,
        })
    return out


def person(
    wh: Warehouse, ref: str, *, as_of: datetime | None = None, network: str | None = None
) -> dict[str, Any]:
    """Every score of one person in one snapshot, with percentile, interval, components,
    and under ``topics`` their 5 best topics per score that has per-topic rows.  The
    snapshot is across networks, or with ``network`` of that network alone."""
    pid = person_id(wh, ref)
    when = as_of or latest_as_of(wh, network=network)
    rows = wh.sql(
        "SELECT score, value, percentile, low, high, components FROM score_snapshots_json"
        f" WHERE person_id = ? AND as_of = ? AND {SCOPE} ORDER BY score",
        [pid, when, network],
    ).fetchall()
    return {
        "person": pid,
        "as_of": when.isoformat(),
        "network": network,
        "identities": _identities(wh, [pid])[pid],
        "scores": {
            name: {
                "value": value,
                "percentile": pct,
                "interval": _interval(low, high),
                "components": json.loads(comp) if isinstance(comp, str) else comp,
            }
            for name, value, pct, low, high, comp in rows
        },
        "topics": _topics(wh, pid, when, network),
    }


def history(
    wh: Warehouse, ref: str, score: str, *, network: str | None = None
) -> dict[str, Any]:
    """One score of one person across every stored snapshot, oldest first: across
    networks, or with ``network`` of that network alone."""
    pid = person_id(wh, ref)
    rows = wh.sql(
        "SELECT as_of, value, percentile, low, high FROM score_snapshots"
        f" WHERE person_id = ? AND score = ? AND {SCOPE} ORDER BY as_of",
        [pid, score, network],
    ).fetchall()
    return {
        "person": pid,
        "score": score,
        "network": network,
        "points": [
            {"as_of": a.isoformat(), "value": v, "percentile": p, "interval": _interval(lo, hi)}
            for a, v, p, lo, hi in rows
        ],
    }
