"""Identity resolution: suggestions, merge / unmerge / split, mapping files, refs.

The warehouses here are built from real accounts: Twitter users of a real API v2 search
page, GitHub actors of a GH Archive hour, and the users of two Stack Exchange dumps, turned
into identity rows the way the adapters and the warehouse make them (identity id from
``schema.identity_id``, one person per identity, Stack Exchange site users joined to their
AccountId's person as ingest does with ``same_as``).  Expected results are computed in the
tests from the raw files, never from the code under test.
"""

from __future__ import annotations

import contextlib
import html
import importlib.util
import json
import re
import shutil
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swaylens import schema
from swaylens.errors import WarehouseError
from swaylens.warehouse import Warehouse
from swaylens.warehouse import identities as ir

FIXTURES = Path(__file__).parent / "fixtures" / "identities"
TWITTER_PAGE = "api-samples/twitter/api_v2_twarc_csv/brexit_search_page.response.json"
GH_ARCHIVE = "api-samples/github/gharchive_2015-01-01-12_sample.ndjson"
HIGGS = "twitter-higgs/higgs-activity_time.txt.gz"

Row = dict[str, Any]


# -- building warehouses --------------------------------------------------------------------
def ident(network: str, kind: str, value: str, **attrs: Any) -> Row:
    """An identity row as the sink makes it (value lower-cased, own person)."""
    iid = schema.identity_id(network, kind, value)
    return {
        "identity_id": iid, "network": network, "kind": kind, "value": value.lower(),
        "person_id": iid, **attrs,
    }


def insert(wh: Warehouse, rows: list[Row]) -> None:
    """Insert identity rows (first row per id wins) and their persons, as ingest does."""
    seen: dict[str, Row] = {}
    for r in rows:
        seen.setdefault(r["identity_id"], r)
    cols = [f.name for f in schema.IDENTITIES] + ["person_id"]
    fields = [*schema.IDENTITIES, pa.field("person_id", pa.string())]
    table = pa.Table.from_pylist(
        [{c: r.get(c) for c in cols} for r in seen.values()], schema=pa.schema(fields)
    )
    wh.con.register("_test_rows", table)
    try:
        wh.sql(
            f"INSERT INTO identities ({', '.join(cols)}) SELECT {', '.join(cols)}"
            " FROM _test_rows WHERE identity_id NOT IN (SELECT identity_id FROM identities)"
        )
    finally:
        wh.con.unregister("_test_rows")
    # The warehouse names a new person after its identities (the person's own one here).
    wh.sql(
        """
        INSERT INTO persons
        SELECT i.person_id, coalesce(o.display_name, o.handle, o.value)
        FROM (SELECT DISTINCT person_id FROM identities) i
        JOIN identities o ON o.identity_id = i.person_id
        WHERE i.person_id NOT IN (SELECT person_id FROM persons)
        """
    )


def se_users(shared: Path, folder: str) -> list[dict[str, str]]:
    text = (shared / "stackexchange" / folder / "Users.xml").read_text(encoding="utf-8-sig")
    return [
        {k: html.unescape(v) for k, v in re.findall(r'(\w+)="([^"]*)"', row)}
        for row in re.findall(r"<row [^>]*/>", text)
    ]


def se_rows(shared: Path, folder: str, site: str, *, joined: bool) -> list[Row]:
    """Per-site users and their network accounts, as the Stack Exchange adapter emits them.

    ``joined``: the site user is in its account's person, as ingest leaves it (same_as).
    """
    rows: list[Row] = []
    for u in se_users(shared, folder):
        acc = schema.identity_id("stackexchange", "account", u["AccountId"])
        name = u.get("DisplayName")
        rows.append(
            ident(
                "stackexchange", "id", f"{site}/{u['Id']}", source_id=u["Id"], handle=name,
                display_name=name, url=u.get("WebsiteUrl"), profile=u.get("AboutMe"),
                same_as=[acc], **({"person_id": acc} if joined else {}),
            )
        )
        rows.append(
            ident(
                "stackexchange", "account", u["AccountId"], source_id=u["AccountId"],
                display_name=name, url=f"https://stackexchange.com/users/{u['AccountId']}",
            )
        )
    return rows


def twitter_users(shared: Path) -> list[dict[str, Any]]:
    page = json.loads((shared / TWITTER_PAGE).read_text())
    users: list[dict[str, Any]] = page["includes"]["users"]
    return users


def twitter_rows(shared: Path) -> list[Row]:
    rows = []
    for u in twitter_users(shared):
        url = u.get("url") or None
        for e in u.get("entities", {}).get("url", {}).get("urls", []):
            url = e.get("expanded_url") or url
        rows.append(
            ident(
                "twitter", "id", u["id"], source_id=u["id"], handle=u["username"],
                display_name=u["name"], profile=u.get("description") or None, url=url,
                followers=u["public_metrics"]["followers_count"],
            )
        )
    return rows


def github_actors(shared: Path) -> dict[str, int]:
    actors: dict[str, int] = {}
    for line in (shared / GH_ARCHIVE).read_text().splitlines():
        a = json.loads(line)["actor"]
        actors[a["login"]] = a["id"]
    return actors


def github_rows(shared: Path) -> list[Row]:
    return [
        ident(
            "github", "id", str(uid), source_id=str(uid), handle=login,
            url=f"https://github.com/{login}",
        )
        for login, uid in github_actors(shared).items()
    ]


@pytest.fixture(scope="session")
def real_rows(shared: Path) -> list[Row]:
    return (
        twitter_rows(shared) + github_rows(shared)
        + se_rows(shared, "cardano", "cardano", joined=True)
    )


