"""requirements/lock.txt matches pyproject.toml, and the virtualenv was installed from it.

The lock is what scripts/setup.sh installs with --require-hashes; `make lock` writes it with pip-tools.
These checks need no network: a dependency added to (or removed from) pyproject.toml without `make lock`
fails here, in CI, instead of at the next fresh install.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from streams.settings import PROJECT_ROOT

LOCK = PROJECT_ROOT / "requirements" / "lock.txt"
PYPROJECT = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
DIRECT = "eventpipe (pyproject.toml)"
BUILD = "eventpipe (pyproject.toml::build-system.requires)"


def parse_lock(text: str) -> dict[str, dict]:
    """name -> {"version", "hashes", "via"} for every pinned entry of a pip-compile --generate-hashes file."""
    entries: dict[str, dict] = {}
    current: dict | None = None
    for line in text.splitlines():
        pin = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", line)
        if pin:
            current = {"version": pin.group(2), "hashes": [], "via": set()}
            entries[canonicalize_name(pin.group(1))] = current
        elif current is not None and (digest := re.search(r"--hash=sha256:([0-9a-f]{64})", line)):
            current["hashes"].append(digest.group(1))
        elif current is not None and (via := re.match(r"^\s+#\s+(?:via\s+)?(\S.*)$", line)):
            if via.group(1).strip() != "via":
                current["via"].add(via.group(1).strip())
        elif line and not line.startswith((" ", "#")):
            current = None  # an option line (--find-links ...) or anything else ends the entry
    return entries


def pyproject_requirements() -> list[Requirement]:
    project = PYPROJECT["project"]
    return [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]]


def build_requirements() -> list[Requirement]:
    return [Requirement(r) for r in PYPROJECT["build-system"]["requires"]]


LOCKED = parse_lock(LOCK.read_text())


def test_the_lock_parser_reads_pins_hashes_and_annotations() -> None:
    text = ("--find-links x\nclick==8.1.7 \\\n    --hash=sha256:" + "a" * 64 + " \\\n    --hash=sha256:" + "b" * 64
            + "\n    # via\n    #   eventpipe (pyproject.toml)\n    #   spacy\nsix==1.0 \\\n    --hash=sha256:"
            + "c" * 64 + "\n    # via python-dateutil\n")
    parsed = parse_lock(text)
    assert parsed["click"] == {"version": "8.1.7", "hashes": ["a" * 64, "b" * 64], "via": {DIRECT, "spacy"}}
    assert parsed["six"]["via"] == {"python-dateutil"}


def test_every_pyproject_requirement_is_locked_at_a_version_it_allows() -> None:
    for requirement in pyproject_requirements() + build_requirements():
        entry = LOCKED.get(canonicalize_name(requirement.name))
        assert entry is not None, f"{requirement} is not in requirements/lock.txt: run `make lock`"
        assert requirement.specifier.contains(entry["version"], prereleases=True), (
            f"lock pins {requirement.name}=={entry['version']}, pyproject.toml wants {requirement}: run `make lock`")


def test_the_lock_names_exactly_the_pyproject_requirements_as_direct() -> None:
    direct = {name for name, entry in LOCKED.items() if DIRECT in entry["via"]}
    assert direct == {canonicalize_name(r.name) for r in pyproject_requirements()}, "stale lock: run `make lock`"
    build = {name for name, entry in LOCKED.items() if BUILD in entry["via"]}
    assert build == {canonicalize_name(r.name) for r in build_requirements()}, "stale lock: run `make lock`"


def test_every_locked_package_has_hashes_and_is_needed_by_something_locked() -> None:
    for name, entry in LOCKED.items():
        assert entry["hashes"], f"{name} has no hash: --require-hashes would refuse the lock"
        parents = {canonicalize_name(via) for via in entry["via"] if not via.startswith("eventpipe (")}
        assert entry["via"] and (parents <= set(LOCKED)), f"{name} is needed by {entry['via']}, not all locked"


def test_the_virtualenv_has_the_locked_versions() -> None:
    # What scripts/setup.sh installed is what the lock says (a setup from an old lock fails here).
    wrong = {}
    for name, entry in LOCKED.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != entry["version"]:
            wrong[name] = (entry["version"], installed)
    assert not wrong, f"locked vs installed: {wrong}: run `make setup`"


def test_setup_installs_from_the_lock_with_hashes_and_the_project_without_dependencies() -> None:
    setup = (PROJECT_ROOT / "scripts" / "setup.sh").read_text()
    assert "--require-hashes -r requirements/lock.txt" in setup
    assert "--no-deps --no-build-isolation -e ." in setup
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    assert re.search(r"^lock:.*##", makefile, re.M) and "--generate-hashes" in makefile
    assert "make lock" in LOCK.read_text().split("\n\n", 1)[0], "the lock's header names the command that refreshes it"


@pytest.mark.parametrize("line", (PROJECT_ROOT / "requirements" / "model.txt").read_text().split("\n\n")[-1:])
def test_the_spacy_model_stays_pinned_by_hash(line: str) -> None:
    assert re.search(r"==\S+ \\\n\s+--hash=sha256:[0-9a-f]{64}", line)


RUNTIME = parse_lock((PROJECT_ROOT / "requirements" / "runtime.txt").read_text())


def test_the_runtime_pins_are_the_locked_ones_without_the_dev_tools() -> None:
    # The Docker image installs requirements/runtime.txt: the same versions and files as the lock.
    for name, entry in RUNTIME.items():
        assert name in LOCKED, f"{name} is in runtime.txt but not in lock.txt: run `make lock`"
        assert entry["version"] == LOCKED[name]["version"], f"{name}: runtime.txt and lock.txt differ: `make lock`"
        assert entry["hashes"] and set(entry["hashes"]) <= set(LOCKED[name]["hashes"])
    project = PYPROJECT["project"]
    direct = {name for name, entry in RUNTIME.items() if DIRECT in entry["via"]}
    assert direct == {canonicalize_name(Requirement(r).name) for r in project["dependencies"]}
    dev_only = {canonicalize_name(Requirement(r).name) for r in project["optional-dependencies"]["dev"]}
    assert not dev_only & set(RUNTIME), "a dev tool in the runtime pins"
    assert {canonicalize_name(r.name) for r in build_requirements()} <= set(RUNTIME)


def test_the_image_installs_the_runtime_pins_with_hashes() -> None:
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text()
    assert "--require-hashes -r /tmp/runtime.txt" in dockerfile
    assert "pip install --no-deps --no-build-isolation /tmp/src" in dockerfile
