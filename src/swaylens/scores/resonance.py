"""Resonance: how strongly others respond to a person, per post.

What it measures
----------------
The probability that one of the person's posts draws a response from someone else: a
positive reaction (like, upvote, favourite, star), a reply or answer, a comment, a
reshare, a quote, or an accept.  It is a ratio, not a total: 100 reshares of 10 posts beat
100 reshares of 1,000 posts.  Two rules of Klout's are built in:

* **unique reactors**: each responder counts once per post, however often they respond to
  it, so 100 reactions from 100 people beat 100 reactions from one person;
* **reactor selectivity**: a response from someone who responds to everything is worth
  less.  A responder who responded to ``R`` different posts in the window has weight
  ``w = 1 / log2(2 + R)``: 0.63 for someone who responded once, 0.5 for twice, 0.25 for
  14 posts, 0.1 for 1,022.  By default (``selectivity="response"``) each (post,
  responder) pair is weighed by the responder's ``R`` at the time of their first response
  to that post: the different posts they had first responded to in the ``window_days``
  up to and including that response (all earlier ones with no window).  A pair's weight
  is then fixed once written: a responder who later responds to everything does not
  lower the worth of their past responses, which is what an incremental update needs
  (docs/incremental.md).  A response counts from its post's creation on (a pair's first
  response is the later of the two: Stack Exchange dates a vote at the midnight before
  its post), times are compared to the microsecond, and every response up to ``as_of``
  to a post of the window counts: so one day of new events adds pairs and never changes
  one kept before (the kept state, :meth:`Resonance.responses_state`, whose posts and
  pairs resonance and influence share).  A prolific
  responder's first responses keep a newcomer's weight: a bot whose ``N`` responses lie
  within one look-back weighs ``sum_{k <= N} w(k)`` in all, against ``N w(N)`` counted
  at ``as_of``: at most 1.40 times as much (``N`` about 25), 1.18 times at
  ``N = 3,000``.  With
  ``selectivity="as_of"`` ``R`` is counted at ``as_of``, the same for every response of
  the responder.

Empirical-Bayes beta-binomial shrinkage keeps a person with 2 posts from outranking one
with 200: every person's rate is pulled toward the population's rate, the harder the fewer
posts they have, and the interval says how sure the value is.

What it does not measure
------------------------
Volume (see activity), audience size (reach), or who the responders are (authority).
Downvotes are not positive responses and are ignored here.  Responses to comments are not
counted (comments are not posts), and neither are responses to items that are not in
``contents`` (a retweet of a tweet that was never ingested): there is no post to credit.

Posts
-----
A post is a content authored by the person whose ``kind`` is one of :data:`POST_KINDS`
(top-level items and replies: question, answer, tweet, status, post, submission, topic,
issue, pull request, ...; not comments, wikis, repositories or releases), created in the
window ``(as_of - window, as_of]``.  A reshare's wrapper item (a retweet, a reblog status:
a content its author created at the very instant of their own ``reshare`` event) is not a
post of the resharer; responses go to the original.

Networks that have no contents at all up to ``as_of`` (the SNAP Higgs log: ``A retweeted
B at t``) get **virtual posts** instead: one per person and UTC day on which the person
either did something that is itself an item (``post``, ``reply``, ``quote``, ``reshare``,
``mention``) or received a response.  Resonance there is the share of a person's visible
days that drew a response.

Formula
-------
For a post ``c`` of person ``p``, let ``U(c)`` be the distinct persons other than ``p``
who responded to it up to ``as_of`` and ``A(c)`` its anonymous responses (Stack Exchange
votes have no voter; each counts as a separate responder of weight ``anonymous_weight``,
default 0.5, the weight of someone who responded twice: the site allows one vote per user
and post).  The post's success is a noisy-OR, the probability that at least one response
is a genuine signal::

    s(c) = 1 - prod_{u in U(c)} (1 - w_u) * (1 - anonymous_weight) ** |A(c)|

Person ``p`` has ``n`` posts and ``k = sum s(c)`` successes.  The prior is estimated over
all persons with posts (P persons, N posts; aggregates only, nothing per person leaves the
engine) by the method of moments of a one-way random-effects model::

    m     = sum k / sum n                        pooled rate, clipped to [1e-6, 1 - 1e-6]
    sw2   = sum_p sum_c (s(c) - k/n)^2 / (N - P) within-person variance of one post
    S     = sum_p n (k/n - m)^2                  = sum k^2/n - (sum k)^2 / N
    tau2  = (S - (P - 1) sw2) / (N - sum n^2 / N)   between-person variance of the rate
    alpha + beta = sw2 / tau2                    clipped to [min_strength, max_strength];
                                                 max_strength when tau2 <= 0
    alpha = m (alpha + beta),  beta = (1 - m) (alpha + beta)

For 0/1 successes ``sw2 ~ m(1-m) - tau2`` and this is the classic beta-binomial method of
moments, ``alpha + beta = m(1-m)/tau2 - 1``; for the fractional successes of the noisy-OR
it shrinks by the noise actually observed (``m(1-m)`` would overstate it several times and
flatten everyone onto the mean).  ``alpha + beta = 2`` when it cannot be estimated (fewer
than two persons, or nobody with two posts).  Then::

    value = (alpha + k) / (alpha + beta + n)

and ``low``/``high`` is the central ``interval`` (default 90%) of the Beta(alpha + k,
beta + n - k) posterior by its normal approximation, clipped to [0, 1].

Defaults
--------
``window_days = 365``, ``anonymous_weight = 0.5``, ``interval = 0.9``,
``prior_strength = None`` (estimated; a number fixes alpha + beta),
``min_strength = 1``, ``max_strength = 1000``, ``post_kinds = POST_KINDS``,
``selectivity = "response"``.

Components: ``posts`` (n), ``virtual_posts`` (of which virtual), ``successes`` (k),
``raw_rate`` (k / n), ``responders`` (distinct named responders, summed over posts),
``anonymous`` (anonymous responses), ``alpha`` and ``beta``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from statistics import NormalDist
from typing import Any, ClassVar

import ibis

from swaylens.scores.base import (
    Score,
    ScoreError,
    attach_person,
    events_since,
    events_until,
    stage,
    utc,
    window_start,
)
from swaylens.scores.state import Kept, Part, add_up, kept, prior_parts
from swaylens.warehouse.engines import Engine

#: Content kinds that are posts: top-level items and replies, across the adapters.
POST_KINDS: tuple[str, ...] = (
    "question", "answer",  # Stack Exchange
    "tweet",  # X / Twitter
    "status", "note", "article",  # Mastodon / ActivityPub
    "post",  # Bluesky, Discourse
    "submission",  # Reddit
    "topic",  # forums
    "issue", "pull_request",  # GitHub
    "reply", "cascade",
)

#: Event kinds that are responses to a post (reactions only with a positive value).
RESPONSE_KINDS: tuple[str, ...] = ("reaction", "reply", "comment", "reshare", "quote", "accept")

#: When a responder's ``R`` is counted (see the module docstring).
SELECTIVITY: tuple[str, ...] = ("as_of", "response")

#: An anonymous response's breadth, ``log2(3) / log2(4)``: a responder with ``R = 2``.
ANONYMOUS_BREADTH = math.log(3.0) / math.log(4.0)


def post_success(
    log_miss: ibis.Value, anonymous: ibis.Value, anonymous_weight: float
) -> ibis.Value:
    """A post's success ``s(c)`` from its kept sums: ``1 - exp(Σ ln(1 - w))`` over its
    named responders and its ``anonymous`` responses, each of weight ``anonymous_weight``."""
    miss = log_miss + anonymous.cast("float64") * math.log(1.0 - anonymous_weight)
    return (1.0 - miss.exp()).cast("float64")


def post_breadth(breadth: ibis.Value, anonymous: ibis.Value) -> ibis.Value:
    """A post's breadth from its kept sums: its named responders' and its ``anonymous``
    responses' (each :data:`ANONYMOUS_BREADTH`)."""
    return (breadth + anonymous.cast("float64") * ANONYMOUS_BREADTH).cast("float64")


