"""Helpers behind ``numtorch.serialization``: zip container, pickling, weights_only."""
