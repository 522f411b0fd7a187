"""Run the benchmark and write its markdown report.

    python -m bench --quick        small n, a few minutes
    python -m bench --full         n up to 1e6, W4 at 400 MB (about 20 minutes)

Every measurement runs in a fresh worker process (bench/worker.py) with a time
limit and imports persist from this tree's ``src/``, so a clean checkout (a
``git worktree``) can be measured while the main tree is being edited.
persist 3.2.1 runs in its own virtualenv (bench/.venv-old, made on first use
with ``python -m venv`` and pip). The report goes to ``bench/results/<mode>.md``
(raw figures beside it as JSON) and replaces the ``<mode>`` section of
bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as ``python bench/run.py``
    sys.path.insert(0, str(ROOT))
sys.path.insert(
    1, str(ROOT / "src")
)  # this tree's persist, even if another is installed

from bench.report import (  # noqa: E402
    GOAL_N,
    SLOPE_N,
    SLOPE_WORKLOADS,
    render,
    update_readme,
)

OLD_REQUIREMENTS = ["persist==3.2.1", "numpy<2.3"]
CELL_SYSTEMS = [
    "persist-flat",
    "persist-scoped",
    "pickle",
    "jsonpickle",
    "old-flat",
    "old-scoped",
]
W4_SYSTEMS = ["numpy", "numpy-fsync", "pickle", "persist", "persist-fast", "old"]

PLANS: dict[str, dict[str, Any]] = {
    "quick": {
        "sizes": {
            "W1": [1_000, 10_000],
            "W2": [1_000, 10_000],
            "W3": [10_000],
            "W5": [10_000],
            "W5D": [10_000],
            "W6": [100, 1_000, 100_000],
        },
        "reps": 3,
        "rounds": 3,  # workers per cell at the goals' n (and W1, W2 below 1e6)
        "budget": 3.0,  # seconds of samples per operation, past the first
        "w4_mb": 50.0,
        "w4_reps": 3,
        "naive_n": 100_000,
        "cap": 300.0,  # seconds per worker
        "old_cap": 10.0,
        "old_max_n": None,
    },
    "full": {
        "sizes": {
            "W1": [1_000, 10_000, 100_000, 1_000_000],
            "W2": [1_000, 10_000, 100_000, 1_000_000],
            "W3": [1_000, 10_000],
            "W5": [1_000, 10_000],
            "W5D": [1_000, 10_000],
            "W6": [100, 1_000, 10_000, 100_000],
        },
        "reps": 5,
        "rounds": 3,
        "budget": 15.0,
        "w4_mb": 400.0,
        "w4_reps": 5,  # (the disk stalls now and then for ~0.8 s)
        "naive_n": 1_000_000,
        "cap": 900.0,
        "old_cap": 60.0,
        "old_max_n": 100_000,  # persist 3.2.1 is quadratic: not past 1e5
    },
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__.split("\n")[0]
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--quick",
        dest="mode",
        action="store_const",
        const="quick",
        help="small n (default)",
    )
    mode.add_argument(
        "--full", dest="mode", action="store_const", const="full", help="n up to 1e6"
    )
    parser.set_defaults(mode="quick")
    parser.add_argument(
        "--w4-mb", type=float, help="W4 array size in MB (default 50 quick, 400 full)"
    )
    parser.add_argument(
        "--workloads", help="comma-separated subset of W1,W2,W3,W4,W5,W5D,W6,F"
    )
    parser.add_argument(
        "--systems", help="comma-separated subset of " + ",".join(CELL_SYSTEMS)
    )
    parser.add_argument("--max-n", type=int, help="skip sizes above this")
    parser.add_argument(
        "--peer-max-n",
        type=int,
        help="skip sizes above this for pickle, jsonpickle and persist 3.2.1",
    )
    parser.add_argument("--no-old", action="store_true", help="leave out persist 3.2.1")
    parser.add_argument(
        "--old-cap",
        type=float,
        help="seconds per persist 3.2.1 worker (default 10 quick, 60 full)",
    )
    parser.add_argument("--old-venv", type=Path, default=ROOT / "bench" / ".venv-old")
    parser.add_argument(
        "--wall",
        action="store_true",
        help="time dumps and loads by the wall clock, not the process's CPU time",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        help="workers per cell at n=1e4 (W1, W2: below 1e6), the systems taking "
        "turns (default 3)",
    )
    parser.add_argument(
        "--no-readme", action="store_true", help="do not update bench/README.md"
    )
    parser.add_argument(
        "--source",
        action="store_true",
        help="measure persist's source as it is (pure Python), not the compiled "
        "build (bench/compiled.py) that is released",
    )
    return parser.parse_args(argv)


# -- workers ---------------------------------------------------------------
def ensure_old_venv(venv: Path) -> tuple[str | None, str]:
    """The old virtualenv's python (made if missing), or None and why not."""
    python = venv / "bin" / "python"
    probe = [
        str(python),
        "-c",
        "import persist.archive, numpy; from importlib.metadata import version; "
        "print(version('persist'), numpy.__version__)",
    ]
    try:
        if not python.exists():
            print(f"creating {venv} with {' '.join(OLD_REQUIREMENTS)}", file=sys.stderr)
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            subprocess.run(
                [str(python), "-m", "pip", "install", "-q", *OLD_REQUIREMENTS],
                check=True,
            )
        out = subprocess.run(
            probe, capture_output=True, text=True, check=True, cwd="/"
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError) as exc:
        return None, f"persist 3.2.1 unavailable: {exc}"
    return str(python), f"persist {out[0]}, numpy {out[1]}"


