"""Activity: how much a person communicates, recently.

What it measures
----------------
The person's own actions (posts, replies, comments, reshares, reactions, ...), each
weighted by its kind and decayed by its age.  This is what Klout's score mostly measured.
It is called activity, never influence: it falls when the person goes quiet, and it says
nothing about whether anyone listens (see reach, resonance, authority).

What it does not measure
------------------------
Anything others do: responses to the person count toward reach and resonance, not here.
Anonymous actions (Stack Exchange votes) cannot be attributed and are not counted.

Formula
-------
For person ``p`` at ``as_of``::

    activity(p) = sum over events e with e.actor in p's identities and e.ts <= as_of
                  of  w(e.kind) * 2 ** (-(as_of - e.ts) / half_life)

Two posts 14 days apart, scored at the time of the second with the default half-life,
give 1 + 0.5 = 1.5; with no new action the value halves every half-life.

Defaults
--------
``half_life_days = 14``.  Kind weights (:data:`DEFAULT_WEIGHTS`): ``post`` 1.0, ``reply``
1.0, ``quote`` 0.8, ``comment`` 0.5, ``reshare`` 0.5, ``adopt`` 0.5, ``mention`` 0.3,
``accept`` 0.2, ``edit`` 0.2, ``moderation`` 0.2, ``reaction`` 0.1; zero for ``follow``
and ``join`` (social edges, not communication), ``badge`` (awarded by the platform for
actions already counted) and ``delete`` (retracting is not communicating).  Writing
something of one's own (a post, a reply) counts most; a one-click reaction least.  A
mention is weighted low because most sources also emit the post or reply that contains
it.  Kinds not in ``weights`` count 0.

The persons scored are everyone who acted or was acted upon up to ``as_of`` (so a person
who was only ever a target has activity 0).  Components: ``events`` (weighted actions up
to ``as_of``, undecayed count), ``recent_30d`` (of which in the last 30 days) and
``days_since_last`` (days since the last weighted action; null if none).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import ClassVar

import ibis

from swaylens.schema import EVENT_KINDS
from swaylens.scores.base import (
    Score,
    ScoreError,
    age_days,
    attach_person,
    events_since,
    events_until,
    kind_weight,
    params_json,
    seen_persons,
    window_start,
)
from swaylens.scores.state import Part, grow, kept, shrink
from swaylens.warehouse.engines import Engine

#: Default weight of each event kind (kinds not listed weigh 0).
DEFAULT_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        "post": 1.0,
        "reply": 1.0,
        "quote": 0.8,
        "comment": 0.5,
        "reshare": 0.5,
        "adopt": 0.5,
        "mention": 0.3,
        "accept": 0.2,
        "edit": 0.2,
        "moderation": 0.2,
        "reaction": 0.1,
        "follow": 0.0,
        "join": 0.0,
        "badge": 0.0,
        "delete": 0.0,
    }
)


class Activity(Score):
    """Time-decayed, kind-weighted count of a person's own actions.

    Parameters
    ----------
    half_life_days:
        An action's weight halves every ``half_life_days`` (default 14).
    weights:
        Weight per event kind (default :data:`DEFAULT_WEIGHTS`); unlisted kinds weigh 0.
    """

    name: ClassVar[str] = "activity"

    def __init__(
        self,
        half_life_days: float = 14.0,
        weights: Mapping[str, float] | None = None,
    ) -> None:
        if not half_life_days > 0:
            raise ScoreError(f"half_life_days must be > 0, got {half_life_days}")
        weights = dict(DEFAULT_WEIGHTS if weights is None else weights)
        unknown = sorted(set(weights) - set(EVENT_KINDS))
        if unknown:
            raise ScoreError(f"unknown event kinds in weights: {', '.join(unknown)}")
        if any(w < 0 for w in weights.values()):
            raise ScoreError("activity weights must be >= 0")
        self.half_life_days = float(half_life_days)
        self.weights = weights

    def advance(
        self, engine: Engine, as_of: datetime, since: datetime | None, ref: datetime
    ) -> dict[str, Part]:
        """The state's new rows from the events with ``since < ts <= as_of``
        (:mod:`swaylens.scores.state`): per actor identity, ``a`` (weighted actions, each
        ``w · 2^((ts - ref) / half_life)``), ``events`` and ``last_ts``."""
        ev = events_since(engine, since, as_of)
        mine = ev.filter(ev.actor.notnull())
        mine = mine.mutate(w=kind_weight(mine.kind, self.weights))
        mine = mine.filter(mine.w > 0)
        rows = mine.group_by("actor").aggregate(
            a=(mine.w * grow(mine.ts, ref, self.half_life_days)).sum(),
            events=mine.count(),
            last_ts=mine.ts.max(),
        )
        return {"actors": Part(rows, keys=("actor",), sums=("a", "events"), maxes=("last_ts",))}

    def compute(self, engine: Engine, as_of: datetime) -> ibis.Table:
        state = kept(
            engine, self.name, params_json(self), as_of,
            lambda since, ref: self.advance(engine, as_of, since, ref),
            half_lives=(self.half_life_days,),
        )
        per_id = state.parts["actors"]
        per_id = per_id.mutate(
            activity=per_id.a * shrink(state.ref, as_of, self.half_life_days)
        )
        # The last 30 days are read from the events themselves: a window is a range of
        # recent rows, and a state of per-day counts would not match as_of to the ms.
        ev = events_until(engine, as_of)
        recent = ev.filter(ev.actor.notnull(), ev.ts >= ibis.literal(window_start(as_of, 30.0)))
        recent = recent.filter(kind_weight(recent.kind, self.weights) > 0)
        recent = recent.group_by(r_actor=recent.actor).aggregate(recent_30d=recent.count())
        per_id = per_id.left_join(recent, per_id.actor == recent.r_actor)
        per_id = attach_person(per_id, engine, "actor", "pid")
        per = per_id.group_by("pid").aggregate(
            activity=per_id.activity.sum(),
            events=per_id.events.sum(),
            recent_30d=per_id.recent_30d.fill_null(0).sum(),
            last_ts=per_id.last_ts.max(),
        )
        people = seen_persons(engine, as_of)
        t = people.left_join(per, people.person_id == per.pid)
        return self._result(
            t,
            value=t.activity.fill_null(0.0),
            components={
                "events": t.events.fill_null(0),
                "recent_30d": t.recent_30d.fill_null(0),
                "days_since_last": age_days(t.last_ts, as_of),
            },
        )