@pytest.fixture
def real(wh: Warehouse, real_rows: list[Row]) -> Warehouse:
    insert(wh, real_rows)
    return wh


def dump(wh: Warehouse) -> dict[str, list[tuple[Any, ...]]]:
    """Full contents of the tables identity resolution changes (merges log excluded)."""
    return {
        t: sorted(map(tuple, wh.sql(f"SELECT * FROM {t}").fetchall()), key=repr)
        for t in ("identities", "persons", "contents", "events")
    }


def person_of(wh: Warehouse, iid: str) -> str:
    row = wh.sql("SELECT person_id FROM identities WHERE identity_id = ?", [iid]).fetchone()
    assert row is not None, iid
    return str(row[0])


def pairs(sug: list[ir.Suggestion]) -> dict[frozenset[str], ir.Suggestion]:
    return {frozenset((s.person_a, s.person_b)): s for s in sug}


def check_invariants(wh: Warehouse) -> None:
    """Every identity's person exists; every person has identities."""
    orphans = wh.count("identities", "person_id NOT IN (SELECT person_id FROM persons)")
    empty = wh.count("persons", "person_id NOT IN (SELECT person_id FROM identities)")
    dupes = wh.sql(
        "SELECT count(*) - count(DISTINCT person_id) FROM persons"
    ).fetchone()
    assert (orphans, empty, dupes and dupes[0]) == (0, 0, 0)


# -- name normalisation ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "norm"),
    [
        ("José  Álvarez", "jose alvarez"),
        ("ＡＬＩＣＥ Ｓｍｉｔｈ", "alice smith"),  # full-width forms
        ("𝓐𝓵𝓲𝓬𝓮 𝓢𝓶𝓲𝓽𝓱", "alice smith"),  # mathematical script letters
        ("🐟carol hedges", "carol hedges"),
        ("Jacqui Pritchard,#RejoinEU #FBPE", "jacqui pritchard"),
        ("Renée O'Brien", "renee o brien"),
        ("Straße", "strasse"),  # case folding
        ("  ", ""),
    ],
)
def test_normalise_name(raw: str, norm: str) -> None:
    assert ir.normalise_name(raw) == norm


# -- suggest: evidence rules -------------------------------------------------------------------
def test_same_handle_across_networks_real_twitter_users(wh: Warehouse, shared: Path) -> None:
    users = twitter_users(shared)[:40]
    rows = twitter_rows(shared)
    # The same people on GitHub (exact handle, other case), on Mastodon (user@instance:
    # only the user part matches) and, for one, as "@handle" on Reddit.
    for u in users[:20]:
        rows.append(ident("github", "handle", u["username"].upper(), handle=u["username"].upper()))
    for u in users[20:30]:
        acct = f"{u['username']}@mastodon.social"
        rows.append(ident("mastodon", "handle", acct, handle=acct))
    at_handle = users[30]["username"]
    rows.append(ident("reddit", "handle", at_handle, handle="@" + at_handle))
    insert(wh, rows)
    sug = pairs(ir.suggest(wh, min_confidence=0.0))

    def sug_for(a: str, b: str) -> ir.Suggestion:
        return sug[frozenset((a, b))]

    for u in users[:20]:
        s = sug_for(f"twitter:id:{u['id']}", f"github:handle:{u['username'].lower()}")
        (e,) = s.evidence
        assert e.type == "same_handle"
        n = len(u["username"])
        assert e.confidence == (0.75 if n >= 8 else 0.6 if n >= 5 else 0.4 if n >= 3 else 0.25)
    for u in users[20:30]:
        acct = f"{u['username'].lower()}@mastodon.social"
        s = sug_for(f"twitter:id:{u['id']}", f"mastodon:handle:{acct}")
        (e,) = s.evidence
        assert e.type == "same_handle" and "user part" in e.detail
        full = 0.75 if len(u["username"]) >= 8 else 0.6 if len(u["username"]) >= 5 else 0.4
        assert e.confidence == pytest.approx(full * 0.6)
    assert sug_for(f"twitter:id:{users[30]['id']}", f"reddit:handle:{at_handle.lower()}")
    # Nothing else: distinct twitter users never pair up.
    assert len(sug) == 31


def test_same_account_id_and_handle(wh: Warehouse, shared: Path) -> None:
    # The real ActivityPub actor, as the Mastodon adapter emits it (kind url), and the same
    # account as a REST account (kind handle, the full acct).
    actor = json.loads(
        (shared / "api-samples/mastodon/activitypub/actor_export_mastodon_social_vidarh.json")
        .read_text()
    )
    acct = f"{actor['preferredUsername']}@mastodon.social"
    insert(wh, [
        ident("twitter", "id", "12", source_id="12", handle="Alice_W", display_name="Alice"),
        ident("twitter", "handle", "alice_w", handle="alice_w"),
        ident("mastodon", "url", actor["id"], source_id=actor["id"], handle=acct,
              url=actor["url"], display_name=actor["name"]),
        ident("mastodon", "handle", acct, handle=acct, url=actor["url"],
              display_name=actor["name"]),
        # a handle that two id identities claim (renamed, then reused): no evidence
        ident("github", "id", "1", handle="bobby"),
        ident("github", "id", "2", handle="Bobby"),
        ident("github", "handle", "bobby", handle="bobby"),
    ])
    sug = ir.suggest(wh)
    assert [(s.person_a, s.person_b) for s in sug] == [
        ("mastodon:handle:vidarh@mastodon.social",
         "mastodon:url:https://mastodon.social/users/vidarh"),
        ("twitter:handle:alice_w", "twitter:id:12"),
    ]
    for s in sug:
        (e,) = s.evidence  # same_account only: same-network names and URLs are no evidence
        assert (e.type, e.confidence) == ("same_account", 0.95)


