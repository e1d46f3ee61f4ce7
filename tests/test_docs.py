"""The README stays true: its two commands, every CLI subcommand, topic and setting are documented."""

from __future__ import annotations

import click

from streams.cli import main
from streams.settings import PROJECT_ROOT, Settings

README = (PROJECT_ROOT / "README.md").read_text()


def command_paths(group: click.Group, prefix: str = "eventpipe") -> list[str]:
    paths = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        paths += command_paths(command, path) if isinstance(command, click.Group) else [path]
    return paths


def test_readme_starts_with_exactly_the_two_fresh_machine_commands() -> None:
    block = README.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make demo", "make test"]
    assert README.index("```sh") < README.index("\n## ")


def test_ci_runs_the_readme_test_command() -> None:
    assert "make test" in (PROJECT_ROOT / ".ci" / "run").read_text()


def test_every_subcommand_is_in_the_readme() -> None:
    missing = [path for path in command_paths(main) if path not in README]
    assert not missing, f"undocumented subcommands: {missing}"


def test_every_setting_is_in_the_readme() -> None:
    missing = [name for name in Settings.model_fields if f"EVENTPIPE_{name.upper()}" not in README]
    assert not missing, f"undocumented settings: {missing}"


def test_every_topic_default_is_in_the_readme() -> None:
    settings = Settings()
    for topic in (settings.topic_articles, settings.topic_extractions, settings.topic_dead_letters):
        assert f"`{topic}`" in README


CHANGELOG = (PROJECT_ROOT / "CHANGELOG.md").read_text()


def test_the_changelog_opens_with_unreleased_and_covers_the_extractor_version_and_every_migration() -> None:
    from processors.pipeline import EXTRACTOR_VERSION

    headings = [line for line in CHANGELOG.splitlines() if line.startswith("## ")]
    assert headings[0] == "## Unreleased"
    assert EXTRACTOR_VERSION in CHANGELOG, f"extractor {EXTRACTOR_VERSION} is not in CHANGELOG.md"
    revisions = sorted(p.name.split("_", 1)[0] for p in (PROJECT_ROOT / "db" / "migrations" / "versions").glob("0*.py"))
    missing = [r for r in revisions if f"`{r}`" not in CHANGELOG]
    assert not missing, f"migrations not in CHANGELOG.md: {missing}"