# the persist the workers import: this tree's src/, or its compiled build
PERSIST_SRC = ROOT / "src"


def run_worker(python: str, spec: dict[str, Any], cap: float) -> dict[str, Any]:
    """Run one worker; its results, with ``status`` and ``wall_s``."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # bench itself, and this tree's persist (before any installed one);
    # the old virtualenv gets bench only
    paths = [ROOT] if python != sys.executable else [ROOT, PERSIST_SRC]
    env["PYTHONPATH"] = os.pathsep.join(str(p) for p in paths)
    cmd = [python, "-m", "bench.worker", json.dumps(spec)]
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=cap
        )
        out, err = proc.stdout, proc.stderr
        status = "ok" if proc.returncode == 0 else f"crash (exit {proc.returncode})"
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        err = ""
        status = f"timeout {cap:.0f} s"
    result: dict[str, Any] = {}
    for line in out.splitlines():
        if line.startswith("@@"):
            result.update(json.loads(line[2:]))
    if status.startswith("crash"):
        tail = [line for line in err.strip().splitlines() if line.strip()]
        result["error"] = result.get("error") or (
            tail[-1][:160] if tail else "no output"
        )
    if "error" in result and status == "ok":
        status = "error"
    result["status"] = status
    result["wall_s"] = time.perf_counter() - start
    return result


def w4_cells(result: dict[str, Any], systems: list[str]) -> dict[str, dict[str, Any]]:
    """A W4 worker's results (fields ``system|field``) as one cell per system;
    the worker's own fields (size, status, wall time) go to each."""
    shared = {k: v for k, v in result.items() if "|" not in k}
    cells = {system: dict(shared) for system in systems}
    for key, value in result.items():
        if "|" in key:
            system, field = key.split("|", 1)
            cells.setdefault(system, dict(shared))[field] = value
    for cell in cells.values():
        if "error" in cell and cell["status"] == "ok":
            cell["status"] = "error"
    return cells


def progress(label: str, result: dict[str, Any]) -> None:
    parts = [
        f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}"
        for k, v in result.items()
        if k not in ("version",)
    ]
    print(f"{label}: " + " ".join(parts), file=sys.stderr, flush=True)


