"""Pretrained weights: torchvision's file names, read from the local cache (no network here)."""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True)
class Weights:
    url: str
    num_classes: int = 1000

    @property
    def filename(self) -> str:
        return os.path.basename(self.url)


class WeightsEnum(Enum):
    """Named pretrained weights (``ResNet18_Weights.IMAGENET1K_V1``)."""

    @classmethod
    def verify(cls, obj):
        if obj is None or isinstance(obj, cls):
            return obj
        if isinstance(obj, str):
            name = obj.replace(cls.__name__ + ".", "")
            if name not in cls.__members__:
                raise ValueError(f"Invalid value '{obj}' for {cls.__name__}")
            return cls.__members__[name]
        raise TypeError(f"Invalid Weight class provided; expected {cls.__name__} but received "
                        f"{obj.__class__.__name__}.")  # fmt: skip

    @property
    def url(self) -> str:
        return self.value.url

    def get_state_dict(self, progress: bool = True, check_hash: bool = False):
        """The state dict from ``$TORCH_HOME/hub/checkpoints/<file>`` (torch hub's cache)."""
        import numtorch

        hub = os.environ.get("TORCH_HOME") or os.path.join(
            os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "torch"
        )
        path = os.path.join(hub, "hub", "checkpoints", self.value.filename)
        if not os.path.isfile(path):
            raise RuntimeError(
                f"Pretrained weights {self} are not available offline: numtorch cannot download "
                f"{self.url}. Download it elsewhere and place it at {path} (or set TORCH_HOME), "
                "or build the model with weights=None and call load_state_dict(numtorch.load(f))."
            )
        return numtorch.load(path, map_location="cpu")


def handle_legacy_pretrained(kwargs: dict, weights, default):
    """``pretrained=True`` means the default weights, as torchvision's deprecated argument."""
    if "pretrained" in kwargs:
        pretrained = kwargs.pop("pretrained")
        warnings.warn(
            "The parameter 'pretrained' is deprecated since 0.13 and may be removed in the "
            "future, please use 'weights' instead.",
            UserWarning,
            stacklevel=3,
        )
        if pretrained:
            weights = default
    return weights


def load_weights(build, weights_enum, weights, progress, kwargs):
    """``build(**kwargs)``, then load ``weights`` (after resolving ``pretrained=``)."""
    weights = weights_enum.verify(handle_legacy_pretrained(kwargs, weights, weights_enum.DEFAULT))
    if weights is not None:
        kwargs.setdefault("num_classes", weights.value.num_classes)
    model = build(**kwargs)
    if weights is not None:
        model.load_state_dict(weights.get_state_dict(progress=progress, check_hash=True))
    return model
