"""Every code example in docs/*.md runs, and prints what the page says it prints.

The rules, per page (each page is one test; its examples run in order, in one
namespace, in a fresh temporary working directory that is also on ``sys.path``):

- A ```` ```python ```` block is executed. Whatever it prints must equal the
  ```` ```text ```` block right after it (only blank lines between); a block
  that prints something without such a text block fails, and so does a text
  block after a block that printed nothing.
- A ```` ```python file=NAME ```` block is not executed but written to NAME in
  the working directory (a module the next examples import).
- A ```` ```console ```` block is a shell session: each ``$ command`` line runs
  in ``sh`` in the working directory (the ``persist`` of this interpreter first
  on ``PATH``, git isolated from the user's configuration) and the lines after it,
  up to the next ``$`` line, are its expected output (stdout and stderr).
- ```` ```bash ```` / ```` ```sh ```` blocks (installing, building the docs) are
  shown, not run: only shell may be skipped. ```` ```text ```` blocks after prose,
  configuration snippets (``toml``, ``ini``) and MyST
  directives (```` ```{toctree} ````) are not code. Any other fence language fails
  the test, so a misspelled ```` ```pyhton ```` cannot skip an example.

Output is compared line by line with trailing spaces and leading/trailing blank
lines removed; nothing else is normalized, so examples must print stable text
(relative paths, no ids or timings).

``python tests/test_docs.py --update docs/PAGE.md`` rewrites the expected output
of PAGE from a run (review the diff before committing it).
"""

from __future__ import annotations

import contextlib
import difflib
import io
import os
import re
import subprocess
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

RUN = {"python", "console"}
SHOWN_ONLY = {"bash", "sh", "text", "toml", "ini"}
_FENCE = re.compile(r"^(`{3,}|~{3,})\s*(.*)$")


@dataclass
class Block:
    lang: str
    info: str
    start: int  # line number (1-based) of the first line of the body
    end: int  # line number of the closing fence
    body: str
    expected: Block | None = None  # the text block that shows the output
    options: dict[str, str] = field(default_factory=dict)


class DocError(AssertionError):
    """An example of a page failed: names the page and line."""


def parse(text: str, name: str = "<page>") -> list[Block]:
    """The fenced blocks of a Markdown page, text blocks attached as outputs."""
    lines = text.splitlines()
    blocks: list[Block] = []
    previous_end: int | None = None
    last: Block | None = None  # the previous fence, an output block included
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip() != line and _FENCE.match(line.lstrip()):
            raise DocError(f"{name}:{i + 1}: indented code fence (not collected)")
        match = _FENCE.match(line)
        if not match:
            i += 1
            continue
        fence, info = match.groups()
        words = info.split()
        lang = words[0] if words else ""
        options = dict(w.split("=", 1) for w in words[1:] if "=" in w)
        j = i + 1
        while j < len(lines) and not (
            lines[j].startswith(fence[0] * len(fence))
            and not lines[j].strip(fence[0]).strip()
        ):
            j += 1
        if j == len(lines):
            raise DocError(f"{name}:{i + 1}: code fence never closed")
        block = Block(lang, info, i + 2, j + 1, "\n".join(lines[i + 1 : j]))
        block.options = options
        if lang == "":
            raise DocError(f"{name}:{i + 1}: code fence without a language")
        if not (lang in RUN or lang in SHOWN_ONLY or lang.startswith("{")):
            raise DocError(
                f"{name}:{i + 1}: unknown code fence language {lang!r} "
                f"(run: {sorted(RUN)}; shown only: {sorted(SHOWN_ONLY)})"
            )
        between = lines[previous_end:i] if previous_end is not None else ["x"]
        follows = last is not None and all(not s.strip() for s in between)
        if (
            lang == "text"
            and follows
            and last is not None
            and last.lang == "python"
            and "file" not in last.options
        ):
            last.expected = block
        else:
            blocks.append(block)
        last = block
        previous_end = j + 1
        i = j + 1
    return blocks


def _normalize(text: str) -> list[str]:
    out = [line.rstrip() for line in text.splitlines()]
    while out and not out[0]:
        out.pop(0)
    while out and not out[-1]:
        out.pop()
    return out


def _compare(name: str, block: Block, got: str, want: str, what: str) -> None:
    if _normalize(got) == _normalize(want):
        return
    diff = "\n".join(
        difflib.unified_diff(
            _normalize(want), _normalize(got), "documented", "actual", lineterm=""
        )
    )
    raise DocError(f"{name}:{block.start}: {what} differs from the page:\n{diff}")


def _shell_env(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env["PATH"]])
    env["PYTHONPATH"] = os.pathsep.join(
        [str(workdir), *filter(None, [env.get("PYTHONPATH")])]
    )
    # git without the user's or the system's configuration
    env["HOME"] = str(workdir)
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    env.pop("GIT_DIR", None)
    for who in ("AUTHOR", "COMMITTER"):
        env[f"GIT_{who}_NAME"] = "Doc Example"
        env[f"GIT_{who}_EMAIL"] = "docs@example.invalid"
    env["COLUMNS"] = "80"
    return env


def _console(block: Block) -> list[tuple[str, str]]:
    """(command, expected output) pairs of a console block."""
    steps: list[tuple[str, list[str]]] = []
    for line in block.body.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif not steps:
            raise DocError(f"line {block.start}: a console block starts with '$ '")
        else:
            steps[-1][1].append(line)
    return [(cmd, "\n".join(out)) for cmd, out in steps]


