"""The ``swaylens`` command line: a thin layer over :class:`swaylens.warehouse.Warehouse`.

Every command opens the warehouse named by ``--db``, else ``$SWAYLENS_DB``, else
``./swaylens.duckdb``.  Every read command takes ``--format json``.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, is_dataclass
from datetime import UTC, datetime
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from swaylens import settings
from swaylens.errors import SwaylensError
from swaylens.sources import REGISTRY
from swaylens.warehouse import IngestReport, Warehouse, default_db_path

app = typer.Typer(
    name="swaylens",
    help="Honest social-influence analytics: activity, reach, resonance, authority,"
    " expertise and influence as separate, explained scores.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
identities_app = typer.Typer(help="Identity resolution across networks.", no_args_is_help=True)
app.add_typer(identities_app, name="identities")

console = Console()
err_console = Console(stderr=True)


class Format(StrEnum):
    table = "table"
    json = "json"


class SettingsFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


_state: dict[str, Any] = {"db": None}

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help=settings.SETTINGS["db"].help, envvar="SWAYLENS_DB"),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


@app.callback()
def main(db: DbOption = None) -> None:
    _state["db"] = db


def _db_path(db: Path | None) -> Path:
    return db or _state["db"] or default_db_path()


def _open(db: Path | None, *, read_only: bool = False) -> Warehouse:
    limit = settings.get("memory_limit") or None
    return Warehouse(_db_path(db), read_only=read_only, memory_limit=limit)


def _emit_json(obj: Any) -> None:
    def default(o: Any) -> Any:
        if is_dataclass(o) and not isinstance(o, type):
            return asdict(o)
        if hasattr(o, "isoformat"):
            return o.isoformat()
        return str(o)

    typer.echo(json.dumps(obj, indent=2, default=default, ensure_ascii=False))


def _fail(e: Exception) -> None:
    err_console.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
    raise typer.Exit(code=1)


class _RowsPerSecond(ProgressColumn):
    def render(self, task: Task) -> Text:
        rows = int(task.fields.get("rows", 0))
        elapsed = task.elapsed or 0.0
        rate = rows / elapsed if elapsed > 0 else 0.0
        return Text(f"{rows:,} rows  {rate:,.0f} rows/s", style="cyan")


# -- ingest -------------------------------------------------------------------------------
@app.command()
def ingest(
    source: Annotated[str, typer.Argument(help="One of: " + ", ".join(REGISTRY) + ".")],
    paths: Annotated[list[Path], typer.Argument(help="Files or dump folders to ingest.")],
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Record bad rows in `rejects` and go on.")
    ] = False,
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help="Column mapping file (source `table`).")
    ] = None,
    community: Annotated[
        str | None, typer.Option("--community", help="Override the community name.")
    ] = None,
    network: Annotated[
        str | None, typer.Option("--network", help="Override the network name.")
    ] = None,
    format: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Load files of one source format into the warehouse, each file in one transaction."""
    if source not in REGISTRY:
        _fail(SwaylensError(f"unknown source {source!r}; known: {', '.join(REGISTRY)}"))
    options: dict[str, Any] = {}
    if mapping is not None:
        options["mapping"] = mapping
    if community is not None:
        options["community"] = community
    if network is not None:
        options["network"] = network
    try:
        with _open(db) as wh:
            report = _ingest_with_progress(wh, source, paths, skip_bad, options, format)
    except (SwaylensError, TypeError) as e:
        _fail(e)
        return
    if format is Format.json:
        _emit_json(
            {
                "files": [asdict(f) for f in report.files],
                "read": report.read,
                "added": report.added,
                "rejected": report.rejected,
            }
        )
        return
    t = Table(title="ingested", show_edge=False)
    for col in ("file", "read", "added", "rejected", "seconds", "rows/s"):
        t.add_column(col, justify="right" if col != "file" else "left")
    for f in report.files:
        rate = f.rows_read / f.seconds if f.seconds > 0 else 0.0
        t.add_row(
            f.path,
            _counts(f.read),
            _counts(f.added),
            str(f.rejected),
            f"{f.seconds:.2f}",
            f"{rate:,.0f}",
        )
    console.print(t)


