"""Supervisor mode: the invigilator's console (opening, the room, actions, finalisation)."""
