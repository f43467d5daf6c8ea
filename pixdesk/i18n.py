"""Translations: French is the source language, English is a gettext catalog.

Strings are written in French in the code and wrapped in ``_()`` with named fields
(``_("{count} candidats").format(count=n)``). The domain returns codes; only the UI and the
documents turn them into sentences.
"""

from __future__ import annotations

import argparse
import gettext
from pathlib import Path

SUPPORTED_LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "resources" / "locale"
DOMAIN = "pixdesk"
ARGPARSE_DOMAIN = "argparse"
"""argparse's own messages (usage, errors), English at the source: a French catalog."""

_translation: gettext.NullTranslations = gettext.NullTranslations()


def set_language(lang: str | None) -> str:
    """Install ``lang`` (``"fr"`` or ``"en"``) for ``_()`` and return the language in use."""
    global _translation  # the one process-wide language switch, set by app.py
    lang = lang if lang in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE
    if lang == DEFAULT_LANGUAGE:
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang])
    _speak_argparse(lang)
    return lang


def _speak_argparse(lang: str) -> None:
    """Make argparse's usage lines and command-line errors follow the language.

    argparse looks its strings up through its module's ``_`` and ``ngettext`` at call time,
    under gettext's process-wide default domain (driven by environment variables, not by
    ``--lang``); pointing those two names at pixdesk's catalog keeps the choice ours.
    """
    if lang == "en":
        catalog: gettext.NullTranslations = gettext.NullTranslations()
    else:
        catalog = gettext.translation(
            ARGPARSE_DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True
        )
    argparse._ = catalog.gettext  # type: ignore[attr-defined]
    argparse.ngettext = catalog.ngettext  # type: ignore[attr-defined]


def _(message: str) -> str:
    """Return ``message`` translated into the current language."""
    return _translation.gettext(message)
