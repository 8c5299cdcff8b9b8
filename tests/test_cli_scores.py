"""`score`, `top`, `person` and `history` on the real Cardano dump: the output contract."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import duckdb
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


def test_score_series_backfills_each_date(db: str, tmp_path: Path) -> None:
    path = str(tmp_path / "series.duckdb")
    shutil.copy(db, path)
    out = _json("--db", path, "score", "--since", "2021-11-20", "--every", "7",
                "--score", "activity", "--score", "authority", "--format", "json")
    assert isinstance(out, dict)
    dates = [s["as_of"][:10] for s in out["snapshots"]]
    # Every 7 days from --since, and the end of the data (the default --as-of) itself.
    assert dates == ["2021-11-20", "2021-11-27", "2021-12-04", out["as_of"][:10]]
    assert dates[-1] == "2021-12-05"
    assert out["persons"] == out["snapshots"][-1]["persons"]
    persons = [s["persons"]["activity"] for s in out["snapshots"]]
    assert persons == sorted(persons) and persons[0] > 1000  # people only join over time

    def stored(day: str) -> dict[str, float]:
        with duckdb.connect(path, read_only=True) as con:
            rows = con.execute(
                "SELECT person_id, value FROM score_snapshots WHERE score = 'activity'"
                " AND as_of = ?::TIMESTAMPTZ", [f"{day} 00:00:00+00"]).fetchall()
        return dict(rows)

    # A date of the series holds what a snapshot of that date alone computes.
    in_series = stored("2021-11-27")
    _json("--db", path, "score", "--as-of", "2021-11-27", "--score", "activity",
          "--format", "json")
    alone = stored("2021-11-27")
    assert len(alone) == persons[1] and alone.keys() == in_series.keys()
    assert all(alone[p] == pytest.approx(v, rel=1e-12) for p, v in in_series.items())


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--since", "2021-12-09"], "after the snapshot date"),
        (["--since", "2021-11-01", "--every", "0"], "positive number of days"),
        (["--since", "1990-01-01", "--every", "1"], "more than 3,660"),
    ],
)
def test_score_series_errors(db: str, args: list[str], says: str) -> None:
    result = runner.invoke(app, ["--db", db, "score", *args])
    assert result.exit_code == 1
    assert says in result.stderr