def test_profile_links_of_real_stack_exchange_users(real: Warehouse, shared: Path) -> None:
    # Independently: Cardano users whose WebsiteUrl or AboutMe links a GitHub / Twitter
    # profile (not a repository); give each linked account an identity as the GitHub and
    # Twitter adapters would for a handle they saw.
    profile = re.compile(r"https?://(?:www\.)?(github|twitter)\.com/([A-Za-z0-9_-]+)/?")
    expected: dict[tuple[str, str], float] = {}
    targets: list[Row] = []
    for u in se_users(shared, "cardano"):
        site_iid = f"stackexchange:id:cardano/{u['Id']}"
        found = []
        m = profile.fullmatch(u.get("WebsiteUrl", ""))
        if m:
            found.append((m, 0.9))
        for m in profile.finditer(u.get("AboutMe", "")):
            if u["AboutMe"][m.end():m.end() + 1] in ('"', "<", " ", "\n", ""):
                found.append((m, 0.8))
        for m, conf in found:
            net, handle = m.group(1), m.group(2)
            targets.append(ident(net, "handle", handle, handle=handle))
            key = (site_iid, schema.identity_id(net, "handle", handle))
            expected[key] = max(conf, expected.get(key, 0))
    assert len(expected) >= 30  # the dump has dozens such links
    insert(real, targets)
    got: dict[tuple[str, str], float] = {}
    for s in ir.suggest(real):
        for e in s.evidence:
            if e.type == "profile_link":
                key = (e.identities[0], e.identities[1])
                got[key] = max(e.confidence, got.get(key, 0))
    for key, conf in expected.items():
        assert got.get(key) == conf, key


MASTO = "alice_w@hachyderm.io"


@pytest.mark.parametrize(
    ("field", "text", "target", "conf"),
    [
        ("url", "https://x.com/alice_w", ("twitter", "handle", "alice_w"), 0.9),
        ("profile", "me: twitter.com/@Alice_W, ok", ("twitter", "handle", "alice_w"), 0.8),
        ("profile", "Also @alice_w@hachyderm.io", ("mastodon", "handle", MASTO), 0.8),
        ("url", "https://hachyderm.io/@alice_w", ("mastodon", "handle", MASTO), 0.9),
        ("profile", "<a href=\"https://bsky.app/profile/alice.bsky.social\">bsky</a>",
         ("bluesky", "handle", "alice.bsky.social"), 0.8),
        ("url", "https://bsky.app/profile/did:plc:wq4aajammjtxdomz3e23667t",
         ("bluesky", "did", "did:plc:wq4aajammjtxdomz3e23667t"), 0.9),
        ("profile", "@alice.bsky.social on bsky", ("bluesky", "handle", "alice.bsky.social"), 0.8),
        ("url", "https://www.reddit.com/user/Alice_W/", ("reddit", "handle", "alice_w"), 0.9),
        ("profile", "see https://stackoverflow.com/users/17/alice-w",
         ("stackexchange", "id", "stackoverflow/17"), 0.8),
        ("url", "https://cardano.stackexchange.com/users/39/nick-craver",
         ("stackexchange", "id", "cardano/39"), 0.9),
        ("profile", "https://stackexchange.com/users/4485506/rob",
         ("stackexchange", "account", "4485506"), 0.8),
        ("url", "https://alice-w.github.io/", ("github", "handle", "alice-w"), 0.7),
        ("profile", "my code: https://github.com/alice-w/dotfiles", ("github", "handle", "alice-w"),
         0.45),
        ("profile", "blog at https://alice.example.org/about", ("web", "url", "alice-site"), 0.75),
    ],
)
def test_profile_link_patterns(
    wh: Warehouse, field: str, text: str, target: tuple[str, str, str], conf: float
) -> None:
    net, kind, value = target
    attrs: dict[str, Any] = {}
    if kind == "handle":
        attrs["handle"] = value
    if net == "web":  # an identity whose url is the linked page
        attrs["url"] = "http://www.alice.example.org/about/"
    src = ident("discourse", "id", "7", **{field: text})
    insert(wh, [src, ident(net, kind, value, **attrs)])
    (s,) = ir.suggest(wh, min_confidence=0.0)
    (e,) = s.evidence
    assert e.type == "profile_link"
    assert e.identities == [src["identity_id"], schema.identity_id(net, kind, value)]
    assert e.confidence == conf
    assert e.detail.startswith(f"{field} of discourse:id:7 links ")


@pytest.mark.parametrize(
    "text",
    [
        "https://twitter.com/intent/tweet?text=hi",
        "mail me at alice_w@hachyderm.io",  # an e-mail address, not @user@instance
        "https://medium.com/@alice_w",  # /@user on a non-Mastodon host
        "https://github.com/orgs/alice_w",
        "https://notx.com/alice_w",  # x.com inside another domain
        "https://github.com/alice_wx",  # a different handle
    ],
)
def test_profile_link_non_matches(wh: Warehouse, text: str) -> None:
    insert(wh, [
        ident("discourse", "id", "7", profile=text),
        ident("twitter", "handle", "alice_w", handle="alice_w"),
        ident("mastodon", "handle", "alice_w@hachyderm.io", handle="alice_w@hachyderm.io"),
        ident("github", "handle", "alice_w", handle="alice_w"),
        ident("github", "handle", "orgs", handle="orgs"),
    ])
    linked = [
        s for s in ir.suggest(wh, min_confidence=0.0)
        if any(e.type == "profile_link" for e in s.evidence)
    ]
    assert linked == []


