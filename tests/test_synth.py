"""The synthetic generator: canonical files, exact counts, and the planted truth."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from swaylens import schema
from swaylens.errors import SwaylensError
from swaylens.synth import INTENT_PHRASES, SynthSettings, format_ids, generate
from swaylens.warehouse import Warehouse

try:
    import swaylens.sources.table  # noqa: F401

    _HAVE_TABLE = True
except ImportError:  # written in parallel; the ingest test runs once it exists
    _HAVE_TABLE = False

N = 200_000
CHUNK = 50_000


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    seen: list[int] = []
    report = generate(out, N, seed=7, progress=seen.append, chunk_events=CHUNK)
    assert report.events == N
    assert seen == [CHUNK * (i + 1) for i in range(N // CHUNK)]
    return out


@pytest.fixture(scope="module")
def truth(synth: Path) -> dict[str, Any]:
    return json.loads((synth / "truth.json").read_text())  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def db(synth: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect()
    con.execute(f"CREATE VIEW e AS SELECT * FROM read_parquet('{synth}/events/*.parquet')")
    con.execute(f"CREATE VIEW c AS SELECT * FROM read_parquet('{synth}/contents/*.parquet')")
    con.execute(f"CREATE VIEW i AS SELECT * FROM read_parquet('{synth}/identities.parquet')")
    con.execute(f"CREATE VIEW edges AS SELECT * FROM read_parquet('{synth}/truth/edges.parquet')")
    con.execute(f"CREATE VIEW users AS SELECT * FROM read_parquet('{synth}/truth/users.parquet')")
    yield con
    con.close()


def one(con: duckdb.DuckDBPyConnection, q: str) -> Any:
    row = con.execute(q).fetchone()
    assert row is not None
    return row[0]


def ids_sql(ids: list[str]) -> str:
    return "(" + ", ".join(f"'{x}'" for x in ids) + ")"


# -- files and schema -------------------------------------------------------------------
def test_files_have_the_canonical_schemas(synth: Path) -> None:
    parts = sorted((synth / "events").glob("part-*.parquet"))
    assert len(parts) == N // CHUNK
    assert len(sorted((synth / "contents").glob("part-*.parquet"))) == len(parts)
    for p in parts:
        assert pq.read_schema(p).equals(schema.EVENTS, check_metadata=False), p
    for p in (synth / "contents").glob("part-*.parquet"):
        assert pq.read_schema(p).equals(schema.CONTENTS, check_metadata=False), p
    ident = pq.read_schema(synth / "identities.parquet")
    assert ident.equals(schema.IDENTITIES, check_metadata=False)


def test_counts_match_truth(db: duckdb.DuckDBPyConnection, truth: dict[str, Any]) -> None:
    counts = truth["counts"]
    assert one(db, "SELECT count(*) FROM e") == N == counts["events"] == truth["events"]
    by_kind = dict(db.execute("SELECT kind, count(*) FROM e GROUP BY 1").fetchall())
    assert by_kind == counts["events_by_kind"]
    assert set(by_kind) <= set(schema.EVENT_KINDS)
    c_kind = dict(db.execute("SELECT kind, count(*) FROM c GROUP BY 1").fetchall())
    assert c_kind == counts["contents_by_kind"]
    assert one(db, "SELECT count(*) FROM c") == counts["contents"]
    assert one(db, "SELECT count(*) FROM i") == counts["identities"]
    assert by_kind["follow"] == counts["follow_edges"] == one(db, "SELECT count(*) FROM edges")
    assert by_kind["join"] == counts["newcomers"]
    assert by_kind["post"] == c_kind["post"]
    assert by_kind["reshare"] == c_kind["reshare"]
    assert by_kind["reply"] == c_kind["reply"]
    assert by_kind["comment"] == c_kind["comment"]
    ring = truth["ring"]
    assert ring["posts"] + ring["reshares"] + ring["reactions"] == round(0.01 * N)
    assert truth["hyperactive"]["posts"] == round(0.03 * N)


def test_ids_are_sequential_and_references_resolve(db: duckdb.DuckDBPyConnection) -> None:
    # Event n is synth:e{n}; the content it creates is synth:c{n}.
    row = db.execute(
        "SELECT count(DISTINCT event_id), min(CAST(source_id[2:] AS BIGINT)),"
        " max(CAST(source_id[2:] AS BIGINT)),"
        " count(*) FILTER (WHERE event_id <> 'synth:' || source_id) FROM e"
    ).fetchone()
    assert row == (N, 0, N - 1, 0)
    assert one(db, "SELECT count(*) FROM e WHERE network <> 'synth'") == 0
    assert one(db, "SELECT count(DISTINCT content_id) FROM c") == one(db, "SELECT count(*) FROM c")
    assert one(
        db,
        "SELECT count(*) FROM c LEFT JOIN e ON e.source_id = 'e' || c.source_id[2:]"
        " WHERE e.event_id IS NULL OR e.actor <> c.author OR e.ts <> c.created_at",
    ) == 0
    for col in ("target_content",):
        assert one(
            db,
            f"SELECT count(*) FROM e WHERE {col} IS NOT NULL"
            f" AND {col} NOT IN (SELECT content_id FROM c)",
        ) == 0
    for col in ("parent_id", "root_id"):
        assert one(
            db,
            f"SELECT count(*) FROM c WHERE {col} IS NOT NULL"
            f" AND {col} NOT IN (SELECT content_id FROM c)",
        ) == 0
    for q in (
        "SELECT actor FROM e", "SELECT target_person FROM e", "SELECT author FROM c",
    ):
        assert one(
            db, f"SELECT count(*) FROM ({q}) x(p) WHERE p IS NOT NULL"
            " AND p NOT IN (SELECT identity_id FROM i)"
        ) == 0
    assert one(db, "SELECT count(*) FROM e WHERE actor IS NULL") == 0
    # Identity ids follow schema.identity_id.
    sample = db.execute("SELECT identity_id, value, source_id FROM i LIMIT 50").fetchall()
    for iid, value, source_id in sample:
        assert iid == schema.identity_id("synth", "id", value) and value == source_id


def test_event_shapes(db: duckdb.DuckDBPyConnection) -> None:
    # Posts target themselves and are their own root; replies, comments and reshares
    # target their parent and its author.
    assert one(
        db,
        "SELECT count(*) FROM e JOIN c ON c.content_id = 'synth:c' || e.source_id[2:]"
        " WHERE e.kind = 'post' AND (e.target_content <> c.content_id"
        " OR c.root_id <> c.content_id OR c.parent_id IS NOT NULL)",
    ) == 0
    assert one(
        db,
        "SELECT count(*) FROM e JOIN c ON c.content_id = 'synth:c' || e.source_id[2:]"
        " JOIN c p ON p.content_id = c.parent_id"
        " WHERE e.kind IN ('reply', 'comment', 'reshare')"
        " AND (e.target_content <> c.parent_id OR e.target_person <> p.author"
        " OR p.created_at > c.created_at)",
    ) == 0
    values = dict(db.execute("SELECT value, count(*) FROM e GROUP BY 1").fetchall())
    assert set(values) == {1.0, -1.0}
    assert one(db, "SELECT count(*) FROM e WHERE value = -1 AND kind <> 'reaction'") == 0
    assert one(
        db, "SELECT count(*) FROM e WHERE kind = 'reaction' AND target_content IS NULL"
    ) == 0
    # Mentions: the post's text names the mentioned user.
    assert one(
        db,
        "SELECT count(*) FROM e JOIN c ON c.content_id = e.target_content JOIN i"
        " ON i.identity_id = e.target_person WHERE e.kind = 'mention'"
        " AND NOT starts_with(c.text, '@' || i.handle || ' ')",
    ) == 0
    assert one(db, "SELECT count(*) FROM e WHERE kind = 'mention'") > 1000
    # Topics are tags of the posts' community.
    assert one(db, "SELECT count(*) FROM c WHERE kind = 'post' AND len(tags) = 0") == 0


def test_times_lie_in_the_period_and_parts_are_sorted(
    synth: Path, db: duckdb.DuckDBPyConnection, truth: dict[str, Any]
) -> None:
    start = datetime.fromisoformat(truth["period"]["start"])
    end = datetime.fromisoformat(truth["period"]["end"])
    assert end.isoformat() == "2026-01-01T00:00:00+00:00"
    assert (end - start).days == 365
    lo, hi = db.execute("SELECT min(ts), max(ts) FROM e").fetchone()  # type: ignore[misc]
    assert start <= lo and hi < end
    assert one(db, "SELECT count(*) FROM e WHERE epoch_us(ts) % 1000000 <> 0") == 0
    for p in sorted((synth / "events").glob("part-*.parquet")):
        ts = pq.read_table(p, columns=["ts"]).column("ts").to_numpy()
        assert (np.diff(ts.astype(np.int64)) >= 0).all(), p
    # Nobody acts before joining.
    assert one(
        db,
        "SELECT count(*) FROM e JOIN users u ON u.identity_id = e.actor"
        " WHERE u.joined IS NOT NULL AND e.ts < u.joined",
    ) == 0


# -- the planted truth ----------------------------------------------------------------
def test_planted_accounts_exist(db: duckdb.DuckDBPyConnection, truth: dict[str, Any]) -> None:
    planted = (
        truth["influencers"]["ids"] + truth["hyperactive"]["ids"] + truth["ring"]["ids"]
        + truth["activists"]["ids"]
        + [p for b in truth["bursts"] for p in b["persons"]]
    )
    assert len(truth["ring"]["ids"]) == 20
    assert len(truth["influencers"]["ids"]) == 20
    assert len(truth["hyperactive"]["ids"]) == 10
    assert len(truth["activists"]["ids"]) == 8
    found = one(
        db, f"SELECT count(DISTINCT identity_id) FROM i WHERE identity_id IN {ids_sql(planted)}"
    )
    assert found == len(set(planted))
    roles = dict(
        db.execute(
            f"SELECT identity_id, role FROM users WHERE identity_id IN {ids_sql(planted)}"
        ).fetchall()
    )
    assert {roles[x] for x in truth["ring"]["ids"]} == {"ring"}
    assert {roles[x] for x in truth["influencers"]["ids"]} == {"influencer"}
    assert {roles[x] for x in truth["hyperactive"]["ids"]} == {"hyperactive"}


def test_ring_reacts_within_itself(db: duckdb.DuckDBPyConnection, truth: dict[str, Any]) -> None:
    ring = ids_sql(truth["ring"]["ids"])
    inside, total = db.execute(
        f"SELECT count(*) FILTER (WHERE target_person IN {ring}), count(*) FROM e"
        f" WHERE actor IN {ring} AND kind IN ('reaction', 'reshare')"
    ).fetchone()  # type: ignore[misc]
    assert total >= 1500
    assert inside / total > 0.95
    assert truth["ring"]["reactions"] == one(
        db, f"SELECT count(*) FROM e WHERE kind = 'reaction' AND actor IN {ring}"
    )
    # All ring reactions are likes, and the members follow each other.
    assert one(
        db, f"SELECT count(*) FROM e WHERE kind = 'reaction' AND actor IN {ring} AND value <> 1"
    ) == 0
    assert one(
        db, f"SELECT count(*) FROM e WHERE kind = 'follow' AND actor IN {ring}"
        f" AND target_person IN {ring}"
    ) == 20 * 19


def test_hyperactive_post_a_lot_and_nobody_responds(
    db: duckdb.DuckDBPyConnection, truth: dict[str, Any]
) -> None:
    hyper = ids_sql(truth["hyperactive"]["ids"])
    p99 = one(
        db, "SELECT quantile_cont(n, 0.99) FROM"
        " (SELECT actor, count(*) n FROM e WHERE kind = 'post' GROUP BY 1)"
    )
    least = one(
        db, f"SELECT min(n) FROM (SELECT actor, count(*) n FROM e WHERE kind = 'post'"
        f" AND actor IN {hyper} GROUP BY 1)"
    )
    assert least > p99
    inbound = one(
        db, f"SELECT count(*) FROM e WHERE target_person IN {hyper} AND kind <> 'follow'"
    )
    assert inbound == 0


def test_influencers_post_little_and_are_reshared_widely(
    db: duckdb.DuckDBPyConnection, truth: dict[str, Any]
) -> None:
    infl = truth["influencers"]["ids"]
    # Reshares anywhere in the cascades of a person's posts, per post.
    rows = db.execute(
        """
        WITH p AS (SELECT actor, count(*) AS posts FROM e WHERE kind = 'post' GROUP BY 1),
             r AS (SELECT root.author, count(*) AS reshares
                   FROM c JOIN c root ON root.content_id = c.root_id
                   WHERE c.kind = 'reshare' GROUP BY 1)
        SELECT p.actor, posts, coalesce(reshares, 0) FROM p LEFT JOIN r ON r.author = p.actor
        """
    ).fetchall()
    per_post = {a: r / p for a, p, r in rows}
    posts = {a: p for a, p, _ in rows}
    median_posts = float(np.median(list(posts.values())))
    ordinary = [v for a, v in per_post.items() if a not in infl and posts[a] >= 3]
    p99 = float(np.quantile(ordinary, 0.99))
    for a in infl:
        assert posts[a] <= max(5, median_posts), a
        assert per_post[a] > max(5.0, p99), (a, per_post[a], p99)
    assert truth["influencers"]["posts"] == sum(posts[a] for a in infl)


def test_bursts_fall_in_their_windows(
    db: duckdb.DuckDBPyConnection, truth: dict[str, Any]
) -> None:
    phrases = list(INTENT_PHRASES)
    assert truth["intent_phrases"] == phrases
    cond = " OR ".join(f"contains(lower(text), '{p}')" for p in phrases)
    rows = db.execute(
        f"SELECT author, created_at, community, text, kind FROM c WHERE {cond}"
    ).fetchall()
    assert len(rows) == sum(b["posts"] for b in truth["bursts"]) > 0
    windows = [
        (b, datetime.fromisoformat(b["start"]), datetime.fromisoformat(b["end"]))
        for b in truth["bursts"]
    ]
    for author, ts, community, text, kind in rows:
        assert kind == "post"
        match = [
            b for b, lo, hi in windows
            if b["brand"] in text and lo <= ts < hi and author in b["persons"]
            and community == b["community"]
        ]
        assert match, (author, ts, text)
    # Brands otherwise appear only without intent (the background rate).
    brands = " OR ".join(f"contains(text, '{b}')" for b in truth["brands"])
    background = one(db, f"SELECT count(*) FROM c WHERE ({brands}) AND NOT ({cond})")
    assert background == truth["counts"]["background_brand_posts"] > 0
    for b in truth["bursts"]:
        assert len(b["persons"]) == 25
        assert b["community"] in truth["communities"]


def test_activists_welcome_newcomers_in_their_community(
    db: duckdb.DuckDBPyConnection, truth: dict[str, Any]
) -> None:
    comm = truth["activists"]["community"]
    acts = ids_sql(list(comm))
    rows = db.execute(
        f"SELECT actor, community, count(*) FROM e WHERE actor IN {acts}"
        " AND kind IN ('reply', 'reaction') GROUP BY ALL"
    ).fetchall()
    own: dict[str, int] = {}
    total: dict[str, int] = {}
    for actor, community, n in rows:
        total[actor] = total.get(actor, 0) + n
        if community == comm[actor]:
            own[actor] = own.get(actor, 0) + n
    for a in comm:
        assert own.get(a, 0) / total[a] > 0.8, a
    # Newcomers' first posts get a reply from their community's activist.
    intros, welcomed = db.execute(
        f"""
        WITH first AS (
            SELECT e.actor, min(e.ts) AS ts FROM e JOIN users u ON u.identity_id = e.actor
            WHERE u.newcomer AND e.kind = 'post' GROUP BY 1),
        intro AS (
            SELECT e.target_content AS cid, e.community FROM e JOIN first f
            ON f.actor = e.actor AND f.ts = e.ts AND e.kind = 'post')
        SELECT count(*), count(*) FILTER (WHERE EXISTS (
            SELECT 1 FROM e r WHERE r.kind = 'reply' AND r.target_content = intro.cid
            AND r.actor IN {acts})) FROM intro
        """
    ).fetchone()  # type: ignore[misc]
    assert intros > 300
    assert welcomed / intros > 0.6
    assert truth["activists"]["welcomes"] > 0.6 * intros


def test_cascades_follow_existing_edges_with_the_truth_probabilities(
    db: duckdb.DuckDBPyConnection, truth: dict[str, Any]
) -> None:
    ic = truth["independent_cascade"]
    ring = ids_sql(truth["ring"]["ids"])
    # Every organic reshare travels over a follow edge that existed at that time.
    missing = one(
        db,
        f"""
        SELECT count(*) FROM e LEFT JOIN edges g
        ON g.follower = e.actor AND g.followee = e.target_person AND g.ts <= e.ts
        WHERE e.kind = 'reshare' AND e.actor NOT IN {ring} AND g.follower IS NULL
        """,
    )
    assert missing == 0
    assert one(db, "SELECT count(*) FROM e WHERE kind = 'reshare'") == (
        ic["reshares"] + truth["ring"]["reshares"]
    )
    assert ic["cascades_dropped"] == 0
    # Edge p follows the documented formula from the per-user base.
    bad = one(
        db,
        f"""
        SELECT count(*) FROM edges g JOIN users a ON a.identity_id = g.followee
        JOIN users b ON b.identity_id = g.follower
        WHERE abs(g.p - least({ic["ic_max"]}, a.ic_base * CASE WHEN a.community = b.community
              THEN {ic["ic_same_community"]} ELSE 1 END)) > 1e-6
        """,
    )
    assert bad == 0
    base = ic["base"]
    assert one(db, "SELECT max(ic_base) FROM users WHERE role = 'hyperactive'") == 0
    assert one(db, "SELECT min(ic_base) FROM users WHERE role = 'influencer'") == pytest.approx(
        base["influencer"]
    )
    expected = one(
        db, f"SELECT max(abs(ic_base - {base['ic_p']} * pow(1 + followers /"
        f" {base['ic_dilution_followers']}, -{base['ic_dilution']})))"
        " FROM users WHERE role NOT IN ('hyperactive', 'influencer')"
    )
    assert expected < 1e-9
    # Followers counts in identities equal the graph.
    assert one(
        db,
        "SELECT count(*) FROM i LEFT JOIN (SELECT followee, count(*) n FROM edges GROUP BY 1) g"
        " ON g.followee = i.identity_id WHERE i.followers <> coalesce(g.n, 0)",
    ) == 0


def test_first_generation_reshares_match_the_edge_probabilities(
    db: duckdb.DuckDBPyConnection, truth: dict[str, Any]
) -> None:
    # In the first step of a cascade each follower whose edge exists gets one coin with
    # the edge's p, so direct reshares of posts should add up to the sum of those p.
    ring = ids_sql(truth["ring"]["ids"])
    expected, observed = db.execute(
        f"""
        WITH posts AS (SELECT content_id, author, created_at FROM c
                       WHERE kind = 'post' AND author NOT IN {ring})
        SELECT (SELECT sum(g.p) FROM posts JOIN edges g
                ON g.followee = posts.author AND g.ts <= posts.created_at),
               (SELECT count(*) FROM c r JOIN posts ON r.parent_id = posts.content_id
                WHERE r.kind = 'reshare')
        """
    ).fetchone()  # type: ignore[misc]
    assert observed > 3000
    assert observed / expected == pytest.approx(1.0, abs=0.06)


def test_distinct_offsets_are_distinct_and_uniform() -> None:
    from swaylens.synth import _distinct_offsets

    rng = np.random.default_rng(0)
    # 4000 blocks of 10 slots, 5 draws each: distinct within a block, every slot ~1/2.
    group = np.repeat(np.arange(4000), 5)
    lo = group * 10
    off = _distinct_offsets(rng, group, lo, np.full(len(group), 10), 40_000)
    assert ((off >= 0) & (off < 10)).all()
    assert len(np.unique(lo + off)) == len(off)
    freq = np.bincount(off, minlength=10) / 4000
    assert np.allclose(freq, 0.5, atol=0.03)
    # A block drawn whole.
    full = _distinct_offsets(rng, np.zeros(7, np.int64), np.zeros(7, np.int64),
                             np.full(7, 7), 7)
    assert sorted(full.tolist()) == list(range(7))


# -- determinism and errors -------------------------------------------------------------
def _files(d: Path) -> dict[str, bytes]:
    return {str(p.relative_to(d)): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate(a, 30_000, seed=3, chunk_events=10_000, workers=1)
    generate(b, 30_000, seed=3, chunk_events=10_000, workers=2)
    generate(c, 30_000, seed=4, chunk_events=10_000)
    fa, fb = _files(a), _files(b)
    assert fa.keys() == fb.keys()
    assert "events/part-00002.parquet" in fa
    for name in fa:
        assert fa[name] == fb[name], name
    ea = pq.read_table(a / "events").sort_by("event_id")
    ec = pq.read_table(c / "events").sort_by("event_id")
    assert ea.column("event_id").equals(ec.column("event_id"))
    assert not ea.column("actor").equals(ec.column("actor"))


def test_bad_settings_and_existing_output(tmp_path: Path) -> None:
    with pytest.raises(SwaylensError, match="at least"):
        generate(tmp_path / "x", 10)
    with pytest.raises(SwaylensError, match="unknown setting"):
        generate(tmp_path / "x", 20_000, colour="blue")
    with pytest.raises(SwaylensError, match="post_share"):
        generate(tmp_path / "x", 20_000, post_share=0.0)
    with pytest.raises(SwaylensError, match="too few"):
        generate(tmp_path / "x", 20_000, users=50)
    out = tmp_path / "y"
    generate(out, 20_000, seed=1, chunk_events=10_000)
    with pytest.raises(SwaylensError, match="already holds"):
        generate(out, 20_000)
    report = generate(out, 12_000, seed=2, overwrite=True, chunk_events=10_000)
    assert report.parts == 2
    assert len(list((out / "events").iterdir())) == 2
    assert pq.read_table(out / "events").num_rows == 12_000
    assert SynthSettings().n_users(10**8) == 10**6


# -- ingest ------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.skipif(
    not _HAVE_TABLE, reason="the table adapter (swaylens.sources.table) cannot be imported"
)
def test_ingest_through_the_table_adapter(
    wh: Warehouse, synth: Path, truth: dict[str, Any]
) -> None:
    paths = [synth / "identities.parquet", synth / "contents", synth / "events"]
    report = wh.ingest("table", paths)
    counts = truth["counts"]
    assert report.added == {
        "identities": counts["identities"], "contents": counts["contents"], "events": N,
    }
    assert wh.count("events", "kind = 'reshare'") == counts["events_by_kind"]["reshare"]
    assert wh.count("persons") == counts["identities"]
    assert wh.ingest("table", paths).added == {"identities": 0, "contents": 0, "events": 0}


# -- the id formatter ----------------------------------------------------------------------
@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=10**15), min_size=1, max_size=60),
    st.sampled_from([b"", b"e", b"synth:id:", b"@user"]),
    st.lists(st.booleans(), min_size=60, max_size=60),
)
def test_format_ids_matches_str(values: list[int], prefix: bytes, mask: list[bool]) -> None:
    arr = np.array(values, dtype=np.int64)
    out = format_ids(prefix, arr)
    out.validate(full=True)
    assert out.to_pylist() == [prefix.decode() + str(v) for v in values]
    valid = np.array(mask[: len(values)])
    masked = format_ids(prefix, arr, valid)
    masked.validate(full=True)
    assert masked.to_pylist() == [
        prefix.decode() + str(v) if ok else None for v, ok in zip(values, valid, strict=True)
    ]
    assert masked.null_count == int((~valid).sum())


def test_format_ids_of_a_long_range_matches_arrow_cast() -> None:
    v = np.arange(99_990, 1_000_020, dtype=np.int64)
    expected = pc.binary_join_element_wise("synth:c", pc.cast(pa.array(v), pa.string()), "")
    assert format_ids(b"synth:c", v).equals(expected)
    assert re.fullmatch(r"synth:c\d+", format_ids(b"synth:c", v[:1])[0].as_py())
