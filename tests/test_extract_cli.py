"""`eventpipe extract` writes the public extract format, which the shared scorer reads."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from streams.settings import PROJECT_ROOT
from tests.conftest import SEED_ID, SEEDS

SCORER = PROJECT_ROOT.parent / "shared" / "eval" / "score.py"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("extract") / "out.jsonl"
    subprocess.run([sys.executable, "-m", "streams.cli", "extract", str(SEEDS), "-o", str(out)],
                   cwd=PROJECT_ROOT, check=True, capture_output=True)
    return out


def test_extract_writes_one_object_per_article_in_the_public_format(extracted: Path) -> None:
    lines = [json.loads(line) for line in extracted.read_text().splitlines()]
    assert len(lines) == 4 and lines[0]["article_id"] == SEED_ID
    event = next(e for e in lines[0]["events"] if (e.get("killed") or {}).get("best") == 44)
    assert {"event_id", "cameo", "plover", "source", "target", "date", "date_precision", "historical",
            "location", "killed", "injured", "confidence", "sentence", "start", "end"} <= set(event)
    assert {"text", "label", "start", "end"} <= set(lines[0]["entities"][0])


@pytest.mark.skipif(not SCORER.exists(), reason="the shared evaluation scorer is not on this machine")
def test_the_shared_scorer_reads_the_output(extracted: Path, tmp_path: Path) -> None:
    # Our own judgement of the seed (not evaluation data): 44 killed in the current event; the SU-24's
    # two dead are historical, so they do not count.
    gold = tmp_path / "casualties-seed.gold.jsonl"
    gold.write_text(json.dumps({"article_ids": [SEED_ID], "killed": 44}) + "\n")
    result = subprocess.run([sys.executable, str(SCORER), str(gold), str(extracted), "--json"],
                            capture_output=True, text=True, check=True)
    scores = json.loads(result.stdout.strip().splitlines()[-1])
    assert scores["coverage"] == 1.0
    assert scores["killed_em"] == 1.0
