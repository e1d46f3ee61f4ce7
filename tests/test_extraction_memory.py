"""The worker's vocabulary does not grow with what it reads (``nlp.memory_zone()`` around each batch)."""

from __future__ import annotations

import pytest

from processors.types import Article
from streams.extraction import ExtractionService
from streams.settings import Settings


@pytest.fixture(scope="module")
def service() -> ExtractionService:
    service = ExtractionService(Settings().spacy_model)
    service.warm_up()
    return service


def made_up_articles(batch: int, count: int = 8) -> list[Article]:
    """Articles full of words no vocabulary has seen (each batch its own)."""
    return [Article(id=f"b{batch}-{i}", text=f"Police in Zorvath{batch}x{i} arrested {i + 2} members of the "
                    f"Qelbrin{batch}y{i} group on Monday after clashes with Vantorek{batch}z{i} militia.")
            for i in range(count)]


def test_batches_of_new_words_leave_the_vocabulary_as_it_was(service: ExtractionService) -> None:
    service.extract_batch(made_up_articles(0))  # anything the first batch loads lazily is loaded now
    before = vocabulary_size(service)
    for batch in range(1, 6):
        service.extract_batch(made_up_articles(batch))
        service.extract_one(made_up_articles(100 + batch, count=1)[0])
    assert vocabulary_size(service) == before


def vocabulary_size(service: ExtractionService) -> tuple[int, int]:
    """Strings and lexemes held. ``len(vocab)`` is a counter spaCy never decrements, so lexemes are counted."""
    return len(service.nlp.vocab.strings), sum(1 for _ in service.nlp.vocab)


def test_results_are_the_same_inside_the_memory_zone(service: ExtractionService) -> None:
    from processors.pipeline import extract

    article = made_up_articles(200, count=1)[0]
    inside = service.extract_batch([article])[0]
    outside = extract(service.nlp, article)  # no zone: what the processors give on their own
    assert inside == outside and inside.events


def test_two_threads_parsing_at_once_share_the_zone_and_get_what_one_thread_gets(service: ExtractionService,
                                                                                  ) -> None:
    # The worker parses a long article in one thread beside short ones in another (streams.app). A zone
    # closed by one thread while the other still parses frees its strings (spaCy E018): the zone is shared.
    from concurrent.futures import ThreadPoolExecutor

    long_article = Article(id="long", text=" ".join(a.text for a in made_up_articles(300, count=60)))
    short_batches = [made_up_articles(301 + k) for k in range(4)]
    alone = [service.extract_batch([long_article])] + [service.extract_batch(batch) for batch in short_batches]
    before = vocabulary_size(service)
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(service.extract_batch, [long_article])]
        futures += [pool.submit(service.extract_batch, batch) for batch in short_batches]
        together = [future.result() for future in futures]
    assert together == alone
    assert vocabulary_size(service) == before


def test_a_zone_that_never_empties_is_drained_after_its_batch_limit() -> None:
    # Two lanes that always overlap would keep one zone open for ever; past the limit, new batches wait.
    import threading

    from streams.extraction import SharedMemoryZone

    opened: list[int] = []

    class CountingModel:
        def memory_zone(self):  # noqa: ANN202 - the shape of Language.memory_zone
            from contextlib import contextmanager

            @contextmanager
            def zone():  # noqa: ANN202
                opened.append(1)
                yield

            return zone()

    zone = SharedMemoryZone(CountingModel(), max_batches=2)  # type: ignore[arg-type]
    first, second = zone.batch(), zone.batch()
    first.__enter__()
    second.__enter__()  # joins the open zone: the limit is reached, the zone now drains
    third_in = threading.Event()

    def third() -> None:
        with zone.batch():
            third_in.set()

    thread = threading.Thread(target=third)
    thread.start()
    assert not third_in.wait(0.3)  # waits while the first two run
    first.__exit__(None, None, None)
    assert not third_in.wait(0.3)
    second.__exit__(None, None, None)  # the zone closes; the third opens a new one
    assert third_in.wait(5)
    thread.join()
    assert len(opened) == 2


