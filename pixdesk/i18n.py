"""Translations: French is the source language, English is a gettext catalog.

Strings are written in French in the code and wrapped in ``_()`` with named fields
(``_("{count} candidats").format(count=n)``). The domain returns codes; only the UI and the
documents turn them into sentences.
"""

from __future__ import annotations

import gettext
from pathlib import Path

SUPPORTED_LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "resources" / "locale"
DOMAIN = "pixdesk"

_translation: gettext.NullTranslations = gettext.NullTranslations()


def set_language(lang: str | None) -> str:
    """Install ``lang`` (``"fr"`` or ``"en"``) for ``_()`` and return the language in use."""
    global _translation  # the one process-wide language switch, set by app.py
    lang = lang if lang in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE
    if lang == DEFAULT_LANGUAGE:
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang])
    return lang


def _(message: str) -> str:
    """Return ``message`` translated into the current language."""
    return _translation.gettext(message)