def _counts(d: dict[str, int]) -> str:
    return ", ".join(f"{k} {v:,}" for k, v in d.items() if v)


def _ingest_with_progress(
    wh: Warehouse,
    source: str,
    paths: list[Path],
    skip_bad: bool,
    options: dict[str, Any],
    format: Format,
) -> IngestReport:
    from swaylens.sources import get_source

    total = sum(get_source(source, **options).size(p) for p in paths if p.exists())
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        DownloadColumn(),
        _RowsPerSecond(),
        TimeElapsedColumn(),
        console=err_console,
        disable=format is Format.json,
        transient=False,
    ) as bar:
        task = bar.add_task(f"ingest {source}", total=total or None, rows=0)
        rows = 0

        def progress(nbytes: int, nrows: int, file: str) -> None:
            nonlocal rows
            rows += nrows
            bar.update(task, advance=nbytes, rows=rows, description=f"{source} {Path(file).name}")

        report = wh.ingest(source, paths, skip_bad=skip_bad, progress=progress, options=options)
        bar.update(task, completed=total)
    return report


# -- stats --------------------------------------------------------------------------------
@app.command()
def stats(format: FormatOption = Format.table, db: DbOption = None) -> None:
    """Counts per network, kind and community, and the time span of the events."""
    try:
        with _open(db, read_only=True) as wh:
            s = wh.stats()
    except SwaylensError as e:
        _fail(e)
        return
    if format is Format.json:
        _emit_json(s)
        return
    _print_stats(s)


def _print_stats(s: dict[str, Any]) -> None:
    console.print(f"[bold]{s['database']}[/] (schema v{s['schema_version']})")
    console.print("  ".join(f"{k} [bold]{v:,}[/]" for k, v in s["tables"].items()))
    t = Table(title="networks", show_edge=False)
    for col in ("network", "events", "actors", "first", "last"):
        t.add_column(col)
    for r in s["networks"]:
        t.add_row(r["network"], f"{r['events']:,}", f"{r['actors']:,}", r["first"], r["last"])
    console.print(t)
    t = Table(title="kinds", show_edge=False)
    for col in ("network", "kind", "events"):
        t.add_column(col)
    for r in s["kinds"]:
        t.add_row(r["network"], r["kind"], f"{r['events']:,}")
    console.print(t)
    t = Table(title="communities (top 50)", show_edge=False)
    for col in ("network", "community", "events"):
        t.add_column(col)
    for r in s["communities"]:
        t.add_row(r["network"], r["community"], f"{r['events']:,}")
    console.print(t)


