"""safetensors files for state_dicts, through the optional ``safetensors`` package.

``save_file(tensors, filename, metadata=None)`` and ``load_file(filename, device="cpu")`` as in
``safetensors.torch``; the bytes are the ones ``safetensors.numpy`` writes, which PyTorch's
``safetensors.torch.load_file`` reads (bfloat16 included).
"""

from __future__ import annotations

import numpy as np

from .. import _backend
from .. import _dtype as D


def _require():
    try:
        import safetensors.numpy as st
    except ImportError as e:  # pragma: no cover - exercised where safetensors is absent
        raise ImportError(
            "safetensors files need the safetensors package: pip install safetensors"
        ) from e
    return st


def save_file(tensors: dict, filename, metadata: dict | None = None) -> None:
    """Saves a dict of tensors (a state_dict) to a ``.safetensors`` file."""
    st = _require()
    arrays = {}
    for name, t in tensors.items():
        arrays[name] = np.ascontiguousarray(_backend.to_numpy(t.detach()._data))
    st.save_file(arrays, filename, metadata=metadata)  # ml_dtypes' bfloat16 is written as BF16


def load_file(filename, device="cpu") -> dict:
    """Loads a ``.safetensors`` file into a dict of tensors."""
    from .._tensor import Tensor

    st = _require()
    with open(filename, "rb") as fh:
        blob = fh.read()
    bf16 = _names_with_dtype(blob, "BF16")
    # safetensors.numpy reads no BF16: read its raw bits as uint16, then view them as bfloat16
    arrays = st.load(_retag(blob, bf16, "BF16", "U16") if bf16 else blob)
    out = {}
    for name, array in arrays.items():
        if name in bf16:
            array = array.view(D.bfloat16.np)
        t = Tensor._make(np.array(array))
        out[name] = t if str(device) == "cpu" else t.to(device)
    return out


def _header(blob):
    import json

    n = int.from_bytes(blob[:8], "little")
    return json.loads(blob[8 : 8 + n]), n


def _names_with_dtype(blob, dtype):
    header, _ = _header(blob)
    return [k for k, v in header.items() if k != "__metadata__" and v["dtype"] == dtype]


def _retag(blob, names, old, new):
    """Rewrites the dtype of ``names`` in the JSON header (re-padded to 8 bytes, as written)."""
    import json

    header, n = _header(blob)
    for name in names:
        header[name]["dtype"] = new
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return len(text).to_bytes(8, "little") + text + blob[8 + n :]
