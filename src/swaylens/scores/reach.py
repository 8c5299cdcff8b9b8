"""Reach: how many different people engaged with a person, recently.

What it measures
----------------
Klout's "true reach": the number of unique *people* (persons, not identities or accounts)
who engaged with the person in a window ending at ``as_of``: replied, commented,
reshared, quoted, mentioned, reacted, accepted an answer, adopted an item.  A thousand
likes from one fan are reach 1.

What it does not measure
------------------------
How strongly they engaged (resonance), who they are (authority), or how many followers
the person has: follower counts, where a source states them, are reported beside reach
(component ``followers``) and never mixed in.  ``follow`` events are not engagement
either (following is not acting on anything the person said).  Anonymous engagements
(Stack Exchange votes have no voter) cannot be counted as distinct people; their number
is reported as component ``anonymous`` but does not add to the value.

Formula
-------
For person ``p`` at ``as_of`` with window ``W``::

    reach(p) = | { person(e.actor) : e.kind in ENGAGEMENT_KINDS,
                                      as_of - W < e.ts <= as_of,
                                      e.target_person in p's identities,
                                      person(e.actor) != p } |

Self-engagement (one identity of ``p`` acting on another identity of ``p``) is excluded.
An actor identity missing from ``identities`` counts as a person of its own.

Defaults
--------
``window_days = 90``; engagement kinds (:data:`ENGAGEMENT_KINDS`): ``reply``,
``comment``, ``reshare``, ``quote``, ``mention``, ``reaction`` (either sign: a downvoter
was reached too), ``accept``, ``adopt``.

The persons scored are everyone who acted or was acted upon up to ``as_of`` (reach 0 when
nobody engaged in the window).  Components: ``engagements`` (engagement events by others
in the window), ``anonymous`` (anonymous engagement events in the window) and
``followers`` (the largest follower count among the person's identities; null when no
source states one).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import ClassVar

import ibis

from swaylens.schema import EVENT_KINDS
from swaylens.scores.base import (
    Score,
    ScoreError,
    attach_person,
    events_until,
    one_identity_per_person,
    seen_persons,
    window_start,
)
from swaylens.warehouse.engines import Engine

#: Event kinds that count as someone engaging with the target person.
ENGAGEMENT_KINDS: tuple[str, ...] = (
    "reply", "comment", "reshare", "quote", "mention", "reaction", "accept", "adopt",
)


class Reach(Score):
    """Unique people who engaged with the person in a window.

    Parameters
    ----------
    window_days:
        Length of the window ending at ``as_of`` (default 90 days).
    kinds:
        The event kinds that count as engagement (default :data:`ENGAGEMENT_KINDS`).
    """

    name: ClassVar[str] = "reach"

    def __init__(
        self, window_days: float = 90.0, kinds: Iterable[str] = ENGAGEMENT_KINDS
    ) -> None:
        if not window_days > 0:
            raise ScoreError(f"window_days must be > 0, got {window_days}")
        kinds = tuple(kinds)
        unknown = sorted(set(kinds) - set(EVENT_KINDS))
        if unknown or not kinds:
            raise ScoreError(f"reach kinds must be event kinds, got {kinds!r}")
        self.window_days = float(window_days)
        self.kinds = kinds

    def compute(self, engine: Engine, as_of: datetime) -> ibis.Table:
        ev = events_until(engine, as_of)
        start = ibis.literal(window_start(as_of, self.window_days))
        win = ev.filter(
            ev.kind.isin(self.kinds), ev.ts > start, ev.target_person.notnull()
        )
        # Distinct (actor, target) identity pairs first; then persons.
        named = win.filter(win.actor.notnull())
        pairs = named.group_by(["actor", "target_person"]).aggregate(n=named.count())
        pairs = attach_person(pairs, engine, "actor", "actor_pid")
        pairs = attach_person(pairs, engine, "target_person", "target_pid")
        pairs = pairs.filter(pairs.target_pid.notnull()).mutate(
            engager=pairs.actor_pid.fill_null(pairs.actor)
        )
        pairs = pairs.filter(pairs.engager != pairs.target_pid)
        if not one_identity_per_person(engine):
            # Two identities of one person engaging with one target are one engager.
            pairs = pairs.group_by(["target_pid", "engager"]).aggregate(n=pairs.n.sum())
        # Else each (actor, target) pair is already one (person, person) pair, and the
        # group by that would merge them (at 10^8 events, some 20M rows) is skipped.
        per = pairs.group_by("target_pid").aggregate(
            reach=pairs.count(), engagements=pairs.n.sum()
        )
        anon = win.filter(win.actor.isnull())
        anon = anon.group_by("target_person").aggregate(n=anon.count())
        anon = attach_person(anon, engine, "target_person", "anon_pid")
        anon = anon.group_by("anon_pid").aggregate(anonymous=anon.n.sum())
        ids = engine.table("identities")
        fol = ids.group_by(fol_pid=ids.person_id).aggregate(followers=ids.followers.max())

        people = seen_persons(engine, as_of)
        t = people.left_join(per, people.person_id == per.target_pid)
        t = t.left_join(anon, t.person_id == anon.anon_pid)
        t = t.left_join(fol, t.person_id == fol.fol_pid)
        return self._result(
            t,
            value=t.reach.fill_null(0),
            components={
                "engagements": t.engagements.fill_null(0),
                "anonymous": t.anonymous.fill_null(0),
                "followers": t.followers,
            },
        )