def _is_response(ev: ibis.Table) -> ibis.Value:
    """Whether an event is a response (a reaction only with a positive value)."""
    return ev.kind.isin(RESPONSE_KINDS) & ((ev.kind != "reaction") | (ev.value > 0))


#: Event kinds that are an item by the actor; without a ``target_content`` they make a
#: virtual post (sources that name no contents).
ITEM_KINDS: tuple[str, ...] = ("post", "reply", "quote", "reshare", "mention")


@dataclass(frozen=True)
class SumsUpdate:
    """What one update of a look-back's per-post sums sees (:class:`Rollup`).

    ``engine`` runs the update; ``since`` is the sums' watermark (None: a build from every
    event), ``ref`` their reference time and ``as_of`` the snapshot's date.  ``state`` is
    the shared responses state at ``as_of`` (``posts``, ``pairs``, ``anonymous``);
    ``delta`` what this update adds to the per-post sums (``post, log_miss, responders,
    breadth, anonymous``, one row per post whose sums move; on a build, every post's
    sums), ``before`` the sums state's parts as they were (None on a build), and
    ``responders`` every responder's number (``responder, rid``) after the update.
    """

    engine: Engine
    since: datetime | None
    ref: datetime
    as_of: datetime
    state: Mapping[str, ibis.Table]
    delta: ibis.Table
    before: Mapping[str, ibis.Table] | None
    responders: ibis.Table


@dataclass(frozen=True)
class Rollup:
    """More parts kept with a look-back's per-post sums and updated in the same
    transaction, so that they can read the sums as they were before it (influence keeps
    its per-author sums this way).  ``params`` (what the parts depend on) becomes part of
    the state's key; ``advance`` returns the parts' new rows for a :class:`SumsUpdate`."""

    params: Mapping[str, Any]
    advance: Callable[[SumsUpdate], Mapping[str, Part]] = field(compare=False)


def moved_posts(
    u: SumsUpdate, crossed: Callable[[ibis.Table], ibis.Value], anonymous_weight: float,
) -> ibis.Table:
    """For a :class:`Rollup`: the posts whose share of per-author sums may change in the
    update ``u``, one row each: ``post, author_pid, posted_at, virtual, fresh`` (new
    since the watermark, every post on a build) and their success, breadth, named
    responders and anonymous responses before (``s_o, b_o, k_o, a_o``; 0 for a new
    post) and after the update (``s_n, b_n, k_n, a_n``).  They are the posts whose sums
    moved, the new ones, and those ``crossed`` selects from the posts (an edge in time
    they crossed since the watermark); a rollup's kept row ``last`` (:func:`seen_part`)
    says which posts are new."""
    f, i = "float64", "int64"
    posts = u.state["posts"]
    d = u.delta.select(d_post=ibis._.post, d_lm=ibis._.log_miss, d_k=ibis._.responders,
                       d_br=ibis._.breadth, d_an=ibis._.anonymous)
    if u.before is None:
        p = posts.mutate(fresh=ibis.literal(True))
        p = p.left_join(d, p.post == d.d_post)
        lm_o = br_o = ibis.literal(0.0, f)
        k_o = an_o = ibis.literal(0, i)
    else:
        last = u.before["seen"].last.max().as_scalar()
        p = posts.mutate(fresh=posts.post > last, crossed=crossed(posts))
        p = p.left_join(d, p.post == d.d_post)
        p = p.filter(p.d_post.notnull() | p.fresh | p.crossed)
        old = u.before["sums"]
        old = old.select(o_post=old.post, o_lm=old.log_miss, o_k=old.responders,
                         o_br=old.breadth, o_an=old.anonymous)
        p = p.left_join(old, p.post == old.o_post)
        lm_o, br_o = p.o_lm.fill_null(0.0), p.o_br.fill_null(0.0)
        k_o, an_o = p.o_k.fill_null(0), p.o_an.fill_null(0)
    lm_n, br_n = lm_o + p.d_lm.fill_null(0.0), br_o + p.d_br.fill_null(0.0)
    k_n, an_n = k_o + p.d_k.fill_null(0), an_o + p.d_an.fill_null(0)
    aw = anonymous_weight
    return p.select(
        "post", "author_pid", "posted_at", "virtual", "fresh",
        s_o=post_success(lm_o, an_o, aw), s_n=post_success(lm_n, an_n, aw),
        b_o=post_breadth(br_o, an_o), b_n=post_breadth(br_n, an_n),
        k_o=k_o.cast(i), k_n=k_n.cast(i), a_o=an_o.cast(i), a_n=an_n.cast(i),
    )


def seen_part(u: SumsUpdate) -> Part:
    """A rollup's part ``seen``: one row, ``last``, the highest post number counted (the
    posts after it are new to the next update, :func:`moved_posts`)."""
    posts = u.state["posts"]
    seen = posts.aggregate(last=posts.post.max().fill_null(-1).cast("int64"))
    return Part(seen.mutate(k=ibis.literal(0, "int64")), keys=("k",), maxes=("last",))


