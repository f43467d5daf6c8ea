"""``pixdesk bank verify|review PATH``: check an item bank folder, or review its content;
``pixdesk bank seal PATH --out X.pxbank --key-out X.key``: seal it (docs/item-banks.md §9).

Exit codes: 0 the bank is sound (sealed); 1 it has problems (all printed, nothing written);
2 the path or a key file cannot be used. A bank signed by the publicly known DEMO platform key
gets a warning on standard error, whatever the outcome.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from pixdesk.imports.bank_problems import BankProblem
    from pixdesk.imports.bank_review import BankReview
    from pixdesk.imports.bank_verify import BankVerification

KEYS_DIR = Path(__file__).resolve().parents[2] / "resources" / "keys"
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _add_trust(parser: argparse.ArgumentParser) -> None:
    from pixdesk.i18n import _

    parser.add_argument(
        "--trust",
        type=Path,
        action="append",
        default=None,
        metavar=_("CLE.pub"),
        help=_("clé publique de plateforme acceptée (par défaut : celles de resources/keys)"),
    )


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from pixdesk.i18n import _

    parser = sub.add_parser("bank", help=_("vérifier ou relire une banque de questions"))
    actions = parser.add_subparsers(dest="bank_action", metavar="ACTION", required=True)
    verify = actions.add_parser(
        "verify", help=_("vérifier la signature et le contenu d'une banque")
    )
    review = actions.add_parser("review", help=_("compter les questions et signaler les défauts"))
    for action, handler in ((verify, run_verify), (review, run_review)):
        action.add_argument("path", type=Path, metavar=_("DOSSIER"), help=_("dossier de la banque"))
        _add_trust(action)
        action.add_argument("--json", action="store_true", help=_("sortie JSON pour les scripts"))
        action.set_defaults(handler=handler)
    from pixdesk.commands.bank_import import add_arguments

    add_arguments(
        actions.add_parser("import", help=_("vérifier puis installer une banque ou un paquet QTI"))
    )
    seal = actions.add_parser("seal", help=_("sceller une banque vérifiée sous une clé aléatoire"))
    seal.add_argument(
        "path", type=Path, metavar=_("DOSSIER"), help=_("dossier de la banque signée")
    )
    seal.add_argument("--out", type=Path, required=True, metavar=_("BANQUE.pxbank"))
    seal.add_argument(
        "--key-out",
        type=Path,
        required=True,
        metavar=_("BANQUE.key"),
        help=_("fichier de la clé (créé en 0600, jamais remplacé)"),
    )
    _add_trust(seal)
    seal.set_defaults(handler=run_seal)


def _trusted_keys(args: argparse.Namespace) -> list[Ed25519PublicKey]:
    """Read the trusted platform keys: ``.pub`` text files, or platform public key files."""
    from pixdesk.bundle.platform_key import PlatformKeyPair, read_platform_key
    from pixdesk.crypto.platform_keys import read_public_key_file

    keys = []
    for path in args.trust if args.trust else sorted(KEYS_DIR.glob("*.pub")):
        with path.open("rb") as handle:
            json_file = handle.read(64).lstrip().startswith(b"{")
        if not json_file:
            keys.append(read_public_key_file(path))
            continue
        found = read_platform_key(path)  # the platform key file of docs/bundle-format.md
        public = found.public() if isinstance(found, PlatformKeyPair) else found
        keys.append(public.sign_key)
    return keys


def _verify(args: argparse.Namespace) -> BankVerification | int:
    """Run the verification; return an exit code instead when it cannot even start."""
    from pixdesk.commands.bank_messages import describe
    from pixdesk.crypto.keys import CryptoError
    from pixdesk.i18n import _, set_language
    from pixdesk.imports.bank_problems import BankProblemCode
    from pixdesk.imports.bank_verify import verify_bank

    args.language = set_language(getattr(args, "lang", None))
    try:
        keys = _trusted_keys(args)
    except (OSError, CryptoError) as exc:
        print(_("Clé de plateforme illisible : {error}").format(error=exc), file=sys.stderr)
        return EXIT_USAGE
    try:
        result = verify_bank(args.path, keys)
    except OSError as exc:
        print(_("Lecture impossible : {error}").format(error=exc), file=sys.stderr)
        return EXIT_USAGE
    fatal = {BankProblemCode.NOT_FOUND, BankProblemCode.NOT_A_BANK}
    if any(problem.code in fatal for problem in result.problems):
        for problem in result.problems:
            print(describe(problem), file=sys.stderr)
        return EXIT_USAGE
    return result


def _warn_if_demo(result: BankVerification) -> None:
    """Print the demo key warning on standard error, after the normal output."""
    from pixdesk.i18n import _

    if result.signer is None or not result.signer.is_demo:
        return
    sys.stdout.flush()
    print(
        _(
            "ATTENTION : cette banque est signée par la clé de plateforme de DÉMONSTRATION, "
            "dont la clé privée est publique (n'importe qui peut signer avec). "
            "Démonstration et tests seulement, jamais pour une vraie certification."
        ),
        file=sys.stderr,
    )


def _summary(result: BankVerification, problems: Sequence[BankProblem]) -> dict[str, Any]:
    from pixdesk.commands.bank_messages import describe

    bank, signer = result.bank, result.signer
    return {
        "ok": not problems and bank is not None,
        "bank_id": bank.header.bank_id if bank else None,
        "version": bank.header.version if bank else None,
        "items": len(bank.items) if bank else None,
        "signer": (
            {"key_id": signer.key_id, "fingerprint": signer.fingerprint, "demo": signer.is_demo}
            if signer
            else None
        ),
        "problems": [
            {
                "code": p.code.value,
                "item": p.item,
                "name": p.name,
                "detail": p.detail,
                "message": describe(p),
            }
            for p in problems
        ],
    }


def _print_problems(result: BankVerification) -> None:
    from pixdesk.commands.bank_messages import describe
    from pixdesk.i18n import _

    print(_("Banque refusée : {count} problème(s).").format(count=len(result.problems)))
    for problem in result.problems:
        print(f"  - {describe(problem)}")


def run_verify(args: argparse.Namespace) -> int:
    from pixdesk.i18n import _

    result = _verify(args)
    if isinstance(result, int):
        return result
    if args.json:
        print(json.dumps(_summary(result, result.problems), ensure_ascii=False, indent=1))
    elif result.ok and result.bank is not None and result.signer is not None:
        header = result.bank.header
        print(
            _("Banque valide : « {title} », version {version}, {count} questions.").format(
                title=header.title.get(args.language),
                version=header.version,
                count=len(result.bank.items),
            )
        )
        print(_("Signée par la clé {fingerprint}.").format(fingerprint=result.signer.fingerprint))
    else:
        _print_problems(result)
    _warn_if_demo(result)
    return EXIT_OK if result.ok else EXIT_PROBLEMS


def run_review(args: argparse.Namespace) -> int:
    from pixdesk.imports.bank_review import review_bank

    result = _verify(args)
    if isinstance(result, int):
        return result
    review = review_bank(result.bank) if result.bank is not None else None
    problems = list(result.problems)
    if review is not None:
        known = set(problems)
        problems += [p for p in review.problems if p not in known]
    if args.json:
        summary = _summary(result, problems)
        if review is not None:
            summary["review"] = _review_json(review)
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        if review is not None:
            _print_review(review, result, args.language)
        _print_review_problems(problems)
    _warn_if_demo(result)
    return EXIT_OK if not problems and review is not None else EXIT_PROBLEMS


def _review_json(review: BankReview) -> dict[str, Any]:
    return {
        "item_count": review.item_count,
        "by_competence_level": {
            f"{code}/{level}": count
            for (code, level), count in sorted(review.by_competence_level.items())
        },
        "by_type": {kind.value: count for kind, count in sorted(review.by_type.items())},
        "timed": review.timed,
        "focused": review.focused,
        "with_attachment": review.with_attachment,
        "with_image": review.with_image,
        "accessible": review.accessible,
        "translated": review.translated,
    }


def _print_review(review: BankReview, result: BankVerification, language: str) -> None:
    from pixdesk.domain.referential import COMPETENCE_CODES, MAX_LEVEL, MIN_LEVEL
    from pixdesk.i18n import _

    assert result.bank is not None
    title = result.bank.header.title.get(language)
    print(_("Banque « {title} » : {count} questions.").format(title=title, count=review.item_count))
    levels = range(MIN_LEVEL, MAX_LEVEL + 1)
    header = [_("Compétence").ljust(12)]
    header += [_("N{level}").format(level=level).rjust(4) for level in levels]
    print("".join(header) + _("Total").rjust(7))
    for code in COMPETENCE_CODES:
        counts = [review.by_competence_level.get((code, level), 0) for level in levels]
        cells = "".join(str(count).rjust(4) for count in counts)
        print(code.ljust(12) + cells + str(sum(counts)).rjust(7))
    types = ", ".join(f"{kind.value} {count}" for kind, count in sorted(review.by_type.items()))
    print(_("Types : {types}").format(types=types))
    print(
        _(
            "Chronométrées : {timed} ; focalisées : {focused} ; avec pièce jointe : "
            "{attachments} ; avec image : {images}"
        ).format(
            timed=review.timed,
            focused=review.focused,
            attachments=review.with_attachment,
            images=review.with_image,
        )
    )
    print(
        _("Accessibles : {count} ({percent} %) ; traduites en anglais : {translated}").format(
            count=review.accessible,
            percent=round(100 * review.accessible_share),
            translated=review.translated,
        )
    )


def _print_review_problems(problems: Sequence[BankProblem]) -> None:
    from pixdesk.commands.bank_messages import describe
    from pixdesk.i18n import _

    if not problems:
        print(_("Aucun problème."))
        return
    print(_("{count} problème(s) :").format(count=len(problems)))
    for problem in problems:
        print(f"  - {describe(problem)}")


def run_seal(args: argparse.Namespace) -> int:
    """Verify the bank folder, seal it under a fresh key; write the key, then the bank."""
    from pixdesk.atomicfile import write_file_atomically
    from pixdesk.crypto.keys import CryptoError
    from pixdesk.crypto.sealed_bank import (
        SealedBankError,
        generate_bank_key,
        key_file_bytes,
    )
    from pixdesk.i18n import _
    from pixdesk.imports.bank_problems import BankRejectedError
    from pixdesk.imports.bank_sealed import seal_bank_folder

    result = _verify(args)
    if isinstance(result, int):
        return result
    if not result.ok or result.bank is None:
        _print_problems(result)
        return EXIT_PROBLEMS
    if args.key_out.exists():
        print(
            _("Le fichier de clé existe déjà, il n'est pas remplacé : {path}").format(
                path=args.key_out
            ),
            file=sys.stderr,
        )
        return EXIT_USAGE
    key = generate_bank_key(result.bank.header.bank_id)
    try:
        sealed = seal_bank_folder(args.path, key, _trusted_keys(args))
        write_file_atomically(args.out, sealed, mode=0o644)
        # Never replacing a key file: the bank it opens would be lost with it.
        write_file_atomically(args.key_out, key_file_bytes(key), mode=0o600, overwrite=False)
    except BankRejectedError as exc:
        print(_("Banque refusée : {count} problème(s).").format(count=len(exc.problems)))
        return EXIT_PROBLEMS
    except (SealedBankError, CryptoError) as exc:
        print(_("Scellement impossible : {error}").format(error=exc), file=sys.stderr)
        return EXIT_PROBLEMS
    except OSError as exc:
        print(_("Écriture impossible : {error}").format(error=exc), file=sys.stderr)
        return EXIT_USAGE
    print(
        _("Banque {bank} version {version} scellée : {path} ({size} octets).").format(
            bank=key.bank_id, version=result.bank.header.version, path=args.out, size=len(sealed)
        )
    )
    print(
        _(
            "Clé écrite dans {path} : gardez-la secrète, elle ne doit parvenir aux consoles "
            "que dans le paquet de session ou leur configuration."
        ).format(path=args.key_out)
    )
    _warn_if_demo(result)
    return EXIT_OK
