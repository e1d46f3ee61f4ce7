"""A real single-node Apache Kafka 4.x broker (KRaft) for development and tests.

The broker jars come from Maven Central (``kafka/pom.xml``, copied into ``<home>/libs`` by
``mvn dependency:copy-dependencies``) and run with plain ``java``: no Docker, no tarball, no
ZooKeeper. One JVM is both broker and controller, with a static quorum of one voter, so the
storage is formatted without ``--standalone``.

Typical use::

    broker = LocalBroker(home=Path(".kafka"), data_dir=Path("var/kafka"))
    broker.start()                       # idempotent; returns once the broker answers requests
    ensure_topics(broker.bootstrap, {"articles": 8})
    ...
    broker.stop()
"""

from __future__ import annotations

import base64
import logging
import os
import shlex
import shutil
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kafka.admin import KafkaAdminClient
from kafka.errors import KafkaError, TopicAlreadyExistsError, for_code

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent
KAFKA_CONFIG_DIR = REPO_ROOT / "kafka"
POM = KAFKA_CONFIG_DIR / "pom.xml"
SERVER_PROPERTIES_TEMPLATE = KAFKA_CONFIG_DIR / "server.properties"
LOG4J2_CONFIG = KAFKA_CONFIG_DIR / "log4j2.properties"

# Kafka's own defaults from bin/kafka-run-class.sh (G1, short pauses), plus: die on OOM instead
# of limping on, and no AWT. Measured on 2 cores: ~2 s to ready, ~320 MB RSS with a 256-512 MB
# heap. SerialGC started as fast but took ~40 MB more RSS, so G1 stays.
JVM_OPTS = (
    "-XX:+UseG1GC",
    "-XX:MaxGCPauseMillis=20",
    "-XX:InitiatingHeapOccupancyPercent=35",
    "-XX:+ExplicitGCInvokesConcurrent",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djava.awt.headless=true",
)

MAIN_CLASS = "kafka.Kafka"
_HAS_PROCFS = Path("/proc/self/stat").exists()
STORAGE_TOOL = "kafka.tools.StorageTool"


class BrokerError(RuntimeError):
    """The local broker could not be installed, started or stopped."""


@dataclass
class BrokerStatus:
    """A snapshot of the local broker, as reported by :meth:`LocalBroker.status`."""

    running: bool  # a kafka.Kafka JVM with our config is alive under the stored pid
    pid: int | None
    ready: bool  # it answered a metadata request
    bootstrap: str
    log_path: Path


