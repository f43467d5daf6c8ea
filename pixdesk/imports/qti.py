"""Import QTI 2.1 and 3.0 item packages (IMS content packages) as pixdesk items.

Entry point: :func:`import_qti`. A package is a zip holding ``imsmanifest.xml`` and the item
files it lists. Choice, text-entry and inline-choice interactions are read, with the pixdesk
metadata (competence, tube, skill, difficulty, discriminant) from the manifest; everything
else is reported per item, every problem at once. It never raises for a bad package, only
for the environment (``OSError``). The package is read like the SIECLE exports: hardened XML,
bounded sizes, zip slip, zip bombs and nested archives refused. Details: the QTI section
of docs/item-banks.md.
"""

from __future__ import annotations

from pixdesk.imports.errors import ImportRejectedError, InvalidReason, ProblemCode, invalid
from pixdesk.imports.qti_items import read_item
from pixdesk.imports.qti_manifest import ItemResource, is_manifest, item_resources
from pixdesk.imports.qti_model import (
    QtiImport,
    QtiItem,
    QtiLimits,
    QtiProblem,
    QtiProblemCode,
    qti_problem,
)
from pixdesk.imports.qti_package import (
    MANIFEST,
    NotAZipError,
    QtiPackage,
    open_package,
    resolve_href,
)
from pixdesk.imports.qti_xml import item_version, parse
from pixdesk.imports.source import ImportSource

__all__ = ["QtiImport", "QtiItem", "QtiLimits", "QtiProblem", "QtiProblemCode", "import_qti"]

DEFAULT_LIMITS = QtiLimits()


def import_qti(source: ImportSource, *, limits: QtiLimits = DEFAULT_LIMITS) -> QtiImport:
    """Read a QTI package into items, listing every item that cannot be imported and why.

    Args:
        source: The zip: a path, its bytes, or an open binary stream (left open).
        limits: Bounds on sizes, entries, items and depth.

    Returns:
        The items read (in manifest order) and the problems. Items with a problem are left
        out; a package-level problem (a hostile zip, no manifest) leaves no item at all.

    Raises:
        OSError: The file cannot be opened or read.
    """
    try:
        with open_package(source, limits) as package:
            return _read_package(package, limits)
    except NotAZipError:
        return QtiImport(problems=(qti_problem(QtiProblemCode.PACKAGE_INVALID, reason="not_zip"),))
    except ImportRejectedError as exc:
        return QtiImport(problems=(_package_problem(exc),))


def _read_package(package: QtiPackage, limits: QtiLimits) -> QtiImport:
    if not package.has(MANIFEST):
        return QtiImport(problems=(qti_problem(QtiProblemCode.MANIFEST_MISSING),))
    try:
        manifest = parse(package.read(MANIFEST), limits)
    except ImportRejectedError as exc:
        return QtiImport(problems=(_package_problem(exc, MANIFEST),))
    if not is_manifest(manifest):
        return QtiImport(problems=(qti_problem(QtiProblemCode.MANIFEST_INVALID, file=MANIFEST),))
    resources = item_resources(manifest)
    if not resources:
        return QtiImport(problems=(qti_problem(QtiProblemCode.NO_ITEMS),))
    if len(resources) > limits.max_items:
        problem = qti_problem(QtiProblemCode.TOO_MANY_ITEMS, limit=limits.max_items)
        return QtiImport(problems=(problem,))
    items: list[QtiItem] = []
    problems: list[QtiProblem] = []
    first_file: dict[str, str] = {}
    for resource in resources:
        item, found = _read_resource(package, resource, limits)
        problems.extend(found)
        if item is None:
            continue
        identifier = item.item.id
        if identifier in first_file:
            problems.append(
                qti_problem(
                    QtiProblemCode.ITEM_ID_DUPLICATE,
                    item=identifier,
                    file=item.file,
                    first_file=first_file[identifier],
                )
            )
            continue
        first_file[identifier] = item.file
        items.append(item)
    return QtiImport(tuple(items), tuple(problems))


def _read_resource(
    package: QtiPackage, resource: ItemResource, limits: QtiLimits
) -> tuple[QtiItem | None, list[QtiProblem]]:
    path = resolve_href(resource.href, resource.base)
    if path is None:
        # A name climbing out of the package is hostile; the whole package is refused.
        raise invalid(InvalidReason.ZIP_SLIP, name=resource.href)
    if not package.has(path):
        missing = qti_problem(QtiProblemCode.ITEM_FILE_MISSING, item=resource.identifier, file=path)
        return None, [missing]
    data = package.read(path)  # size, ratio and nesting problems refuse the whole package
    try:
        root = parse(data, limits)
    except ImportRejectedError as exc:
        code = (
            QtiProblemCode.ENCODING_NOT_SUPPORTED
            if exc.problem.code is ProblemCode.ENCODING_NOT_SUPPORTED
            else QtiProblemCode.ITEM_XML_INVALID
        )
        params = dict(exc.problem.params)
        if exc.problem.line is not None:
            params["line"] = str(exc.problem.line)
        return None, [qti_problem(code, item=resource.identifier, file=path, **params)]
    version = item_version(root)
    if version is None:
        tag = str(root.tag)
        return None, [
            qti_problem(QtiProblemCode.NOT_QTI_ITEM, item=resource.identifier, file=path, root=tag)
        ]
    return read_item(root, version, path, resource.metadata)


def _package_problem(exc: ImportRejectedError, file: str = "") -> QtiProblem:
    found = exc.problem
    code = (
        QtiProblemCode.ENCODING_NOT_SUPPORTED
        if found.code is ProblemCode.ENCODING_NOT_SUPPORTED
        else QtiProblemCode.PACKAGE_INVALID
    )
    params = dict(found.params)
    if found.line is not None:
        params["line"] = str(found.line)
    named = params.pop("name", "")
    return qti_problem(code, file=named or file, **params)