def test_urls_of_things_and_shared_websites(wh: Warehouse) -> None:
    insert(wh, [
        # the same video is not the same person (the query names the video)
        ident("stackexchange", "id", "cardano/1035",
              profile='<a href="https://www.youtube.com/watch?v=9dfMCVa-4Es">talk</a>'),
        ident("twitter", "id", "1", url="https://youtube.com/watch?v=9dfMCVa-4Es"),
        ident("reddit", "handle", "v2", url="https://youtube.com/watch?v=other"),
        # the same personal site, in both url fields and in a bio
        ident("twitter", "id", "2", url="https://www.alice.dev/"),
        ident("github", "id", "3", handle="alice-dev", url="http://alice.dev"),
        ident("reddit", "handle", "alice_r", profile="I write at https://alice.dev."),
        # a company site four persons list is no evidence
        *(ident("discourse", "handle", f"f/u{i}", url="https://acme.example.com/")
          for i in range(4)),
        ident("twitter", "id", "4", url="https://acme.example.com"),
    ])
    got = {
        (e.type, *sorted(e.identities), e.confidence)
        for s in ir.suggest(wh, min_confidence=0.0) for e in s.evidence
    }
    assert got == {
        ("same_website", "github:id:3", "twitter:id:2", 0.7),
        ("profile_link", "reddit:handle:alice_r", "twitter:id:2", 0.75),
        ("profile_link", "github:id:3", "reddit:handle:alice_r", 0.75),
    }


def test_same_network_needs_mutual_links(wh: Warehouse) -> None:
    insert(wh, [
        ident("github", "id", "1", handle="alice", profile="I work at github.com/acme"),
        ident("github", "id", "2", handle="acme"),
        ident("twitter", "id", "3", handle="bob", url="https://twitter.com/bob2"),
        ident("twitter", "id", "4", handle="bob2", url="https://twitter.com/bob"),
    ])
    sug = ir.suggest(wh, min_confidence=0.0)
    assert [(s.person_a, s.person_b) for s in sug] == [("twitter:id:3", "twitter:id:4")]
    assert [e.confidence for e in sug[0].evidence] == [0.9, 0.9]
    assert sug[0].confidence == pytest.approx(0.99)


def test_display_names_weighed_by_rarity(wh: Warehouse, shared: Path) -> None:
    carol = next(u for u in twitter_users(shared) if u["username"] == "carolJhedges")
    insert(wh, [
        *twitter_rows(shared),
        ident("github", "id", "100", handle="c-hedges", display_name="Carol  Hedges"),
        # a common name: four persons on GitHub, one on Reddit
        *(ident("github", "id", str(200 + i), handle=f"js{i}", display_name="John Smith")
          for i in range(4)),
        ident("reddit", "handle", "jsmith_r", handle="jsmith_r", display_name="john smith"),
        # one word and short names
        ident("reddit", "handle", "dan1", handle="dan1", display_name="Daniel"),
        ident("github", "id", "300", handle="dan2", display_name="DANIEL"),
        ident("reddit", "handle", "bo_r", handle="bo_r", display_name="Bo"),
        ident("github", "id", "301", handle="bo_g", display_name="Bo"),
    ])
    assert ir.suggest(wh) == []  # a display name alone never reaches 0.5
    sug = pairs(ir.suggest(wh, min_confidence=0.0))
    (e,) = sug[frozenset((f"twitter:id:{carol['id']}", "github:id:100"))].evidence
    assert (e.type, e.confidence) == ("same_display_name", 0.45)
    (e,) = sug[frozenset(("github:id:200", "reddit:handle:jsmith_r"))].evidence
    assert e.confidence == pytest.approx(0.45 / 4)
    (e,) = sug[frozenset(("github:id:300", "reddit:handle:dan1"))].evidence
    assert e.confidence == 0.2
    assert frozenset(("github:id:301", "reddit:handle:bo_r")) not in sug
    # With the handle as well the pair passes the default threshold (noisy-or).
    wh.sql("UPDATE identities SET handle = 'caroljhedges' WHERE identity_id = 'github:id:100'")
    (s,) = ir.suggest(wh)
    assert {e.type for e in s.evidence} == {"same_handle", "same_display_name"}
    assert s.confidence == pytest.approx(1 - (1 - 0.75) * (1 - 0.45))


def test_stack_exchange_display_names_are_not_handles(wh: Warehouse) -> None:
    insert(wh, [
        ident("stackexchange", "id", "cardano/79", handle="Rob", display_name="Rob"),
        ident("twitter", "handle", "rob", handle="rob"),
    ])
    assert all(
        e.type != "same_handle" for s in ir.suggest(wh, min_confidence=0.0) for e in s.evidence
    )


def test_stack_exchange_accounts_link_sites(wh: Warehouse, shared: Path) -> None:
    # Independently: accounts with a user on both sites.
    cardano = {u["AccountId"] for u in se_users(shared, "cardano")}
    bikes = {u["AccountId"] for u in se_users(shared, "bicycles-meta")}
    both = cardano & bikes
    assert len(both) >= 50
    # Not joined at ingest (e.g. after a split): same_as is evidence for suggest.
    insert(wh, se_rows(shared, "cardano", "cardano", joined=False)
           + se_rows(shared, "bicycles-meta", "bicycles.meta", joined=False))
    sug = ir.suggest(wh, min_confidence=0.9)
    same = [s for s in sug if any(e.type == "same_account" for e in s.evidence)]
    assert len(same) == wh.count("identities", "kind = 'id'")  # one per site user
    for s in same:
        e = next(e for e in s.evidence if e.type == "same_account")
        assert e.confidence == 0.99 and e.identities[1].startswith("stackexchange:account:")
    results = ir.merge_suggestions(wh, same, reason="same account")
    assert len(results) == len(cardano | bikes)  # one merge per account
    assert len({r.merge_id for r in results}) == len(results)
    assert all(r.person_id.startswith("stackexchange:account:") for r in results)
    multi_site = wh.sql(
        """
        SELECT count(*) FROM (
            SELECT person_id FROM identities WHERE kind = 'id' GROUP BY person_id
            HAVING bool_or(value LIKE 'cardano/%') AND bool_or(value LIKE 'bicycles.meta/%'))
        """
    ).fetchone()
    assert multi_site == (len(both),)
    assert wh.count("persons") == len(cardano | bikes)
    check_invariants(wh)
    # Now nothing of that kind is left to suggest.
    assert not [s for s in ir.suggest(wh) if any(e.type == "same_account" for e in s.evidence)]


