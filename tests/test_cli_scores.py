"""`score`, `top`, `person` and `history` on the real Cardano dump: the output contract."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from swaylens.cli import app
from swaylens.scores import SCORES

runner = CliRunner()


def _json(*args: str) -> object:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, shared: Path) -> str:
    path = str(tmp_path_factory.mktemp("scores") / "w.duckdb")
    _json("--db", path, "ingest", "stackexchange", str(shared / "stackexchange/cardano"),
          "--format", "json")
    _json("--db", path, "score", "--as-of", "2021-09-01", "--format", "json")
    _json("--db", path, "score", "--format", "json")
    return path


def test_score_defaults_to_the_newest_event(db: str, shared: Path) -> None:
    dates = re.findall(r'CreationDate="([^"]+)"',
                       (shared / "stackexchange/cardano/Votes.xml").read_text("utf-8-sig"))
    out = _json("--db", db, "score", "--score", "activity", "--format", "json")
    assert isinstance(out, dict)
    assert out["as_of"].startswith(max(dates)[:10])
    assert out["persons"]["activity"] > 1000


def test_top_json_contract(db: str) -> None:
    for name in SCORES:
        rows = _json("--db", db, "top", "--by", name, "--limit", "5", "--format", "json")
        assert isinstance(rows, list) and len(rows) == 5
        for r in rows:
            assert set(r) == {"person", "identities", "score", "value", "percentile", "interval"}
            assert r["score"] == name and 1 <= r["percentile"] <= 100
            assert r["interval"] is None or (len(r["interval"]) == 2
                                             and r["interval"][0] <= r["interval"][1])
            assert all(set(i) == {"network", "source_id", "handle"} for i in r["identities"])
        values = [r["value"] for r in rows]
        assert values == sorted(values, reverse=True)


def test_person_accepts_network_source_id(db: str, shared: Path) -> None:
    users = (shared / "stackexchange/cardano/Users.xml").read_text("utf-8-sig")
    top = _json("--db", db, "top", "--by", "reach", "--limit", "1", "--format", "json")
    assert isinstance(top, list)
    site_ids = [i["source_id"] for i in top[0]["identities"] if i["handle"]]
    assert site_ids and f'Id="{site_ids[0]}"' in users
    p = _json("--db", db, "person", f"stackexchange:{site_ids[0]}", "--format", "json")
    assert isinstance(p, dict)
    assert p["person"] == top[0]["person"]
    assert set(p["scores"]) == set(SCORES)
    for v in p["scores"].values():
        assert {"value", "percentile", "interval"} <= set(v)
    assert p["scores"]["reach"]["value"] == top[0]["value"]


def test_history_keeps_both_snapshots(db: str) -> None:
    top = _json("--db", db, "top", "--by", "activity", "--limit", "1", "--as-of", "2021-09-01",
                "--format", "json")
    assert isinstance(top, list)
    h = _json("--db", db, "history", top[0]["person"], "--score", "activity", "--format", "json")
    assert isinstance(h, dict)
    dates = [p["as_of"][:10] for p in h["points"]]
    assert dates[0] == "2021-09-01" and len(dates) == 2


def test_unknown_person_is_a_clear_error(db: str) -> None:
    result = runner.invoke(app, ["--db", db, "person", "stackexchange:999999999"])
    assert result.exit_code == 1
    assert "999999999" in result.stderr