# -- the run ---------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    plan = dict(PLANS[args.mode])
    plan["clock"] = "wall" if args.wall else "cpu"
    if args.w4_mb is not None:
        plan["w4_mb"] = args.w4_mb
    if args.old_cap is not None:
        plan["old_cap"] = args.old_cap
    if args.rounds is not None:
        plan["rounds"] = max(1, args.rounds)
    workloads = (
        args.workloads.split(",") if args.workloads else [*plan["sizes"], "W4", "F"]
    )
    systems = args.systems.split(",") if args.systems else list(CELL_SYSTEMS)
    old_python, old_note = (
        (None, "left out (--no-old)") if args.no_old else ensure_old_venv(args.old_venv)
    )
    if old_python is None:
        systems = [s for s in systems if not s.startswith("old")]
    pythons = {
        s: (old_python if s.startswith("old") else sys.executable) for s in systems
    }

    global PERSIST_SRC
    if not args.source:
        from bench.compiled import build

        print("building the compiled persist (bench/compiled.py)", file=sys.stderr)
        PERSIST_SRC = build()
    started = time.perf_counter()
    meta = machine(args, old_note)
    cells: dict[str, dict[str, Any]] = {}
    scratch = Path(tempfile.mkdtemp(prefix="persist-bench-"))
    try:
        for workload in [w for w in workloads if w in plan["sizes"]]:
            failed: dict[str, str] = {}
            for n in plan["sizes"][workload]:
                if args.max_n and n > args.max_n:
                    continue
                todo = []
                for system in systems:
                    peer = not system.startswith("persist")
                    key = f"{workload}|{n}|{system}"
                    if peer and args.peer_max_n and n > args.peer_max_n:
                        cells[key] = {
                            "status": f"skipped (--peer-max-n {args.peer_max_n})"
                        }
                        continue
                    if system.startswith("old") and n > (plan["old_max_n"] or n):
                        cells[key] = {"status": f"skipped (n > {plan['old_max_n']:,})"}
                        continue
                    if system in failed:
                        cells[key] = {"status": f"skipped ({failed[system]})"}
                        continue
                    todo.append(system)
                # at the goals' n every system runs in several workers, taking
                # turns, so that a slow minute of the machine hits them all; so
                # do the smaller sizes of the slope goals' workloads, where a
                # slow minute would tilt a slope (not persist 3.2.1 there: it
                # has no goal, and is slow); one round at the largest n, whose
                # samples are seconds long
                rounds, repeated = 1, todo
                if n == GOAL_N:
                    rounds = plan["rounds"]
                elif workload in SLOPE_WORKLOADS and n < SLOPE_N[1]:
                    rounds = plan["rounds"]
                    repeated = [s for s in todo if not s.startswith("old")]
                runs: dict[str, list[dict[str, Any]]] = {s: [] for s in todo}
                for turn in range(rounds):
                    these = todo if turn == 0 else repeated
                    start = turn % max(len(these), 1)
                    for system in these[start:] + these[:start]:
                        done = runs[system]
                        if done and done[-1].get("status") != "ok":
                            continue  # a failed worker ends that system's rounds
                        key = f"{workload}|{n}|{system}"
                        python = pythons[system]
                        done.append(
                            run_cell(python, system, workload, n, plan, scratch)
                        )
                        label = f"{key} (round {turn + 1})" if rounds > 1 else key
                        progress(label, done[-1])
                for system in todo:
                    key = f"{workload}|{n}|{system}"
                    cells[key] = combine_rounds(runs[system])
                    status = cells[key]["status"]
                    if status.startswith(("timeout", "crash")):
                        failed[system] = f"{status} at n={n}"
        if "W4" in workloads:
            n = int(plan["w4_mb"] * 1e6 / 8)
            # the systems of this interpreter take turns in one worker; the
            # old system runs in its own virtualenv after them
            groups = [[s for s in W4_SYSTEMS if s != "old"]]
            if old_python is not None:
                groups.append(["old"])
            for group in groups:
                python = old_python if group == ["old"] else sys.executable
                cap = plan["old_cap"] if group == ["old"] else plan["cap"]
                spec = {
                    "mode": "w4",
                    "systems": group,
                    "n": n,
                    "reps": plan["w4_reps"],
                    "tmp": str(scratch / "w4"),
                }
                result = run_worker(python, spec, cap)  # type: ignore[arg-type]
                for system, cell in w4_cells(result, group).items():
                    cells[f"W4|{n}|{system}"] = cell
                    progress(f"W4|{n}|{system}", cell)
                shutil.rmtree(scratch / "w4", ignore_errors=True)
        if "F" in workloads:
            n = plan["naive_n"]
            spec = {
                "mode": "naive",
                "n": n,
                "reps": plan["reps"],
                "budget": plan["budget"],
                "clock": plan["clock"],
            }
            cells[f"F|{n}|naive"] = run_worker(sys.executable, spec, plan["cap"])
            progress(f"F|{n}|naive", cells[f"F|{n}|naive"])
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    meta["wall_s"] = time.perf_counter() - started
    meta["load_average_end"] = os.getloadavg()[0]

    results = {"meta": meta, "plan": plan, "cells": cells}
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    (out_dir / f"{args.mode}-{stamp}.json").write_text(json.dumps(results, indent=1))
    text = render(results)
    (out_dir / f"{args.mode}.md").write_text(text)
    if not args.no_readme:
        update_readme(ROOT / "bench" / "README.md", args.mode, text)
    print(text)
    return 0