def test_suggest_never_pairs_one_person_and_respects_limit(real: Warehouse) -> None:
    insert(real, [
        ident("mastodon", "handle", f"{login}@fosstodon.org", handle=f"{login}@fosstodon.org")
        for login in list(github_actors_from(real))[:12]
    ])
    sug = ir.suggest(real, min_confidence=0.0)
    assert len(sug) >= 12
    assert [s.confidence for s in sug] == sorted((s.confidence for s in sug), reverse=True)
    assert ir.suggest(real, min_confidence=0.0, limit=5) == sug[:5]
    assert all(s.person_a < s.person_b for s in sug)
    json.dumps([asdict(s) for s in sug])  # plain data
    top = sug[0]
    ir.merge(real, [top.person_a, top.person_b])
    assert frozenset((top.person_a, top.person_b)) not in pairs(ir.suggest(real, min_confidence=0))
    with pytest.raises(WarehouseError, match="min_confidence"):
        ir.suggest(real, min_confidence=1.5)


def github_actors_from(wh: Warehouse) -> list[str]:
    return [r[0] for r in wh.sql(
        "SELECT handle FROM identities WHERE network = 'github' ORDER BY handle"
    ).fetchall()]


def test_suggest_on_read_only_warehouse(real: Warehouse, tmp_path: Path) -> None:
    insert(real, [ident("reddit", "handle", "kevinvanhove", handle="kevinvanhove")])
    expected = ir.suggest(real)
    real.close()
    with Warehouse(real.path, read_only=True) as ro:
        assert ir.suggest(ro) == expected
        with pytest.raises(WarehouseError, match="read-only"):
            ir.merge(ro, ["github:kevinvanhove", "reddit:kevinvanhove"])


# -- resolve ------------------------------------------------------------------------------------
def test_resolve_refs(real: Warehouse, shared: Path) -> None:
    insert(real, se_rows(shared, "bicycles-meta", "bicycles.meta", joined=True))
    assert ir.resolve(real, "twitter:id:4203239195") == ["twitter:id:4203239195"]
    assert ir.resolve(real, "stackexchange:id:Cardano/39") == ["stackexchange:id:cardano/39"]
    assert ir.resolve(real, "twitter:WarmongerHodges") == ["twitter:id:4203239195"]
    assert ir.resolve(real, "twitter:@warmongerhodges") == ["twitter:id:4203239195"]
    assert ir.resolve(real, "github:1780538") == ["github:id:1780538"]  # source id
    # A person id names all its identities (a site user joined to its account).
    # A person id that is also an identity id names that identity; a label person
    # names all its identities.
    acc = person_of(real, "stackexchange:id:cardano/39")
    assert acc.startswith("stackexchange:account:")
    assert ir.resolve(real, acc) == [acc]
    ir.merge(real, [acc, "github:kevinvanhove"])
    ir.apply_mapping(real, FIXTURES / "people.yaml")
    first = ir.resolve(real, "person:first person")
    assert {"github:id:1780538", acc, "stackexchange:id:cardano/39", "twitter:id:4203239195",
            "stackexchange:id:bicycles.meta/833"} == set(first)  # Nick Craver on both sites
    # stackexchange:39 is user 39 on both sites (two people), so ambiguous, naming both.
    with pytest.raises(WarehouseError, match="ambiguous") as err:
        ir.resolve(real, "stackexchange:39")
    assert "stackexchange:id:cardano/39" in str(err.value)
    assert "stackexchange:id:bicycles.meta/39" in str(err.value)
    with pytest.raises(WarehouseError, match="unknown identity or person 'twitter:nobody_here'"):
        ir.resolve(real, "twitter:nobody_here")
    with pytest.raises(WarehouseError, match="no network 'myspace'"):
        ir.resolve(real, "myspace:alice")
    with pytest.raises(WarehouseError, match="unknown"):
        ir.resolve(real, "no-colon")
    with pytest.raises(WarehouseError, match="empty"):
        ir.resolve(real, "  ")


def test_resolve_same_person_candidates_are_not_ambiguous(wh: Warehouse) -> None:
    insert(wh, [
        ident("github", "id", "583231", source_id="583231", handle="octocat"),
        ident("github", "handle", "octocat", handle="octocat"),
    ])
    with pytest.raises(WarehouseError, match="ambiguous"):
        ir.resolve(wh, "github:octocat")
    ir.merge(wh, ["github:id:583231", "github:handle:octocat"])
    assert ir.resolve(wh, "github:octocat") == ["github:handle:octocat", "github:id:583231"]


