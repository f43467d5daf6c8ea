"""Widgets shared by the windows of every mode: messages, crash dialog, form errors."""
