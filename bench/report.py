"""The markdown report: goals (PASS/MISS), per-workload tables, slopes, W4, naive.

    render({"meta": {...}, "plan": {...}, "cells": {"W2|1000|pickle": {...}}})
        -> "## Goals\\n| goal | ... | PASS |..."

A cell key is ``workload|n|system``; its values are what bench/worker.py
printed plus ``status`` and ``wall_s``. Times are medians, in seconds, in the
cells; the tables show milliseconds.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from bench.workloads import DESCRIPTIONS

PERSIST = ("persist-flat", "persist-scoped")
ORDER = (
    "persist-flat",
    "persist-scoped",
    "old-flat",
    "old-scoped",
    "pickle",
    "jsonpickle",
)
GOAL_N = 10_000
SLOPE_N = (1_000, 1_000_000)
SLOPE_WORKLOADS = ("W1", "W2")  # the slope goals' workloads


class Cells:
    def __init__(self, cells: dict[str, dict[str, Any]]) -> None:
        self.cells = cells

    def get(self, workload: str, n: int, system: str, field: str) -> Any:
        return self.cells.get(f"{workload}|{n}|{system}", {}).get(field)

    def sizes(self, workload: str) -> list[int]:
        return sorted(
            {int(k.split("|")[1]) for k in self.cells if k.split("|")[0] == workload}
        )

    def systems(self, workload: str) -> list[str]:
        found = {k.split("|")[2] for k in self.cells if k.split("|")[0] == workload}
        return [s for s in ORDER if s in found]


# -- formatting ------------------------------------------------------------
def ms(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    value = seconds * 1000
    return f"{value:.3g}" if value < 1000 else f"{value:,.0f}"


def ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0:
        return "—"
    r = a / b
    return f"{r:.3g}"


def num(value: float | None, digits: int = 3) -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}g}" if abs(value) < 10**digits else f"{value:,.0f}"


def n_label(n: int) -> str:
    exponent = math.log10(n) if n > 0 else 0
    return f"1e{int(exponent)}" if exponent.is_integer() else f"{n:,}"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def note(cell: dict[str, Any]) -> str:
    parts = []
    if cell.get("status", "ok") not in ("ok", "error"):
        parts.append(cell["status"])
    if cell.get("error"):
        parts.append(cell["error"])
    return "; ".join(parts).replace("|", "/")


def check_text(cell: dict[str, Any]) -> str:
    marks = [cell.get("check"), cell.get("warm_check")]
    marks = [m for m in marks if m]
    if not marks:
        return "—"
    if all(m == "ok" for m in marks):
        return "ok"
    return " / ".join(m for m in marks).replace("|", "/")


# -- goals -----------------------------------------------------------------
def slope(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of log(t) over log(n)."""
    pts = [(math.log(n), math.log(t)) for n, t in points if t and t > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sxx if sxx else None


def series(
    cells: Cells, workload: str, system: str, field: str
) -> list[tuple[int, float]]:
    out = []
    for n in cells.sizes(workload):
        value = cells.get(workload, n, system, field)
        if value is not None:
            out.append((n, value))
    return out


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("PASS" if ok else "**MISS**")


def at_goal_n(
    cells: Cells, goal: str, field: str, peer: str, peer_field: str, limit: float
) -> list[list[str]]:
    """``field`` of each persist style over ``peer_field`` of ``peer`` at n=1e4."""
    rows = []
    for workload in ("W1", "W2", "W3", "W5"):
        for system in PERSIST:
            mine = cells.get(workload, GOAL_N, system, field)
            theirs = cells.get(workload, GOAL_N, peer, peer_field)
            r = mine / theirs if mine is not None and theirs else None
            rows.append(
                [
                    goal,
                    f"{workload} n={n_label(GOAL_N)} {system}",
                    f"{ms(mine)} ms vs {ms(theirs)} ms = {num(r)}×",
                    f"≤ {limit:g}×",
                    verdict(None if r is None else r <= limit),
                ]
            )
    return rows


def slope_goals(cells: Cells) -> list[list[str]]:
    rows = []
    for workload in SLOPE_WORKLOADS:
        for system in PERSIST:
            for field, label in (("dump_s", "dump"), ("cold_s", "cold load")):
                pts = series(cells, workload, system, field)
                s = slope(pts)
                where = f"{workload} {system}"
                if pts:
                    where += f", n {n_label(pts[0][0])}–{n_label(pts[-1][0])}"
                    if pts[0][0] > SLOPE_N[0] or pts[-1][0] < SLOPE_N[1]:
                        where += " (short range)"
                ok = None if s is None else s <= 1.1
                shown = "—" if s is None else f"{s:.3f}"  # (1.104 is not 1.1)
                rows.append(
                    [f"{label} slope ≤ 1.1", where, shown, "≤ 1.1", verdict(ok)]
                )
    return rows


def memory_goals(cells: Cells) -> list[list[str]]:
    rows = []
    for workload in ("W1", "W2"):
        sizes = cells.sizes(workload)
        n = sizes[-1] if sizes else 0
        for system in PERSIST if sizes else ():
            for field, label in (("dump_peak_mb", "dump"), ("load_peak_mb", "load")):
                mine = cells.get(workload, n, system, field)
                theirs = cells.get(workload, n, "pickle", field)
                r = mine / theirs if mine is not None and theirs else None
                where = f"{workload} n={n_label(n)} {system}"
                rows.append(
                    [
                        f"{label} peak memory ≤ 5× pickle's",
                        where + ("" if n >= 1_000_000 else " (n < 1e6)"),
                        f"{num(mine)} MB vs {num(theirs)} MB = {num(r)}×",
                        "≤ 5×",
                        verdict(None if r is None else r <= 5),
                    ]
                )
    return rows


def deep_goals(cells: Cells) -> list[list[str]]:
    sizes = cells.sizes("W6")
    if not sizes:
        return []
    n, rows = sizes[-1], []
    for system in PERSIST:
        cell = cells.cells.get(f"W6|{n}|{system}", {})
        ok = (
            cell.get("check") == "ok"
            and cell.get("warm_check") == "ok"
            and cell.get("recursion_limit") == 1000
        )
        measured = note(cell) or "no data"
        if cell.get("check"):
            measured = (
                f"dump {ms(cell.get('dump_s'))} ms, load {ms(cell.get('cold_s'))} ms, "
                f"warm {ms(cell.get('warm_s'))} ms, check {check_text(cell)}"
            )
        goal = "W6 dumps and loads, default recursion limit"
        result = verdict(ok) if n >= 100_000 else "— (not run at 1e5)"
        rows.append([goal, f"depth {n:,} {system}", measured, "1e5 deep", result])
    return rows


def w4_goals(cells: Cells) -> list[list[str]]:
    keys = [k for k in cells.cells if k.startswith("W4|")]
    if not keys:
        return []
    n = int(keys[0].split("|")[1])
    mb = n * 8 / 1e6
    where = f"W4 {mb:,.0f} MB" + ("" if mb >= 400 else " (< 400 MB)")
    rows = []
    for field, peer, label, system, how in (
        ("save_s", "np.save", "dump", "persist", " (durable: fsync)"),
        ("save_s", "np.save", "dump", "persist-fast", " (`durable=False`)"),
        ("load_s", "np.load", "load", "persist", ""),
    ):
        mine, theirs = (
            cells.get("W4", n, system, field),
            cells.get("W4", n, "numpy", field),
        )
        if system != "persist" and mine is None:
            continue  # (a results file from before the system was measured)
        r = theirs / mine if mine and theirs else None  # a throughput ratio
        rate = f"{num(mb / mine if mine else None)} MB/s"
        peer_rate = f"{num(mb / theirs if theirs else None)} MB/s"
        rows.append(
            [
                f"{label} throughput ≥ 0.9× {peer}",
                where + how,
                f"{rate} vs {peer_rate} = {num(r)}×",
                "≥ 0.9×",
                verdict(None if r is None else r >= 0.9),
            ]
        )
    mmap = cells.get("W4", n, "persist", "mmap_s")
    ok = None if mmap is None else mmap < 0.010
    rows.append(["mmap open < 10 ms", where, f"{ms(mmap)} ms", "< 10 ms", verdict(ok)])
    return rows


def naive_goals(cells: Cells) -> list[list[str]]:
    rows = []
    for key in [k for k in cells.cells if k.startswith("F|")]:
        n = int(key.split("|")[1])
        p, v = cells.cells[key].get("persist_s"), cells.cells[key].get("naive_s")
        r = v / p if p and v else None
        rows.append(
            [
                "inline float list ≥ 10× faster than naive libcst",
                f"{n:,} floats" + ("" if n >= 1_000_000 else " (n < 1e6)"),
                f"{ms(p)} ms vs {ms(v)} ms = {num(r)}×",
                "≥ 10×",
                verdict(None if r is None else r >= 10),
            ]
        )
    return rows


def goals(cells: Cells) -> list[list[str]]:
    return (
        at_goal_n(cells, "dump ≤ jsonpickle.dumps", "dump_s", "jsonpickle", "dump_s", 1)
        + at_goal_n(
            cells,
            "cold load ≤ 3× jsonpickle.loads",
            "cold_s",
            "jsonpickle",
            "cold_s",
            3,
        )
        + at_goal_n(
            cells, "warm load ≤ 2× pickle.loads", "warm_s", "pickle", "cold_s", 2
        )
        + slope_goals(cells)
        + memory_goals(cells)
        + deep_goals(cells)
        + w4_goals(cells)
        + naive_goals(cells)
    )


# -- sections --------------------------------------------------------------
def workload_rows(cells: Cells, workload: str) -> list[list[str]]:
    rows = []
    for n in cells.sizes(workload):
        jp_dump = cells.get(workload, n, "jsonpickle", "dump_s")
        jp_cold = cells.get(workload, n, "jsonpickle", "cold_s")
        pk_dump = cells.get(workload, n, "pickle", "dump_s")
        pk_cold = cells.get(workload, n, "pickle", "cold_s")
        for system in cells.systems(workload):
            cell = cells.cells.get(f"{workload}|{n}|{system}")
            if cell is None:
                continue
            get = cell.get
            size = get("size_bytes")
            rows.append(
                [
                    n_label(n),
                    system,
                    ms(get("dump_s")),
                    ratio(get("dump_s"), jp_dump),
                    ratio(get("dump_s"), pk_dump),
                    ms(get("cold_s")),
                    ratio(get("cold_s"), jp_cold),
                    ratio(get("cold_s"), pk_cold),
                    ms(get("warm_s")),
                    ratio(get("warm_s"), pk_cold),
                    "—" if size is None else num(size / 1000),
                    num(get("dump_peak_mb")),
                    num(get("load_peak_mb")),
                    check_text(cell),
                    note(cell),
                ]
            )
    return rows


WORKLOAD_HEADER = [
    "n",
    "system",
    "dump ms",
    "×jp",
    "×pickle",
    "cold load ms",
    "×jp",
    "×pickle",
    "warm load ms",
    "×pickle.loads",
    "size kB",
    "dump peak MB",
    "load peak MB",
    "check",
    "note",
]


def slope_rows(cells: Cells) -> list[list[str]]:
    rows = []
    for workload in ("W1", "W2", "W3", "W5"):
        for system in cells.systems(workload):
            pts = {
                f: series(cells, workload, system, f)
                for f in ("dump_s", "cold_s", "warm_s")
            }
            ns = sorted({n for p in pts.values() for n, _ in p})
            if len(ns) < 2:
                continue
            span = f"{n_label(ns[0])}–{n_label(ns[-1])}"
            rows.append(
                [workload, system, span]
                + [num(slope(pts[f])) for f in ("dump_s", "cold_s", "warm_s")]
            )
    return rows


SLOPE_HEADER = ["workload", "system", "n", "dump", "cold load", "warm load"]


def w4_rows(cells: Cells) -> list[list[str]]:
    rows = []
    keys = [k for k in cells.cells if k.startswith("W4|")]
    if not keys:
        return rows
    n = int(keys[0].split("|")[1])
    mb = n * 8 / 1e6
    np_save = cells.get("W4", n, "numpy", "save_s")
    np_load = cells.get("W4", n, "numpy", "load_s")
    for key in keys:
        cell = cells.cells[key]
        system = key.split("|")[2]
        save, load, mmap = cell.get("save_s"), cell.get("load_s"), cell.get("mmap_s")
        first = cell.get("first_load_s")
        checks = [v for k, v in cell.items() if k.endswith("_check")]
        rows.append(
            [
                system,
                num(mb / save if save else None),
                ratio(np_save, save),
                num(mb / load if load else None),
                ratio(np_load, load),
                ms(save),
                ms(load),
                ms(first),
                ms(mmap),
                (
                    "ok"
                    if checks and all(c == "ok" for c in checks)
                    else " / ".join(checks) or "—"
                ),
                note(cell),
            ]
        )
    return rows


W4_HEADER = [
    "system",
    "save MB/s",
    "×np.save",
    "load MB/s",
    "×np.load",
    "save ms",
    "load ms",
    "first load ms",
    "mmap open ms",
    "check",
    "note",
]


def naive_rows(cells: Cells) -> list[list[str]]:
    rows = []
    for key in [k for k in cells.cells if k.startswith("F|")]:
        cell = cells.cells[key]
        p, v = cell.get("persist_s"), cell.get("naive_s")
        checks = f"{cell.get('persist_check', '—')} / {cell.get('naive_check', '—')}"
        rows.append(
            [
                f"{int(key.split('|')[1]):,}",
                ms(p),
                ms(v),
                ratio(v, p),
                checks,
                note(cell),
            ]
        )
    return rows


NAIVE_HEADER = ["n", "persist-flat ms", "naive ms", "speed-up", "check", "note"]


def render(results: dict[str, Any]) -> str:
    meta, plan, cells = results["meta"], results["plan"], Cells(results["cells"])
    goal_rows = goals(cells)
    passed = sum(1 for row in goal_rows if row[-1] == "PASS")
    out = [
        f"Run `{meta['command']}` on {meta['date']}, {meta['wall_s'] / 60:.1f} min; "
        f"load average {meta['load_average']:.1f} at the start, "
        f"{meta['load_average_end']:.1f} at the end (other work shares the machine).",
        "",
        f"Machine: {meta['nproc']} cores ({meta['platform']}), "
        f"Python {meta['python']}, "
        f"numpy {meta['numpy']}, libcst {meta['libcst']}, "
        f"jsonpickle {meta['jsonpickle']}; persist {meta['persist']} at "
        f"{meta['commit']}, {meta.get('build', 'source (pure Python)')} build; "
        f"old system: {meta['old']}. Medians of up to "
        f"{plan['reps']} samples"
        + (
            f", and at n=1e4 (W1, W2: every n below 1e6, persist 3.2.1 aside) of "
            f"{plan['rounds']} workers per cell, the systems taking turns"
            if plan.get("rounds", 1) > 1
            else ""
        )
        + f"; worker limit {plan['cap']:.0f} s, "
        f"{plan['old_cap']:.0f} s for persist 3.2.1. Times in ms of "
        + ("wall-clock time" if plan.get("clock") == "wall" else "process CPU time")
        + " (W4: wall clock); ×jp and ×pickle "
        "are ratios to jsonpickle's and pickle's figure in the same column (warm "
        "load: to pickle.loads).",
        "",
        "### Goals",
        "",
        *table(["goal", "where", "measured", "target", "result"], goal_rows),
        "",
        f"{passed} PASS, {len(goal_rows) - passed} MISS or no data.",
        "",
    ]
    for workload in ("W1", "W2", "W3", "W5", "W5D", "W6"):
        rows = workload_rows(cells, workload)
        if rows:
            out += [f"### {workload}: {DESCRIPTIONS[workload]}", ""]
            out += [*table(WORKLOAD_HEADER, rows), ""]
    sections = (
        ("Scaling: log-log slope of time over n", SLOPE_HEADER, slope_rows(cells)),
        (f"W4: {DESCRIPTIONS['W4']}", W4_HEADER, w4_rows(cells)),
        (
            "F: one list of floats inline, persist-flat vs one libcst node per element",
            NAIVE_HEADER,
            naive_rows(cells),
        ),
    )
    for title, header, rows in sections:
        if rows:
            out += [f"### {title}", "", *table(header, rows), ""]
    return "\n".join(out)


def update_readme(path: Path, mode: str, text: str) -> None:
    """Replace the text between this mode's markers in ``path``."""
    start, end = f"<!-- results:{mode}:start -->", f"<!-- results:{mode}:end -->"
    readme = path.read_text() if path.exists() else ""
    block = f"{start}\n{text}\n{end}"
    if start in readme and end in readme:
        readme = re.sub(
            re.escape(start) + r".*?" + re.escape(end),
            lambda _: block,
            readme,
            flags=re.S,
        )
    else:
        readme = readme.rstrip() + f"\n\n## Latest {mode} run\n\n{block}\n"
    path.write_text(readme)
