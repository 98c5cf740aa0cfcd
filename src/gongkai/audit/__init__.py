"""Audit log: an append-only record of who changed or viewed what, when, and from where."""
