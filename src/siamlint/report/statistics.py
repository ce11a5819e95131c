"""`--statistics`: how many times each code fired, most frequent first."""
from __future__ import annotations

import json
from collections import Counter


def rows(results) -> list[dict]:
    counts = Counter()
    fixable = Counter()
    names = {}
    for r in results:
        for d in r.diagnostics:
            counts[d.code] += 1
            fixable[d.code] += d.fix is not None
            names[d.code] = d.name
    return [{"code": code, "name": names[code], "count": count,
             "fixable": fixable[code] == count}
            for code, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def render(results, fmt: str) -> str:
    table = rows(results)
    if fmt in ("json", "json-lines"):
        return json.dumps(table, indent=2) + "\n"
    if not table:
        return ""
    width = max(len(str(row["count"])) for row in table)
    return "".join(f"{row['count']:>{width}}\t{row['code']}\t{'[*] ' if row['fixable'] else ''}"
                   f"{row['name']}\n" for row in table)
