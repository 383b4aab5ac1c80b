"""Run the peer harness with lanner in it, and print lanner against its performance targets.

    python benchmarks/run.py                      # raw, the peers and lanner, in one run
    python benchmarks/run.py --frameworks raw,lanner --rounds 5
    python benchmarks/run.py --from results.json  # only judge an earlier run's JSON
    python benchmarks/run.py --http-from http.json # judge a loopback run (http_bench.py --json)

Run it with the harness's virtual environment (see benchmarks/README.md). Every row is
printed with its pass or fail; nothing is hidden.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Final

HERE = Path(__file__).resolve().parent
HARNESS = Path(os.environ.get("LANNER_BENCH_HARNESS", HERE.parent.parent / "shared" / "bench"))
PEERS: Final = "raw,starlette,litestar,fastapi,blacksheep,falcon,muffin,lanner"

# lanner / raw at most, per scenario (in-process median µs, one harness run).
TARGETS: Final = {
    "plaintext": 2.0,
    "json-small": 2.0,
    "path-param": 2.0,
    "query-params": 2.0,
    "json-body": 2.0,
    "json-large": 1.25,
    "headers-cookies": 2.0,
}


def judge(results: dict[str, dict[str, dict[str, float]]]) -> tuple[str, bool]:
    """The target table for one run's results, and whether every row passed."""
    peers = [name for name in results if name not in ("raw", "lanner")]
    lines = [
        "| scenario | raw µs | lanner µs | lanner/raw | target | fastest peer (µs) | peer/raw | faster than every peer | pass |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    all_pass = True
    for scenario, target in TARGETS.items():
        raw = results["raw"][scenario]["median_us"]
        ours = results["lanner"][scenario]["median_us"]
        ratio = ours / raw
        timed = [(results[p][scenario]["median_us"], p) for p in peers if "median_us" in results[p][scenario]]
        best = min(timed) if timed else None
        beats = best is None or ours < best[0]
        ok = ratio <= target and beats
        all_pass &= ok
        best_text = f"{best[1]} ({best[0]:.2f})" if best else "—"
        best_ratio = f"{best[0] / raw:.2f}" if best else "—"
        lines.append(
            f"| {scenario} | {raw:.2f} | {ours:.2f} | {ratio:.2f} | ≤ {target} | {best_text} | "
            f"{best_ratio} | {'yes' if beats else 'NO'} | {'PASS' if ok else 'FAIL'} |"
        )
    return "\n".join(lines), all_pass


# Over loopback, per server: lanner's req/s at least this share of raw's, and above every peer's.
LOOPBACK_SHARE: Final = 0.85


def judge_http(summary: dict[str, dict[str, dict[str, dict[str, float]]]]) -> tuple[str, bool]:
    """The loopback target table for one `http_bench.py` run, and whether every row passed."""
    lines = [
        "| server | scenario | raw req/s | lanner req/s | lanner/raw | best peer (req/s) | above every peer | pass |",
        "|---|---|---|---|---|---|---|---|",
    ]
    all_pass = True
    for server, frameworks in summary.items():
        peers = [name for name in frameworks if name not in ("raw", "lanner")]
        for scenario in TARGETS:
            if scenario not in frameworks["raw"] or scenario not in frameworks["lanner"]:
                # A partial run (`--scenarios`) judges what it ran; it cannot pass as a whole.
                all_pass = False
                lines.append(f"| {server} | {scenario} | — | — | — | — | — | not run |")
                continue
            raw = frameworks["raw"][scenario]["rps_mean"]
            ours = frameworks["lanner"][scenario]["rps_mean"]
            rated = [(frameworks[p][scenario]["rps_mean"], p) for p in peers if scenario in frameworks[p]]
            best = max(rated) if rated else None
            above = best is None or ours > best[0]
            ok = ours >= LOOPBACK_SHARE * raw and above
            all_pass &= ok
            best_text = f"{best[1]} ({best[0]:,.0f})" if best else "—"
            lines.append(
                f"| {server} | {scenario} | {raw:,.0f} | {ours:,.0f} | {ours / raw:.0%} | {best_text} | "
                f"{'yes' if above else 'NO'} | {'PASS' if ok else 'FAIL'} |"
            )
    return "\n".join(lines), all_pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--frameworks", default=PEERS)
    parser.add_argument("--rounds", default="7")
    parser.add_argument("--from", dest="from_json", help="judge this JSON instead of running")
    parser.add_argument("--http-from", dest="http_json", help="judge this http_bench.py JSON (loopback)")
    args = parser.parse_args()
    if args.http_json:
        table, all_pass = judge_http(json.loads(Path(args.http_json).read_text())["summary"])
        print(f"\nlanner against its loopback targets (≥ {LOOPBACK_SHARE:.0%} of raw, above every peer):\n")
        print(table)
        return 0 if all_pass else 1
    if args.from_json:
        path = Path(args.from_json)
    else:
        path = Path(tempfile.mkdtemp()) / "inproc.json"
        command = [
            sys.executable, str(HARNESS / "inproc.py"),
            "--frameworks", args.frameworks, "--rounds", args.rounds, "--json", str(path),
        ]  # fmt: skip
        env = {**os.environ, "BENCH_APPS_PATH": str(HERE)}
        status = subprocess.call(command, env=env)
        if status != 0:
            print(f"the harness failed (exit {status}); see its output above", file=sys.stderr)
            return status
    results = json.loads(path.read_text())["results"]
    table, all_pass = judge(results)
    print("\nlanner against its targets (in-process, median µs, this run):\n")
    print(table)
    print(f"\nresults: {path}")
    return 0 if all_pass else 1


if __name__ == "__main__":
    raise SystemExit(main())
