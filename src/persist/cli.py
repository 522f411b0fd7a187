"""The ``persist`` command line.

    persist demo [DIR]                 archive an example, save it, import it back
    persist convert INPUT -o OUTPUT    a pickle, JSON, .npy or .npz file as an archive
    persist show PATH                  names, types and sizes of an archive or a DataSet
    persist check PATH [--safe]        load (or only verify) an archive, report problems
    persist diff A B                   semantic differences between two archives

Exit status: 0 success (for ``diff``: no differences; for ``check``: no
problems), 1 the work found a problem or failed (differences found, a check
failed, a demo that did not round-trip, a bad input file), 2 bad usage.
Run as a git diff driver (seven arguments), ``diff`` always exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from persist.errors import ArchiveError

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="persist",
        description="Archive Python objects as importable, readable Python source.",
        epilog="Exit status: 0 success, 1 problem found or failure, 2 bad usage.",
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

    convert = commands.add_parser(
        "convert",
        help="turn a pickle, JSON, .npy or .npz file into an archive",
        description="Read INPUT (.pkl/.pickle, .json, .npy, .npz) and save it as an "
        "archive at OUTPUT (a module OUTPUT.py, or a package directory with "
        "--package). A dict with identifier keys becomes one name per key; anything "
        "else is saved under the name 'data'. Unpickling runs code chosen by whoever "
        "wrote the pickle, so pickles are refused unless --trust is given.",
    )
    convert.add_argument("input", metavar="INPUT")
    convert.add_argument("-o", "--output", required=True, metavar="OUTPUT")
    convert.add_argument(
        "--package", action="store_true", help="write a package directory"
    )
    convert.add_argument("--scoped", action="store_true", help="use the scoped style")
    convert.add_argument(
        "--threshold",
        type=int,
        default=None,
        metavar="N",
        help="store arrays with more than N elements in external files",
    )
    convert.add_argument("--format", choices=("npy", "hdf5"), default="npy")
    convert.add_argument(
        "--trust", action="store_true", help="allow reading a pickle (it runs code)"
    )

    show = commands.add_parser(
        "show",
        help="list the names of an archive, or the keys and metadata of a DataSet",
        description="Print each name of the archive at PATH with its type and size; "
        "for a DataSet directory, its keys and metadata (items are not loaded).",
    )
    show.add_argument("path", metavar="PATH")
    show.add_argument("--safe", action="store_true", help="verify before loading")

    check = commands.add_parser(
        "check",
        help="load an archive (or only verify it with --safe) and report problems",
        description="Load the archive at PATH and report any problem with its file "
        "and line. With --safe, only verify it against the safe loader's allow-list "
        "without running it.",
    )
    check.add_argument("path", metavar="PATH")
    check.add_argument("--safe", action="store_true", help="verify only; run nothing")

    diff = commands.add_parser(
        "diff",
        help="semantic differences between two archives",
        description="Compare the names and values of archives A and B: names added "
        "or removed, and for changed values the path inside the value. Also works as "
        "a git diff driver (git passes seven arguments); see docs/cli.md.",
    )
    diff.add_argument(
        "paths", nargs="+", metavar="A B", help="two archives (or git's 7 args)"
    )
    diff.add_argument("--safe", action="store_true", help="verify before loading")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler = {
        "demo": _demo,
        "convert": _convert,
        "show": _show,
        "check": _check,
        "diff": _diff,
    }[args.command]
    try:
        return handler(args)
    except ArchiveError as exc:
        print(f"persist {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_PROBLEM
    except OSError as exc:
        print(f"persist {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_PROBLEM


def _demo(args: argparse.Namespace) -> int:
    from persist.demo import run_demo

    return run_demo(args.directory)


def _read_input(path: Path, trust: bool) -> Any:
    suffix = path.suffix.lower()
    if not path.exists():
        raise ArchiveError(f"{path}: no such file")
    if suffix in (".pkl", ".pickle"):
        if not trust:
            raise ArchiveError(
                f"{path}: reading a pickle runs whatever code its author put in it; "
                f"pass --trust if you trust its source"
            )
        import pickle

        with open(path, "rb") as handle:
            return pickle.load(handle)
    if suffix == ".json":
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise ArchiveError(f"{path}: not valid JSON: {exc}") from exc
    if suffix in (".npy", ".npz"):
        import numpy as np

        try:
            loaded = np.load(path, allow_pickle=False)
        except Exception as exc:
            raise ArchiveError(f"{path}: cannot read: {exc}") from exc
        if suffix == ".npz":
            with loaded:
                return {key: loaded[key] for key in loaded.files}
        return {path.stem if path.stem.isidentifier() else "array": loaded}
    raise ArchiveError(
        f"{path}: unknown input type {suffix!r} (use .pkl, .json, .npy, .npz)"
    )


def _convert(args: argparse.Namespace) -> int:
    import keyword

    from persist.archive import Archive
    from persist.store.layout import is_normal_form

    data = _read_input(Path(args.input), args.trust)
    if (
        isinstance(data, dict)
        and data
        and all(
            isinstance(k, str)
            and k.isidentifier()
            and is_normal_form(k)  # else two keys may be read as one name
            and not keyword.iskeyword(k)
            and not k.startswith("_")
            for k in data
        )
    ):
        items = dict(data)
    else:
        items = {"data": data}
    archive = Archive(
        scoped=args.scoped, array_threshold=args.threshold, backup_data=False
    )
    archive.insert(**items)
    output = Path(args.output)
    if args.package:
        path = archive.save(
            output.parent, output.name, package=True, data_format=args.format
        )
    else:
        name = output.stem if output.suffix == ".py" else output.name
        path = archive.save(output.parent, name, package=False, data_format=args.format)
    print(f"wrote {path} ({', '.join(items)})")
    return EXIT_OK


def _load(path: str, safe: bool) -> Any:
    """The archive at ``path``, its arrays memory-mapped: looking at a large
    archive reads only what is printed."""
    from persist.load import load

    return load(path, safe=safe, mmap=True)


def _show(args: argparse.Namespace) -> int:
    from persist.compare import describe
    from persist.dataset import MARKER, DataSet

    path = Path(args.path)
    if (path / MARKER).exists():
        dataset = DataSet(path.name, "r", path=path.parent)
        count = len(dataset)
        print(f"DataSet {path} ({count} key{'s' if count != 1 else ''})")
        for key in dataset:
            try:
                info = repr(dataset[key])
            except ArchiveError as exc:
                info = f"<broken: {exc}>"
            stored = "item" if (path / f"{key}.py").exists() else "metadata only"
            print(f"  {key}: {stored}; metadata {info}")
        return EXIT_OK
    loaded = _load(args.path, args.safe)
    if not isinstance(loaded, dict):
        print(f"single item: {describe(loaded)}")
        return EXIT_OK
    for name, value in loaded.items():
        print(f"{name}: {describe(value)}")
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if args.safe:
        from persist.load import locate, read_module
        from persist.safe import verify

        module, _ = locate(path)
        try:
            verify(read_module(module), str(module))
        except SyntaxError as exc:
            raise ArchiveError(f"{module}:{exc.lineno}: {exc.msg}") from exc
        print(f"{module}: passes the safe loader's checks")
        return EXIT_OK
    loaded = _load(args.path, False)
    count = len(loaded) if isinstance(loaded, dict) else 1
    print(f"{args.path}: loads ({count} name{'s' if count != 1 else ''})")
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    from persist.compare import differences, load_side

    paths = args.paths
    as_git_driver = len(paths) == 7
    if as_git_driver:
        display, old, new = paths[0], paths[1], paths[4]
        # git passes temporary copies of blobs, with no array store beside
        # them; only the working-tree file itself has its store
        stores = [_same_file(side, display) for side in (old, new)]
    elif len(paths) == 2:
        display, old, new = f"{paths[0]} -> {paths[1]}", paths[0], paths[1]
        stores = [True, True]
    else:
        print(
            "persist diff: error: give two archives (or git's seven arguments)",
            file=sys.stderr,
        )
        return EXIT_USAGE

    def read(path: str, use_store: bool) -> tuple[dict[str, Any], dict[int, str]]:
        if path == "/dev/null":  # git's side of an added or deleted file
            return {}, {}
        return load_side(path, use_store=use_store, safe=args.safe)

    try:
        (a, a_keys), (b, b_keys) = read(old, stores[0]), read(new, stores[1])
    except ArchiveError as exc:
        if not as_git_driver:
            raise
        # a failing driver stops git diff altogether: show the text instead
        print(f"persist diff {display}: values not compared: {exc}")
        sys.stdout.writelines(_text_diff(old, new, display))
        return EXIT_OK
    found = differences(a, b, origins={**a_keys, **b_keys})
    if found:
        print(f"persist diff {display}")
        for line in found:
            print(line)
    if as_git_driver:
        return EXIT_OK
    return EXIT_PROBLEM if found else EXIT_OK


def _same_file(path: str, other: str) -> bool:
    try:
        return Path(path).resolve() == Path(other).resolve()
    except OSError:
        return False


def _text_diff(old: str, new: str, display: str) -> list[str]:
    import difflib

    from persist.source import read_source

    def lines(path: str) -> list[str]:
        try:
            return read_source(Path(path)).splitlines(True)
        except (OSError, SyntaxError, UnicodeDecodeError):
            return []

    diff = difflib.unified_diff(lines(old), lines(new), f"a/{display}", f"b/{display}")
    return list(diff)


if __name__ == "__main__":
    sys.exit(main())