# -- merge / unmerge / split ---------------------------------------------------------------------
def test_merge_unmerge_round_trip(real: Warehouse) -> None:
    before = dump(real)
    n_ident = real.count("identities")
    r = ir.merge(real, ["twitter:WarmongerHodges", "github:kevinvanhove",
                        "stackexchange:id:cardano/39"], reason="test")
    assert r.merge_id == 1
    acc39 = person_of(real, "stackexchange:id:cardano/39")
    assert r.person_id == "twitter:id:4203239195"
    assert set(r.moved) >= {"github:id:1780538", "stackexchange:id:cardano/39"}
    assert acc39 == r.person_id and r.identities == len(r.moved) + 1
    assert real.count("identities") == n_ident
    assert real.count("merges", "merge_id = 1") == len(r.moved)
    check_invariants(real)
    assert ir.merge(real, ["twitter:WarmongerHodges", "github:kevinvanhove"]).merge_id is None
    u = ir.unmerge(real, 1)
    assert sorted(u.restored) == sorted(r.moved)
    assert sorted(u.restored_persons) == sorted(r.removed_persons)
    assert dump(real) == before
    assert real.sql("SELECT bool_and(undone) FROM merges WHERE merge_id = 1").fetchone() == (True,)
    with pytest.raises(WarehouseError, match="already undone"):
        ir.unmerge(real, 1)
    with pytest.raises(WarehouseError, match="no merge 99"):
        ir.unmerge(real, 99)


def test_merge_into_and_persons_table(real: Warehouse) -> None:
    r = ir.merge(real, ["github:kevinvanhove", "twitter:jacquip537"], into="twitter:jacquip537")
    assert r.person_id == "twitter:id:4100727022"
    assert real.count("persons", "person_id = 'github:id:1780538'") == 0
    assert r.removed_persons == ["github:id:1780538"]
    names = real.sql(
        "SELECT display_name FROM persons WHERE person_id = 'twitter:id:4100727022'"
    ).fetchone()
    assert names is not None and names[0].startswith("Jacqui Pritchard")
    with pytest.raises(WarehouseError, match="no identities"):
        ir.merge(real, [])
    with pytest.raises(WarehouseError, match="unknown"):
        ir.merge(real, ["github:kevinvanhove", "github:nobody_zz"])
    check_invariants(real)


def test_unmerge_of_a_merge_built_upon(real: Warehouse) -> None:
    before = dump(real)
    m1 = ir.merge(real, ["github:kevinvanhove", "github:remidewitte"]).merge_id
    m2 = ir.merge(real, ["twitter:WarmongerHodges", "github:remidewitte"]).merge_id
    assert (m1, m2) == (1, 2)
    # Merge 2 moved merge 1's identities again: undoing 1 first must refuse, naming 2.
    with pytest.raises(WarehouseError, match=r"merge 1 cannot be undone.*later merge\(s\) 2"):
        ir.unmerge(real, 1)
    after_m2 = dump(real)
    assert dump(real) == after_m2  # the refusal changed nothing
    ir.unmerge(real, 2)
    ir.unmerge(real, 1)
    assert dump(real) == before
    check_invariants(real)


def test_unmerge_with_an_independent_later_merge(real: Warehouse) -> None:
    before = dump(real)
    ir.merge(real, ["github:kevinvanhove", "github:remidewitte"])  # 1: remidewitte -> kevin
    ir.merge(real, ["github:kevinvanhove", "twitter:jacquip537"])  # 2: jacqui -> kevin
    u = ir.unmerge(real, 1)  # only remidewitte leaves; jacqui stays with kevin
    assert u.restored == ["github:id:678465"]
    assert person_of(real, "twitter:id:4100727022") == "github:id:1780538"
    assert person_of(real, "github:id:678465") == "github:id:678465"
    check_invariants(real)
    ir.unmerge(real, 2)
    assert dump(real) == before


def test_split_and_its_unmerge(real: Warehouse) -> None:
    before = dump(real)
    ir.merge(real, ["github:kevinvanhove", "github:remidewitte", "twitter:jacquip537"])
    merged = dump(real)
    # A non-anchor identity leaves into its own person.
    s = ir.split(real, "github:remidewitte")
    assert (s.person_id, s.moved) == ("github:id:678465", ["github:id:678465"])
    assert person_of(real, "github:id:678465") == "github:id:678465"
    check_invariants(real)
    assert s.merge_id is not None
    ir.unmerge(real, s.merge_id)
    assert dump(real) == merged
    # The anchor: the others leave under the smallest of their ids.
    s2 = ir.split(real, "github:id:1780538")
    assert s2.moved == ["github:id:678465", "twitter:id:4100727022"]
    assert person_of(real, "twitter:id:4100727022") == "github:id:678465"
    assert person_of(real, "github:id:1780538") == "github:id:1780538"
    check_invariants(real)
    assert s2.merge_id is not None
    ir.unmerge(real, s2.merge_id)
    assert dump(real) == merged
    assert ir.split(real, "github:id:1121789").merge_id is None  # already alone
    ir.unmerge(real, 1)
    assert dump(real) == before
    # A labelled person is not one identity.
    ir.apply_mapping(real, FIXTURES / "people.yaml")
    with pytest.raises(WarehouseError, match="give one identity"):
        ir.split(real, "person:first person")


def test_merging_never_loses_an_identity(real: Warehouse, shared: Path) -> None:
    ids_before = {r[0] for r in real.sql("SELECT identity_id FROM identities").fetchall()}
    insert(real, se_rows(shared, "bicycles-meta", "bicycles.meta", joined=False))
    ids_before |= {r[0] for r in real.sql("SELECT identity_id FROM identities").fetchall()}
    ir.merge_suggestions(real, ir.suggest(real, min_confidence=0.5))
    assert real.count("merges") > 2000
    ids_after = {r[0] for r in real.sql("SELECT identity_id FROM identities").fetchall()}
    assert ids_after == ids_before
    check_invariants(real)
    # Undo the newest merges one by one (each its own transaction).
    newest = ir.list_merges(real)[:20]
    for m in newest:
        ir.unmerge(real, m.merge_id)
    assert len(ir.list_merges(real, include_undone=True)) - len(ir.list_merges(real)) == 20
    ids_undone = {r[0] for r in real.sql("SELECT identity_id FROM identities").fetchall()}
    assert ids_undone == ids_before
    check_invariants(real)


