"""Internals of DataLoader: collation, fetching and worker processes."""

from . import collate, fetch, worker  # noqa: F401
