"""One JSON object per line (the same fields as `--format json`), for streaming tools."""
from __future__ import annotations

import json

from siamlint.report.json import as_dict


def render(results, options) -> str:
    return "".join(json.dumps(as_dict(d)) + "\n" for r in results for d in r.diagnostics)
