"""Predictive validity: how well each score ranks people, measured on the warehouse's own data.

A score earns trust only if it predicts something it was not built from better than the
simplest number one could compute instead.  :func:`validate` measures that per network on
whatever the warehouse holds, and says when a score does *not* beat a baseline.

Checks
------
**Concurrent validity** (networks whose identities carry a platform ``reputation``: Stack
Exchange).  Population: persons with an identity of the network that has a reputation and
at least one content of kind ``answer`` in the network.  Spearman's rho of every score at
the end of the data against the person's reputation (summed over their identities of that
network).  Reputation is the platform's own judgement, computed by rules the scores do not
use, so it is an outside yardstick; raw post count and our reputation reconstruction
(below) are reported beside the scores for scale.

**Forward validity** (every network).  Scores are computed at a date ``D`` (default: the
newest event minus the horizon) using only events up to ``D``.  The outcome is what the
person *receives* in ``(D, D + horizon]``: positive reactions (``reaction`` with
``value > 0``: upvotes, likes, favourites, bounties), ``accept`` events, ``reshare`` and
``quote`` events, each attributed to the author of the target content (else to
``target_person``); a person's own identities acting on each other do not count.  On
Stack Exchange that is the upvotes plus accepts a person receives.  Population: persons
with at least one post up to ``D``.  Baselines:

* **raw post count** up to ``D``: contents authored whose kind is a post kind of
  :data:`swaylens.scores.resonance.POST_KINDS` (questions and answers on Stack Exchange);
  on a network without contents (an interaction log), the ``post``, ``reply``,
  ``comment``, ``quote``, ``reshare`` and ``mention`` events the person performed;
* **reputation-to-date** (only where identities carry a reputation): Stack Exchange
  reputation rebuilt from the events up to ``D`` with the site's rules (see
  :data:`REPUTATION_RULES`).

For each (score, baseline) pair the report gives the difference of the two rhos and a 95%
paired-bootstrap interval (persons resampled with replacement, fixed seed; 1,000
resamples up to 20,000 persons, proportionally fewer above, at least 100), and a verdict:
``beats`` when the whole interval is above 0, ``worse`` when it is below, ``tie``
otherwise (``n/a`` when no resample gives both rhos).  The point difference alone is the
field ``beats`` (``diff > 0``).

**Cascade networks** (networks whose events include reshares but which have no contents:
the SNAP Higgs log as ingested by the ``snap`` adapter).  For each score at the end of the
data, Spearman's rho against the number of times each person was reshared (``reshare``
events whose ``target_person`` is theirs, self-reshares excluded), over every person of the
network and over the persons reshared at least once, and precision@k / recall@k of the
score's top k against the k most reshared (k = 100 and 1000).  Baselines: the person's raw
interaction count and, where a source states one, the follower count.  This check is
*concurrent and partly circular* (resonance and authority are built from the same
reshares); only the forward check is a prediction.

Method details
--------------
* Spearman's rho is Pearson's correlation of average ranks (ties share the mean of their
  ranks), computed with numpy; it is ``None`` when either side is constant.
* A person a score does not cover (absent from its snapshot: e.g. resonance covers only
  people with posts in its window) ranks below every person it covers, all such persons
  tied.  The report gives each score's coverage (``scored``).
* Top-k sets include ties at the cut: every person whose value equals the k-th value is in,
  so a set can be larger than k; precision = overlap / |score's set|, recall = overlap /
  |most-reshared set|.
* Only per-person aggregates (one row per person) leave DuckDB; events never do.
* Validation stores the snapshots it computes (at ``D`` and at the end) like ``swaylens
  score`` does, replacing the rows of those dates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import numpy.typing as npt

from swaylens.errors import WarehouseError

if TYPE_CHECKING:
    from swaylens.warehouse import Warehouse

FloatArray = npt.NDArray[np.float64]

#: The Stack Exchange rules used to rebuild reputation from events (a baseline, not an
#: exact replica: the dump lacks bounty amounts, votes on deleted posts, association
#: bonuses and community-wiki status).
REPUTATION_RULES: Final[dict[str, str]] = {
    "start": "every user starts at 1 and never goes below 1",
    "upvote": "+10 per upvote received on a question or an answer (SE rule since Nov 2019),"
              " at most +200 per person and UTC day from upvotes",
    "downvote": "-2 per downvote received on a question or an answer",
    "accepted": "+15 per accepted answer (not when the asker accepts their own answer)",
    "accepting": "+2 for accepting an answer to one's own question (not one's own answer)",
    "ignored": "bounties (amount not in the dump), edits, association bonus, -1 for"
               " downvoting an answer (the voter is anonymous)",
}

#: Event kinds that make up the forward outcome (besides reactions with ``value > 0``).
OUTCOME_KINDS: Final[tuple[str, ...]] = ("accept", "reshare", "quote")
#: Event kinds counted as posts on networks without contents.
ACT_KINDS: Final[tuple[str, ...]] = ("post", "reply", "comment", "quote", "reshare", "mention")
#: Paired-bootstrap resamples for the forward comparisons, up to :data:`BOOTSTRAP_FULL`
#: persons; above, fewer (never under :data:`BOOTSTRAP_MIN`) so that the cost stays
#: about that of 1,000 resamples of 20,000 persons.
BOOTSTRAP: Final = 1000
BOOTSTRAP_FULL: Final = 20_000
BOOTSTRAP_MIN: Final = 100


# -- statistics -----------------------------------------------------------------------------
def rankdata(values: npt.ArrayLike) -> FloatArray:
    """1-based ranks, ties sharing the average of their ranks (scipy's ``method='average'``)."""
    a = np.asarray(values, dtype=np.float64)
    n = a.shape[0]
    order = np.argsort(a, kind="mergesort")
    s = a[order]
    starts = np.flatnonzero(np.r_[True, s[1:] != s[:-1]]) if n else np.empty(0, np.int64)
    counts = np.diff(np.r_[starts, n])
    ranks = np.empty(n, dtype=np.float64)
    ranks[order] = np.repeat(starts + (counts + 1) / 2.0, counts)
    return ranks


def _pearson(x: FloatArray, y: FloatArray) -> float | None:
    dx, dy = x - x.mean(), y - y.mean()
    den = float(np.sqrt((dx * dx).sum() * (dy * dy).sum()))
    if den == 0.0:
        return None
    return float((dx * dy).sum() / den)


def spearman(x: npt.ArrayLike, y: npt.ArrayLike) -> float | None:
    """Spearman's rho with average ranks for ties; ``None`` if either side is constant."""
    a, b = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"spearman: shapes differ, {a.shape} and {b.shape}")
    if a.shape[0] < 2:
        return None
    return _pearson(rankdata(a), rankdata(b))