@app.command()
def rejects(
    limit: Annotated[int, typer.Option("--limit", help="Rows to show.")] = 50,
    format: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Rows that `ingest --skip-bad` set aside, with the file, place and reason."""
    try:
        with _open(db, read_only=True) as wh:
            cur = wh.sql(
                "SELECT file, location, reason, raw FROM rejects ORDER BY file, location LIMIT ?",
                [limit],
            )
            rows = [dict(zip(("file", "location", "reason", "raw"), r, strict=True))
                    for r in cur.fetchall()]
    except SwaylensError as e:
        _fail(e)
        return
    if format is Format.json:
        _emit_json(rows)
        return
    t = Table(show_edge=False)
    for col in ("file", "location", "reason"):
        t.add_column(col)
    for r in rows:
        t.add_row(r["file"], r["location"] or "", r["reason"])
    console.print(t)


@app.command()
def states(
    drop: Annotated[
        list[str] | None,
        typer.Option("--drop", help="Drop the state with this key (repeatable)."),
    ] = None,
    drop_unused: Annotated[
        bool,
        typer.Option("--drop-unused", help="Drop every state that the newest snapshot of its"
                     " scope did not read (kept under former parameters or layouts)."),
    ] = False,
    format: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """The score states kept in the warehouse, and dropping those no snapshot reads.

    A state is a cache of the events: a snapshot that needs a dropped state builds it
    again, so dropping costs time, never results."""
    changing = bool(drop) or drop_unused
    try:
        with _open(db, read_only=not changing) as wh:
            dropped = wh.drop_states(drop or (), unused=drop_unused) if changing else None
            rows = wh.states()
    except SwaylensError as e:
        _fail(e)
        return
    if format is Format.json:
        _emit_json(rows if dropped is None else {"dropped": dropped, "states": rows})
        return
    if dropped is not None:
        console.print(f"dropped {len(dropped)} state(s), "
                      f"{sum(sum(d['rows'].values()) for d in dropped):,} rows")
    t = Table(show_edge=False)
    for col in ("key", "name", "network", "layout", "watermark", "used", "rows"):
        t.add_column(col)
    for r in rows:
        t.add_row(r["key"], r["name"], r["network"] or "", str(r["layout"] or ""),
                  r["watermark"], "yes" if r["used"] else "no",
                  f"{sum(r['rows'].values()):,}")
    console.print(t)


def _call(db: Path | None, fn: Any, *, read_only: bool = False) -> Any:
    """Run ``fn(warehouse)``; a SwaylensError becomes a clear message and exit status 1."""
    try:
        with _open(db, read_only=read_only) as wh:
            return fn(wh)
    except SwaylensError as e:
        _fail(e)


# -- scores -------------------------------------------------------------------------------
AsOfOption = Annotated[
    datetime | None,
    typer.Option("--as-of", help="Snapshot date (UTC). Default: the newest.",
                 formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
]


NetworkOption = Annotated[
    str | None,
    typer.Option("--network", help="The scores of this network alone (what `score --network`"
                 " stored). Default: the scores across networks."),
]


def _as_utc(d: datetime | None) -> datetime | None:
    return d.replace(tzinfo=UTC) if d is not None and d.tzinfo is None else d


@app.command()
def score(
    as_of: Annotated[
        datetime | None,
        typer.Option("--as-of", help="Use only events up to this time (UTC). Default: the"
                     " newest event.", formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
    ] = None,
    engine: Annotated[str, typer.Option("--engine", help="duckdb or spark.")] = "duckdb",
    spark_url: Annotated[
        str | None, typer.Option("--spark-url", help="local[*], spark://... or sc://...")
    ] = None,
    only: Annotated[
        list[str] | None, typer.Option("--score", help="Compute only these scores.")
    ] = None,
    since: Annotated[
        datetime | None,
        typer.Option("--since", help="A series (backfill): a snapshot at this time, then"
                     " every --every days, and at --as-of.",
                     formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
    ] = None,
    every: Annotated[
        float, typer.Option("--every", help="Days between the snapshots of a series.")
    ] = 1.0,
    network: Annotated[
        str | None,
        typer.Option("--network", help="Score this network alone, from its own events and"
                     " contents (stored beside the scores across networks)."),
    ] = None,
    full: Annotated[
        bool,
        typer.Option("--full", help="Recompute every score from all the events, ignoring"
                     " the kept score state (which is rebuilt)."),
    ] = False,
    format: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Compute a dated snapshot of every score and store it (history is kept).

    Scores that keep state advance it by the events since the last snapshot, when
    that gives the same result (see docs/incremental.md).
    """

    def run(wh: Warehouse) -> dict[str, Any]:
        with Progress(
            TextColumn("[bold]score"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.description}"), TimeElapsedColumn(),
            console=err_console, disable=format is Format.json or since is None,
            transient=True,
        ) as bar:
            task = bar.add_task("", total=None)

            def progress(done: int, total: int, at: datetime) -> None:
                bar.update(task, completed=done, total=total, description=at.isoformat())

            return wh.score(as_of=_as_utc(as_of), engine=engine, spark_url=spark_url,
                            scores=only, since=_as_utc(since), every_days=every,
                            progress=progress, network=network, incremental=not full)

    result = _call(db, run)
    if format is Format.json:
        _emit_json(result)
        return
    series = result.get("snapshots")
    if series:
        console.print(f"{len(series):,} snapshots from {series[0]['as_of']} to"
                      f" {series[-1]['as_of']} on {result['engine']}")
    scope = f" of network {network}" if network else ""
    console.print(f"snapshot{scope} at {result['as_of']} on {result['engine']}: "
                  + ", ".join(f"{k} {v:,} persons" for k, v in result["persons"].items()))


@app.command()
def top(
    by: Annotated[str, typer.Option("--by", help="The score to rank by.")] = "activity",
    limit: Annotated[int, typer.Option("--limit", help="Persons to show.")] = 20,
    network: Annotated[
        str | None,
        typer.Option("--network", help="This network's own scores, where `score --network`"
                     " stored them; else the scores across networks of its persons."),
    ]
    = None,
    topic: Annotated[
        str | None,
        typer.Option("--topic", help="Rank within this topic (engagement, expertise; tags"
                     " are lower-case, communities are community:NAME)."),
    ] = None,
    as_of: AsOfOption = None,
    format: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """The highest-ranked persons by one score (within one topic with --topic)."""
    rows = _call(db, lambda wh: wh.top(by, limit=limit, network=network,
                                       as_of=_as_utc(as_of), topic=topic), read_only=True)
    if format is Format.json:
        _emit_json(rows)
        return
    t = Table(title=f"top by {by}" + (f" in {topic}" if topic else ""), show_edge=False)
    for col in ("person", "identities", "value", "percentile", "interval"):
        t.add_column(col)
    for r in rows:
        t.add_row(
            r["person"],
            ", ".join(f"{i['network']}:{i['handle'] or i['source_id']}" for i in r["identities"]),
            f"{r['value']:.4g}", str(r["percentile"]),
            "" if r["interval"] is None else f"[{r['interval'][0]:.3g}, {r['interval'][1]:.3g}]",
        )
    console.print(t)


@app.command()
def person(
    ref: Annotated[str, typer.Argument(help="Person id, identity id or network:source_id.")],
    as_of: AsOfOption = None,
    network: NetworkOption = None,
    format: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Every score of one person, each with its percentile and interval."""
    p = _call(db, lambda wh: wh.person(ref, as_of=_as_utc(as_of), network=network),
              read_only=True)
    if format is Format.json:
        _emit_json(p)
        return
    console.print(f"[bold]{p['person']}[/] at {p['as_of']}: "
                  + ", ".join(f"{i['network']}:{i['handle'] or i['source_id']}"
                              for i in p["identities"]))
    t = Table(show_edge=False)
    for col in ("score", "value", "percentile", "interval"):
        t.add_column(col)
    for name, v in p["scores"].items():
        iv = v["interval"]
        t.add_row(name, f"{v['value']:.4g}", str(v["percentile"]),
                  "" if iv is None else f"[{iv[0]:.3g}, {iv[1]:.3g}]")
    console.print(t)
    for name, topics in p.get("topics", {}).items():
        console.print(f"{name} topics: " + ", ".join(
            f"{x['topic']} {x['value']:.3g} (p{x['percentile']})" for x in topics))


@app.command()
def history(
    ref: Annotated[str, typer.Argument(help="Person id, identity id or network:source_id.")],
    score_name: Annotated[str, typer.Option("--score", help="The score.")] = "activity",
    network: NetworkOption = None,
    format: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """One score of one person across every stored snapshot."""
    h = _call(db, lambda wh: wh.history(ref, score_name, network=network), read_only=True)
    if format is Format.json:
        _emit_json(h)
        return
    t = Table(title=f"{h['person']}: {score_name}", show_edge=False)
    for col in ("as_of", "value", "percentile"):
        t.add_column(col)
    for pt in h["points"]:
        t.add_row(pt["as_of"], f"{pt['value']:.4g}", str(pt["percentile"]))
    console.print(t)


@app.command()
def explain(
    ref: Annotated[str, typer.Argument(help="Person id, identity id or network:source_id.")],
    as_of: AsOfOption = None,
    limit: Annotated[
        int, typer.Option("--limit", min=0, help="Evidence items per score.")
    ] = 5,
    network: NetworkOption = None,
    format: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Every score of one person with the evidence that contributed most to it."""
    p = _call(db, lambda wh: wh.explain(ref, as_of=_as_utc(as_of), limit=limit,
                                        network=network), read_only=True)
    if format is Format.json:
        _emit_json(p)
        return
    console.print(Text.assemble(
        (p["person"], "bold"), f" at {p['as_of']}: ",
        ", ".join(f"{i['network']}:{i['handle'] or i['source_id']}" for i in p["identities"]),
    ))
    for name, v in p["scores"].items():
        iv = v["interval"]
        head = Text.assemble((name, "bold"), f" {v['value']:.4g} (percentile {v['percentile']})")
        if iv is not None:
            head.append(f" [{iv[0]:.3g}, {iv[1]:.3g}]")
        if v.get("baseline") is not None:
            head.append(f" = baseline {v['baseline']:.4g} + the items' contributions")
        t = Table(title=head, title_justify="left", show_edge=False)
        for col in ("contribution", "item", "source", "why"):
            t.add_column(col, overflow="fold")
        for it in v["evidence"]:
            # Text, not markup: item texts are other people's words.
            t.add_row(
                f"{it['contribution']:.4g}",
                Text(it["text"] or it["id"]),
                Text(it["url"] or f"{it['network'] or ''}:{it['source_id'] or it['id']}"),
                Text(it["why"]),
            )
        console.print(t)


# -- validate -----------------------------------------------------------------------------
class ReportFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


@app.command()
def validate(
    as_of: Annotated[
        datetime | None,
        typer.Option("--as-of", help="Forward-validity date D (UTC). Default: the newest"
                     " event minus the horizon.", formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
    ] = None,
    horizon_days: Annotated[
        float, typer.Option("--horizon-days", help="Days after D whose responses are predicted.")
    ] = 90.0,
    only: Annotated[
        list[str] | None, typer.Option("--score", help="Validate only these scores.")
    ] = None,
    engine: Annotated[str, typer.Option("--engine", help="duckdb or spark.")] = "duckdb",
    network: Annotated[
        str | None,
        typer.Option("--network", help="Score this network alone and check those scores on"
                     " it. Default: the scores across networks, checked per network."),
    ] = None,
    format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ReportFormat.table,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the json or markdown report here.")
    ] = None,
    append: Annotated[
        bool, typer.Option("--append", help="Markdown: append the sections to --out, without"
                           " the page's preamble.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Check every score against simple baselines on this warehouse's own data."""
    from swaylens.validity import to_markdown

    if out is not None and format is ReportFormat.table:
        _fail(SwaylensError("--out needs --format json or markdown"))
    if append and (out is None or format is not ReportFormat.markdown):
        _fail(SwaylensError("--append needs --format markdown and --out"))
    report = _call(db, lambda wh: wh.validate(as_of=_as_utc(as_of), horizon_days=horizon_days,
                                              scores=only, engine=engine, network=network))
    if format is ReportFormat.table:
        _print_validity(report)
        return
    if format is ReportFormat.json:
        text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    else:
        command = "swaylens validate"
        if as_of is not None:
            command += f" --as-of {as_of:%Y-%m-%d}" if as_of.time() == datetime.min.time() \
                else f" --as-of {as_of:%Y-%m-%dT%H:%M:%S}"
        command += f" --horizon-days {horizon_days:g}"
        command += "".join(f" --score {s}" for s in only or [])
        command += f" --network {network}" if network else ""
        text = to_markdown(report, command=command + " --format markdown",
                           preamble=not append)
    if out is None:
        typer.echo(text, nl=False)
        return
    with open(out, "a" if append else "w", encoding="utf-8") as f:
        f.write(text)
    err_console.print(f"wrote {out}")


def _rho(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def _print_validity(r: dict[str, Any]) -> None:
    for net in r["networks"]:
        console.rule(f"[bold]{net['network']}[/]: {net['events']:,} events,"
                     f" {net['persons']:,} persons")
        c = net["concurrent"]
        if c:
            t = Table(title=f"concurrent: rho vs reputation at {c['as_of'][:10]}"
                      f" (n={c['n']:,})", show_edge=False)
            t.add_column("predictor")
            t.add_column("rho", justify="right")
            for name, v in [*c["scores"].items(),
                            *((f"baseline {b}", x) for b, x in c["baselines"].items())]:
                t.add_row(name, _rho(v["rho"]))
            console.print(t)
        f = net["forward"]
        if "skipped" in f:
            console.print(f"forward at {f['as_of'][:10]}: skipped, {f['skipped']}")
        else:
            t = Table(title=f"forward: rho vs responses in ({f['as_of'][:10]},"
                      f" {f['horizon_end'][:10]}] (n={f['n']:,})", show_edge=False)
            for col in ("predictor", "rho", *f["baselines"]):
                t.add_column(col, justify="left" if col == "predictor" else "right")
            verdicts = {(x["score"], x["baseline"]): x for x in f["comparisons"]}
            for name, v in f["scores"].items():
                cells = [f"{verdicts[(name, b)]['diff']:+.3f} {verdicts[(name, b)]['verdict']}"
                         if (name, b) in verdicts else "" for b in f["baselines"]]
                t.add_row(name, _rho(v["rho"]), *cells)
            for name, v in f["baselines"].items():
                t.add_row(f"baseline {name}", _rho(v["rho"]), *("" for _ in f["baselines"]))
            console.print(t)
        k = net["cascade"]
        if k:
            t = Table(title=f"cascade: vs times reshared (n={k['n']:,})", show_edge=False)
            for col in ("predictor", "rho", *(f"P@{x}" for x in k["ks"])):
                t.add_column(col, justify="left" if col == "predictor" else "right")
            rows = [*k["scores"].items(),
                    *((f"baseline {n}", v) for n, v in k["baselines"].items() if v)]
            for name, v in rows:
                t.add_row(name, _rho(v["rho"]), *(_rho(v[f"precision@{x}"]) for x in k["ks"]))
            console.print(t)


# -- identities ---------------------------------------------------------------------------
def _print_dataclasses(rows: list[Any], columns: list[str], title: str | None = None) -> None:
    t = Table(title=title, show_edge=False)
    for col in columns:
        t.add_column(col)
    for r in rows:
        d = asdict(r)
        t.add_row(*(_cell(d.get(c)) for c in columns))
    console.print(t)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.2f}"
    if isinstance(v, list):
        return ", ".join(map(str, v))
    return str(v)


@identities_app.command("suggest")
def identities_suggest(
    min_confidence: Annotated[
        float,
        typer.Option(help=settings.SETTINGS["suggest_min_confidence"].help),
    ] = settings.SETTINGS["suggest_min_confidence"].default,
    limit: Annotated[int, typer.Option(help="Suggestions to show.")] = 50,
    format: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Propose merges of persons across networks, with a confidence and the evidence."""
    rows = _call(
        db, lambda wh: wh.suggest(min_confidence=min_confidence, limit=limit), read_only=True
    )
    if format is Format.json:
        _emit_json(rows)
        return
    t = Table(show_edge=False)
    for col in ("confidence", "person a", "person b", "evidence"):
        t.add_column(col)
    for r in rows:
        t.add_row(
            f"{r.confidence:.2f}",
            f"{r.person_a}\n{r.name_a or ''}",
            f"{r.person_b}\n{r.name_b or ''}",
            "\n".join(f"{e.type} ({e.confidence:.2f}): {e.detail}" for e in r.evidence),
        )
    console.print(t)


@identities_app.command("merge")
def identities_merge(
    refs: Annotated[list[str], typer.Argument(help="Person ids, identity ids or network:id.")],
    into: Annotated[str | None, typer.Option(help="The person to keep.")] = None,
    reason: Annotated[str, typer.Option(help="Why, for the merge log.")] = "",
    format: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Merge the persons named into one; every identity is kept, the merge is logged."""
    result = _call(db, lambda wh: wh.merge(refs, into=into, reason=reason))
    _show_result(result, format)


@identities_app.command("unmerge")
def identities_unmerge(
    merge_id: Annotated[int, typer.Argument(help="The merge id (see `identities log`).")],
    format: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Reverse one merge: its identities go back to the persons they had before."""
    _show_result(_call(db, lambda wh: wh.unmerge(merge_id)), format)


@identities_app.command("split")
def identities_split(
    identity: Annotated[str, typer.Argument(help="The identity to detach.")],
    reason: Annotated[str, typer.Option(help="Why, for the merge log.")] = "",
    format: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Detach one identity into a person of its own (reversible with unmerge)."""
    _show_result(_call(db, lambda wh: wh.split(identity, reason=reason)), format)


@identities_app.command("map")
def identities_map(
    path: Annotated[Path, typer.Argument(help="CSV or YAML mapping file.")],
    format: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Link identities to persons as a mapping file says (applying it twice changes nothing)."""
    _show_result(_call(db, lambda wh: wh.apply_mapping(path)), format)


@identities_app.command("show")
def identities_show(
    person: Annotated[str, typer.Argument(help="Person id, identity id or network:id.")],
    format: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Every identity of one person."""
    rows = _call(db, lambda wh: wh.person_identities(person), read_only=True)
    if format is Format.json:
        _emit_json(rows)
        return
    _print_dataclasses(rows, ["identity_id", "network", "handle", "display_name",
                              "followers", "person_id", "merge_id"])


@identities_app.command("list")
def identities_list(
    search: Annotated[str | None, typer.Option(help="Substring of a name or handle.")] = None,
    network: Annotated[str | None, typer.Option(help="Only persons on this network.")] = None,
    min_identities: Annotated[int, typer.Option(help="At least this many identities.")] = 1,
    limit: Annotated[int, typer.Option(help="Persons to show.")] = 50,
    format: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Persons, most identities first."""
    rows = _call(
        db,
        lambda wh: wh.list_persons(search=search, network=network,
                                   min_identities=min_identities, limit=limit),
        read_only=True,
    )
    if format is Format.json:
        _emit_json(rows)
        return
    _print_dataclasses(rows, ["person_id", "display_name", "identities", "networks"])


@identities_app.command("log")
def identities_log(
    all: Annotated[bool, typer.Option("--all", help="Include undone merges.")] = False,
    format: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """The merge log (merge ids for `unmerge`)."""
    rows = _call(db, lambda wh: wh.list_merges(include_undone=all), read_only=True)
    if format is Format.json:
        _emit_json(rows)
        return
    _print_dataclasses(rows, ["merge_id", "merged_at", "reason", "to_persons",
                              "identities", "undone"])


def _show_result(result: Any, format: Format) -> None:
    if format is Format.json:
        _emit_json(result)
        return
    d = asdict(result)
    for k, v in d.items():
        console.print(f"[bold]{k}[/]: {_cell(v)}")


# -- synth --------------------------------------------------------------------------------
@app.command()
def synth(
    events: Annotated[int, typer.Option("--events", help="Events to write.")] = 1_000_000,
    seed: Annotated[int, typer.Option("--seed", help=settings.SETTINGS["synth_seed"].help)]
    = settings.SETTINGS["synth_seed"].default,
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("synth"),
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace a data set already in --out.")
    ] = False,
    format: FormatOption = Format.table,
) -> None:
    """Write a synthetic data set with planted truth (canonical Parquet + truth.json).

    Ingest it with `swaylens ingest table OUT/identities.parquet OUT/contents OUT/events`.
    """
    from swaylens.synth import generate

    try:
        with Progress(
            TextColumn("[bold]synth"), BarColumn(), TaskProgressColumn(), _RowsPerSecond(),
            TimeElapsedColumn(), console=err_console, disable=format is Format.json,
        ) as bar:
            task = bar.add_task("synth", total=events, rows=0)
            report = generate(
                out, events, seed, overwrite=overwrite,
                progress=lambda n: bar.update(task, completed=n, rows=n),
            )
    except SwaylensError as e:
        _fail(e)
        return
    if format is Format.json:
        _emit_json(report)
        return
    console.print(
        f"wrote {report.events:,} events, {report.contents:,} contents,"
        f" {report.identities:,} identities in {report.seconds:.1f}s"
        f" ({report.events_per_second:,.0f} events/s) to {report.out_dir};"
        f" ground truth: {report.truth}"
    )


# -- settings -----------------------------------------------------------------------------
@app.command("settings")
def show_settings(
    format: Annotated[
        SettingsFormat, typer.Option("--format", "-f", help="Output format.")
    ] = SettingsFormat.table,
) -> None:
    """Every setting with its default, environment variable and help."""
    if format is SettingsFormat.markdown:
        typer.echo(settings.as_markdown(), nl=False)
        return
    if format is SettingsFormat.json:
        _emit_json([{**asdict(s), "env": s.env, "value": s.value()}
                    for s in settings.SETTINGS.values()])
        return
    t = Table(show_edge=False)
    for col in ("name", "value", "env", "help"):
        t.add_column(col)
    for s in settings.SETTINGS.values():
        t.add_row(s.name, repr(s.value()), s.env, s.help)
    console.print(t)


# -- demo ---------------------------------------------------------------------------------
@app.command()
def demo(
    format: FormatOption = Format.table,
    db: DbOption = None,
) -> None:
    """Load the bundled Cardano Stack Exchange dump and print a short report."""
    folder = resources.files("swaylens") / "demo" / "cardano.stackexchange.com"
    t0 = time.perf_counter()
    with resources.as_file(folder) as path:
        try:
            with _open(db) as wh:
                report = _ingest_with_progress(wh, "stackexchange", [path], False, {}, format)
                s = wh.stats()
                top = wh.sql(
                    """
                    SELECT coalesce(i.display_name, i.handle, i.value) AS name,
                           count(*) FILTER (WHERE e.kind = 'reply') AS answers,
                           count(*) FILTER (WHERE e.kind = 'post') AS questions,
                           count(*) FILTER (WHERE e.kind = 'comment') AS comments
                    FROM events e JOIN identities i ON i.identity_id = e.actor
                    GROUP BY ALL ORDER BY answers DESC, questions DESC LIMIT 10
                    """
                ).fetchall()
                snap = wh.score()
                leaders = {name: wh.top(name, limit=5) for name in snap["persons"]}
        except SwaylensError as e:
            _fail(e)
            return
    seconds = time.perf_counter() - t0
    if format is Format.json:
        _emit_json({"added": report.added, "seconds": seconds, "stats": s,
                    "most_active": [dict(zip(("name", "answers", "questions", "comments"), r,
                                             strict=True)) for r in top],
                    "snapshot": snap, "top": leaders})
        return
    console.rule("[bold]swaylens demo: cardano.stackexchange.com")
    console.print(f"loaded in {seconds:.1f}s: " + _counts(report.added))
    _print_stats(s)
    t = Table(title="most active people (activity, not influence)", show_edge=False)
    for col in ("name", "answers", "questions", "comments"):
        t.add_column(col)
    for r in top:
        t.add_row(str(r[0]), str(r[1]), str(r[2]), str(r[3]))
    console.print(t)
    console.print(f"scores at {snap['as_of']} (each is a separate question; see docs/scores.md)")
    t = Table(title="top 5 per score", show_edge=False)
    for col in ("score", *(f"#{k}" for k in range(1, 6))):
        t.add_column(col)
    for name, rows in leaders.items():
        names = [next((i["handle"] for i in r["identities"] if i["handle"]), r["person"])
                 for r in rows]
        t.add_row(name, *names)
    console.print(t)
    console.print(
        "Data: Cardano Stack Exchange data dump, CC BY-SA 4.0, by the site and its users."
    )


if __name__ == "__main__":  # pragma: no cover
    app()
