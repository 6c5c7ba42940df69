"""Runnable examples: ``python -m numtorch.examples.<name>``."""
