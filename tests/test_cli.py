"""The command line, in process (Typer's runner) and as the installed `swaylens` program."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from swaylens import settings
from swaylens.cli import app

runner = CliRunner()


def _run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_help_lists_every_command() -> None:
    code, out, _ = _run("--help")
    assert code == 0
    for cmd in ("ingest", "stats", "rejects", "identities", "synth", "demo", "settings",
                "score", "top", "person", "history"):
        assert cmd in out


def test_settings_json_is_the_registry() -> None:
    code, out, _ = _run("settings", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [r["name"] for r in rows] == list(settings.SETTINGS)
    code, md, _ = _run("settings", "--format", "markdown")
    assert code == 0 and md == settings.as_markdown()


def test_ingest_stats_and_rejects(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    log = tmp_path / "log.txt"
    log.write_text("1 2 1341100972 RT\n1 3 1341100980 MT\n2 3 1341100990 RE\n")
    code, out, err = _run("--db", str(db), "ingest", "snap", str(log), "--format", "json")
    assert code == 0, err
    assert json.loads(out)["added"]["events"] == 3
    code, out, _ = _run("--db", str(db), "stats", "--format", "json")
    assert code == 0
    s = json.loads(out)
    assert s["tables"]["events"] == 3
    assert {(k["kind"], k["events"]) for k in s["kinds"]} == {
        ("reshare", 1), ("mention", 1), ("reply", 1)
    }
    assert s["span"]["first"].startswith("2012-07-01T00:02:52")

    bad = tmp_path / "bad.txt"
    bad.write_text("1 2 1341100972 RT\n1 2 yesterday RT\n")
    code, _, err = _run("--db", str(db), "ingest", "snap", str(bad))
    assert code == 1
    assert str(bad) in err.replace("\n", "") and "line 2" in err

    code, out, err = _run("--db", str(db), "ingest", "snap", str(bad), "--skip-bad",
                          "--format", "json")
    assert code == 0, err
    assert json.loads(out)["rejected"] == 1
    code, out, _ = _run("--db", str(db), "rejects", "--format", "json")
    rejected = json.loads(out)
    assert len(rejected) == 1 and rejected[0]["location"] == "line 2"


def test_db_from_environment(tmp_path: Path) -> None:
    db = tmp_path / "env.duckdb"
    log = tmp_path / "log.txt"
    log.write_text("1 2 1341100972 RT\n")
    code, _, err = _run("ingest", "snap", str(log), env={"SWAYLENS_DB": str(db)})
    assert code == 0, err
    assert db.exists()


def test_read_command_without_warehouse_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = _run("--db", str(tmp_path / "none.duckdb"), "stats")
    assert code == 1
    assert "no warehouse here" in err


def test_unknown_source(tmp_path: Path) -> None:
    code, _, err = _run("--db", str(tmp_path / "w.duckdb"), "ingest", "myspace", "x")
    assert code == 1
    assert "unknown source" in err


@pytest.mark.slow
def test_installed_program_runs_the_demo(tmp_path: Path) -> None:
    """The console script that `make demo` runs, as a real process."""
    exe = shutil.which("swaylens", path=str(Path(sys.executable).parent))
    assert exe, "the swaylens console script is not installed in this environment"
    env = {**os.environ, "SWAYLENS_DB": str(tmp_path / "demo.duckdb")}
    proc = subprocess.run([exe, "demo", "--format", "json"], capture_output=True, text=True,
                          env=env, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    kinds = {k["kind"]: k["events"] for k in out["stats"]["kinds"]}
    posts = resources.files("swaylens") / "demo" / "cardano.stackexchange.com" / "Posts.xml.gz"
    raw = gzip.decompress(posts.read_bytes()).decode("utf-8")
    assert kinds["post"] == len(re.findall(r'<row [^>]*PostTypeId="1"', raw)) == 1042
    assert kinds["reply"] == len(re.findall(r'<row [^>]*PostTypeId="2"', raw)) == 1496
    assert out["stats"]["tables"]["events"] > 10_000
    # The demo also scores the dump and shows the leaders of every score.
    assert set(out["top"]) == set(out["snapshot"]["persons"]) >= {"activity", "authority"}
    assert all(len(rows) == 5 for rows in out["top"].values())


def test_settings_doc_is_generated_from_the_registry() -> None:
    doc = Path(__file__).resolve().parent.parent / "docs" / "settings.md"
    assert doc.read_text(encoding="utf-8") == settings.as_markdown(), (
        "docs/settings.md is stale: run `swaylens settings --format markdown > docs/settings.md`"
    )