def top_set(values: FloatArray, k: int) -> npt.NDArray[np.bool_]:
    """The persons in the top ``k`` by value, with every tie at the cut included.

    ``-inf`` (a person the score does not cover) is never in the set, so a score covering
    fewer than ``k`` persons has a smaller set.
    """
    n = values.shape[0]
    if n == 0 or k <= 0:
        return np.zeros(n, dtype=bool)
    k = min(k, n)
    cut = np.partition(values, n - k)[n - k]
    return np.asarray((values >= cut) & (values > -np.inf), dtype=bool)


def _bottom(values: FloatArray) -> FloatArray:
    """Missing values (NaN: not covered by the score) rank below every covered person."""
    return np.where(np.isnan(values), -np.inf, values)


def _column(arr: Any) -> FloatArray:
    """A fetched column as float64 with NaN for nulls."""
    if isinstance(arr, np.ma.MaskedArray):
        return np.asarray(np.ma.filled(arr.astype(np.float64), np.nan), dtype=np.float64)
    return np.asarray(arr, dtype=np.float64)


# -- the report -----------------------------------------------------------------------------
def validate(
    wh: Warehouse,
    *,
    as_of: datetime | None = None,
    horizon_days: float = 90.0,
    end: datetime | None = None,
    scores: Sequence[str] | None = None,
    ks: Sequence[int] = (100, 1000),
    engine: str = "duckdb",
    seed: int = 0,
    network: str | None = None,
) -> dict[str, Any]:
    """Measure every score against baselines on the warehouse's own data, per network.

    ``as_of`` is the forward date ``D`` (default: the newest event minus ``horizon_days``),
    ``end`` the date of the concurrent snapshot (default: the newest event).  With
    ``network``, the scores of that network alone (``Warehouse.score(network=...)``) are
    computed and checked, on that network only; by default the scores across networks are
    checked on each network.  Returns a JSON-ready dict (see ``docs/validity.md`` for a
    rendering).
    """
    from swaylens.scores import SCORES

    names = list(scores or SCORES)
    unknown = [n for n in names if n not in SCORES]
    if unknown:
        raise WarehouseError(f"unknown score(s) {unknown}; known: {', '.join(SCORES)}")
    if horizon_days <= 0:
        raise WarehouseError(f"horizon must be positive, got {horizon_days} days")
    row = wh.sql(
        "SELECT min(ts), max(ts) FROM events WHERE network = coalesce(?, network)", [network]
    ).fetchone()
    if row is None or row[1] is None:
        if network is not None:
            raise WarehouseError(f"no events of network {network!r} to validate on")
        raise WarehouseError("no events to validate on: ingest something first")
    last = _utc(row[1])
    end = _utc(end) if end is not None else last
    d = _utc(as_of) if as_of is not None else last - timedelta(days=horizon_days)
    horizon_end = d + timedelta(days=horizon_days)

    wh.score(as_of=end, engine=engine, scores=names, network=network)
    if d != end:
        wh.score(as_of=d, engine=engine, scores=names, network=network)

    networks = [r[0] for r in wh.sql(
        "SELECT DISTINCT network FROM events WHERE network = coalesce(?, network) ORDER BY 1",
        [network]).fetchall()]
    report: dict[str, Any] = {
        "scores": names,
        "scope": network,
        "as_of": d.isoformat(),
        "horizon_days": horizon_days,
        "horizon_end": horizon_end.isoformat(),
        "end": end.isoformat(),
        "inputs": [
            {"source": s, "name": p.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]}
            for s, p in wh.sql(
                "SELECT source, path FROM ingests ORDER BY started_at").fetchall()
        ],
        "reputation_rules": REPUTATION_RULES,
        "networks": [],
    }
    for net in networks:
        v = NetworkCheck(wh, net, names, seed, scope=network)
        report["networks"].append({
            **v.stats(),
            "concurrent": v.concurrent(end),
            "forward": v.forward(d, horizon_end),
            "cascade": v.cascade(end, ks),
        })
    return report


