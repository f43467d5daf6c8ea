"""pixdesk: offline-first digital-skills certification for school computer labs."""

__version__ = "0.1.0"
