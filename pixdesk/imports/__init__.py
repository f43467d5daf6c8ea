"""Roster imports (SIECLE, CSV) and item bank imports."""