@dataclass
class LocalBroker:
    """One Kafka 4.x JVM (broker + controller) bound to ``host``, ``port`` and ``port + 1``."""

    home: Path  # where kafka/pom.xml's jars are copied: home / "libs" (git-ignored, e.g. .kafka)
    data_dir: Path  # KRaft log dir, rendered server.properties, pid file and broker.log
    host: str = "127.0.0.1"
    port: int = 9092  # PLAINTEXT; the controller listens on port + 1
    heap: str = "-Xms256m -Xmx512m"

    def __post_init__(self) -> None:
        # Absolute paths: the JVM runs with data_dir as its working directory, and the pid check
        # matches the config path in the process's command line.
        self.home = Path(self.home).resolve()
        self.data_dir = Path(self.data_dir).resolve()

    @property
    def bootstrap(self) -> str:
        """``host:port`` for Kafka clients."""
        return f"{self.host}:{self.port}"

    @property
    def controller_port(self) -> int:
        return self.port + 1

    @property
    def libs_dir(self) -> Path:
        return self.home / "libs"

    @property
    def config_path(self) -> Path:
        return self.data_dir / "server.properties"

    @property
    def pid_path(self) -> Path:
        return self.data_dir / "broker.pid"

    @property
    def log_path(self) -> Path:
        return self.data_dir / "broker.log"

    # -- install -----------------------------------------------------------------------------

    def install(self) -> None:
        """Copy the broker jars from Maven Central into ``home/libs`` unless they are there.

        Maven writes into a scratch folder that is renamed at the end, so an interrupted or
        failed download never leaves a half-filled ``libs`` that later runs would trust.
        """
        if any(self.libs_dir.glob("*.jar")):
            return
        mvn = shutil.which("mvn")
        if mvn is None:
            raise BrokerError("Maven ('mvn') is not on PATH; it is needed once to fetch the Kafka jars")
        partial = self.home / "libs.partial"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        cmd = [
            mvn, "-B", "-q", "-f", str(POM), "dependency:copy-dependencies",
            "-DincludeScope=runtime", f"-DoutputDirectory={partial}",
        ]
        log.info("Fetching Kafka broker jars with Maven into %s", self.libs_dir)
        started = time.monotonic()
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0 or not any(partial.glob("*.jar")):
            shutil.rmtree(partial, ignore_errors=True)
            output = (result.stdout + result.stderr).strip()
            raise BrokerError(
                f"mvn failed (exit {result.returncode}): {shlex.join(cmd)}\n{_tail(output, 40)}"
            )
        shutil.rmtree(self.libs_dir, ignore_errors=True)
        partial.rename(self.libs_dir)
        log.info("Kafka jars ready in %.1f s", time.monotonic() - started)

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self, timeout: float = 90) -> None:
        """Start the broker and return once it answers a metadata request.

        Idempotent: if the broker recorded in the pid file is alive, this only waits for it
        to be ready. Raises :class:`BrokerError` with the tail of ``broker.log`` if the JVM
        exits or is not ready within ``timeout`` seconds.
        """
        deadline = time.monotonic() + timeout
        pid = self._running_pid()
        if pid is not None:
            log.debug("Kafka broker already running (pid %d)", pid)
            self._wait_until_ready(pid, lambda: self._running_pid() is not None, deadline)
            return

        # Another process on our ports would answer the readiness probe in our JVM's place.
        for port in (self.port, self.controller_port):
            if _accepts_connections(self.host, port):
                raise BrokerError(f"{self.host}:{port} is already in use by another process")

        self.install()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._render_config()
        self._format_storage()

        cmd = [*self._java_cmd(), MAIN_CLASS, str(self.config_path)]
        log.info("Starting Kafka broker on %s (log: %s)", self.bootstrap, self.log_path)
        with self.log_path.open("ab") as log_file:
            # Own session: the broker outlives this Python process and is not hit by the
            # terminal's Ctrl-C; stop() ends it by pid.
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                cwd=self.data_dir,
            )
        self.pid_path.write_text(f"{proc.pid}\n")
        try:
            # Liveness from the Popen handle here: for a few milliseconds after exec the new
            # process's /proc command line is still empty, so _running_pid() would say "gone".
            self._wait_until_ready(proc.pid, lambda: proc.poll() is None, deadline)
        except BrokerError:
            # Do not leave a half-started JVM holding the ports.
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            self.pid_path.unlink(missing_ok=True)
            raise
        log.info("Kafka broker ready on %s (pid %d)", self.bootstrap, proc.pid)

    def stop(self, timeout: float = 30) -> None:
        """Stop the broker by its stored pid: SIGTERM, wait up to ``timeout``, then SIGKILL.

        SIGTERM runs Kafka's shutdown hook (clean log close, so the next start skips
        recovery). Idempotent: without a live broker it only removes a stale pid file.
        """
        pid = self._running_pid()
        if pid is not None:
            log.info("Stopping Kafka broker (pid %d)", pid)
            _signal(pid, signal.SIGTERM)
            if not self._wait_exit(pid, timeout):
                log.warning("Kafka broker (pid %d) ignored SIGTERM for %.0f s; killing it", pid, timeout)
                _signal(pid, signal.SIGKILL)
                if not self._wait_exit(pid, 10):
                    raise BrokerError(f"Kafka broker (pid {pid}) survived SIGKILL")
        self.pid_path.unlink(missing_ok=True)

    def status(self) -> BrokerStatus:
        """Whether the broker process is alive and whether it answers requests."""
        pid = self._running_pid()
        ready = pid is not None and _probe(self.bootstrap, timeout=5)
        return BrokerStatus(
            running=pid is not None, pid=pid, ready=ready, bootstrap=self.bootstrap, log_path=self.log_path
        )

    # -- helpers -----------------------------------------------------------------------------

    def _java_cmd(self) -> list[str]:
        """``java <opts> -cp <libs>/*``, ready for a main class and its arguments."""
        return [
            _find_java(),
            *shlex.split(self.heap),
            *JVM_OPTS,
            f"-Dlog4j2.configurationFile={LOG4J2_CONFIG}",
            "-cp",
            f"{self.libs_dir}/*",  # the JVM expands the wildcard itself
        ]

    def _render_config(self) -> None:
        text = SERVER_PROPERTIES_TEMPLATE.read_text()
        for placeholder, value in {
            "@DATA_DIR@": str(self.data_dir),
            "@HOST@": self.host,
            "@PORT@": str(self.port),
            "@CONTROLLER_PORT@": str(self.controller_port),
        }.items():
            text = text.replace(placeholder, value)
        self.config_path.write_text(text)

    def _format_storage(self) -> None:
        """Format the KRaft log dir the first time only.

        Skipped once ``meta.properties`` exists: formatting again with a new cluster id fails
        even with ``--ignore-formatted`` ("Invalid cluster.id in .../meta.properties"), and it
        saves a JVM start.
        """
        if (self.data_dir / "kraft-logs" / "meta.properties").exists():
            return
        cmd = [
            *self._java_cmd(), STORAGE_TOOL, "format",
            "--cluster-id", _random_cluster_id(), "--config", str(self.config_path), "--ignore-formatted",
        ]
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            output = (result.stdout + result.stderr).strip()
            raise BrokerError(f"Formatting {self.data_dir} failed (exit {result.returncode}):\n{_tail(output, 40)}")

    def _running_pid(self) -> int | None:
        """The stored pid if it is still our broker JVM, else None."""
        try:
            pid = int(self.pid_path.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        return pid if _is_broker_process(pid, self.config_path) else None

    def _wait_until_ready(self, pid: int, alive: Callable[[], bool], deadline: float) -> None:
        while True:
            if not alive():
                raise BrokerError(f"Kafka broker (pid {pid}) exited during startup:\n{self._log_tail()}")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BrokerError(f"Kafka broker on {self.bootstrap} not ready in time:\n{self._log_tail()}")
            if _probe(self.bootstrap, timeout=min(5.0, remaining)):
                return
            time.sleep(0.25)

    def _wait_exit(self, pid: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not _has_exited(pid):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)
        return True

    def _log_tail(self, lines: int = 40) -> str:
        try:
            return _tail(self.log_path.read_text(errors="replace"), lines)
        except FileNotFoundError:
            return "(no broker log)"


def free_port_pair(host: str = "127.0.0.1") -> int:
    """A port p with p and p+1 both free: a broker's PLAINTEXT and CONTROLLER listeners (tests, bench)."""
    for _ in range(50):
        with socket.socket() as first:
            first.bind((host, 0))
            port: int = first.getsockname()[1]
        try:
            with socket.socket() as second:
                second.bind((host, port + 1))
            return port
        except OSError:
            continue
    raise RuntimeError("no free pair of ports")


def wait_ready(bootstrap: str, timeout: float) -> None:
    """Block until the broker at ``bootstrap`` answers a metadata request, or raise TimeoutError.

    Readiness is a real client round trip, not just an open port: it is what producers and
    Faust need.
    """
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"Kafka at {bootstrap} not ready after {timeout:.0f} s")
        if _probe(bootstrap, timeout=min(5.0, remaining)):
            return
        time.sleep(0.25)


