"""Document models and their PDF/CSV rendering (RULES.md §10).

Each document is a frozen model built from domain values, then rendered by a thin layer:

- :mod:`attendance` — ``build_attendance_sheet`` → :class:`AttendanceSheet`;
- :mod:`minutes` — ``build_incident_minutes`` → :class:`IncidentMinutes` (procès-verbal);
- :mod:`certificate` — ``build_certificate`` → :class:`Certificate`;
- :mod:`report` — ``build_session_report`` → :class:`SessionReport`;
- :mod:`render_pdf` — ``render_*`` → PDF bytes, ``write_pdf`` writes them atomically;
- :mod:`results_csv` — ``render_results_csv`` / ``write_results_csv``.

Documents are French whatever the UI language (see :mod:`labels`).
"""
