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

State
-----
Reach keeps state (:mod:`swaylens.scores.state`): per (engager, target) person pair, the
engagements in the window, and per target person, the anonymous ones.  A snapshot adds
the events since the watermark and takes off those that left the window since: one band
of events as wide as the time advanced, instead of the whole window (at 10^8 events, 20M
events grouped into 7.3M pairs every day).  A pair whose count falls to 0 stays, and is
skipped when read.  The pairs are kept per person, not per identity, so reading them
needs no join with ``identities`` (two joins of 7.3M rows at 10^8 events); a state is
rebuilt whenever an identity changes person anyway.
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
    events_since,
    events_until,
    params_json,
    per_person,
    seen_persons,
    utc,
    window_start,
)
from swaylens.scores.state import Part, add_up, kept
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

    def _engagements(self, ev: ibis.Table) -> ibis.Table:
        """The engagement events among ``ev``: ``actor`` (null when anonymous),
        ``target_person``."""
        ev = ev.filter(ev.kind.isin(self.kinds), ev.target_person.notnull())
        return ev.select("actor", "target_person")

    def advance(
        self, engine: Engine, as_of: datetime, since: datetime | None, ref: datetime
    ) -> dict[str, Part]:
        """The state's moves (:mod:`swaylens.scores.state`): per (engager, target) person
        pair, ``n``, the engagements in the window, and per target person, ``n``, the
        anonymous ones.  The events of ``(since, as_of]`` enter the window and those of
        ``(since - W, as_of - W]`` leave it (every event of ``(as_of - W, as_of]`` when
        ``since`` is None).  A pair whose count is back to 0 stays, and is skipped when
        read.

        ``engager`` is the actor's person, or the actor identity itself when it has none;
        an event on a target with no person, or by the target person on itself, is not
        kept."""
        start = window_start(as_of, self.window_days)
        ev = events_since(engine, start if since is None else since, as_of)
        moved = self._engagements(ev).mutate(n=ibis.literal(1, "int64"))
        if since is not None:
            old = events_until(engine, start)
            old = old.filter(old.ts > ibis.literal(window_start(utc(since), self.window_days)))
            leave = self._engagements(old).mutate(n=ibis.literal(-1, "int64"))
            moved = moved.union(leave, distinct=False)
        count = {"n": "int64"}
        # Identity pairs first (the whole window on a build: 20M events into 7.3M pairs at
        # 10^8), then persons: the join is much cheaper after the group by.  Two
        # identities of one person engaging with one target are one engager.
        pairs = add_up(("actor", "target_person"), count, moved.filter(moved.actor.notnull()))
        pairs = attach_person(pairs, engine, "actor", "actor_pid")
        pairs = attach_person(pairs, engine, "target_person", "target_pid")
        pairs = pairs.filter(pairs.target_pid.notnull()).mutate(
            engager=pairs.actor_pid.fill_null(pairs.actor)
        )
        pairs = pairs.filter(pairs.engager != pairs.target_pid)
        pairs = per_person(engine, pairs, ("engager", "target_pid"), count)
        anon = add_up(("target_person",), count, moved.filter(moved.actor.isnull()))
        anon = attach_person(anon, engine, "target_person", "target_pid")
        anon = anon.filter(anon.target_pid.notnull())
        anon = per_person(engine, anon, ("target_pid",), count)
        return {
            "pairs": Part(pairs, keys=("engager", "target_pid"), sums=("n",)),
            "anonymous": Part(anon, keys=("target_pid",), sums=("n",)),
        }

    def compute(self, engine: Engine, as_of: datetime) -> ibis.Table:
        state = kept(
            engine, self.name, params_json(self), as_of,
            lambda since, ref: self.advance(engine, as_of, since, ref),
            # 2: pairs and anonymous counts per person (1: per identity).
            layout=2,
        )
        pairs = state.parts["pairs"]
        pairs = pairs.filter(pairs.n > 0)
        per = pairs.group_by("target_pid").aggregate(
            reach=pairs.count(), engagements=pairs.n.sum()
        )
        anon = state.parts["anonymous"]
        anon = anon.filter(anon.n > 0)
        anon = anon.select(anon_pid=anon.target_pid, anonymous=anon.n)
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
