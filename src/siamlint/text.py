"""Lines as Python numbers them: only \\n, \\r\\n and \\r end a line (str.splitlines would
also split on form feeds and Unicode separators, which Python keeps inside a line)."""
from __future__ import annotations

import re

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def split_lines(source: str, keepends: bool = True) -> list[str]:
    lines = _LINE.findall(source)
    return lines if keepends else [line.rstrip("\r\n") for line in lines]
