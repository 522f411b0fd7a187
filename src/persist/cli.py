"""The ``persist`` command line.

    persist demo [DIR]     archive a built-in example, save it, import it back

Exit status: 0 on success, 1 when the work failed (a demo that did not round
trip), 2 for bad usage.
"""

from __future__ import annotations

import argparse
import sys

from persist.errors import ArchiveError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="persist",
        description="Archive Python objects as importable, readable Python source.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo = commands.add_parser(
        "demo",
        help="archive a built-in example, save it as a package and import it back",
        description="Build an example object graph (shared references, a cycle, a "
        "dataclass, a large array), print its flat archive, save it as a package "
        "in DIR (a new temporary directory by default) and import it back.",
    )
    demo.add_argument("directory", nargs="?", metavar="DIR", help="where to save")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "demo":
            from persist.demo import run_demo

            return run_demo(args.directory)
    except ArchiveError as exc:
        print(f"persist: error: {exc}", file=sys.stderr)
        return 1
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":
    sys.exit(main())
