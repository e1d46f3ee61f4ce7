"""``eventpipe extract --jobs N``: the same lines in the same order as one process."""

from __future__ import annotations

import subprocess
import sys

import orjson

from processors.types import Article
from streams.backfill import backfill_lines, default_jobs, work_units
from streams.settings import get_settings
from streams.sources import read_paths
from tests.conftest import PROJECT_ROOT, SEEDS


def article(article_id: str, words: int) -> Article:
    return Article(id=article_id, text=" ".join(["word"] * words))


def test_units_keep_input_order_and_stay_within_the_budget() -> None:
    articles = [article("a", 30), article("b", 50), article("c", 40), article("d", 10)]
    units = work_units(articles, word_budget=100)
    assert [[a.id for a in unit] for unit in units] == [["a", "b"], ["c", "d"]]


def test_a_long_article_is_a_unit_of_its_own_in_its_place() -> None:
    articles = [article("a", 30), article("long", 500), article("b", 20), article("c", 20)]
    units = work_units(articles, word_budget=100)
    assert [[a.id for a in unit] for unit in units] == [["a"], ["long"], ["b", "c"]]


def test_there_is_at_least_one_job() -> None:
    assert default_jobs() >= 1


def test_two_processes_write_what_one_writes_in_the_same_order() -> None:
    settings = get_settings()
    seeds = [r.article for r in read_paths([SEEDS], settings.max_text_chars) if r.article is not None]
    # Written for this test: short reports around the seeds, so each process gets several units.
    written = [
        Article(id="riot-1", text="Protesters clashed with police in Lagos on Tuesday. Two people were injured."),
        Article(id="talks-1", text="The foreign ministers of Chile and Peru met in Lima on Friday to discuss trade."),
        Article(id="blast-1", text="A bomb killed three soldiers near Kandahar, the Afghan army said on Sunday."),
    ]
    articles = [written[0], *seeds[:2], written[1], *seeds[2:], written[2]]
    one = list(backfill_lines(articles, settings.spacy_model, jobs=1, word_budget=60))
    two = list(backfill_lines(articles, settings.spacy_model, jobs=2, word_budget=60))
    assert [orjson.loads(line)["article_id"] for line in one] == [a.id for a in articles]
    assert two == one


def test_the_warm_up_loads_the_town_index_before_workers_fork() -> None:
    # Forked workers share what the parent loaded; a table first read after the fork is built in every worker.
    # A new process: in this one, earlier tests' lookups are cached above the index.
    check = ("from processors import gazetteer_data; from processors.nlp import build_nlp; "
             "from processors.pipeline import warm_up; from streams.settings import get_settings; "
             "warm_up(build_nlp(get_settings().spacy_model)); print(gazetteer_data._towns.cache_info().currsize)")
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True, cwd=PROJECT_ROOT)
    assert done.stdout.strip() == "1"
