"""The labelled corpus (../shared/corpus), scored by ../shared/eval/score.py as CI would."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


@pytest.mark.skipif(not (CORPUS / "manifest.json").exists() or not SCORER.exists(),
                    reason="the labelled corpus ../shared/corpus is not beside this checkout")
def test_corpus_precision_and_recall():
    proc = subprocess.run(
        [sys.executable, str(SCORER), str(CORPUS), "--command", f"{sys.executable} -m siamlint",
         "--min-precision", "0.97", "--min-recall", "0.90"],
        capture_output=True, text=True, timeout=600)
    assert proc.returncode in (0, 1), proc.stderr
    per_code = re.findall(r"^(SL\d{3})\s+(\d+)\s+(\d+)\s+(\d+)\s+\S+\s+(\S+)$", proc.stdout, re.M)
    assert per_code, proc.stdout
    low = [(code, recall) for code, tp, fp, fn, recall in per_code
           if int(tp) + int(fn) and float(recall) < 0.80]
    assert not low, f"codes with recall below 0.80: {low}\n{proc.stdout}"
    assert proc.returncode == 0, proc.stdout
