"""The systems compared: what "dump", "load" and "warm load" mean for each.

    persist-flat / persist-scoped   this checkout: str(Archive), persist.loads,
                                    import of an Archive.save package
    old-flat / old-scoped           persist 3.2.1 in its own virtualenv: str(Archive),
                                    exec of the text, import of an Archive.save package
    pickle                          pickle.dumps / pickle.loads (default protocol)
    jsonpickle                      jsonpickle.encode / decode (numpy handlers on)

Every system archives the workload under the name ``x``. Imports are lazy: the
old virtualenv imports this module too, and has neither this persist nor
jsonpickle.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any


class System:
    name = ""
    venv = "main"  # "old": run by the persist 3.2.1 virtualenv's python
    saves = False  # has a saved-module form (warm load)

    def dump(self, obj: Any) -> str | bytes:
        raise NotImplementedError

    def load(self, data: Any) -> Any:
        raise NotImplementedError

    def save(self, obj: Any, directory: Path, name: str) -> None:
        raise NotImplementedError

    def version(self) -> str:
        return ""


class Persist(System):
    saves = True

    def __init__(self, scoped: bool) -> None:
        self.scoped = scoped
        self.name = "persist-scoped" if scoped else "persist-flat"

    def dump(self, obj: Any) -> str:
        from persist.archive import Archive

        archive = Archive(scoped=self.scoped)
        archive.insert(x=obj)
        return str(archive)

    def load(self, data: Any) -> Any:
        import persist

        return persist.loads(data)["x"]

    def save(self, obj: Any, directory: Path, name: str) -> None:
        from persist.archive import Archive

        archive = Archive(scoped=self.scoped)
        archive.insert(x=obj)
        archive.save(directory, name, package=True)

    def version(self) -> str:
        import persist

        return persist.__version__


class OldPersist(Persist):
    """persist 3.2.1: same facade; no ``loads``, so the text is exec'd."""

    venv = "old"

    def __init__(self, scoped: bool) -> None:
        super().__init__(scoped)
        self.name = "old-scoped" if scoped else "old-flat"

    def load(self, data: Any) -> Any:
        namespace: dict[str, Any] = {}
        exec(data, namespace)
        return namespace["x"]

    def version(self) -> str:
        from importlib.metadata import version

        return version("persist")


class Pickle(System):
    name = "pickle"

    def dump(self, obj: Any) -> bytes:
        import pickle

        return pickle.dumps(obj)

    def load(self, data: Any) -> Any:
        import pickle

        return pickle.loads(data)

    def version(self) -> str:
        import pickle

        return f"protocol {pickle.DEFAULT_PROTOCOL}"


class JsonPickle(System):
    name = "jsonpickle"

    def __init__(self) -> None:
        self._ready = False

    def _module(self) -> Any:
        import jsonpickle

        if not self._ready:
            import jsonpickle.ext.numpy

            jsonpickle.ext.numpy.register_handlers()
            self._ready = True
        return jsonpickle

    def dump(self, obj: Any) -> str:
        return str(self._module().encode(obj, keys=False))

    def load(self, data: Any) -> Any:
        return self._module().decode(data, keys=False)

    def version(self) -> str:
        return str(self._module().__version__)


SYSTEMS: dict[str, System] = {
    s.name: s
    for s in (
        Persist(scoped=False),
        Persist(scoped=True),
        Pickle(),
        JsonPickle(),
        OldPersist(scoped=False),
        OldPersist(scoped=True),
    )
}


def import_saved(directory: Path, name: str) -> Any:
    """Import the saved package ``name`` from ``directory`` afresh; its ``x``."""
    sys.modules.pop(name, None)
    if str(directory) not in sys.path:
        sys.path.insert(0, str(directory))
    return importlib.import_module(name).x
