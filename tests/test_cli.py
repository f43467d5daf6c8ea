"""The ``pixdesk`` command as a user runs it."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator

import pytest

from pixdesk import __version__
from pixdesk.cli import build_parser
from pixdesk.i18n import set_language


def test_version_from_python_m() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "pixdesk", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"pixdesk {__version__}"


def test_unknown_command_fails_with_a_message() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "pixdesk", "nimportequoi"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 2
    assert "nimportequoi" in out.stderr


def run_pixdesk(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "PIXDESK_LANG"} | env
    return subprocess.run(
        [sys.executable, "-m", "pixdesk", *args],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )


def test_command_line_mistakes_are_explained_in_french_by_default() -> None:
    out = run_pixdesk("bank", "seal")
    assert out.returncode == 2
    assert out.stderr.startswith("usage : pixdesk bank seal")
    assert "erreur : arguments obligatoires manquants : DOSSIER, --out, --key-out" in out.stderr


def test_command_line_mistakes_follow_the_language_asked() -> None:
    assert (
        "error: the following arguments are required"
        in run_pixdesk("--lang", "en", "bank", "seal").stderr
    )
    assert (
        "error: the following arguments are required"
        in run_pixdesk("bank", "seal", PIXDESK_LANG="en").stderr
    )
    out = run_pixdesk("--lang=fr", "nimportequoi", PIXDESK_LANG="en")
    assert "choix invalide : 'nimportequoi'" in out.stderr


# Each command's --help in English, with a sentence of its own that must be there.
ENGLISH_HELP = {
    "demo": "random seed",
    "learner": "address of the invigilator's console",
    "referent": "write a session's pack for the console",
    "supervisor": "session file (.pixpack)",
    "bank": "verify a bank's signature and content",
    "roster": "import a SIECLE export",
    "config": "show the configuration in force",
    "self-test": "do not start the graphical interface (Qt)",
    "doctor": "also simulate the failures to survive",
    "bundle": "export a session of this PC as a sealed bundle",
    "sync": "put a sealed bundle in the outbox",
    "receiver": "receive sealed bundles (HTTP)",
}
FRENCH_WORDS = re.compile(
    r"\b(dossier|fichier|clé|cle|numero|banque|poste|lot|vérifier|établissement)\b|[éèàêôç]",
    re.IGNORECASE,
)
# Metavars that read the same in both languages.
NEUTRAL_METAVARS = {"ACTION", "SESSION", "ID", "N", "M", "S", "PNG", "PEM", "PORT", "UAI", "URL"}


@pytest.fixture
def language() -> Iterator[Callable[[str], argparse.ArgumentParser]]:
    """Build the parser in a language, as main() does; French again afterwards."""

    def build(lang: str) -> argparse.ArgumentParser:
        set_language(lang)
        return build_parser()

    yield build
    set_language("fr")


def parsers(parser: argparse.ArgumentParser, path: str = "") -> dict[str, argparse.ArgumentParser]:
    """Every parser under ``parser`` by its command path (``""``, ``"bank"``, ``"bank seal"``)."""
    found = {path: parser}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found |= parsers(child, f"{path} {name}".strip())
    return found


def texts(parser: argparse.ArgumentParser) -> list[tuple[str, str | None]]:
    """The help and metavar texts a parser shows, in a stable order, subcommands' lines too."""
    shown: list[tuple[str, str | None]] = [("description", parser.description)]
    for action in parser._actions:
        metavar = action.metavar if isinstance(action.metavar, str) else None
        shown += [(f"{action.dest} help", action.help), (f"{action.dest} metavar", metavar)]
        if isinstance(action, argparse._SubParsersAction):
            shown += [(f"{line.dest} help", line.help) for line in action._choices_actions]
    return shown


def flat(text: str) -> str:
    """``text`` with its line breaks undone (argparse wraps to the terminal's width)."""
    return " ".join(text.split())


def test_every_help_text_and_metavar_is_translated(
    language: Callable[[str], argparse.ArgumentParser],
) -> None:
    french, english = parsers(language("fr")), parsers(language("en"))
    assert french.keys() == english.keys()
    untranslated = [
        (path, what, fr_text)
        for path in french
        for (what, fr_text), (_, en_text) in zip(
            texts(french[path]), texts(english[path]), strict=True
        )
        if fr_text is not None and fr_text == en_text and fr_text not in NEUTRAL_METAVARS
    ]
    assert not untranslated


def test_english_help_of_every_command(
    language: Callable[[str], argparse.ArgumentParser],
) -> None:
    english = parsers(language("en"))
    listed = {line.dest for line in _commands(english[""])}
    assert listed == ENGLISH_HELP.keys()  # a new command gets its line here
    for path, parser in english.items():
        shown = flat(parser.format_help())
        assert not FRENCH_WORDS.search(shown), (path, FRENCH_WORDS.search(shown))
    for command, sentence in ENGLISH_HELP.items():
        assert sentence in flat(english[command].format_help()), command


def test_french_help_by_default(language: Callable[[str], argparse.ArgumentParser]) -> None:
    french = parsers(language("fr"))
    assert "langue" in flat(french[""].format_help())
    assert "--data-dir DOSSIER" in flat(french[""].format_help())
    assert "NUMERO numéro de la session" in flat(french["referent export-pack"].format_help())
    for command, sentence in ENGLISH_HELP.items():
        assert sentence not in flat(french[command].format_help()), command


def _commands(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """The lines of the top-level command listing (a hidden command has none)."""
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return list(sub._choices_actions)


def test_help_follows_the_language_asked_in_a_real_process() -> None:
    english = run_pixdesk("--lang", "en", "bank", "seal", "--help")
    assert english.returncode == 0
    assert english.stdout.startswith("usage: pixdesk bank seal")
    assert "FOLDER" in english.stdout
    assert "the key file (created with mode 0600, never replaced)" in flat(english.stdout)
    assert not FRENCH_WORDS.search(english.stdout)
    from_env = run_pixdesk("roster", "import", "--help", PIXDESK_LANG="en")
    assert "the school's UAI (e.g. 0781234A)" in flat(from_env.stdout)
    french = run_pixdesk("bank", "seal", "--help")
    assert french.stdout.startswith("usage : pixdesk bank seal")
    assert "fichier de la clé (créé en 0600, jamais remplacé)" in flat(french.stdout)
