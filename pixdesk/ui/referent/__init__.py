"""Referent mode: the roster, session planning, packs and documents (one module per page)."""