def ensure_topics(
    bootstrap: str, partitions_by_topic: dict[str, int], timeout: float = 30, **client_config: Any
) -> None:
    """Create the missing topics (existing ones are left as they are) and wait for their leaders.

    The replication factor is the broker's ``default.replication.factor`` (1 on the local broker).
    ``client_config`` goes to kafka-python's admin client as is, e.g. ``security_protocol`` and
    ``sasl_*`` options for a real cluster.
    """
    timeout_ms = int(timeout * 1000)
    admin = KafkaAdminClient(
        bootstrap_servers=bootstrap, request_timeout_ms=timeout_ms, bootstrap_timeout_ms=timeout_ms, **client_config
    )
    try:
        existing = set(admin.list_topics())
        missing = {
            name: {"num_partitions": partitions, "replication_factor": -1}
            for name, partitions in partitions_by_topic.items()
            if name not in existing
        }
        if missing:
            # raise_errors=False: another process may create the same topic at the same time;
            # that TopicAlreadyExists is fine, any other per-topic error is not.
            result = admin.create_topics(missing, timeout_ms=timeout_ms, raise_errors=False)
            for topic in result["topics"]:
                error = for_code(topic["error_code"])
                if topic["error_code"] != 0 and error is not TopicAlreadyExistsError:
                    raise error(f"creating topic {topic['name']!r}: {topic.get('error_message')}")
            log.info("Created Kafka topics %s", sorted(missing))
        # Creation is acknowledged before every partition has a leader; wait so the first
        # produce does not fail.
        admin.wait_for_topics(list(partitions_by_topic), timeout_ms=timeout_ms)
    finally:
        admin.close()