def _run_console(name: str, block: Block, workdir: Path) -> str:
    """Run a console block; return the block body as it actually printed."""
    actual = []
    for command, _ in _console(block):
        result = subprocess.run(
            command,
            shell=True,
            cwd=workdir,
            env=_shell_env(workdir),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            timeout=120,
        )
        actual.append(f"$ {command}")
        actual.extend(_normalize(result.stdout))
    return "\n".join(actual)


def _run_python(name: str, block: Block, namespace: dict[str, object]) -> str:
    # padding keeps tracebacks on the page's line numbers
    code = compile("\n" * (block.start - 1) + block.body + "\n", name, "exec")
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(code, namespace)
    except Exception as exc:
        raise DocError(
            f"{name}:{block.start}: example raised "
            f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"
            f"\nits output so far:\n{out.getvalue()}"
        ) from exc
    return out.getvalue()


def run_page(path: Path, workdir: Path, update: bool = False) -> str:
    """Run every example of the page at ``path`` in ``workdir``; raise DocError
    at the first one that fails. With ``update``, return the page text with
    the expected outputs replaced by the actual ones instead of comparing."""
    text = path.read_text(encoding="utf-8")
    name = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
    blocks = parse(text, name)
    lines = text.splitlines()
    edits: list[tuple[int, int, list[str]]] = []  # (first, last) 0-based, new lines
    namespace: dict[str, object] = {"__name__": "__main__"}
    old_cwd, old_path = Path.cwd(), list(sys.path)
    old_modules = set(sys.modules)
    os.chdir(workdir)
    sys.path.insert(0, str(workdir))
    try:
        for block in blocks:
            if block.lang == "python" and "file" in block.options:
                target = workdir / block.options["file"]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(block.body + "\n", encoding="utf-8")
            elif block.lang == "python":
                got = _run_python(name, block, namespace)
                if update:
                    new = ["```text", *_normalize(got), "```"] if got.strip() else []
                    if block.expected is not None:
                        edits.append(
                            (block.expected.start - 2, block.expected.end - 1, new)
                        )
                    elif new:
                        edits.append((block.end, block.end - 1, ["", *new]))
                elif block.expected is not None:
                    if not got.strip():
                        raise DocError(
                            f"{name}:{block.expected.start}: output shown, but the "
                            f"example above it prints nothing"
                        )
                    _compare(name, block, got, block.expected.body, "output")
                elif got.strip():
                    raise DocError(
                        f"{name}:{block.start}: example prints\n{got}\nbut the page "
                        f"shows no ```text block right after it"
                    )
            elif block.lang == "console":
                got = _run_console(name, block, workdir)
                if update:
                    edits.append((block.start - 1, block.end - 2, got.splitlines()))
                else:
                    _compare(name, block, got, block.body, "console session")
    finally:
        os.chdir(old_cwd)
        sys.path[:] = old_path
        for module in set(sys.modules) - old_modules:
            where = getattr(sys.modules[module], "__file__", None) or ""
            paths = list(getattr(sys.modules[module], "__path__", []) or [])
            if any(str(p).startswith(str(workdir)) for p in [where, *paths]):
                del sys.modules[module]
    for first, last, new in sorted(edits, reverse=True):
        lines[first : last + 1] = new
    return "\n".join(lines) + "\n"


PAGES = sorted(DOCS.glob("*.md"))


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_page_examples(page: Path, tmp_path: Path) -> None:
    run_page(page, tmp_path)


def test_docs_have_examples() -> None:
    """The guide is there and is mostly runnable code (guards the glob)."""
    names = {p.stem for p in PAGES}
    assert {"index", "quickstart", "cli", "dataset"} <= names
    runnable = sum(
        b.lang in RUN and "file" not in b.options
        for p in PAGES
        for b in parse(p.read_text(encoding="utf-8"), p.name)
    )
    assert runnable >= 40


# -- the checker checks -------------------------------------------------------------
_GOOD = """\
Intro.

```python
x = [1, 2]
print(x)
```

```text
[1, 2]
```

```python
y = x + [3]
```

```console
$ echo hi
hi
```
"""


def _page(tmp_path: Path, text: str) -> Path:
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    return page


def test_checker_accepts_a_good_page(tmp_path: Path) -> None:
    run_page(_page(tmp_path, _GOOD), tmp_path / "work")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("print(x)", "print(x, 3)", "output differs"),
        ("y = x + [3]", "y = x + undefined", "raised NameError"),
        ("y = x + [3]", "print(x)", "shows no ```text block"),
        (
            "y = x + [3]\n```",
            "y = x + [3]\n```\n\n```text\n[1, 2, 3]\n```",
            "prints nothing",
        ),
        ("echo hi", "echo ho", "console session differs"),
        ("```python\ny", "```pyhton\ny", "unknown code fence language"),
        ("```python\nx", "  ```python\nx", "indented code fence"),
    ],
    ids=["output", "exception", "unshown", "phantom", "console", "lang", "indent"],
)
def test_checker_catches_a_broken_example(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in _GOOD
    page = _page(tmp_path, _GOOD.replace(old, new, 1))
    with pytest.raises(DocError, match=re.escape(message)):
        run_page(page, tmp_path / "work")


def _main(argv: list[str]) -> int:
    import tempfile

    if len(argv) < 2 or argv[0] != "--update":
        print("usage: python tests/test_docs.py --update docs/PAGE.md ...")
        return 2
    for name in argv[1:]:
        path = Path(name).resolve()
        with tempfile.TemporaryDirectory() as work:
            new = run_page(path, Path(work), update=True)
        if new != path.read_text(encoding="utf-8"):
            path.write_text(new, encoding="utf-8")
            print(f"updated {name}")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
