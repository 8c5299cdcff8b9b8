"""Influence (potential): how others respond to a person, per opportunity.

What it measures
----------------
A person's *potential* to move others, from how others have responded to each of their
posts, over their whole history with a slow decay.  It combines four pieces of evidence,
each also a score of its own, three of them measured here **per opportunity** (per post)
on the same long horizon:

* **rate** (resonance): the shrunken probability that one of the person's posts draws a
  response from someone else (unique responders, reactor selectivity, beta-binomial
  shrinkage; see :mod:`swaylens.scores.resonance`);
* **breadth** (reach, per post): how many people respond to one post, each responder
  weighted by their selectivity, ``log2(3) / log2(2 + R)`` for someone who had responded
  to ``R`` posts when they responded (1 for a first response, 0.2 for someone who
  responds to everything); an anonymous response (a Stack Exchange vote) counts as
  ``R = 2``;
* **authority** (per post): who responds: the summed authority ``N · PageRank`` of a post's
  named responders (:mod:`swaylens.scores.authority`, its defaults; 1 is the average
  person), so a response from someone others respond to weighs more;
* **expertise**: the person's best topic expertise (:mod:`swaylens.scores.expertise`, its
  defaults): peer recognition per content in a topic, times ``ln(1 + n)``, with a young
  content's recognition *above* the topic's mean counted in proportion to its maturity
  (see below).

What it does not measure
------------------------
Volume.  A person who posts a lot but whom nobody answers, likes or reshares has every
per-post piece near 0 and near-zero expertise: influence near 0, however high their
activity.  The only volume in it is expertise's ``ln(1 + n)`` and the confidence that more
posts give (less shrinkage).  A person with no posts has had no opportunity and has
influence 0.  Influence is a *potential*, from past responses; measured influence, who
actually moved whom in cascades, is a different question.

It does not fall because someone went quiet.  The per-post pieces are ratios: a silent
month removes opportunities and responses together.  As evidence ages (half-life
``half_life_days``, default 180) it weighs less, so the per-post pieces drift toward the
population's typical values and the interval widens.  A post younger than
``maturity_days`` (default 60) counts as the fraction ``age / maturity_days`` of an
opportunity, its responses weighted alike: a post from last week has not had its chance
to draw responses yet (a sixth of Cardano's responses arrive after a month), and three
weeks of new posts, or of none, move influence only a little.

Expertise keeps its volume (``ln(1 + n)`` counts young contents fully: on a young community
recent volume is much of what predicts future recognition), but a young content's early
success is not taken at face value: in the expertise piece, the recognition ``r(c)`` of a
content of the best topic younger than ``maturity_days`` counts as
``r(c) - (1 - age(c) / maturity_days) · max(0, r(c) - mu_T)`` (``mu_T``: the topic's mean
per content), so a burst of recognition on last week's posts raises influence only a
little, and losing those posts lowers it only a little.  Recognition below the mean is
kept as it is: a young content that has drawn little yet dilutes the rate while it adds
to the volume, and the two roughly cancel when the content goes.

Formula
-------
For person ``p`` at ``as_of``, each post ``c`` of ``p`` (resonance's posts, no window) has
the weight ``w(c) = 2^(-age(c) / half_life) · min(1, age(c) / maturity_days)``, its success
``s(c)`` (resonance's noisy-OR), its breadth ``b(c)`` and its responders' authority
``a(c)``::

    n_w      = Σ w(c)
    rate     = (α + Σ w s) / (α + β + n_w)          α, β: resonance's prior over all posts
    breadth  = (Σ w b + k · mean b) / (n_w + k)     k = prior_posts (5): shrunk toward the
    auth     = (Σ w a + k · mean a) / (n_w + k)     mean over every post
    exp      = expertise(p) - ln(1 + n) / (n + m) · Σ_young (1 - age/M) · max(0, r - mu_T)
                                                    best topic T (0 if none): n, m, mu_T
                                                    expertise's; young: p's contents in T
                                                    younger than M = maturity_days

Each piece ``x`` is divided by a population scale ``s``: the prior mean ``α / (α + β)`` for
the rate, the mean per post for breadth and authority, the mean over persons with
expertise for expertise.  Then, with weights ``ω`` summing to 1::

    influence = exp( Σ_i ω_i · ln(1 + x_i / s_i) ) - 1

a weighted geometric mean of ``1 + x / s``, minus 1: 0 for a person nobody responded to,
about 1 for someone typical on every piece.  Each piece enters with a power below 1, so
no single piece can carry a person to the top alone.

The interval ``[low, high]`` puts each piece's own interval through the same formula: the
rate's Beta(α + Σ w s, β + n_w - Σ w s) central interval, ``breadth ± z·sqrt(var b /
(n_w + k))`` and the same for authority (``var``: the variance per post), and expertise's
interval (moved by the same young-content discount, clipped at 0).  It is conservative
(every piece at its bound at once), and it widens when a person is silent, because
``n_w`` decays.  Authority's variance per post takes the squares of a post's responders'
authority exactly and each product of two of them as two independent draws of the mean
per response ``x̄``: ``E[a²] = (Σ_v n_v x_v² + x̄² Σ_c K_c (K_c - 1)) / N`` (``n_v``
responses of ``v``, ``K_c`` named responders of ``c``, ``N`` posts), so that no day
needs every post's responders with the day's PageRank.

Kept sums
---------
A post older than ``maturity_days`` weighs ``2^(-age / half_life)``: its weight at the
state's reference date times one factor for everyone.  So the sums of the mature posts
are kept per author (and, for the authority piece, per author and responder), advanced
each day by the posts whose responses moved, the posts that matured and the new pairs
(:meth:`Influence._advance_rollup`), and only the young posts are read at ``as_of``.

Defaults
--------
``half_life_days = 180``, ``maturity_days = 60``, ``prior_posts = 5``, weights
(:data:`DEFAULT_WEIGHTS`) 0.25 each for ``rate``, ``breadth``, ``authority``,
``expertise``; ``interval = 0.9``; ``selectivity = "response"`` (each response weighed by
its responder's selectivity when they responded, over their whole history before it;
``"as_of"``: counted at ``as_of``; see resonance).  The rate
uses resonance's defaults (``anonymous_weight = 0.5``, post kinds) with no window;
authority and expertise use their own score's defaults, so that a snapshot computes them
once for both.  The persons scored are everyone who acted or was acted upon up to
``as_of``.

Components: ``posts`` (undecayed), ``posts_w`` (``n_w``), ``responses_w`` (``Σ w s``),
``rate``, ``breadth``, ``authority``, ``expertise``, ``topic`` (the best expertise topic),
and the four factors ``f_rate``, ``f_breadth``, ``f_authority``, ``f_expertise`` (each
``ω · ln(1 + x / s)``: how much that piece adds to ``ln(1 + influence)``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from statistics import NormalDist
from types import MappingProxyType
from typing import ClassVar

import ibis

from swaylens.scores.authority import Authority
from swaylens.scores.base import (
    Score,
    ScoreError,
    computed,
    decay,
    maturity,
    seen_persons,
    stage,
    window_start,
)
from swaylens.scores.expertise import Expertise
from swaylens.scores.resonance import (
    SELECTIVITY,
    Resonance,
    Rollup,
    SumsUpdate,
    moved_posts,
    post_breadth,
    post_success,
    seen_part,
)
from swaylens.scores.state import Part, grow, shrink
from swaylens.warehouse.engines import Engine

#: The pieces influence combines, with their default weights.
DEFAULT_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {"rate": 0.25, "breadth": 0.25, "authority": 0.25, "expertise": 0.25}
)


class Influence(Score):
    """Potential influence: response rate, breadth and authority per post, and expertise.

    Parameters
    ----------
    half_life_days:
        Evidence (posts and engagements) loses half its weight every ``half_life_days``
        (default 180).
    maturity_days:
        A post counts as a full opportunity once it is this old (default 60); younger
        posts count in proportion to their age, and a younger content's recognition above
        its topic's mean counts in proportion to its age in the expertise piece.
    prior_posts:
        Posts of prior that breadth and authority per post are shrunk with (default 5).
    weights:
        Weight of each piece (``rate``, ``breadth``, ``authority``, ``expertise``; default
        0.25 each).  They must be >= 0 and are normalised to sum to 1.
    interval:
        Probability mass of the pieces' intervals (default 0.9).
    selectivity:
        When a responder's selectivity is counted, for the rate and breadth:
        ``"response"`` (default) or ``"as_of"``
        (:class:`~swaylens.scores.resonance.Resonance`'s).
    """

    name: ClassVar[str] = "influence"

    def __init__(
        self,
        half_life_days: float = 180.0,
        maturity_days: float = 60.0,
        prior_posts: float = 5.0,
        weights: Mapping[str, float] | None = None,
        interval: float = 0.9,
        selectivity: str = "response",
    ) -> None:
        if not half_life_days > 0:
            raise ScoreError(f"half_life_days must be > 0, got {half_life_days}")
        if not maturity_days >= 0:
            raise ScoreError(f"maturity_days must be >= 0, got {maturity_days}")
        if not 0 < interval < 1:
            raise ScoreError(f"interval must be in (0, 1), got {interval}")
        if selectivity not in SELECTIVITY:
            raise ScoreError(
                f"selectivity must be one of {', '.join(SELECTIVITY)}, got {selectivity!r}"
            )
        if not prior_posts > 0:
            raise ScoreError(f"prior_posts must be > 0, got {prior_posts}")
        w = dict(DEFAULT_WEIGHTS if weights is None else weights)
        unknown = sorted(set(w) - set(DEFAULT_WEIGHTS))
        if unknown:
            raise ScoreError(
                f"unknown influence pieces {unknown}; known: {', '.join(DEFAULT_WEIGHTS)}"
            )
        if any(not v >= 0 for v in w.values()) or not sum(w.values()) > 0:
            raise ScoreError("influence weights must be >= 0 and not all 0")
        total = sum(w.values())
        self.half_life_days = float(half_life_days)
        self.maturity_days = float(maturity_days)
        self.prior_posts = float(prior_posts)
        self.weights = {k: float(w.get(k, 0.0)) / total for k in DEFAULT_WEIGHTS}
        self.interval = float(interval)
        self.selectivity = selectivity

    # -- pieces ---------------------------------------------------------------------------
    def responder_authority(self, engine: Engine, as_of: datetime) -> ibis.Table:
        """Per person: ``v_pid, v = N · PageRank`` (1 is the average person)."""
        auth = computed(engine, Authority(), as_of)
        n = auth.aggregate(n=auth.count().cast("float64"))
        a = auth.cross_join(n)
        return a.select(v_pid=a.person_id, v=a.value * a.n)

    def _resonance(self) -> Resonance:
        """Resonance as influence reads it: no window, the same selectivity."""
        return Resonance(window_days=None, selectivity=self.selectivity)

    def rollup(self) -> Rollup:
        """The per-author sums influence keeps with resonance's per-post sums
        (:meth:`_advance_rollup`): they depend on the decay, the maturity and the weight
        of an anonymous response."""
        return Rollup(
            params={"half_life_days": self.half_life_days,
                    "maturity_days": self.maturity_days,
                    "anonymous_weight": self._resonance().anonymous_weight,
                    "layout": 2},
            advance=self._advance_rollup,
        )

    def per_post(self, engine: Engine, as_of: datetime) -> ibis.Table:
        """Resonance's posts with no window (:meth:`Resonance.per_post`, ``responder_value``
        the responders' summed authority), each with its weight ``w`` (decay x maturity)."""
        rollup = self.rollup() if self.selectivity == "response" else None
        p = self._resonance().per_post(
            engine, as_of, self.responder_authority(engine, as_of), rollup
        )
        return p.mutate(
            w=decay(p.posted_at, as_of, self.half_life_days)
            * maturity(p.posted_at, as_of, self.maturity_days)
        )

    def _advance_rollup(self, u: SumsUpdate) -> dict[str, Part]:
        """The new rows of the per-author sums kept with the per-post sums of no look-back
        (:class:`~swaylens.scores.resonance.Rollup`), from what an update of those sums
        adds (``u``).  A post is *mature* once it is ``maturity_days`` old: its weight is
        then its decay alone, ``2^((posted - ref) / h)`` at ``ref`` times
        ``2^((ref - as_of) / h)``, so its share of the weighted sums is kept and only the
        young posts are read at ``as_of``.  Parts:

        * ``authors`` (per author person): ``posts``, ``successes`` (``Σ s``, every post),
          and over the mature posts ``d_m = Σ g``, ``s_m = Σ g s``, ``b_m = Σ g b``
          (``g``: the decay at ``ref``; ``s`` and ``b``: resonance's success and breadth);
        * ``reached`` (per author and named responder, by the responder's number ``rid``):
          ``w_m``, ``Σ g`` over the mature posts of the author the responder responded
          to, so that the authority piece is one product with the day's authority per
          responder, not a sum per post;
        * ``seen`` (one row): ``last``, the highest post number counted.

        A day's rows: a post whose sums moved adds its new ``s`` and ``b`` less its old
        ones (the sums as they were); a post that matured adds itself to the mature
        sums; a new pair of a mature post, and every pair of a post that matured, adds
        to ``reached``; a new post adds to ``posts``.
        """
        f, i = "float64", "int64"
        h = self.half_life_days
        posts, pairs = u.state["posts"], u.state["pairs"]
        ripe = ibis.literal(window_start(u.as_of, self.maturity_days))
        was_ripe = None if u.since is None else ibis.literal(
            window_start(u.since, self.maturity_days)
        )

        def ripening(t: ibis.Table) -> ibis.Value:
            assert was_ripe is not None
            return (t.posted_at > was_ripe) & (t.posted_at <= ripe)

        m = moved_posts(u, ripening, self._resonance().anonymous_weight)
        if u.since is not None:
            # A day's few rows, read by both parts: staged, their size is known to the
            # joins below (which then hash them, not the pairs or the posts).
            m = stage(u.engine, f"moved posts since {u.since.isoformat()}", self, u.as_of,
                      lambda: m)
        g = grow(m.posted_at, u.ref, h)
        mature_n = m.posted_at <= ripe
        mature_o = ibis.literal(False) if was_ripe is None else (
            ~m.fresh & (m.posted_at <= was_ripe)
        )
        g_n = ibis.ifelse(mature_n, g, 0.0)
        g_o = ibis.ifelse(mature_o, g, 0.0)
        authors = m.group_by("author_pid").aggregate(
            posts=m.fresh.cast(i).sum().cast(f"!{i}"),
            successes=(m.s_n - m.s_o).sum().cast(f),
            d_m=(g_n - g_o).sum().cast(f), s_m=(g_n * m.s_n - g_o * m.s_o).sum().cast(f),
            b_m=(g_n * m.b_n - g_o * m.b_o).sum().cast(f),
        )
        # Pairs that now count in ``reached``: every pair of a post that matured (every
        # mature post's on a build), and the new pairs (first response after the
        # watermark) of a post mature before.  Joined first, weighed after.
        ripened = m.filter(mature_n & ~mature_o).select("post", "author_pid", "posted_at")
        reached = pairs.select("post", "responder").join(ripened, "post")
        if u.since is not None and was_ripe is not None:
            last = u.before["seen"].last.max().as_scalar() if u.before else None
            new = pairs.filter(pairs.first > ibis.literal(u.since)).select("post", "responder")
            # Staged, its size is known: the join then hashes the day's pairs, not the
            # 28M held posts (at 10^8, 4.4 s of a day).
            new = stage(u.engine, f"new-pairs since {u.since.isoformat()}", self, u.as_of,
                        lambda: new)
            r2 = new.join(posts.select("post", "author_pid", "posted_at"), "post")
            r2 = r2.filter(r2.post <= last, r2.posted_at <= was_ripe)
            reached = reached.union(r2, distinct=False)
        ids = u.responders
        reached = reached.join(ids, "responder")
        reached = reached.group_by(["author_pid", "rid"]).aggregate(
            w_m=grow(reached.posted_at, u.ref, h).sum().cast(f)
        )
        return {
            "authors": Part(authors, keys=("author_pid",),
                            sums=("posts", "successes", "d_m", "s_m", "b_m")),
            "reached": Part(reached, keys=("author_pid", "rid"), sums=("w_m",)),
            "seen": seen_part(u),
        }

    def _kept_sums(self, engine: Engine, as_of: datetime) -> tuple[ibis.Table, ibis.Table]:
        """:meth:`_post_sums` from the kept rollup (``selectivity="response"``): the
        mature posts' share from ``authors`` and ``reached`` decayed to ``as_of``, the
        young posts' read from their rows."""
        f = "float64"
        res = self._resonance()
        state = res.responses_state(engine, as_of, self.rollup())
        st = state.parts
        factor = shrink(state.ref, as_of, self.half_life_days)
        values = self.responder_authority(engine, as_of)
        posts = st["posts"]
        young = posts.filter(
            posts.posted_at > ibis.literal(window_start(as_of, self.maturity_days))
        )
        y = res.post_values(young, st, values, few=True)
        y = y.mutate(w=decay(y.posted_at, as_of, self.half_life_days)
                     * maturity(y.posted_at, as_of, self.maturity_days))
        y = y.group_by(y_pid=y.author_pid).aggregate(
            y_w=y.w.sum(), y_s=(y.w * y.success).sum(), y_b=(y.w * y.breadth).sum(),
            y_a=(y.w * y.responder_value).sum(),
        )
        # The day's authority per responder (with their number and count of pairs): read
        # by the authority piece (one join on the integer) and the population's sums.
        rv = st["responders"].join(values, st["responders"].responder == values.v_pid)
        numbered = rv.select("rid", "v")
        r = st["reached"]
        r = r.join(numbered, "rid")
        r = r.group_by(r_pid=r.author_pid).aggregate(a_m=(r.w_m * r.v.cast(f)).sum())
        a = st["authors"]
        t = a.left_join(y, a.author_pid == y.y_pid).left_join(r, a.author_pid == r.r_pid)
        per = t.select(
            "author_pid", "posts", "successes",
            posts_w=factor * t.d_m + t.y_w.fill_null(0.0),
            responses_w=factor * t.s_m + t.y_s.fill_null(0.0),
            breadth_w=factor * t.b_m + t.y_b.fill_null(0.0),
            authority_w=factor * t.a_m.fill_null(0.0) + t.y_a.fill_null(0.0),
        )
        # The population's sums over every post: posts with no sums row have s = b = 0.
        s = st["sums"]
        succ = post_success(s.log_miss, s.anonymous, res.anonymous_weight)
        b = post_breadth(s.breadth, s.anonymous)
        k = s.responders.cast(f)
        # (A sum over no rows is null: the population of a warehouse with no responses.)
        pop = s.aggregate(sq=(succ * succ).sum().fill_null(0.0), b0=b.sum().fill_null(0.0),
                          bq=(b * b).sum().fill_null(0.0),
                          kk=(k * (k - 1.0)).sum().fill_null(0.0))
        x = rv.v.cast(f)
        c = rv.aggregate(a0=(rv.n.cast(f) * x).sum().fill_null(0.0),
                         x2=(rv.n.cast(f) * x * x).sum().fill_null(0.0))
        named = st["responders"].aggregate(
            kn=st["responders"].n.sum().cast(f).fill_null(0.0)
        )
        return per, pop.cross_join(c).cross_join(named)

    def _post_sums(self, engine: Engine, as_of: datetime) -> tuple[ibis.Table, ibis.Table]:
        """Per author (``author_pid, posts, successes, posts_w, responses_w, breadth_w,
        authority_w``) and over every post (one row: ``sq = Σ s²``, ``b0 = Σ b``,
        ``bq = Σ b²``, ``kk = Σ K (K - 1)`` over the named responders ``K`` of each post,
        ``a0`` and ``x2``, the sums of ``N · PageRank`` and its square over every named
        response, and ``kn = Σ K``), read from every post's row (:meth:`per_post`)."""
        f = "float64"
        p = self.per_post(engine, as_of)
        per = p.group_by("author_pid").aggregate(
            posts=p.count(),
            successes=p.success.sum(),
            posts_w=p.w.sum(),
            responses_w=(p.w * p.success).sum(),
            breadth_w=(p.w * p.breadth).sum(),
            authority_w=(p.w * p.responder_value).sum(),
        )
        k = p.responders.cast(f)
        pop = p.aggregate(
            sq=(p.success * p.success).sum(), b0=p.breadth.sum(),
            bq=(p.breadth * p.breadth).sum(), kk=(k * (k - 1.0)).sum(),
            a0=p.responder_value.sum(), x2=p.responder_sq.sum(), kn=k.sum(),
        )
        return per, pop

    def per_opportunity(
        self, engine: Engine, as_of: datetime, *, kept_sums: bool = True
    ) -> ibis.Table:
        """Per person with posts: the three per-opportunity pieces and their intervals
        (``rate``, ``breadth``, ``authority`` with ``_low``/``_high``), ``posts``,
        ``posts_w``, and the population scales ``s_rate``, ``s_breadth``, ``s_authority``.

        With ``selectivity="response"`` the sums come from the kept rollup
        (:meth:`_advance_rollup`); ``kept_sums=False`` reads every post instead, the
        same numbers (a test compares them)."""
        f = "float64"
        if self.selectivity == "response" and kept_sums:
            per_x, pop_x = self._kept_sums(engine, as_of)
        else:
            per_x, pop_x = self._post_sums(engine, as_of)
        # Read twice (per person and for the population): staged, each is built once.
        per = stage(engine, "per-person", self, as_of, lambda: per_x)
        popx = stage(engine, "population", self, as_of, lambda: pop_x)
        n0 = per.aggregate(n0=per.posts.sum().cast(f))
        pop = popx.cross_join(n0)
        n = pop.n0.nullif(0.0)
        mu_b, mu_a = pop.b0 / n, pop.a0 / n
        # E[a(c)^2]: the squares of the responses' authority are summed exactly; the
        # products of two responders of one post are taken as independent draws,
        # x̄² each (x̄ = a0 / kn): exact sums of those products would need every post's
        # responders each day, the per-post join the kept sums avoid.
        xbar = pop.a0 / pop.kn.nullif(0.0)
        aq = pop.x2 + (xbar * xbar).fill_null(0.0) * pop.kk
        pop = pop.select(
            "sq",
            mu_b=mu_b, var_b=pop.bq / n - mu_b * mu_b,
            mu_a=mu_a, var_a=aq / n - mu_a * mu_a,
        )
        res = self._resonance()
        prior = res.prior(per, pop.select(w=pop.sq))
        t = per.cross_join(prior).cross_join(pop)
        z = NormalDist().inv_cdf(0.5 + self.interval / 2.0)
        k = self.prior_posts
        # Rate: the Beta posterior of resonance, with weighted counts.
        a = t.alpha + t.responses_w
        b = t.beta + t.posts_w - t.responses_w
        rate = a / (a + b)
        rate_sd = (a * b / ((a + b) * (a + b) * (a + b + 1.0))).sqrt()
        # Breadth and authority per post: gamma-Poisson style means shrunk toward the
        # population's, with k posts of prior.
        nk = t.posts_w + k
        breadth = (t.breadth_w + k * t.mu_b) / nk
        breadth_sd = (ibis.greatest(t.var_b, 0.0) / nk).sqrt()
        auth = (t.authority_w + k * t.mu_a) / nk
        auth_sd = (ibis.greatest(t.var_a, 0.0) / nk).sqrt()
        return t.select(
            o_pid=t.author_pid,
            posts=t.posts,
            posts_w=t.posts_w,
            responses_w=t.responses_w,
            rate=rate,
            rate_low=ibis.greatest(rate - z * rate_sd, 0.0),
            rate_high=ibis.least(rate + z * rate_sd, 1.0),
            breadth=breadth,
            breadth_low=ibis.greatest(breadth - z * breadth_sd, 0.0),
            breadth_high=breadth + z * breadth_sd,
            authority=auth,
            authority_low=ibis.greatest(auth - z * auth_sd, 0.0),
            authority_high=auth + z * auth_sd,
            s_rate=t.alpha / (t.alpha + t.beta),
            s_breadth=t.mu_b,
            s_authority=t.mu_a,
        )

    def young_excess(self, engine: Engine, as_of: datetime, best: ibis.Table) -> ibis.Table:
        """Per person: ``y_pid, excess = Σ (1 - age / maturity_days) · max(0, r - mu_T)`` over
        their contents younger than ``maturity_days`` in their best expertise topic.

        ``best``: ``b_pid, b_topic, b_mu`` (the topic's mean recognition per content).  The
        contents, their recognition and their topics are expertise's
        (:meth:`Expertise.recognition` with ``maturity_days``, whose maturity ``m`` is
        ``age / maturity_days`` for a young content), on the slice of young contents:
        expertise itself is not computed again.  Their topics are read from expertise's
        kept state (:meth:`Expertise.content_topics`; its key does not depend on the
        maturity, so it is the state the expertise score keeps).
        """
        ex = Expertise(maturity_days=self.maturity_days)
        young = window_start(as_of, self.maturity_days)
        rec = ex.recognition(engine, as_of, since=young)
        y = ex.content_topics(engine, as_of, rec, since=young)
        y = y.join(best, [y.author_pid == best.b_pid, y.topic == best.b_topic])
        over = ibis.greatest(y.r - y.b_mu, 0.0)
        return y.group_by(y_pid=y.author_pid).aggregate(excess=((1.0 - y.m) * over).sum())

    def expertise_piece(self, engine: Engine, as_of: datetime) -> ibis.Table:
        """Per person with expertise: ``e_pid, expertise, expertise_low, expertise_high,
        topic``: the best topic's expertise, young contents' excess recognition
        discounted (module docstring)."""
        exp = computed(engine, Expertise(), as_of)
        topic = exp.components["topic"].cast("string")
        if self.maturity_days <= 0:
            t, d = exp, ibis.literal(0.0)
        else:
            best = exp.select(
                b_pid=exp.person_id, b_topic=topic,
                b_mu=exp.components["topic_mean"].cast("float64"),
            )
            y = self.young_excess(engine, as_of, best)
            t = exp.left_join(y, exp.person_id == y.y_pid)
            m = Expertise().prior_strength
            n = t.components["topic_n_w"].cast("float64")
            d = (t.excess.fill_null(0.0) / (n + m) * (n + 1.0).ln()).fill_null(0.0)
        return t.select(
            e_pid=t.person_id,
            expertise=ibis.greatest(t.value - d, 0.0),
            expertise_low=ibis.greatest(t.low - d, 0.0),
            expertise_high=ibis.greatest(t.high - d, 0.0),
            topic=t.components["topic"].cast("string"),
        )

    # -- combination ----------------------------------------------------------------------
    def compute(self, engine: Engine, as_of: datetime) -> ibis.Table:
        opp = self.per_opportunity(engine, as_of)
        scales = opp.aggregate(
            s_rate=opp.s_rate.max(),
            s_breadth=opp.s_breadth.max(),
            s_authority=opp.s_authority.max(),
        )
        opp = opp.drop("s_rate", "s_breadth", "s_authority")
        exp = self.expertise_piece(engine, as_of)
        s_exp = exp.aggregate(s_expertise=exp.expertise.mean(where=exp.expertise > 0))
        people = seen_persons(engine, as_of)
        t = people.left_join(opp, people.person_id == opp.o_pid)
        t = t.left_join(exp, t.person_id == exp.e_pid)
        t = t.cross_join(scales).cross_join(s_exp)
        zero = ibis.literal(0.0)
        om = self.weights

        def piece(x: ibis.Value, s: ibis.Value, w: float) -> ibis.Value:
            # A person with no posts (x null) has shown no influence: the piece is 0.
            if w == 0:
                return zero
            ratio = (x / s.nullif(0.0)).fill_null(0.0)
            return (ibis.greatest(ratio, 0.0) + 1.0).ln() * w

        def total(which: str) -> ibis.Value:
            return (
                piece(t[f"rate{which}"], t.s_rate, om["rate"])
                + piece(t[f"breadth{which}"], t.s_breadth, om["breadth"])
                + piece(t[f"authority{which}"], t.s_authority, om["authority"])
                + piece(t[f"expertise{which}"], t.s_expertise, om["expertise"])
            )

        f_rate = piece(t.rate, t.s_rate, om["rate"])
        f_breadth = piece(t.breadth, t.s_breadth, om["breadth"])
        f_auth = piece(t.authority, t.s_authority, om["authority"])
        f_exp = piece(t.expertise, t.s_expertise, om["expertise"])
        value = (f_rate + f_breadth + f_auth + f_exp).exp() - 1.0
        return self._result(
            t,
            value=value,
            low=total("_low").exp() - 1.0,
            high=total("_high").exp() - 1.0,
            components={
                "posts": t.posts.fill_null(0).cast("int64"),
                "posts_w": t.posts_w.fill_null(0.0),
                "responses_w": t.responses_w.fill_null(0.0),
                "rate": t.rate,
                "breadth": t.breadth,
                "authority": t.authority,
                "expertise": t.expertise,
                "topic": t.topic,
                "f_rate": f_rate,
                "f_breadth": f_breadth,
                "f_authority": f_auth,
                "f_expertise": f_exp,
            },
        )
