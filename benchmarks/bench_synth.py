"""Throughput of ``swaylens synth``: time, events/s, peak RSS and output size.

    .venv/bin/python benchmarks/bench_synth.py                  # 10^8 events
    .venv/bin/python benchmarks/bench_synth.py --events 10000000

Besides the generator it measures, in the same run, two baselines with the same Parquet
writer settings (compression, one file per chunk):

* ``baseline``: writing the same number of rows of a single numpy int64 column, the I/O
  floor of any generator that writes Parquet;
* ``write floor``: writing the generator's own first events and contents parts again, once
  per chunk: what encoding and compressing this data costs, without generating it.  The machine
load (1-minute load average) is printed too: on a shared machine wall time depends on it,
CPU time much less.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from swaylens.synth import SynthSettings, generate, write_parquet


def _cpu() -> float:
    t = os.times()
    return t.user + t.system


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def baseline(out: Path, events: int, chunk: int, compression: str) -> tuple[float, float, int]:
    """Write ``events`` rows of one int64 column, ``chunk`` rows per file."""
    out.mkdir(parents=True, exist_ok=True)
    s = pa.schema([pa.field("x", pa.int64(), nullable=False)])
    t0, c0 = time.perf_counter(), _cpu()
    for k, start in enumerate(range(0, events, chunk)):
        n = min(chunk, events - start)
        table = pa.Table.from_arrays([pa.array(np.arange(start, start + n))], schema=s)
        pq.write_table(table, out / f"part-{k:05d}.parquet", compression=compression)
    return time.perf_counter() - t0, _cpu() - c0, _size(out)


def write_floor(src: Path, out: Path, parts: int, compression: str) -> tuple[float, float]:
    """Write the first events and contents parts of ``src`` ``parts`` times."""
    out.mkdir(parents=True, exist_ok=True)
    events = pq.read_table(src / "events" / "part-00000.parquet")
    contents = pq.read_table(src / "contents" / "part-00000.parquet")
    t0, c0 = time.perf_counter(), _cpu()
    for _ in range(parts):
        write_parquet(events, out / "events.parquet", compression)
        write_parquet(contents, out / "contents.parquet", compression)
    return time.perf_counter() - t0, _cpu() - c0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=100_000_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=None, help="output dir (default: a temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the output")
    ap.add_argument("--workers", type=int, default=SynthSettings.workers)
    ap.add_argument("--compression", default=SynthSettings.compression)
    ap.add_argument("--chunk-events", type=int, default=SynthSettings.chunk_events)
    ap.add_argument("--no-baseline", action="store_true")
    args = ap.parse_args()

    root = Path(tempfile.mkdtemp(prefix="bench_synth_", dir=args.out))
    out = root / "synth"
    print(
        f"# swaylens synth --events {args.events:,} ({platform.machine()},"
        f" {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}), output {out}",
        flush=True,
    )
    step = max(1, args.events // 10)
    mark = [step]
    t0 = time.perf_counter()

    def progress(done: int) -> None:
        if done >= mark[0] or done == args.events:
            el = time.perf_counter() - t0
            print(f"  {done:>13,} events  {el:7.1f} s  {done / el:>12,.0f} ev/s"
                  f"  load {os.getloadavg()[0]:.1f}", flush=True)
            while mark[0] <= done:
                mark[0] += step

    c0 = _cpu()
    report = generate(
        out, args.events, args.seed, progress=progress, workers=args.workers,
        compression=args.compression, chunk_events=args.chunk_events,
    )
    wall, cpu = time.perf_counter() - t0, _cpu() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    size = _size(out)
    result: dict[str, object] = {
        "events": report.events,
        "contents": report.contents,
        "identities": report.identities,
        "follow_edges": report.follow_edges,
        "parts": report.parts,
        "seconds": round(wall, 1),
        "cpu_seconds": round(cpu, 1),
        "events_per_second": round(report.events / wall),
        "peak_rss_mb": round(peak / 2**20),
        "output_mb": round(size / 2**20),
        "events_mb": round(_size(out / "events") / 2**20),
        "contents_mb": round(_size(out / "contents") / 2**20),
        "workers": args.workers,
        "compression": args.compression,
        "load_after": round(os.getloadavg()[0], 1),
    }
    print(f"synth: {wall:.1f} s wall, {cpu:.1f} s CPU, {report.events / wall:,.0f} events/s,"
          f" peak RSS {peak / 2**20:,.0f} MiB, output {size / 2**20:,.0f} MiB"
          f" ({report.contents:,} contents, {report.parts} parts)", flush=True)
    if not args.no_baseline:
        f_wall, f_cpu = write_floor(out, root / "floor", report.parts, args.compression)
        shutil.rmtree(root / "floor")
        result.update(
            write_floor_seconds=round(f_wall, 1), write_floor_cpu_seconds=round(f_cpu, 1)
        )
        print(f"write floor (the first parts written {report.parts} times): {f_wall:.1f} s wall,"
              f" {f_cpu:.1f} s CPU", flush=True)
    if not args.keep:
        shutil.rmtree(out)
    if not args.no_baseline:
        b_wall, b_cpu, b_size = baseline(
            root / "baseline", args.events, args.chunk_events, args.compression
        )
        shutil.rmtree(root / "baseline")
        result.update(
            baseline_seconds=round(b_wall, 1), baseline_cpu_seconds=round(b_cpu, 1),
            baseline_mb=round(b_size / 2**20),
        )
        print(f"baseline (one int64 column, same writer): {b_wall:.1f} s wall,"
              f" {b_cpu:.1f} s CPU, {args.events / b_wall:,.0f} rows/s,"
              f" {b_size / 2**20:,.0f} MiB", flush=True)
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
