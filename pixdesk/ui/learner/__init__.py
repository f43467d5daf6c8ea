"""Learner mode: the pupil's pages, from finding the console to the end screen."""