def _utc(t: datetime) -> datetime:
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)


class NetworkCheck:
    """The checks of one network; every query returns one row per person at most.

    ``names`` are the scores whose stored snapshots are read (at the dates each check
    uses); :func:`validate` computes those snapshots first.
    """

    def __init__(
        self, wh: Warehouse, network: str, names: list[str], seed: int,
        scope: str | None = None,
    ) -> None:
        self.wh, self.net, self.names, self.seed = wh, network, names, seed
        #: Whose snapshots are read: across networks (None) or ``network``'s alone.
        self.scope = scope
        self.has_contents = self._scalar(
            "SELECT count(*) > 0 FROM contents WHERE network = $net") is True
        self.has_reputation = self._scalar(
            "SELECT count(*) > 0 FROM identities WHERE network = $net"
            " AND reputation IS NOT NULL") is True

    # -- sql helpers --------------------------------------------------------------------
    def _run(self, q: str, **params: Any) -> Any:
        # DuckDB refuses named parameters the query does not use.
        given = {"net": self.net, **params}
        used = set(re.findall(r"\$(\w+)", q))
        return self.wh.con.execute(q, {k: v for k, v in given.items() if k in used})

    def _scalar(self, q: str, **params: Any) -> Any:
        row = self._run(q, **params).fetchone()
        return row[0] if row else None

    def _columns(self, q: str, **params: Any) -> dict[str, FloatArray]:
        got = self._run(q, **params).fetchnumpy()
        return {k: _column(v) for k, v in got.items() if k != "person_id"}

    def _rows(self, q: str, **params: Any) -> tuple[list[str], dict[str, FloatArray]]:
        got = self._run(q, **params).fetchnumpy()
        ids = [str(x) for x in got.pop("person_id")]
        return ids, {k: _column(v) for k, v in got.items()}

    def _snapshot_cols(self) -> tuple[str, str, dict[str, Any]]:
        """Pivot of the snapshot at ``$snap``: one column ``s{i}`` per score."""
        cols = ", ".join(
            f"max(value) FILTER (WHERE score = $sc{i}) AS s{i}" for i in range(len(self.names))
        )
        select = ", ".join(f"snap.s{i}" for i in range(len(self.names)))
        cte = (f"snap AS (SELECT person_id, {cols} FROM score_snapshots"
               " WHERE as_of = $snap AND network IS NOT DISTINCT FROM $scope"
               " GROUP BY person_id)")
        return cte, select, {
            "scope": self.scope, **{f"sc{i}": n for i, n in enumerate(self.names)}
        }

    def _posts_cte(self) -> str:
        """``posts(person_id, n)``: posts authored up to ``$t``."""
        from swaylens.scores.resonance import POST_KINDS

        if self.has_contents:
            kinds = ", ".join(f"'{k}'" for k in POST_KINDS)
            return f"""posts AS (
                SELECT i.person_id, count(*) AS n FROM contents c
                JOIN identities i ON i.identity_id = c.author
                WHERE c.network = $net AND c.created_at <= $t AND c.kind IN ({kinds})
                GROUP BY 1)"""
        kinds = ", ".join(f"'{k}'" for k in ACT_KINDS)
        return f"""posts AS (
            SELECT i.person_id, count(*) AS n FROM events e
            JOIN identities i ON i.identity_id = e.actor
            WHERE e.network = $net AND e.ts <= $t AND e.kind IN ({kinds})
            GROUP BY 1)"""

    @staticmethod
    def _rep_cte() -> str:
        """``rep(person_id, rep)``: Stack Exchange reputation rebuilt from events up to ``$t``."""
        return """
            votes AS (
                SELECT r.person_id, CAST(e.ts AS DATE) AS day,
                       count(*) FILTER (WHERE e.subkind = 'upvote' AND e.value > 0) AS up,
                       count(*) FILTER (WHERE e.value < 0) AS down
                FROM events e
                JOIN contents c ON c.content_id = e.target_content
                JOIN identities r ON r.identity_id = c.author
                WHERE e.network = $net AND e.kind = 'reaction' AND e.ts <= $t
                  AND c.kind IN ('question', 'answer')
                GROUP BY 1, 2),
            accepts AS (
                SELECT r.person_id AS answerer, a.person_id AS asker FROM events e
                JOIN identities r ON r.identity_id = e.target_person
                JOIN identities a ON a.identity_id = e.actor
                WHERE e.network = $net AND e.kind = 'accept' AND e.ts <= $t
                  AND a.person_id <> r.person_id),
            rep_parts AS (
                SELECT person_id, sum(least(200, 10 * up) - 2 * down) AS pts FROM votes GROUP BY 1
                UNION ALL SELECT answerer, 15 * count(*) FROM accepts GROUP BY 1
                UNION ALL SELECT asker, 2 * count(*) FROM accepts GROUP BY 1),
            rep AS (
                SELECT person_id, greatest(1, 1 + sum(pts)) AS rep FROM rep_parts GROUP BY 1)"""

    def reputation_to_date(self, t: datetime) -> dict[str, float]:
        """Person -> reputation rebuilt from the events up to ``t`` (persons with any)."""
        rows = self._run(
            f"WITH {self._rep_cte()} SELECT person_id, rep FROM rep", t=_utc(t)).fetchall()
        return {str(p): float(r) for p, r in rows}

    @staticmethod
    def resamples(n: int) -> int:
        """Bootstrap resamples used for ``n`` persons."""
        if n <= BOOTSTRAP_FULL:
            return BOOTSTRAP
        return max(BOOTSTRAP_MIN, BOOTSTRAP * BOOTSTRAP_FULL // n)

    def _bootstrap(
        self, cols: dict[str, FloatArray], pairs: list[tuple[str, str]]
    ) -> dict[tuple[str, str], tuple[float, float]]:
        """95% paired-bootstrap intervals of rho(a, outcome) - rho(b, outcome)."""
        n = cols["outcome"].shape[0]
        rng = np.random.default_rng(self.seed)
        needed = sorted({x for p in pairs for x in p})
        diffs: dict[tuple[str, str], list[float]] = {p: [] for p in pairs}
        for _ in range(self.resamples(n)):
            idx = rng.integers(0, n, n)
            y = rankdata(cols["outcome"][idx])
            rho = {k: _pearson(rankdata(cols[k][idx]), y) for k in needed}
            for a, b in pairs:
                ra, rb = rho[a], rho[b]
                if ra is not None and rb is not None:
                    diffs[(a, b)].append(ra - rb)
        out: dict[tuple[str, str], tuple[float, float]] = {}
        for p, ds in diffs.items():
            if ds:
                lo, hi = np.quantile(np.asarray(ds), [0.025, 0.975])
                out[p] = (float(lo), float(hi))
        return out

    # -- checks -------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        row = self._run(
            """
            SELECT (SELECT count(*) FROM events WHERE network = $net),
                   (SELECT count(*) FROM contents WHERE network = $net),
                   (SELECT count(DISTINCT person_id) FROM identities WHERE network = $net),
                   (SELECT min(ts) FROM events WHERE network = $net),
                   (SELECT max(ts) FROM events WHERE network = $net)
            """
        ).fetchone()
        assert row is not None
        kinds = self._run(
            "SELECT kind, count(*) FROM events WHERE network = $net GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall()
        return {
            "network": self.net, "events": row[0], "contents": row[1], "persons": row[2],
            "first": row[3].isoformat() if row[3] else None,
            "last": row[4].isoformat() if row[4] else None,
            "kinds": {k: n for k, n in kinds},
        }

    def _score_results(
        self, cols: dict[str, FloatArray], target: FloatArray
    ) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for i, name in enumerate(self.names):
            v = cols[f"s{i}"]
            out[name] = {
                "rho": spearman(_bottom(v), target),
                "n": int(v.shape[0]),
                "scored": int((~np.isnan(v)).sum()),
            }
        return out

    def concurrent(self, end: datetime) -> dict[str, Any] | None:
        if not self.has_reputation:
            return None
        snap_cte, snap_cols, snap_params = self._snapshot_cols()
        q = f"""
            WITH truth AS (
                SELECT person_id, sum(reputation) AS reputation FROM identities
                WHERE network = $net AND reputation IS NOT NULL GROUP BY 1),
            answerers AS (
                SELECT DISTINCT i.person_id FROM contents c
                JOIN identities i ON i.identity_id = c.author
                WHERE c.network = $net AND c.kind = 'answer' AND c.created_at <= $t),
            {self._posts_cte()},
            {self._rep_cte()},
            {snap_cte}
            SELECT t.person_id, t.reputation, (a.person_id IS NOT NULL) AS answered,
                   coalesce(posts.n, 0) AS posts, coalesce(rep.rep, 1) AS rep, {snap_cols}
            FROM truth t
            LEFT JOIN answerers a ON a.person_id = t.person_id
            LEFT JOIN posts ON posts.person_id = t.person_id
            LEFT JOIN rep ON rep.person_id = t.person_id
            LEFT JOIN snap ON snap.person_id = t.person_id
            ORDER BY t.person_id
        """
        allc = self._columns(q, t=end, snap=end, **snap_params)
        answered = allc["answered"] > 0
        posted = allc["posts"] > 0
        cols = {k: v[answered] for k, v in allc.items()}
        truth = cols["reputation"]
        n = int(truth.shape[0])
        return {
            "as_of": end.isoformat(),
            "population": "persons with a reputation and at least one answer",
            "n": n,
            "scores": self._score_results(cols, truth),
            "baselines": {
                "post_count": {"rho": spearman(cols["posts"], truth), "n": n},
                "reputation_rebuilt": {"rho": spearman(cols["rep"], truth), "n": n},
            },
            "reconstruction": {
                "answerers": {"rho": spearman(cols["rep"], truth), "n": n},
                "posters": {
                    "rho": spearman(allc["rep"][posted], allc["reputation"][posted]),
                    "n": int(posted.sum()),
                },
                "everyone": {
                    "rho": spearman(allc["rep"], allc["reputation"]),
                    "n": int(allc["rep"].shape[0]),
                },
            },
        }

    def _received_cte(self) -> str:
        """``received(person_id, kind, subkind)``: responses by others in ``($t, $h]``."""
        kinds = ", ".join(f"'{k}'" for k in OUTCOME_KINDS)
        return f"""
            received AS (
                SELECT r.person_id, e.kind, e.subkind FROM events e
                LEFT JOIN contents c ON c.content_id = e.target_content
                JOIN identities r ON r.identity_id = coalesce(c.author, e.target_person)
                LEFT JOIN identities a ON a.identity_id = e.actor
                WHERE e.network = $net AND e.ts > $t AND e.ts <= $h
                  AND ((e.kind = 'reaction' AND e.value > 0) OR e.kind IN ({kinds}))
                  AND (a.person_id IS NULL OR a.person_id <> r.person_id))"""

    def forward_data(
        self, d: datetime, horizon_end: datetime
    ) -> tuple[list[str], dict[str, FloatArray]]:
        """Per person with a post up to ``d``: ``posts``, ``outcome``, ``rep`` (NaN where
        the network has no reputation) and ``s{i}``, the value of ``names[i]`` at ``d``
        (NaN where the snapshot does not cover the person)."""
        snap_cte, snap_cols, snap_params = self._snapshot_cols()
        rep_cte = f"{self._rep_cte()}," if self.has_reputation else ""
        rep_col = "coalesce(rep.rep, 1)" if self.has_reputation else "NULL::DOUBLE"
        rep_join = "LEFT JOIN rep ON rep.person_id = p.person_id" if self.has_reputation else ""
        received = self._received_cte()
        q = f"""
            WITH {self._posts_cte()},
            {received},
            outcome AS (SELECT person_id, count(*) AS n FROM received GROUP BY 1),
            {rep_cte}
            {snap_cte}
            SELECT p.person_id, p.n AS posts, coalesce(o.n, 0) AS outcome,
                   {rep_col} AS rep, {snap_cols}
            FROM posts p
            LEFT JOIN outcome o ON o.person_id = p.person_id
            {rep_join}
            LEFT JOIN snap ON snap.person_id = p.person_id
            ORDER BY p.person_id
        """
        return self._rows(q, t=_utc(d), h=_utc(horizon_end), snap=_utc(d), **snap_params)

    def forward(self, d: datetime, horizon_end: datetime) -> dict[str, Any]:
        post = ("post" if self.has_contents
                else "post (an interaction performed: this network has no contents)")
        base: dict[str, Any] = {
            "as_of": d.isoformat(), "horizon_end": horizon_end.isoformat(),
            "population": f"persons with at least one {post} up to as_of",
            "outcome": "positive reactions + accepts + reshares + quotes received"
                       " in (as_of, horizon_end]",
        }
        _, cols = self.forward_data(d, horizon_end)
        y = cols["outcome"]
        n = int(y.shape[0])
        counts = self._run(
            f"WITH {self._posts_cte()}, {self._received_cte()}"
            " SELECT coalesce(subkind, kind), count(*) FROM received"
            " WHERE person_id IN (SELECT person_id FROM posts) GROUP BY 1 ORDER BY 2 DESC",
            t=d, h=horizon_end).fetchall()
        if n < 3 or float(y.sum()) == 0.0:
            return {**base, "n": n, "skipped": "fewer than 3 persons with posts up to as_of,"
                    " or nothing received in the horizon"}
        baselines: dict[str, dict[str, Any]] = {
            "post_count": {"rho": spearman(cols["posts"], y), "n": n},
        }
        if self.has_reputation:
            baselines["reputation_to_date"] = {"rho": spearman(cols["rep"], y), "n": n}
        results = self._score_results(cols, y)
        boot_cols = {"outcome": y, "post_count": cols["posts"]}
        if self.has_reputation:
            boot_cols["reputation_to_date"] = cols["rep"]
        for i, name in enumerate(self.names):
            boot_cols[name] = _bottom(cols[f"s{i}"])
        pairs = [(s, b) for s in self.names for b in baselines
                 if results[s]["rho"] is not None and baselines[b]["rho"] is not None]
        ci = self._bootstrap(boot_cols, pairs)
        comparisons = []
        for s, b in pairs:
            diff = results[s]["rho"] - baselines[b]["rho"]
            interval = ci.get((s, b))
            if interval is None:  # every resample had a constant side
                verdict, ci95 = "n/a", None
            else:
                lo, hi = interval
                verdict = "beats" if lo > 0 else "worse" if hi < 0 else "tie"
                ci95 = [lo, hi]
            comparisons.append({"score": s, "baseline": b, "diff": diff, "ci95": ci95,
                                "beats": diff > 0, "verdict": verdict})
        return {
            **base, "n": n,
            "received": {"total": int(y.sum()), "persons": int((y > 0).sum()),
                         "by_kind": {k: c for k, c in counts}},
            "scores": results,
            "baselines": baselines,
            "comparisons": comparisons,
            "bootstrap": {"resamples": self.resamples(n), "seed": self.seed},
        }

    def cascade(self, end: datetime, ks: Sequence[int]) -> dict[str, Any] | None:
        if self.has_contents or not self._scalar(
            "SELECT count(*) > 0 FROM events WHERE network = $net AND kind = 'reshare'"
        ):
            return None
        snap_cte, snap_cols, snap_params = self._snapshot_cols()
        q = f"""
            WITH members AS (
                SELECT person_id, sum(followers) AS followers FROM identities
                WHERE network = $net GROUP BY 1),
            reshared AS (
                SELECT r.person_id, count(*) AS n FROM events e
                JOIN identities r ON r.identity_id = e.target_person
                LEFT JOIN identities a ON a.identity_id = e.actor
                WHERE e.network = $net AND e.kind = 'reshare' AND e.ts <= $t
                  AND (a.person_id IS NULL OR a.person_id <> r.person_id)
                GROUP BY 1),
            {self._posts_cte()},
            {snap_cte}
            SELECT m.person_id, coalesce(r.n, 0) AS reshared, coalesce(posts.n, 0) AS posts,
                   m.followers, {snap_cols}
            FROM members m
            LEFT JOIN reshared r ON r.person_id = m.person_id
            LEFT JOIN posts ON posts.person_id = m.person_id
            LEFT JOIN snap ON snap.person_id = m.person_id
            ORDER BY m.person_id
        """
        cols = self._columns(q, t=end, snap=end, **snap_params)
        y = cols["reshared"]
        once = y > 0
        truth_sets = {k: top_set(y, k) for k in ks}

        def measure(v: FloatArray, scored: int | None) -> dict[str, Any]:
            out: dict[str, Any] = {
                "rho": spearman(v, y), "rho_reshared": spearman(v[once], y[once]),
                "scored": scored,
            }
            for k in ks:
                mine, truth = top_set(v, k), truth_sets[k]
                hit = int((mine & truth).sum())
                # A score that covers nobody retrieves nothing: neither number means anything.
                out[f"precision@{k}"] = hit / int(mine.sum()) if mine.any() else None
                out[f"recall@{k}"] = (hit / int(truth.sum())
                                      if mine.any() and truth.any() else None)
                out[f"size@{k}"] = int(mine.sum())
            return out

        scores = {name: measure(_bottom(cols[f"s{i}"]), int((~np.isnan(cols[f"s{i}"])).sum()))
                  for i, name in enumerate(self.names)}
        baselines: dict[str, Any] = {"post_count": measure(cols["posts"], None)}
        fol = cols["followers"]
        baselines["followers"] = (measure(_bottom(fol), int((~np.isnan(fol)).sum()))
                                  if (~np.isnan(fol)).any() else None)
        return {
            "as_of": end.isoformat(),
            "population": "every person of the network",
            "n": int(y.shape[0]),
            "n_reshared": int(once.sum()),
            "reshares": int(y.sum()),
            "top_sizes": {str(k): int(truth_sets[k].sum()) for k in ks},
            "ks": list(ks),
            "scores": scores,
            "baselines": baselines,
        }


# -- rendering ------------------------------------------------------------------------------
def _f(x: Any, digits: int = 3) -> str:
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return "n/a"
    if isinstance(x, float):
        return f"{x:.{digits}f}"
    return f"{x:,}" if isinstance(x, int) else str(x)


PREAMBLE = """# Predictive validity

Every score is checked on real data against simple baselines, and this page reports the
numbers as measured, including where a score does not beat a baseline.  It is produced by
`scripts/validity.sh`, which loads each data set into a fresh warehouse and runs
`swaylens validate --format markdown`; do not edit the numbers by hand.  Run
`swaylens validate` on your own warehouse to get the same report for your data.

How to read it:

* **rho** is Spearman's rank correlation (average ranks for ties), from -1 to 1.
* **Concurrent validity** (Stack Exchange): each score at the end of the data against the
  site's own Reputation (from `Users.xml`), over users with at least one answer.
  Reputation is computed by the platform with rules our scores do not use.
* **Forward validity**: scores computed at a date D from events up to D only, against what
  the person *receives* in the following horizon: positive reactions (upvotes, likes,
  favourites, bounties) plus accepts plus reshares and quotes, on their contents, from
  others.  Population: persons with at least one post up to D.  Baselines: raw post count
  up to D, and reputation-to-date (Stack Exchange reputation rebuilt from the events up to
  D, rules below).  *diff* is rho(score) - rho(baseline) with a 95% paired-bootstrap
  interval (persons resampled with replacement; the number of resamples and the seed are
  given per section); the verdict is **beats** when the whole interval is above 0,
  **worse** when it is below, **tie** otherwise.
* **Cascade networks** (interaction logs with reshares and no contents, e.g. SNAP Higgs):
  each score at the end of the log against the number of times a person was reshared,
  plus precision and recall of its top k against the k most reshared (ties at the cut
  included).  This check is concurrent and partly circular: resonance and authority are
  built from those same reshares.  Only the forward check predicts.
* A person a score does not cover (e.g. resonance needs posts in its 90-day window) ranks
  below everyone it covers; *scored* gives the coverage.

Reputation rebuilt from events (a baseline, not an exact replica):

"""


def _day(iso: str | None) -> str:
    return iso[:10] if iso else "n/a"


def to_markdown(report: dict[str, Any], *, command: str, preamble: bool = True) -> str:
    """``docs/validity.md`` content: the preamble (optional) and one section per network."""
    out: list[str] = []
    if preamble:
        out.append(PREAMBLE)
        out.extend(f"* {k}: {v}\n" for k, v in report["reputation_rules"].items())
        out.append("\n")
    inputs = ", ".join(f"`{i['name']}` ({i['source']})" for i in report["inputs"]) or "none"
    for net in report["networks"]:
        out.append(f"## {net['network']}: {inputs}\n\n")
        scope = report.get("scope")
        whose = f" of {scope} alone" if scope else ""
        out.append(
            f"Produced by `{command}`.  Scores{whose}: {', '.join(report['scores'])}.\n\n"
        )
        kinds = ", ".join(f"{k} {v:,}" for k, v in net["kinds"].items())
        out.append(
            f"Data: {net['events']:,} events ({kinds}), {net['contents']:,} contents,"
            f" {net['persons']:,} persons, {_day(net['first'])} .. {_day(net['last'])}.\n\n"
        )
        if net["concurrent"]:
            out.append(_md_concurrent(net["concurrent"]))
        out.append(_md_forward(net["forward"]))
        if net["cascade"]:
            out.append(_md_cascade(net["cascade"]))
    return "".join(out)


def _md_concurrent(c: dict[str, Any]) -> str:
    lines = [
        f"### Concurrent validity: scores at {c['as_of'][:10]} vs platform reputation\n\n",
        f"Population: {c['population']} (n = {c['n']:,}).\n\n",
        "| score | rho vs reputation | n | scored |\n|---|---:|---:|---:|\n",
    ]
    for name, r in c["scores"].items():
        lines.append(f"| {name} | {_f(r['rho'])} | {r['n']:,} | {r['scored']:,} |\n")
    for name, r in c["baselines"].items():
        lines.append(f"| *baseline: {name}* | {_f(r['rho'])} | {r['n']:,} | |\n")
    rc = c["reconstruction"]
    lines.append(
        "\nReputation rebuilt from events at the end of the data vs the platform's"
        f" Reputation: rho {_f(rc['answerers']['rho'])} over users with an answer"
        f" (n = {rc['answerers']['n']:,}), {_f(rc['posters']['rho'])} over users with a"
        f" question or answer (n = {rc['posters']['n']:,}), {_f(rc['everyone']['rho'])}"
        f" over every user (n = {rc['everyone']['n']:,}).\n\n"
    )
    return "".join(lines)


def _md_forward(f: dict[str, Any]) -> str:
    head = (f"### Forward validity: scores at {f['as_of'][:10]} predict what is received"
            f" until {f['horizon_end'][:10]}\n\n")
    if "skipped" in f:
        return head + f"Skipped: {f['skipped']} (n = {f['n']:,}).\n\n"
    rc = f["received"]
    kinds = ", ".join(f"{k} {v:,}" for k, v in rc["by_kind"].items())
    lines = [
        head,
        f"Population: {f['population']} (n = {f['n']:,}); {rc['persons']:,} of them received"
        f" {rc['total']:,} responses ({kinds}).\n\n",
        "| predictor | rho vs outcome | scored |\n|---|---:|---:|\n",
    ]
    for name, r in f["scores"].items():
        lines.append(f"| {name} | {_f(r['rho'])} | {r['scored']:,} |\n")
    for name, r in f["baselines"].items():
        lines.append(f"| *baseline: {name}* | {_f(r['rho'])} | |\n")
    boot = f["bootstrap"]
    lines.append(f"\nPaired bootstrap: {boot['resamples']:,} resamples, seed {boot['seed']}.\n")
    lines.append("\n| score | baseline | diff | 95% interval | verdict |\n"
                 "|---|---|---:|---|---|\n")
    for cmp in f["comparisons"]:
        iv = "n/a" if cmp["ci95"] is None else f"[{_f(cmp['ci95'][0])}, {_f(cmp['ci95'][1])}]"
        lines.append(f"| {cmp['score']} | {cmp['baseline']} | {cmp['diff']:+.3f} |"
                     f" {iv} | {cmp['verdict']} |\n")
    lines.append("\n")
    for b in f["baselines"]:
        mine = [c for c in f["comparisons"] if c["baseline"] == b]
        higher = [c["score"] for c in mine if c["beats"]]
        beyond = [c["score"] for c in mine if c["verdict"] == "beats"]
        lines.append(f"* Against {b}: higher rho (point estimate) for"
                     f" {', '.join(higher) or 'no score'}; beyond bootstrap noise for"
                     f" {', '.join(beyond) or 'no score'}.\n")
    lines.append("\n")
    return "".join(lines)


def _md_cascade(c: dict[str, Any]) -> str:
    ks = c["ks"]
    sizes = ", ".join(f"top {k}: {c['top_sizes'][str(k)]:,} persons" for k in ks)
    lines = [
        f"### Cascade network: scores at {c['as_of'][:10]} vs times reshared\n\n",
        f"{c['n']:,} persons, {c['n_reshared']:,} of them reshared at least once"
        f" ({c['reshares']:,} reshares by others; most-reshared sets with ties: {sizes}).\n\n",
        "| predictor | rho (all) | rho (reshared >= 1) | "
        + " | ".join(f"P@{k} | R@{k}" for k in ks) + " |\n",
        "|---|---:|---:|" + "---:|---:|" * len(ks) + "\n",
    ]
    rows = [(n, r) for n, r in c["scores"].items()]
    rows += [(f"*baseline: {n}*", r) for n, r in c["baselines"].items() if r is not None]
    for name, r in rows:
        pr = " | ".join(f"{_f(r[f'precision@{k}'])} | {_f(r[f'recall@{k}'])}" for k in ks)
        lines.append(f"| {name} | {_f(r['rho'])} | {_f(r['rho_reshared'])} | {pr} |\n")
    missing = [n for n, r in c["baselines"].items() if r is None]
    if missing:
        lines.append(f"\nNot available in this data: {', '.join(missing)}.\n")
    lines.append("\n")
    return "".join(lines)
