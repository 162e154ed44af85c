"""Typesetting algorithms that do not depend on any output library (line breaking)."""
