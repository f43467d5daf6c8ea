"""Certification domain: pure Python, no I/O. Clock and randomness are injected."""
