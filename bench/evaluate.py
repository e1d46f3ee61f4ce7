"""``python -m bench.evaluate [SET ...]``: extraction quality on the shared labelled dev sets.

Reads ``../shared/eval/dev/<set>.articles.jsonl`` in place (never copied into the repository), runs
``extract_batch`` as ``eventpipe extract`` does, writes the predictions to ``--out`` and prints the
last line of ``../shared/eval/score.py`` for each set. Exits cleanly when the shared data is absent.
The dev sets carry no ``language`` field; they are English by construction, so language detection
(which rejects a few very short sentences) is skipped here.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from processors.articles import ArticleError, parse_article
from processors.nlp import build_nlp
from processors.pipeline import extract_batch
from processors.types import Article
from streams.settings import PROJECT_ROOT, Settings

EVAL = PROJECT_ROOT.parent / "shared" / "eval"
EVAL_DEV = EVAL / "dev"
SETS = (
    "entities-re3d", "entities-conll", "events-petrarch-unit", "events-cameo-penta", "casualties-acled",
    "casualties-gva",
)


def dev_articles(name: str) -> list[Article]:
    """The articles of dev set ``name``, validated as the pipeline does (language fixed to English)."""
    articles = []
    for line in (EVAL_DEV / f"{name}.articles.jsonl").open(encoding="utf-8"):
        record = json.loads(line)
        try:
            articles.append(parse_article({**record, "language": "en"}))
        except ArticleError as exc:
            print(f"{name}: skipped {record.get('id')}: {exc}", file=sys.stderr)
    return articles


def evaluate(name: str, nlp, out_dir: Path) -> str:
    articles = dev_articles(name)
    started = time.perf_counter()
    predictions = out_dir / f"{name}.pred.jsonl"
    with predictions.open("w", encoding="utf-8") as out:
        for extraction in extract_batch(nlp, articles):
            out.write(json.dumps(extraction.to_json()) + "\n")
    seconds = time.perf_counter() - started
    scored = subprocess.run(
        [sys.executable, str(EVAL / "score.py"), str(EVAL_DEV / f"{name}.gold.jsonl"), str(predictions)],
        capture_output=True, text=True, check=True,
    )
    return f"{name}: {len(articles)} articles in {seconds:.0f} s\n  {scored.stdout.strip().splitlines()[-1]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", default=list(SETS), help=f"default: all of {', '.join(SETS)}")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "var" / "eval", help="where predictions go")
    parser.add_argument("--model", default=None, help="spaCy model (default: EVENTPIPE_SPACY_MODEL)")
    args = parser.parse_args()
    if not (EVAL / "score.py").exists():
        print(f"no labelled data at {EVAL}: nothing to evaluate")
        return
    args.out.mkdir(parents=True, exist_ok=True)
    nlp = build_nlp(args.model or Settings().spacy_model)
    for name in args.sets:
        print(evaluate(name, nlp, args.out), flush=True)


if __name__ == "__main__":
    main()