class Resonance(Score):
    """Shrunken probability that a person's post draws a response from someone else.

    Parameters
    ----------
    window_days:
        Posts created in ``(as_of - window_days, as_of]`` count (default 365); ``None``
        counts every post up to ``as_of`` (influence uses that, with its own decay).
    anonymous_weight:
        Weight of one anonymous response, in (0, 1) (default 0.5).
    interval:
        Probability mass of the reported interval (default 0.9).
    prior_strength:
        Fixed ``alpha + beta`` of the prior; ``None`` (default) estimates it.
    min_strength, max_strength:
        Bounds of the estimated ``alpha + beta`` (defaults 1 and 1000).
    post_kinds:
        Content kinds that are posts (default :data:`POST_KINDS`).
    selectivity:
        ``"response"`` (default): a responder's ``R`` is counted at the time of their
        first response to each post, over the ``window_days`` before it (see the module
        docstring); ``"as_of"``: at ``as_of``.
    """

    name: ClassVar[str] = "resonance"

    def __init__(
        self,
        window_days: float | None = 365.0,
        anonymous_weight: float = 0.5,
        interval: float = 0.9,
        prior_strength: float | None = None,
        min_strength: float = 1.0,
        max_strength: float = 1000.0,
        post_kinds: Iterable[str] = POST_KINDS,
        selectivity: str = "response",
    ) -> None:
        if window_days is not None and not window_days > 0:
            raise ScoreError(f"window_days must be > 0 or None, got {window_days}")
        if not 0 < anonymous_weight < 1:
            raise ScoreError(f"anonymous_weight must be in (0, 1), got {anonymous_weight}")
        if not 0 < interval < 1:
            raise ScoreError(f"interval must be in (0, 1), got {interval}")
        if prior_strength is not None and not prior_strength > 0:
            raise ScoreError(f"prior_strength must be > 0, got {prior_strength}")
        if not 0 < min_strength <= max_strength:
            raise ScoreError("need 0 < min_strength <= max_strength")
        if selectivity not in SELECTIVITY:
            raise ScoreError(
                f"selectivity must be one of {', '.join(SELECTIVITY)}, got {selectivity!r}"
            )
        self.window_days = None if window_days is None else float(window_days)
        self.anonymous_weight = float(anonymous_weight)
        self.interval = float(interval)
        self.prior_strength = None if prior_strength is None else float(prior_strength)
        self.min_strength = float(min_strength)
        self.max_strength = float(max_strength)
        self.post_kinds = tuple(post_kinds)
        self.selectivity = selectivity

    # -- building blocks ----------------------------------------------------------------
    def opportunities(self, engine: Engine, as_of: datetime) -> tuple[ibis.Table, ibis.Table]:
        """``(posts, responses)`` in the window.

        A post is keyed by ``(opp, day)``: ``(content_id, 1970-01-01)`` for a content,
        ``(person_id, UTC date)`` for a virtual post.  ``posts`` has ``opp, day,
        author_pid, virtual``.  ``responses`` has one row per post and responder other
        than the author: ``opp, day, author_pid, responder`` (null for anonymous
        responses, then one row for all of them) and ``n``, the number of response events
        (``selectivity="as_of"``; the other selectivity keeps its responses as state, see
        :meth:`responses_state`).  Events are aggregated before identities are joined: the
        joins run on fewer rows.
        """
        if self.window_days is None:
            start: ibis.Value | None = None
        else:
            start = ibis.literal(window_start(as_of, self.window_days))
        ev = events_until(engine, as_of)
        if start is not None:
            ev = ev.filter(ev.ts > start)
        both, loose = self._posts(engine, as_of, ev, start, timed=False)
        is_response = _is_response(ev)
        # Three steps, each staged within a snapshot (posts, response sums, responses): at
        # 10^8 events each is several GB, too much to build in one query.
        posts = stage(engine, "posts", self, as_of, lambda: both)
        sums = ev.filter(is_response, ev.target_content.notnull())
        sums = sums.group_by(["target_content", "actor"]).aggregate(n=sums.count())
        resp = stage(engine, "response-sums", self, as_of, lambda: sums)
        on = posts.filter(~posts.virtual)
        on_content = resp.join(on, resp.target_content == on.opp).select(
            "opp", "day", "author_pid", "actor", "n"
        )

        responses = on_content.union(loose, distinct=False)
        responses = attach_person(responses, engine, "actor", "actor_pid")
        responses = responses.mutate(responder=responses.actor_pid.fill_null(responses.actor))
        responses = responses.filter(
            responses.responder.isnull() | (responses.responder != responses.author_pid)
        )
        responses = responses.group_by(["opp", "day", "author_pid", "responder"]).aggregate(
            n=responses.n.sum()
        )
        return posts, stage(engine, "responses", self, as_of, lambda: responses)

    def per_post(
        self,
        engine: Engine,
        as_of: datetime,
        responder_values: ibis.Table | None = None,
        rollup: Rollup | None = None,
    ) -> ibis.Table:
        """Per post: ``opp, day, author_pid, posted_at, virtual, success (s(c)),
        responders, anonymous, breadth, responder_value, responder_sq``.

        ``breadth`` counts the post's responders, each weighted by its selectivity
        relative to someone who responded once, ``log2(3) / log2(2 + R)`` (anonymous
        responses as ``R = 2``, like their ``anonymous_weight``).  ``responder_values``
        (columns ``v_pid, v``) gives a number per person; ``responder_value`` sums it over
        the post's named responders and ``responder_sq`` sums its square (0 without it).
        ``rollup``: the rollup kept with the sums (:meth:`responses_state`), so that a
        score that keeps one reads the same state.
        """
        if self.selectivity == "response":
            return self._per_post_kept(engine, as_of, responder_values, rollup)
        posts, responses = self.opportunities(engine, as_of)
        # Selectivity: how many different posts each responder responded to
        # (responses has one row per post and responder).
        named = responses.filter(responses.responder.notnull())
        breadth = named.group_by(r_pid=named.responder).aggregate(r=named.count())
        w = responses.left_join(breadth, responses.responder == breadth.r_pid)
        if responder_values is not None:
            w = w.left_join(responder_values, w.responder == responder_values.v_pid)
            value = w.v.cast("float64").fill_null(0.0)
        else:
            value = ibis.literal(0.0)
        anonymous = w.responder.isnull()
        sel = ibis.ifelse(
            anonymous,
            w.n.cast("float64") * ANONYMOUS_BREADTH,
            math.log(3.0) / (w.r.cast("float64") + 2.0).ln(),
        )
        # ln(1 - w) with w = 1 / log2(2 + R) = ln 2 / ln(2 + R); anonymous: n of weight aw.
        log_miss = ibis.ifelse(
            anonymous,
            w.n.cast("float64") * math.log(1.0 - self.anonymous_weight),
            (1.0 - math.log(2.0) / (w.r.cast("float64") + 2.0).ln()).ln(),
        )
        w = w.mutate(
            log_miss=log_miss,
            named=ibis.ifelse(anonymous, 0, 1),
            anon=ibis.ifelse(anonymous, w.n, 0),
            sel=sel,
            value=ibis.ifelse(anonymous, 0.0, value),
        )
        per_post = w.group_by(r_opp=w.opp, r_day=w.day).aggregate(
            log_miss=w.log_miss.sum(), responders=w.named.sum(), anonymous=w.anon.sum(),
            breadth=w.sel.sum(), value=w.value.sum(), value_sq=(w.value * w.value).sum(),
        )
        p = posts.left_join(
            per_post, [posts.opp == per_post.r_opp, posts.day == per_post.r_day]
        )
        return p.select(
            "opp", "day", "author_pid", "posted_at", "virtual",
            success=(1.0 - p.log_miss.exp()).fill_null(0.0),
            responders=p.responders.fill_null(0),
            anonymous=p.anonymous.fill_null(0),
            breadth=p.breadth.fill_null(0.0),
            responder_value=p.value.fill_null(0.0),
            responder_sq=p.value_sq.fill_null(0.0),
        )

    def _posts(
        self, engine: Engine, as_of: datetime, ev: ibis.Table, after: ibis.Value | None,
        *, timed: bool,
    ) -> tuple[ibis.Table, ibis.Table]:
        """``(posts, loose)`` from the events ``ev`` and the contents created after
        ``after`` (every one up to ``as_of`` if None).

        ``posts`` (``opp, day, author_pid, posted_at, virtual``) are the real posts and the
        virtual ones: one per person and UTC day, only on networks with no contents up to
        ``as_of``.  ``loose`` are the responses without a content on those networks, per
        target person's post of the day and actor: ``opp, day, author_pid, actor, n`` (and
        ``first``, the first one's time, if ``timed``).
        """
        no_day = ibis.literal(date(1970, 1, 1))
        contents = engine.table("contents")
        contents = contents.filter(contents.created_at <= ibis.literal(utc(as_of)))
        c = contents.filter(contents.kind.isin(self.post_kinds), contents.author.notnull())
        if after is not None:
            c = c.filter(c.created_at > after)
        # A reshare's own wrapper item (a retweet, a reblog status) is not a post of the
        # resharer: it is the content its author created at the instant of their reshare.
        wrappers = ev.filter(ev.kind == "reshare", ev.actor.notnull())
        wrappers = wrappers.select(w_actor=wrappers.actor, w_ts=wrappers.ts).distinct()
        c = c.anti_join(wrappers, [c.author == wrappers.w_actor, c.created_at == wrappers.w_ts])
        real = attach_person(
            c.select("content_id", "author", "created_at"), engine, "author", "author_pid"
        )
        real = real.filter(real.author_pid.notnull()).select(
            opp=real.content_id, day=no_day, author_pid=real.author_pid,
            posted_at=real.created_at,
        )
        # Virtual posts, only for networks that have no contents (up to as_of) at all.
        with_contents = contents.select(c_network=contents.network).distinct()
        bare = ev.anti_join(with_contents, ev.network == with_contents.c_network)
        bare = bare.filter(bare.target_content.isnull()).mutate(day=bare.ts.date())
        # A response without a content goes to the target person's post of that day.
        loose = bare.filter(_is_response(bare), bare.target_person.notnull())
        first = {"first": loose.ts.min()} if timed else {}
        loose = loose.group_by(["target_person", "actor", "day"]).aggregate(
            n=loose.count(), **first
        )
        loose = attach_person(loose, engine, "target_person", "author_pid")
        loose = loose.filter(loose.author_pid.notnull()).select(
            opp=loose.author_pid, day=loose.day, author_pid=loose.author_pid,
            actor=loose.actor, n=loose.n, **({"first": loose.first} if timed else {}),
        )
        own = bare.filter(bare.kind.isin(ITEM_KINDS), bare.actor.notnull())
        own = own.select("actor", "day").distinct()
        own = attach_person(own, engine, "actor", "author_pid")
        own = own.filter(own.author_pid.notnull()).select(
            opp=own.author_pid, day=own.day, author_pid=own.author_pid
        )
        virtual = own.union(loose.select("opp", "day", "author_pid"), distinct=True)
        # A virtual post is dated at the start of its UTC day.
        virtual = virtual.mutate(
            posted_at=virtual.day.cast("timestamp").cast(real.posted_at.type())
        )
        posts = real.mutate(virtual=ibis.literal(False)).union(
            virtual.mutate(virtual=ibis.literal(True))
        )
        return posts, loose

    # -- the kept state of selectivity="response" ------------------------------------------
    def responses_state(
        self, engine: Engine, as_of: datetime, rollup: Rollup | None = None
    ) -> Kept:
        """With ``selectivity="response"``: the kept state of the posts and their
        responses up to ``as_of`` (:mod:`swaylens.scores.state`), every post of the
        history, whatever the window, as one :class:`~swaylens.scores.state.Kept` whose
        ``ref`` is the sums' (the parts of both states below, and ``rollup``'s):

        * ``posts``: ``post, opp, day, author_pid, posted_at, virtual``, where ``post``
          numbers the posts (each day's new ones after the kept ones, in ``(opp, day)``
          order): the other parts are keyed by it, so that the per-post joins over the
          whole history run on one integer (at 10^8 events, influence's took 4 s less);
        * ``pairs``: one row per post and named responder other than its author,
          ``post, responder, first`` (their first response), fixed once written;
        * ``anonymous``: per post, ``n`` anonymous responses, and ``changed``, the
          ``as_of`` of the update that last added to them;
        * ``sums``: per post, over its pairs, ``log_miss`` (``Σ ln(1 - w)``),
          ``responders`` and ``breadth`` (``Σ log2(3) / log2(2 + R)``), where ``R`` is
          the responder's count of pairs in the look-back before ``first``, and
          ``anonymous``, its anonymous responses (a copy of the count above: the posts
          whose count moved since the sums' watermark are those ``changed`` after it);
          the same state also keeps ``responders``: per responder, ``n`` pairs and, with
          a look-back, ``gone``, those whose first response is a look-back or more before
          the watermark (so ``n - gone`` is the count a new pair's ``R`` adds to, read
          instead of their pairs), and ``rid``, a number given to each responder once.
          ``rollup`` adds its parts to this state: resonance's own with a look-back
          (:meth:`rollup`, the per-author sums of :meth:`per_person`), influence's with
          none.

        The first three are one state for every look-back (``responses``: resonance and
        influence keep them once); ``sums`` is a state per look-back (``response-sums``),
        advanced by the pairs whose first response is after its own watermark, which are
        exactly those added since (a response counts from its post's creation on).  A
        pair's weight depends only on its own past, so one day of events adds rows and
        adds to sums; nothing written before changes.
        """
        shared = json.dumps({"post_kinds": list(self.post_kinds)}, sort_keys=True)
        # Layout 3: posts numbered, and the pairs, sums and anonymous responses keyed by
        # that number (layout 1 keyed them by the post's ``opp, day``); the anonymous
        # responses' ``changed`` (layout 2 had none).
        parts = kept(
            engine, "responses", shared, as_of,
            lambda since, ref: self._advance_responses(engine, as_of, since, shared),
            layout=3,
        ).parts
        keyed: dict[str, Any] = {"post_kinds": list(self.post_kinds),
                                 "lookback": self.window_days}
        if rollup is not None:
            keyed["rollup"] = dict(rollup.params)
        params = json.dumps(keyed, sort_keys=True)
        # Layout 6: keyed by the post's number, the responders' counts (and, with a
        # look-back, those gone from it) and numbers, the anonymous responses' copy and,
        # with a look-back, resonance's per-author rollup (layout 1: keyed by ``opp,
        # day``, no counts; 2: no anonymous responses; 3: no counts with a look-back;
        # 4: no rollup with a look-back; 5: responders not numbered).
        sums = kept(
            engine, "response-sums", params, as_of,
            lambda since, ref: self._advance_sums(
                engine, params, parts, since, as_of, ref, rollup
            ),
            layout=6,
        )
        return Kept({**parts, **sums.parts}, sums.ref)

    def _advance_responses(
        self, engine: Engine, as_of: datetime, since: datetime | None, params: str
    ) -> dict[str, Part]:
        ev = events_since(engine, since, as_of)
        old = prior_parts(engine, "responses", params) if since is not None else None
        # New posts: contents created since the watermark (their wrappers are reshares at
        # the same instant, so among the same new events) and virtual posts of new days.
        after = None if since is None else ibis.literal(utc(since))
        new_posts, loose = self._posts(engine, as_of, ev, after, timed=True)
        is_response = _is_response(ev)
        if old is not None:
            # A virtual post of the watermark's own day may exist already.
            known = old["posts"]
            new_posts = new_posts.anti_join(
                known, [new_posts.opp == known.opp, new_posts.day == known.day]
            )
        # Each post is numbered once, after the kept ones: the pairs, sums and anonymous
        # responses are keyed by that integer, not by (opp, day), and influence's daily
        # per-post joins over every post run on it (at 10^8 events, 33M posts).  Numbered
        # in time order, so that the parts stored in post order keep recent posts
        # together: the young posts' pairs are then read without the older row groups.
        first_no = ibis.literal(0, "int64") if old is None else (
            old["posts"].post.max().fill_null(0) + 1
        ).as_scalar()
        numbered = new_posts.mutate(
            post=(ibis.row_number().over(
                order_by=[new_posts.posted_at, new_posts.opp, new_posts.day]
            ) + first_no).cast("int64")
        )
        new_posts = stage(engine, "new-posts", self, as_of, lambda: numbered)

        # New responses, to any post up to as_of (old or new).
        sums = ev.filter(is_response, ev.target_content.notnull())
        sums = sums.select("target_content", "actor", "ts")
        if since is not None:
            # Responses dated before the watermark to a post created after it (Stack
            # Exchange dates votes by day, so a vote can precede its post by hours).
            # Usually there is none, and looking costs a pass over every event: the
            # posts that have any are found first, reading two columns (at 10^8 events
            # that halves the pass), and the responses are read only if there are some.
            every = events_until(engine, as_of)
            every = every.filter(
                every.ts <= ibis.literal(utc(since)), every.target_content.notnull()
            )
            fresh = new_posts.filter(~new_posts.virtual).select(f_opp=new_posts.opp)
            targets = every.select(e_opp=every.target_content)
            targets = targets.semi_join(fresh, targets.e_opp == fresh.f_opp).distinct()
            targets = stage(engine, f"early-targets since {utc(since).isoformat()}", self,
                            as_of, lambda: targets)
            if engine.collect(targets.limit(1)).num_rows:
                early = every.filter(_is_response(every))
                early = early.semi_join(targets, early.target_content == targets.e_opp)
                sums = sums.union(
                    early.select("target_content", "actor", "ts").cast(sums.schema())
                )
        sums = sums.group_by(["target_content", "actor"]).aggregate(
            n=sums.count(), first=sums.ts.min()
        )
        # The real posts and the virtual ones are each read from the new and the kept
        # posts on their own: one union read twice would be materialised whole first
        # (at 10^8 events, 33M kept posts of six columns: 3.2 s of a day).
        def kept_posts(virtual: bool, *cols: str) -> ibis.Table:
            sources = [new_posts] if old is None else [new_posts, old["posts"]]
            picked = [t.filter(t.virtual == virtual).select(*cols) for t in sources]
            out = picked[0]
            for t in picked[1:]:
                out = out.union(t.cast(out.schema()), distinct=False)
            return out

        on = kept_posts(False, "post", "opp", "author_pid", "posted_at")
        # A response counts from its post's creation on: no pair's first response
        # precedes its post, so every pair added by a later day is dated after the
        # watermark, and the selectivity of earlier pairs never changes.
        on_content = sums.join(on, sums.target_content == on.opp).select(
            "post", "author_pid", "actor", "n",
            first=ibis.greatest(sums.first, on.posted_at),
        )
        # The responses without a content go to their person's virtual post of the day.
        # Joined on one key made of both: ``posts`` is built from ``loose`` itself, and
        # on the unstaged query (outside a snapshot) DuckDB's join ordering then joined on
        # the day alone and filtered the person after it, a product of every post of a
        # day with every response of that day (the Higgs log filled 50 GB of disk).
        def vkey(opp: ibis.Value, day: ibis.Value) -> ibis.Value:
            return opp.cast("string").concat("|", day.cast("string"))

        vp = kept_posts(True, "post", "opp", "day")
        vp = vp.select(v_post=vp.post, v_key=vkey(vp.opp, vp.day))
        loose = loose.mutate(l_key=vkey(loose.opp, loose.day))
        loose = loose.join(vp, loose.l_key == vp.v_key).select(
            post=ibis._.v_post, author_pid=ibis._.author_pid, actor=ibis._.actor,
            n=ibis._.n, first=ibis._.first,
        )
        responses = on_content.union(loose.cast(on_content.schema()), distinct=False)
        responses = attach_person(responses, engine, "actor", "actor_pid")
        responses = responses.mutate(responder=responses.actor_pid.fill_null(responses.actor))
        responses = responses.filter(
            responses.responder.isnull() | (responses.responder != responses.author_pid)
        )
        responses = responses.group_by(["post", "responder"]).aggregate(
            n=responses.n.sum(), first=responses.first.min()
        )
        responses = stage(engine, "new-responses", self, as_of, lambda: responses)
        anonymous = responses.filter(responses.responder.isnull())
        # ``changed``: the update that last added to a post's count, so that the sums of a
        # look-back find the posts whose count moved since their own watermark.
        anonymous = anonymous.group_by("post").aggregate(n=anonymous.n.sum()).mutate(
            changed=ibis.literal(utc(as_of))
        )

        named = responses.filter(responses.responder.notnull())
        if old is not None:
            # A responder's later response to a post they already responded to adds
            # nothing: the pair exists.
            known_pairs = old["pairs"]
            named = named.anti_join(
                known_pairs,
                [named.post == known_pairs.post, named.responder == known_pairs.responder],
            )
        pairs = named.select("post", "responder", "first")
        return {
            "posts": Part(new_posts, keys=("opp", "day"), new_keys=True, order=("post",)),
            "pairs": Part(pairs, keys=("post", "responder"), new_keys=True, order=("post",)),
            "anonymous": Part(anonymous, keys=("post",), sums=("n",), maxes=("changed",)),
        }

    def _advance_sums(
        self, engine: Engine, params: str, state: Mapping[str, ibis.Table],
        since: datetime | None, as_of: datetime, ref: datetime, rollup: Rollup | None,
    ) -> dict[str, Part]:
        """The per-post sums of the pairs added since ``since`` (all when None), from the
        responses ``state`` at ``as_of``: the pairs whose first response is after
        ``since``, each weighed by its responder's ``R`` over the older ones and the new
        ones (:meth:`_selectivity`); and the anonymous responses the posts gained since
        (those ``changed`` after it, less the copy kept here).

        ``R`` counts a responder's earlier pairs in the look-back, so the state also
        keeps per responder their count of pairs and, with a look-back, of those that
        have left it (part ``responders``): a day then reads one row per responder of
        the day and the band of pairs that left the look-back since, instead of every
        pair of theirs (at 10^8 events, with no look-back that lookup scanned 60M pairs
        for 2.7 s; with 365 days, 41M pairs for 3 s).  ``rollup``'s parts are computed from
        the same rows (:class:`SumsUpdate`)."""
        pairs, anon = state["pairs"], state["anonymous"]
        counts = None
        before = None if since is None else prior_parts(engine, "response-sums", params)
        if since is None:
            new, old = pairs, None
            gained = anon.select("post", anonymous=anon.n)
        else:
            assert before is not None
            at = ibis.literal(utc(since))
            new, old = pairs.filter(pairs.first > at), pairs.filter(pairs.first <= at)
            held = before["responders"]
            # With a window, the pairs in (since - window, since]: all of them less those
            # that had left it by then.
            c = held.n if self.window_days is None else held.n - held.gone
            counts = held.select(c_u=held.responder, c=c)
            moved = anon.filter(anon.changed > at)
            was = before["sums"].select(w_post=ibis._.post, w_anon=ibis._.anonymous)
            moved = moved.left_join(was, moved.post == was.w_post)
            gained = moved.select(
                "post", anonymous=moved.n - moved.w_anon.fill_null(0)
            ).filter(ibis._.anonymous != 0)
        new = self._selectivity(new.select("post", "responder", "first"), old,
                                since, as_of, counts=counts)
        r = new.r.cast("float64")
        named = new.group_by("post").aggregate(
            log_miss=(1.0 - math.log(2.0) / (r + 2.0).ln()).ln().sum(),
            responders=new.count(),
            breadth=(math.log(3.0) / (r + 2.0).ln()).sum(),
        )
        f, i = "float64", "int64"
        delta = add_up(
            ("post",),
            {"log_miss": f, "responders": i, "breadth": f, "anonymous": i},
            named, gained,
        )
        if rollup is not None:
            # Read by the sums and by the rollup's parts: staged, built once.
            span = "" if since is None else f" since {utc(since).isoformat()}"
            delta = stage(engine, f"sums-delta{span} {params}", self, as_of, lambda: delta)
        out = {"sums": Part(delta, keys=("post",),
                            sums=("log_miss", "responders", "breadth", "anonymous"),
                            order=("post",))}
        per_responder = new.group_by("responder").aggregate(n=new.count())
        if self.window_days is None:
            rows = per_responder
            counted: tuple[str, ...] = ("n",)
        else:
            # ``gone``: the pairs whose first response is window_days or more before the
            # watermark, which a new pair's ``R`` no longer counts.
            edge = pairs.first <= ibis.literal(window_start(as_of, self.window_days))
            if since is not None:
                edge = edge & (pairs.first > ibis.literal(window_start(since, self.window_days)))
            left = pairs.filter(edge)
            left = left.group_by("responder").aggregate(gone=left.count())
            rows = add_up(("responder",), {"n": "int64", "gone": "int64"},
                          per_responder, left)
            counted = ("n", "gone")
        # Each responder is numbered once, after the kept ones (``rid``, set when it
        # first appears): a rollup keys its rows by that integer (at 10^8, influence's
        # 24M (author, responder) rows join the day's authority on it, not on a string).
        if before is None:
            rows = rows.mutate(rid=ibis.row_number().over(order_by=rows.responder).cast("int64"))
            fresh = rows
        else:
            held = before["responders"]
            hid = held.select(h_u=held.responder, h_rid=held.rid)
            j = rows.left_join(hid, rows.responder == hid.h_u)
            known = j.filter(j.h_u.notnull()).select(*rows.columns, rid=j.h_rid)
            fresh = j.filter(j.h_u.isnull()).select(*rows.columns)
            top = (held.rid.max().fill_null(-1) + 1).as_scalar()
            fresh = fresh.mutate(
                rid=(ibis.row_number().over(order_by=fresh.responder) + top).cast("int64")
            )
            rows = known.union(fresh, distinct=False)
        if rollup is not None:
            # Read by the part and by the rollup: staged, numbered once.
            span = "" if since is None else f" since {utc(since).isoformat()}"
            rows = stage(engine, f"responder-rows{span} {params}", self, as_of,
                         lambda: rows)
        out["responders"] = Part(rows, keys=("responder",), sums=counted)
        if rollup is not None:
            ids = rows.select("responder", "rid")
            if before is not None:
                kept_ids = before["responders"].select("responder", "rid")
                ids = kept_ids.union(
                    ids.anti_join(kept_ids, "responder"), distinct=False
                )
            more = rollup.advance(
                SumsUpdate(engine, since, ref, as_of, state, delta, before, ids)
            )
            clash = set(more) & set(out)
            if clash:
                raise ValueError(f"a rollup's parts {sorted(clash)} clash with the sums'")
            out.update(more)
        return out

    def _selectivity(
        self, named: ibis.Table, old: ibis.Table | None, since: datetime | None,
        as_of: datetime, *, counts: ibis.Table | None = None,
    ) -> ibis.Table:
        """New pairs (``post, responder, first``) with ``r``: the responder's ``R``
        at ``first``, the number of their pairs whose first response lies in
        ``(first - window_days, first]`` (all up to ``first`` with no window), counted over
        the new pairs and the ``old`` ones (whose first responses are all at or before
        ``since``).  Times are compared to the microsecond, so that no pair before the
        watermark ties with one after it.  ``counts`` (``c_u, c``; needed with ``old``):
        the number of ``old`` pairs per responder (with a window, of those after
        ``since - window_days``), kept, so that ``old`` is read only for the band that
        left the window since."""
        epoch = ibis.literal(datetime(1970, 1, 1))

        def micros(ts: ibis.Value) -> ibis.Value:
            return ts.cast("timestamp").delta(epoch, unit="microsecond")

        us = micros(named.first)
        if self.window_days is None:
            frame = ibis.window(group_by=named.responder, order_by=us, range=(None, 0))
        else:
            back = round(self.window_days * 86_400_000_000) - 1
            frame = ibis.window(group_by=named.responder, order_by=us, range=(-back, 0))
        new = named.select("post", "responder", "first", r=named.post.count().over(frame))
        if old is None or since is None:
            return new
        if counts is None:
            raise ValueError("the old pairs' kept counts per responder are needed")
        t = new.left_join(counts, new.responder == counts.c_u)
        t = t.select("post", "responder", "first", r=t.r + t.c.fill_null(0))
        if self.window_days is None:
            return t
        # Old pairs in (first - window, first]: those after since - window (counted),
        # minus those in (since - window, first - window], a band as wide as the time
        # advanced.
        touched = new.select(u=new.responder).distinct()
        mine = old.semi_join(touched, old.responder == touched.u)
        lo = ibis.literal(window_start(since, self.window_days))
        band = mine.filter(
            mine.first > lo, mine.first <= ibis.literal(window_start(as_of, self.window_days))
        )
        band = band.select(b_u=band.responder, b_us=micros(band.first))
        back = round(self.window_days * 86_400_000_000)
        # Counted apart and joined back one to one: Ibis may inline the window count
        # above into the query of a join that repeats its rows.
        keys = named.select(k_post=named.post, k_u=named.responder, k_us=micros(named.first))
        out = keys.join(band, keys.k_u == band.b_u)
        out = out.filter(out.b_us <= out.k_us - back)
        out = out.group_by(["k_post", "k_u"]).aggregate(n_out=out.count())
        j = t.left_join(out, [t.post == out.k_post, t.responder == out.k_u])
        return j.select("post", "responder", "first", r=j.r - j.n_out.fill_null(0))

    def _per_post_kept(
        self, engine: Engine, as_of: datetime, responder_values: ibis.Table | None,
        rollup: Rollup | None = None,
    ) -> ibis.Table:
        """:meth:`per_post` with ``selectivity="response"``, from the kept state
        (:meth:`responses_state`): the window's posts with their sums."""
        st = self.responses_state(engine, as_of, rollup or self.rollup()).parts
        posts = st["posts"]
        if self.window_days is not None:
            posts = posts.filter(
                posts.posted_at > ibis.literal(window_start(as_of, self.window_days))
            )
        return self.post_values(posts, st, responder_values)

    def post_values(
        self, posts: ibis.Table, st: Mapping[str, ibis.Table],
        responder_values: ibis.Table | None = None, *, few: bool = False,
    ) -> ibis.Table:
        """The rows of :meth:`per_post` for ``posts`` (rows of the kept ``posts``), from
        the kept state ``st`` (:meth:`responses_state`).  ``few``: ``posts`` is a small
        part of them, so only their pairs are looked up for ``responder_values``."""
        sums = st["sums"]
        sums = sums.select(s_post=sums.post, log_miss=sums.log_miss,
                           responders=sums.responders, breadth=sums.breadth,
                           anonymous=sums.anonymous)
        p = posts.left_join(sums, posts.post == sums.s_post)
        n_anon = p.anonymous.fill_null(0)
        success = post_success(p.log_miss.fill_null(0.0), n_anon, self.anonymous_weight)
        breadth = post_breadth(p.breadth.fill_null(0.0), n_anon)
        if responder_values is not None:
            pairs = st["pairs"]
            if few:
                pairs = pairs.semi_join(posts, "post")
            v = pairs.join(responder_values, pairs.responder == responder_values.v_pid)
            x = v.v.cast("float64")
            v = v.group_by(v_post=v.post).aggregate(value=x.sum(), value_sq=(x * x).sum())
            p = p.left_join(v, p.post == v.v_post)
            value, value_sq = p.value.fill_null(0.0), p.value_sq.fill_null(0.0)
        else:
            value = value_sq = ibis.literal(0.0)
        return p.select(
            "opp", "day", "author_pid", "posted_at", "virtual",
            success=success,
            responders=p.responders.fill_null(0),
            anonymous=n_anon,
            breadth=breadth,
            responder_value=value,
            responder_sq=value_sq,
        )

    def rollup(self) -> Rollup | None:
        """The per-author sums resonance keeps with its per-post sums, for a look-back
        (:meth:`_advance_rollup`); None without one (influence keeps its own)."""
        if self.window_days is None:
            return None
        return Rollup(params={"per_author": 1, "anonymous_weight": self.anonymous_weight},
                      advance=self._advance_rollup)

    def _advance_rollup(self, u: SumsUpdate) -> dict[str, Part]:
        """The new rows of :meth:`per_person`'s sums, kept per author over the posts of
        the look-back (part ``authors``: ``posts, virtual_posts, successes, squares,
        responders, anonymous``), from an update of the per-post sums ``u``: a post adds
        its values while it is in the look-back and takes them off when it leaves; a
        post whose sums moved adds its new values less its old ones."""
        assert self.window_days is not None
        f, i = "float64", "int64"
        edge = ibis.literal(window_start(u.as_of, self.window_days))
        before = None if u.since is None else ibis.literal(
            window_start(u.since, self.window_days)
        )

        def leaving(posts: ibis.Table) -> ibis.Value:
            assert before is not None
            return (posts.posted_at > before) & (posts.posted_at <= edge)

        m = moved_posts(u, leaving, self.anonymous_weight)
        in_n = (m.posted_at > edge).cast(i)
        in_o = ibis.literal(0, i) if before is None else (
            (~m.fresh & (m.posted_at > before)).cast(i)
        )
        virtual = m.virtual.cast(i)
        authors = m.group_by("author_pid").aggregate(
            posts=(in_n - in_o).sum().cast(f"!{i}"),
            virtual_posts=((in_n - in_o) * virtual).sum().cast(f"!{i}"),
            successes=(in_n.cast(f) * m.s_n - in_o.cast(f) * m.s_o).sum().cast(f),
            squares=(in_n.cast(f) * m.s_n * m.s_n - in_o.cast(f) * m.s_o * m.s_o)
            .sum().cast(f),
            responders=(in_n * m.k_n - in_o * m.k_o).sum().cast(f"!{i}"),
            anonymous=(in_n * m.a_n - in_o * m.a_o).sum().cast(f"!{i}"),
        )
        return {
            "authors": Part(authors, keys=("author_pid",),
                            sums=("posts", "virtual_posts", "successes", "squares",
                                  "responders", "anonymous")),
            "seen": seen_part(u),
        }

    def per_person(
        self, engine: Engine, as_of: datetime, *, kept_sums: bool = True
    ) -> ibis.Table:
        """Per person: ``author_pid, posts, virtual_posts, successes, squares (sum of
        squared successes), responders, anonymous``.  With ``selectivity="response"``
        and a look-back they come from the kept rollup (:meth:`_advance_rollup`);
        ``kept_sums=False`` sums every post's row instead, the same numbers."""
        rollup = self.rollup()
        if self.selectivity == "response" and rollup is not None and kept_sums:
            a = self.responses_state(engine, as_of, rollup).parts["authors"]
            return a.filter(a.posts > 0).select(
                "author_pid", "posts", "virtual_posts", "successes", "squares",
                "responders", "anonymous",
            )
        p = self.per_post(engine, as_of)
        return p.group_by("author_pid").aggregate(
            posts=p.count(),
            virtual_posts=p.virtual.cast("int64").sum(),
            successes=p.success.sum(),
            squares=(p.success * p.success).sum(),
            responders=p.responders.sum(),
            anonymous=p.anonymous.sum(),
        )

    def prior(self, per: ibis.Table, squares: ibis.Table | None = None) -> ibis.Table:
        """One row: ``alpha, beta``, by the method of moments over ``per`` (see module):
        per person ``posts``, ``successes`` and ``squares`` (the sum of their posts'
        squared successes); ``squares``, if given, is instead one row whose ``w`` is that
        sum over every post."""
        f = "float64"
        w = {} if squares is not None else {"w": per.squares.sum()}
        agg = per.aggregate(
            n_persons=per.count().cast(f),
            n_posts=per.posts.sum().cast(f),
            n2=(per.posts * per.posts).sum().cast(f),
            k=per.successes.sum(),
            q=(per.successes * per.successes / per.posts.cast(f)).sum(),
            **w,
        )
        if squares is not None:
            agg = agg.cross_join(squares.select("w"))
        m = ibis.greatest(ibis.least(agg.k / agg.n_posts.nullif(0.0), 1.0 - 1e-6), 1e-6)
        if self.prior_strength is not None:
            strength: ibis.Value = ibis.literal(self.prior_strength)
        else:
            within = (agg.w - agg.q) / (agg.n_posts - agg.n_persons).nullif(0.0)
            between = agg.q - agg.k * agg.k / agg.n_posts.nullif(0.0)
            tau2 = (between - (agg.n_persons - 1.0) * within) / (
                agg.n_posts - agg.n2 / agg.n_posts.nullif(0.0)
            ).nullif(0.0)
            raw = ibis.ifelse(
                tau2 > 0, within / tau2.nullif(0.0), ibis.literal(self.max_strength)
            )
            raw = ibis.ifelse(
                (agg.n_persons >= 2) & within.notnull() & tau2.notnull(),
                raw,
                ibis.null().cast(f),
            )
            strength = ibis.greatest(
                ibis.least(raw, self.max_strength), self.min_strength
            ).fill_null(2.0)
        return agg.select(alpha=m * strength, beta=(1.0 - m) * strength)

    def compute(self, engine: Engine, as_of: datetime) -> ibis.Table:
        # Read twice (the prior is estimated over it): staged, it is built once.
        per = stage(engine, "per-person", self, as_of, lambda: self.per_person(engine, as_of))
        t = per.cross_join(self.prior(per))
        n = t.posts.cast("float64")
        a = t.alpha + t.successes
        b = t.beta + n - t.successes
        mean = a / (a + b)
        sd = (a * b / ((a + b) * (a + b) * (a + b + 1.0))).sqrt()
        z = NormalDist().inv_cdf(0.5 + self.interval / 2.0)
        t = t.mutate(person_id=t.author_pid)
        return self._result(
            t,
            value=mean,
            low=ibis.greatest(mean - z * sd, 0.0),
            high=ibis.least(mean + z * sd, 1.0),
            components={
                "posts": t.posts,
                "virtual_posts": t.virtual_posts,
                "successes": t.successes,
                "raw_rate": t.successes / n,
                "responders": t.responders,
                "anonymous": t.anonymous,
                "alpha": t.alpha,
                "beta": t.beta,
            },
        )