TIMES = ("dump_s", "cold_s", "warm_s")


def combine_rounds(results: list[dict[str, Any]]) -> dict[str, Any]:
    """One cell from the workers of its rounds: each time is the median over
    the rounds that measured it; the rest is the first worker's. A failed
    worker (the last: rounds stop there) stands for the cell."""
    if len(results) == 1 or any(r.get("status") != "ok" for r in results):
        return results[-1]
    cell = dict(results[0])
    for field in TIMES:
        values = [r[field] for r in results if field in r]
        if values:
            cell[field] = statistics.median(values)
    cell["rounds"] = len(results)
    return cell


def run_cell(
    python: str, system: str, workload: str, n: int, plan: dict[str, Any], scratch: Path
) -> dict[str, Any]:
    """The ``cell`` worker, then (when it produced a text) the ``load_peak`` one."""
    old = system.startswith("old")
    cap = plan["old_cap"] if old else plan["cap"]
    textfile = scratch / f"{workload}-{n}-{system}.txt"
    tmp = scratch / f"{workload}-{n}-{system}"
    tmp.mkdir()
    spec = {
        "mode": "cell",
        "system": system,
        "workload": workload,
        "n": n,
        "reps": plan["reps"],
        "budget": plan["budget"],
        "clock": plan["clock"],
        "tmp": str(tmp),
        "textfile": str(textfile),
    }
    result = run_worker(python, spec, cap)
    if "cold_s" in result or result.get("check", "").startswith("ok"):
        peak = run_worker(
            python,
            {"mode": "load_peak", "system": system, "textfile": str(textfile)},
            cap,
        )
        if "load_peak_mb" in peak:
            result["load_peak_mb"] = peak["load_peak_mb"]
    textfile.unlink(missing_ok=True)
    shutil.rmtree(tmp, ignore_errors=True)
    return result


def machine(args: argparse.Namespace, old_note: str) -> dict[str, Any]:
    from importlib.metadata import version

    import persist

    def git(*cmd: str) -> str:
        try:
            return subprocess.run(
                ["git", *cmd], cwd=ROOT, capture_output=True, text=True
            ).stdout.strip()
        except OSError:
            return "?"

    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime(
            "%Y-%m-%d %H:%M UTC"
        ),
        "command": "python -m bench " + " ".join(sys.argv[1:] or [f"--{args.mode}"]),
        "mode": args.mode,
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "numpy": version("numpy"),
        "libcst": version("libcst"),
        "jsonpickle": version("jsonpickle"),
        "persist": persist.__version__,
        "build": "source (pure Python)" if args.source else "compiled (mypyc)",
        "commit": git("rev-parse", "--short", "HEAD")
        + (
            " (+ uncommitted changes)"
            if git("status", "--porcelain", "--", "src")
            else ""
        ),
        "old": old_note,
        "recursion_limit": sys.getrecursionlimit(),
        "load_average": os.getloadavg()[0],
    }


if __name__ == "__main__":
    raise SystemExit(main())