def test_failed_change_rolls_back(real: Warehouse, monkeypatch: pytest.MonkeyPatch) -> None:
    before = dump(real)
    orig = ir._merge_groups

    def failing(*a: Any, **kw: Any) -> list[ir.MergeResult]:
        orig(*a, **kw)  # every write is made, then the disk "fills up"
        raise RuntimeError("disk full")

    monkeypatch.setattr(ir, "_merge_groups", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        ir.apply_mapping(real, FIXTURES / "people.yaml")
    with pytest.raises(RuntimeError, match="disk full"):
        ir.merge(real, ["github:kevinvanhove", "twitter:jacquip537"])
    assert dump(real) == before
    assert real.count("merges") == 0


# -- mapping files --------------------------------------------------------------------------------
def test_mapping_yaml_and_csv_are_idempotent(real: Warehouse) -> None:
    r1 = ir.apply_mapping(real, FIXTURES / "people.yaml")
    assert (r1.persons, len(r1.merges)) == (2, 2)
    first = real.sql(
        "SELECT identity_id FROM identities WHERE person_id = 'person:first person' ORDER BY 1"
    ).fetchall()
    assert first == [("github:id:1780538",), ("twitter:id:4203239195",)]
    # The Stack Exchange user brings its whole person (its network account) along.
    second = {r[0] for r in real.sql(
        "SELECT identity_id FROM identities WHERE person_id = 'person:second person'"
    ).fetchall()}
    assert {"twitter:id:4100727022", "stackexchange:id:cardano/1"} < second
    assert any(i.startswith("stackexchange:account:") for i in second)
    assert real.sql(
        "SELECT display_name FROM persons WHERE person_id = 'person:first person'"
    ).fetchone() == ("first person",)
    r2 = ir.apply_mapping(real, FIXTURES / "people.csv")
    r3 = ir.apply_mapping(real, FIXTURES / "people_refs.csv")
    assert (len(r2.merges), len(r3.merges)) == (2, 1)
    check_invariants(real)
    state, log = dump(real), real.count("merges")
    for f in ("people.yaml", "people.csv", "people_refs.csv"):
        again = ir.apply_mapping(real, FIXTURES / f)
        assert (again.merges, again.moved) == ([], 0)
    assert (dump(real), real.count("merges")) == (state, log)
    # Each label's merge can be undone on its own.
    ir.unmerge(real, r1.merges[0])
    assert real.count("persons", "person_id = 'person:first person'") == 0
    assert person_of(real, "twitter:id:4203239195") == "twitter:id:4203239195"
    check_invariants(real)


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    p = tmp_path / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text)
    return p


@pytest.mark.parametrize(
    ("name", "text", "match"),
    [
        ("a.yaml", "alice:\n  - twitter:id:4203239195\n  - github:no_such_login\n",
         r"a\.yaml \(line 3\): unknown identity or person 'github:no_such_login'"),
        ("a.csv", "person,identity\nalice,twitter:id:4203239195\n\nalice,reddit:ghost\n",
         r"a\.csv \(line 4\): unknown identity or person 'reddit:ghost'"),
        ("a.csv", "person,network,kind,value\nalice,github,id,999999999\n",
         r"a\.csv \(line 2\): unknown identity or person 'github:id:999999999'"),
        ("a.yaml", "alice:\n  - twitter:WarmongerHodges\nbob:\n  - twitter:id:4203239195\n",
         r"line 4\).*line 2 already puts in 'alice'"),
        ("a.csv", "who,what\nalice,x\n", r"a\.csv \(line 1\): header must be"),
        ("a.csv", "person,identity\nalice,\n", r"line 2\): needs a person and an identity"),
        ("a.csv", "", r"empty mapping file"),
        ("a.yaml", "", r"empty mapping file"),
        ("a.yaml", "- just\n- a list\n", r"line 1\): expected a mapping"),
        ("a.yaml", "alice: [twitter:x\n", r"a\.yaml \(line 2\): not valid YAML"),
        ("a.yaml", "alice:\n  - [nested]\n", r"line 2\): identities of 'alice' must be strings"),
        ("a.yaml", b"alice: [\xff\xfe]\n", r"not UTF-8"),
        ("a.json", "{}", r"mapping files are \.csv, \.yaml or \.yml"),
    ],
)
def test_mapping_errors_name_file_and_line(
    real: Warehouse, tmp_path: Path, name: str, text: str | bytes, match: str
) -> None:
    before = dump(real)
    with pytest.raises(WarehouseError, match=match):
        ir.apply_mapping(real, write(tmp_path, name, text))
    assert dump(real) == before


def test_mapping_missing_file(real: Warehouse, tmp_path: Path) -> None:
    with pytest.raises(WarehouseError, match="no such mapping file"):
        ir.apply_mapping(real, tmp_path / "nope.yaml")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".csv", ".yaml"]))
def test_read_mapping_fuzz(tmp_path_factory: pytest.TempPathFactory, data: bytes,
                           suffix: str) -> None:
    p = tmp_path_factory.mktemp("fuzz") / f"m{suffix}"
    p.write_bytes(data)
    with contextlib.suppress(WarehouseError):
        ir.read_mapping(p)