def _probe(bootstrap: str, timeout: float) -> bool:
    """One metadata round trip through kafka-python's admin client; False on any Kafka error.

    A plain TCP connect comes first: Kafka opens the client port only once the broker is
    ready, and a refused connect is cheap and quiet, whereas kafka-python logs every refused
    bootstrap attempt at ERROR and backs off for seconds.
    """
    host, _, port = bootstrap.split(",")[0].rpartition(":")
    if not _accepts_connections(host, int(port), timeout=min(timeout, 1.0)):
        return False
    timeout_ms = max(int(timeout * 1000), 1000)
    try:
        admin = KafkaAdminClient(
            bootstrap_servers=bootstrap, request_timeout_ms=timeout_ms, bootstrap_timeout_ms=timeout_ms
        )
    except (KafkaError, OSError) as exc:
        log.debug("Kafka at %s not reachable yet: %r", bootstrap, exc)
        return False
    try:
        admin.list_topics()
        return True
    except (KafkaError, OSError) as exc:
        log.debug("Kafka at %s not answering yet: %r", bootstrap, exc)
        return False
    finally:
        admin.close()


def _accepts_connections(host: str, port: int, timeout: float = 1.0) -> bool:
    """True if something listens on ``host:port``."""
    try:
        socket.create_connection((host, port), timeout=timeout).close()
        return True
    except OSError:
        return False


def _random_cluster_id() -> str:
    """A KRaft cluster id as ``kafka-storage random-uuid`` makes it: 22-char URL-safe base64.

    Like Kafka's ``Uuid.randomUuid()``, ids containing "-" are drawn again: one starting with
    "-" would be read by the storage tool as an option ("--cluster-id: expected one argument").
    """
    while True:
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if "-" not in cluster_id:
            return cluster_id


def _find_java() -> str:
    """``$JAVA_HOME/bin/java`` if set, else ``java`` from PATH."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    java = shutil.which("java")
    if java is None:
        raise BrokerError("Java 17+ not found: set JAVA_HOME or put 'java' on PATH")
    return java


def _is_broker_process(pid: int, config_path: Path) -> bool:
    """True if ``pid`` is a live ``kafka.Kafka`` JVM started with ``config_path``.

    Checking the command line guards against a stale pid file whose pid now belongs to some
    other process.
    """
    if not _HAS_PROCFS:  # e.g. macOS: settle for "some process has this pid"
        return not _has_exited(pid)
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (FileNotFoundError, ProcessLookupError):
        return False
    # An exiting process or a zombie has an empty command line, so it does not match.
    return MAIN_CLASS.encode() in cmdline and str(config_path).encode() in cmdline


def _has_exited(pid: int) -> bool:
    """True once ``pid`` has completely exited (so its ports are free); reaps our own child.

    Neither an empty command line nor a zombie state is enough: a JVM's main thread turns
    zombie while its other threads are still shutting down.
    """
    try:
        # Our child (started by this process): waitpid knows, and reaps it, so no zombie stays.
        reaped, _ = os.waitpid(pid, os.WNOHANG)
        return reaped == pid
    except ChildProcessError:  # not our child, or already reaped
        pass
    if not _HAS_PROCFS:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass
        return False
    try:
        status = dict(
            line.split(":\t", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":\t" in line
        )
    except (FileNotFoundError, ProcessLookupError):
        return True
    # A zombie left for its own parent to reap: exited once no thread is left running.
    return status.get("State", "").startswith(("Z", "X")) and int(status.get("Threads", "1")) <= 1


def _signal(pid: int, sig: signal.Signals) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def _tail(text: str, lines: int) -> str:
    return "\n".join(text.splitlines()[-lines:])
