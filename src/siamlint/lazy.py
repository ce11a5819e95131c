"""Modules imported on first use: `siamlint check` on files that cannot build a Keras model
never needs libcst, and importing it is most of a short run's start-up."""
from __future__ import annotations

import importlib
from types import ModuleType


class LazyModule:
    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str):
        if self._module is None:
            self._module = importlib.import_module(self._name)
        return getattr(self._module, attr)


cst = LazyModule("libcst")
