"""The authoring kit of the demo bank: one call per item, in the items modules.

Each helper takes the competence, the tube (without ``@``), the level, the French stem, the
answer side and the feedback shown in practice mode, and returns a :class:`Draft`. Proposals
are written as the right answer(s) then the wrong ones; the builder shuffles them with a
permutation drawn from the item id (so the right answer's position varies but never changes
between builds) unless ``fixed=True`` keeps the written order (scales, "none of these").

English is optional: ``en=En(stem, good, bad, feedback)`` with the same shape as the French.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pixdesk.domain.items import ItemType, Treatments

LOOSE = Treatments(t1=True, t2=True, t3=True)  # words: case, accents, typos forgiven
NO_TYPOS = Treatments(t1=True, t2=True, t3=False)  # a short word whose letters all matter
EXACT = Treatments(t1=True, t2=False, t3=False)  # formulas, code: punctuation matters


@dataclass(frozen=True)
class En:
    """The English version of an item (same shape as the French)."""

    stem: str
    good: str | Sequence[str] = ()  # QCU: one text; QCM: texts
    bad: Sequence[str] = ()
    feedback: str = ""
    labels: Sequence[str] = ()  # text answers: one label per field (default "Your answer")
    alt: str | None = None  # the image's alternative text


@dataclass
class Draft:
    """One item as written by its author, before ids, keys and calibration."""

    competence: str
    tube: str
    level: int
    type: ItemType
    stem: str
    feedback: str
    good: list[str] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)
    fixed: bool = False
    fields: list[tuple[str, str, list[str]]] = field(default_factory=list)  # name, label, variants
    expected_count: int | None = None
    treatments: Treatments = LOOSE
    timer: int | None = None
    focused: bool = False
    accessible: bool | None = None  # None: accessible unless it shows an image
    image: tuple[str, str] | None = None  # file name, alt text (French)
    attachments: list[str] = field(default_factory=list)
    en: En | None = None


def _draft(competence: str, tube: str, level: int, kind: ItemType, **kwargs: object) -> Draft:
    return Draft(competence=competence, tube=tube, level=level, type=kind, **kwargs)


def qcu(
    competence: str,
    tube: str,
    level: int,
    stem: str,
    good: str,
    bad: Sequence[str],
    feedback: str,
    **options: object,
) -> Draft:
    """A single-choice item: ``good`` is the right proposal, ``bad`` the others."""
    return _draft(
        competence,
        tube,
        level,
        ItemType.QCU,
        stem=stem,
        good=[good],
        bad=list(bad),
        feedback=feedback,
        **options,
    )


def qcm(
    competence: str,
    tube: str,
    level: int,
    stem: str,
    good: Sequence[str],
    bad: Sequence[str],
    feedback: str,
    **options: object,
) -> Draft:
    """A multiple-choice item: every proposal of ``good`` must be ticked, none of ``bad``."""
    return _draft(
        competence,
        tube,
        level,
        ItemType.QCM,
        stem=stem,
        good=list(good),
        bad=list(bad),
        feedback=feedback,
        **options,
    )


def qroc(
    competence: str,
    tube: str,
    level: int,
    stem: str,
    answers: Sequence[str],
    feedback: str,
    label: str = "Votre réponse",
    **options: object,
) -> Draft:
    """A short text answer: ``answers`` are the accepted variants."""
    fields = [("answer", label, list(answers))]
    return _draft(
        competence,
        tube,
        level,
        ItemType.QROC,
        stem=stem,
        fields=fields,
        feedback=feedback,
        **options,
    )


def num(
    competence: str,
    tube: str,
    level: int,
    stem: str,
    answers: Sequence[str],
    feedback: str,
    label: str = "Votre réponse (nombre)",
    **options: object,
) -> Draft:
    """A numeric answer: ``answers`` are numbers written as text (``,`` or ``.``)."""
    fields = [("answer", label, list(answers))]
    return _draft(
        competence,
        tube,
        level,
        ItemType.QROC_NUM,
        stem=stem,
        fields=fields,
        feedback=feedback,
        **options,
    )


def ind(
    competence: str,
    tube: str,
    level: int,
    stem: str,
    fields: Sequence[tuple[str, str, Sequence[str]]],
    feedback: str,
    **options: object,
) -> Draft:
    """Several fields, each with its own variants: ``(name, label, variants)``."""
    return _draft(
        competence,
        tube,
        level,
        ItemType.QROCM_IND,
        stem=stem,
        fields=[(n, label, list(v)) for n, label, v in fields],
        feedback=feedback,
        **options,
    )


def dep(
    competence: str,
    tube: str,
    level: int,
    stem: str,
    labels: Sequence[str],
    pool: Sequence[str],
    feedback: str,
    expected: int | None = None,
    **options: object,
) -> Draft:
    """Several fields that may each hold any answer of ``pool`` (each at most once)."""
    fields = [(f"reponse{i + 1}", label, list(pool)) for i, label in enumerate(labels)]
    return _draft(
        competence,
        tube,
        level,
        ItemType.QROCM_DEP,
        stem=stem,
        fields=fields,
        feedback=feedback,
        expected_count=expected,
        **options,
    )
