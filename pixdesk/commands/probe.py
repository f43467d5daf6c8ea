"""``pixdesk probe …``: the child processes of the self-test, the readiness check and its drill.

Not for people (the command is left out of ``--help``): each probe is started by a service in
a separate process, so that what it risks (a Qt that aborts, a process killed mid-write, a
file-size limit) cannot take the report down with it.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    # No help=: argparse then leaves the command out of the listing.
    parser = sub.add_parser("probe")
    kinds = parser.add_subparsers(dest="probe", required=True)
    gui = kinds.add_parser("gui")
    gui.add_argument("--out", required=True)
    gui.set_defaults(handler=_gui)
    for name, handler in (("append", _append), ("disk-full", _disk_full)):
        child = kinds.add_parser(name)
        child.add_argument("--dir", type=Path, required=True)
        child.add_argument("--out", type=Path, required=True)
        child.set_defaults(handler=handler)


def _gui(args: argparse.Namespace) -> int:
    # Qt is imported only here: the other probes and commands stay headless.
    from pixdesk.app import probe_gui

    return probe_gui(args.out)


def _append(args: argparse.Namespace) -> int:
    from pixdesk.services.drill_children import append_until_killed

    return append_until_killed(args.dir, args.out)


def _disk_full(args: argparse.Namespace) -> int:
    from pixdesk.services.drill_children import write_until_disk_full

    return write_until_disk_full(args.dir, args.out)