def test_a_long_article_gives_way_to_a_short_batch_between_its_pieces(monkeypatch) -> None:  # noqa: ANN001
    # The long lane parses beside the short one on one core (the GIL): its pieces wait while a short batch
    # runs, so the short batch is not slowed for the whole long parse. The result is what the processors give.
    import threading
    import time

    from processors import pipeline
    from processors.pipeline import extract, paragraph_pieces
    from streams.extraction import ShortFirst

    monkeypatch.setattr(pipeline, "PARSE_PIECE_WORDS", 40)
    service = ExtractionService(Settings().spacy_model, long_words=100)
    service.short_first = ShortFirst(max_wait=120)
    text = "\n\n".join(a.text for a in made_up_articles(400, count=12))
    assert len(text.split()) > 100 and len(paragraph_pieces(text, 40)) > 3
    long_article = Article(id="long", text=text)
    result: list[object] = []
    with service.short_first.short():  # a short batch is being extracted
        thread = threading.Thread(target=lambda: result.append(service.extract_batch([long_article])))
        thread.start()
        deadline = time.monotonic() + 120
        while service.short_first.waits == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert service.short_first.waits == 1  # it waits before its first piece ...
        assert thread.is_alive() and not result
    thread.join()  # ... and goes on once the short batch is done
    assert result == [[extract(service.nlp, long_article)]]
    assert service.short_first.waits == 1
    # A short batch does not wait for anything.
    assert service.extract_batch(made_up_articles(401)) == [extract(service.nlp, a) for a in made_up_articles(401)]


def test_short_first_holds_a_long_step_while_a_short_batch_runs_and_never_for_ever() -> None:
    import threading
    import time

    from streams.extraction import ShortFirst

    gate = ShortFirst(max_wait=120)
    gate.wait_turn()  # nothing short running: no wait
    assert gate.waits == 0
    passed = threading.Event()
    with gate.short():
        thread = threading.Thread(target=lambda: (gate.wait_turn(), passed.set()))
        thread.start()
        deadline = time.monotonic() + 60
        while gate.waits == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert gate.waits == 1 and not passed.is_set()
    thread.join()
    assert passed.is_set()
    bounded = ShortFirst(max_wait=0.01)  # a short lane that never empties cannot hold a long article for ever
    with bounded.short():
        bounded.wait_turn()
    assert bounded.waits == 1


def test_one_parse_at_a_time_a_piece_holds_the_lock_until_the_next_is_asked_for() -> None:
    # Two parses at once on the core the broker and the database leave are both slower (docs/benchmarks.md):
    # a long article's piece holds the parsing lock while it is parsed, and a short batch takes it too.
    import threading

    from streams.extraction import ShortFirst

    parsing = threading.Lock()
    handed = []
    for piece in ShortFirst().pieces(["one", "two"], parsing):
        handed.append((piece, parsing.locked()))
    assert handed == [("one", True), ("two", True)] and not parsing.locked()

    service = ExtractionService(Settings().spacy_model, long_words=100)
    service.warm_up()
    done = threading.Event()
    with service._parsing:  # a piece of a long article is being parsed
        thread = threading.Thread(target=lambda: (service.extract_batch(made_up_articles(402)), done.set()))
        thread.start()
        assert not done.wait(0.5)  # the short batch waits for it ...
    assert done.wait(60)  # ... and runs once it is parsed
    thread.join()


def test_a_long_article_lets_a_waiting_short_batch_parse_between_its_processor_stages() -> None:
    # The processors over a long Doc take a second or more: between two stages the long lane lets go of the
    # parsing lock while a short batch waits for it, and takes it back once the short batch is done.
    import threading

    service = ExtractionService(Settings().spacy_model, long_words=100)
    order: list[str] = []
    in_stage = threading.Event()

    def long_stage() -> None:
        with service._parsing:
            in_stage.set()
            service._give_way()
            order.append("long goes on")

    with service.short_first.short():  # a short batch arrives and waits for the lock
        thread = threading.Thread(target=long_stage)
        thread.start()
        assert in_stage.wait(10)
        assert service._parsing.acquire(timeout=10)  # the long stage let go of it
        order.append("short parsed")
        service._parsing.release()
    thread.join(10)
    assert order == ["short parsed", "long goes on"]
    # With no short batch about, giving way neither waits nor lets go of the lock.
    with service._parsing:
        service._give_way()
        assert service._parsing.locked()
    assert service.short_first.waits == 1


def test_the_heap_is_trimmed_when_the_zone_closes_at_most_every_so_often() -> None:
    from contextlib import nullcontext

    from streams.extraction import HeapTrimmer, SharedMemoryZone

    class Model:
        def memory_zone(self):  # noqa: ANN202 - the shape of Language.memory_zone
            return nullcontext()

    closed: list[int] = []
    zone = SharedMemoryZone(Model(), on_close=lambda: closed.append(1))  # type: ignore[arg-type]
    with zone.batch(), zone.batch():
        pass
    assert closed == [1]  # once, when the last batch of the zone leaves
    with zone.batch():
        pass
    assert closed == [1, 1]

    trimmer = HeapTrimmer(every=3600)
    trimmer()  # too soon after the start
    assert trimmer.trims == 0
    eager = HeapTrimmer(every=0)
    eager()
    eager()
    assert eager.trims == 2  # glibc (Linux): each call trims
