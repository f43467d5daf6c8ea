"""Document models and their PDF/CSV rendering."""
