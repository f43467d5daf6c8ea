"""Subcommands of the ``pixdesk`` command, one module each.

Each module exposes ``add_parser(subparsers)`` (which sets ``handler`` on its parser) and keeps
its imports lazy, so that ``pixdesk --version`` and the light tools start fast and never load Qt.
A handler takes the parsed arguments and returns the exit code.
"""