# -- listing --------------------------------------------------------------------------------------
def test_person_identities_and_listing(real: Warehouse) -> None:
    r = ir.merge(real, ["github:kevinvanhove", "twitter:WarmongerHodges"], reason="same artist")
    infos = ir.person_identities(real, "twitter:WarmongerHodges")
    assert [i.identity_id for i in infos] == ["github:id:1780538", "twitter:id:4203239195"]
    assert [i.merge_id for i in infos] == [None, r.merge_id]  # the first ref's person
    assert infos[1].followers is not None and infos[1].display_name
    json.dumps([asdict(i) for i in infos])
    top = ir.list_persons(real, min_identities=2)
    assert top[0].person_id == "github:id:1780538" or top[0].identities >= 2
    assert any(p.person_id == "github:id:1780538" and p.networks == ["github", "twitter"]
               for p in top)
    assert [p.person_id for p in ir.list_persons(real, search="warmonger")] == [
        "github:id:1780538"]
    assert all("github" in p.networks for p in ir.list_persons(real, network="github"))
    assert len(ir.list_persons(real, limit=3)) == 3
    log = ir.list_merges(real)
    assert [(m.merge_id, m.reason, m.identities) for m in log] == [(1, "same artist", 1)]
    ir.unmerge(real, 1)
    assert ir.list_merges(real) == []
    assert ir.list_merges(real, include_undone=True)[0].undone
    json.dumps([asdict(m) for m in ir.list_merges(real, include_undone=True)])


# -- scale ----------------------------------------------------------------------------------------
@pytest.mark.slow
def test_suggest_scales_to_300k_identities(wh: Warehouse) -> None:
    """300k identities on 4 networks, every handle on all four, bios with links."""
    n = 300_000
    nets = "['twitter', 'github', 'mastodon', 'reddit'][1 + i % 4]"
    wh.sql(
        f"""
        INSERT INTO identities (identity_id, network, kind, value, source_id, handle,
                                display_name, url, profile, person_id)
        SELECT {nets} || ':id:' || i, {nets}, 'id', i::VARCHAR, i::VARCHAR,
               'user' || (i // 4) || CASE WHEN i % 4 = 2 THEN '@mastodon.social' ELSE '' END,
               ['Alice', 'Bob', 'Carol', 'Dave', 'Eve', 'Frank'][1 + i % 6] || ' '
                 || ['Smith', 'Jones', 'Brown', 'Lee', 'Kim'][1 + (i // 6) % 5]
                 || CASE WHEN i % 3 = 0 THEN ' ' || (i % 50000) ELSE '' END,
               CASE WHEN i % 10 = 0 THEN 'https://site' || (i % 20000) || '.example.org/' END,
               CASE WHEN i % 7 = 0 THEN 'code: https://github.com/user' || (i // 4 + 1) END,
               {nets} || ':id:' || i
        FROM range({n}) t(i)
        """
    )
    wh.sql("INSERT INTO persons SELECT person_id, display_name FROM identities")
    t0 = time.perf_counter()
    sug = ir.suggest(wh, limit=1000)
    seconds = time.perf_counter() - t0
    assert seconds < 30, seconds
    assert len(sug) == 1000 and sug[0].confidence >= sug[-1].confidence >= 0.5
    # Every handle is on four networks: 6 pairs per handle reach the threshold.
    t0 = time.perf_counter()
    every = ir.suggest(wh, min_confidence=0.55)
    assert time.perf_counter() - t0 < 60
    assert len(every) >= (n // 4) * 3  # at least the full-handle pairs
    assert wh.sql("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '_idr%'"
                  ).fetchone() == (0,)


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("swaylens.sources.snap") is None,
                    reason="the SNAP adapter is not there yet")
def test_suggest_on_higgs(wh: Warehouse, shared: Path) -> None:
    """The Higgs Twitter log: 304,691 users known only by id."""
    wh.ingest("snap", [shared / HIGGS])
    assert wh.count("identities") >= 300_000
    t0 = time.perf_counter()
    sug = ir.suggest(wh)
    assert time.perf_counter() - t0 < 30
    assert sug == []  # ids alone are no evidence


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("swaylens.sources.stackexchange") is None,
                    reason="the Stack Exchange adapter is not there yet")
def test_ingested_stack_exchange_sites(tmp_path: Path, shared: Path) -> None:
    """Real ingest of two sites: the adapter's same_as joins accounts; merges still work."""
    cardano = {u["AccountId"] for u in se_users(shared, "cardano")}
    bikes = {u["AccountId"] for u in se_users(shared, "bicycles-meta")}
    with Warehouse(tmp_path / "se.duckdb") as wh:
        for folder, site in (("cardano", "cardano.stackexchange.com"),
                             ("bicycles-meta", "bicycles.meta.stackexchange.com")):
            dest = tmp_path / site
            shutil.copytree(shared / "stackexchange" / folder, dest)
            wh.ingest("stackexchange", [dest])
        if not wh.count("identities", "len(same_as) > 0"):
            pytest.skip("the Stack Exchange adapter does not emit same_as yet")
        same = [s for s in ir.suggest(wh) if any(e.type == "same_account" for e in s.evidence)]
        assert same == []  # joined at ingest already
        multi_site = wh.sql(
            """
            SELECT count(*) FROM (
                SELECT person_id FROM identities WHERE kind = 'id' GROUP BY person_id
                HAVING bool_or(value LIKE 'cardano/%') AND bool_or(value LIKE 'bicycles.meta/%'))
            """
        ).fetchone()
        assert multi_site == (len(cardano & bikes),)
        before = dump(wh)
        s = ir.split(wh, "stackexchange:id:cardano/39")
        (again,) = [x for x in ir.suggest(wh) if "stackexchange:id:cardano/39" in
                    (x.person_a, x.person_b)]
        assert any(e.type == "same_account" for e in again.evidence)
        assert s.merge_id is not None
        ir.unmerge(wh, s.merge_id)
        assert dump(wh) == before

