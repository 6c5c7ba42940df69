"""torch.save / torch.load: PyTorch's file format both ways, weights_only safety, no data lost."""

from __future__ import annotations

import collections
import io
import mmap
import os
import pathlib
import pickle
import pickletools
import zipfile

import numpy as np
import pytest

import numtorch
from numtorch import serialization
from numtorch._serialization import zipio

from .conftest import requires_torch

DATA = pathlib.Path(__file__).parent / "data"
DTYPES = ["float32", "float64", "float16", "bfloat16", "complex64", "complex128",
          "uint8", "int8", "int16", "int32", "int64", "bool"]  # fmt: skip
TORCH_NAMES = {
    "collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter",
    "torch.FloatStorage", "torch.device", "torch.Size", "torch.float16", "_codecs.encode",
}  # fmt: skip


def _sample(dtype_name, shape=(2, 3)):
    values = np.arange(int(np.prod(shape))).reshape(shape)
    return numtorch.tensor(values.tolist()).to(getattr(numtorch, dtype_name))


def _np(t):
    data = np.asarray(t.detach()._data)
    return data.astype(np.float32) if t.dtype is numtorch.bfloat16 else data


def _roundtrip(obj, **load_kwargs):
    buf = io.BytesIO()
    serialization.save(obj, buf)
    buf.seek(0)
    return serialization.load(buf, **load_kwargs)


def _globals_in(pkl: bytes) -> set:
    return {arg.replace(" ", ".") for op, arg, _ in pickletools.genops(pkl) if op.name == "GLOBAL"}


def _archive(pkl: bytes, storages=None) -> bytes:
    """A zip checkpoint with a hand-made data.pkl (for malicious and corrupt files)."""
    buf = io.BytesIO()
    writer = zipio.ZipWriter(buf, "archive")
    writer.write_record("data.pkl", pkl)
    for key, data in (storages or {}).items():
        writer.write_record(f"data/{key}", data)
    writer.write_record("version", b"3\n")
    writer.close()
    return buf.getvalue()


# --- round trips without torch -----------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
def test_roundtrip_every_dtype(dtype):
    t = _sample(dtype)
    back = _roundtrip({"t": t})["t"]
    assert back.dtype is t.dtype and back.shape == t.shape
    np.testing.assert_array_equal(_np(back), _np(t))


def test_views_keep_sharing_strides_and_offsets():
    base = numtorch.arange(24.0).reshape(4, 6)
    obj = {"base": base, "view": base[1:3, ::2], "t": base.t(), "row": base[3]}
    back = _roundtrip(obj)
    for name, t in obj.items():
        assert back[name].stride() == t.stride(), name
        assert back[name].storage_offset() == t.storage_offset(), name
        np.testing.assert_array_equal(_np(back[name]), _np(t))
    back["view"][0, 0] = -1.0  # one storage: a write through a view shows in the base
    assert back["base"][1, 0].item() == -1.0 and back["t"][0, 1].item() == -1.0


def test_one_storage_record_for_views():
    base = numtorch.arange(10.0)
    buf = io.BytesIO()
    serialization.save([base, base[2:5], base[::3]], buf)
    names = zipfile.ZipFile(buf).namelist()
    assert [n for n in names if "/data/" in n] == ["archive/data/0"]


def test_same_tensor_twice_is_one_object():
    t = numtorch.ones(3)
    a, b = _roundtrip([t, t])
    assert a is b


def test_nested_containers_and_python_values():
    obj = collections.OrderedDict(
        a=[1, 2.5, "s", None, True, (numtorch.zeros(2), {"x": numtorch.ones(1)})],
        b={"bytes": b"\x00\xff", "set": {1, 2}, "complex": 1 + 2j, "big": 2**70},
        dtype=numtorch.float16,
        device=numtorch.device("cpu"),
        size=numtorch.Size([2, 3]),
    )
    back = _roundtrip(obj)
    assert type(back) is collections.OrderedDict and list(back) == list(obj)
    assert back["a"][:5] == [1, 2.5, "s", None, True]
    assert back["b"] == obj["b"]
    assert back["dtype"] is numtorch.float16 and back["device"] == numtorch.device("cpu")
    assert back["size"] == numtorch.Size([2, 3]) and type(back["size"]) is numtorch.Size
    np.testing.assert_array_equal(_np(back["a"][5][1]["x"]), [1.0])


def test_requires_grad_survives():
    w = numtorch.ones(2, requires_grad=True)
    back = _roundtrip({"w": w, "y": numtorch.ones(2)})
    assert back["w"].requires_grad and back["w"].is_leaf and not back["y"].requires_grad


@pytest.fixture
def parameter_class(monkeypatch):
    """numtorch.nn.Parameter, or a stand-in with its module and constructor until nn lands."""
    import sys
    import types

    try:
        from numtorch.nn.parameter import Parameter

        return Parameter
    except ImportError:
        pass

    class Parameter(numtorch.Tensor):
        def __new__(cls, data, requires_grad=True):
            return cls._make(data._data, requires_grad)

    Parameter.__module__ = "numtorch.nn.parameter"
    module = types.ModuleType("numtorch.nn.parameter")
    module.Parameter = Parameter
    monkeypatch.setitem(sys.modules, "numtorch.nn.parameter", module)
    return Parameter


def test_parameter_roundtrip(parameter_class):
    p = parameter_class(numtorch.ones(2, 3))
    buf = io.BytesIO()
    serialization.save({"p": p}, buf)
    pkl = zipfile.ZipFile(buf).read("archive/data.pkl")
    assert "torch._utils._rebuild_parameter" in _globals_in(pkl)
    buf.seek(0)
    back = serialization.load(buf)["p"]
    assert type(back) is parameter_class and back.requires_grad and back.shape == (2, 3)


def test_file_layout_is_pytorchs(tmp_path):
    path = tmp_path / "model.pt"
    t = numtorch.arange(6.0)
    obj = collections.OrderedDict(w=t, v=t[1:], dt=numtorch.float16, d=numtorch.device("cpu"))
    obj["s"] = t.shape
    serialization.save(obj, path)
    z = zipfile.ZipFile(path)
    names = set(z.namelist())
    assert {"model/data.pkl", "model/version", "model/byteorder", "model/data/0",
            "model/.data/serialization_id"} <= names  # fmt: skip
    assert z.read("model/version") == b"3\n" and z.read("model/byteorder") == b"little"
    assert _globals_in(z.read("model/data.pkl")) <= TORCH_NAMES
    raw = path.read_bytes()
    for info in z.infolist():  # uncompressed and 64-byte aligned, so mmap can map them
        assert info.compress_type == zipfile.ZIP_STORED
        name_len, extra_len = np.frombuffer(raw[info.header_offset + 26 :][:4], "<u2")
        assert (info.header_offset + 30 + name_len + extra_len) % 64 == 0


def test_f_as_str_pathlike_and_file(tmp_path):
    t = numtorch.arange(3)
    serialization.save(t, str(tmp_path / "a.pt"))
    serialization.save(t, tmp_path / "b.pt")
    with open(tmp_path / "c.pt", "wb") as fh:
        serialization.save(t, fh)
    for name in ("a.pt", "b.pt", "c.pt"):
        with open(tmp_path / name, "rb") as fh:
            from_file = serialization.load(fh)
        for back in (serialization.load(str(tmp_path / name)), from_file):
            np.testing.assert_array_equal(_np(back), [0, 1, 2])


def test_untyped_storage_of_views():
    from numtorch.storage import TypedStorage, untyped_storage

    base = numtorch.arange(12.0).reshape(3, 4)
    views = [base, base[1:, ::2], base.t(), base[2]]
    storages = [untyped_storage(v) for v in views]
    assert {s.nbytes() for s in storages} == {48}  # what torch reports: the whole base
    assert len({s.data_ptr() for s in storages}) == 1
    typed = TypedStorage(wrap_storage=storages[1], dtype=numtorch.float32, _internal=True)
    assert typed.size() == 12 and typed.tolist() == list(range(12))


# --- map_location ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "map_location",
    [
        "cpu",
        numtorch.device("cpu"),
        {"cpu": "cpu"},
        lambda storage, loc: storage,
        lambda storage, loc: None,
    ],  # fmt: skip
)
def test_map_location_forms(map_location):
    back = _roundtrip({"t": numtorch.arange(4.0)}, map_location=map_location)
    assert back["t"].device == numtorch.device("cpu")
    np.testing.assert_array_equal(_np(back["t"]), [0, 1, 2, 3])


def _cuda_tagged_file():
    buf = io.BytesIO()
    serialization.save(numtorch.arange(3.0), buf)
    raw = buf.getvalue()
    z = zipfile.ZipFile(io.BytesIO(raw))
    pkl = z.read("archive/data.pkl").replace(b"X\x03\x00\x00\x00cpu", b"X\x06\x00\x00\x00cuda:0")
    return _archive(pkl, {"0": z.read("archive/data/0")})


def test_map_location_callable_sees_saved_location():
    seen = []
    raw = _cuda_tagged_file()
    serialization.load(io.BytesIO(raw), map_location=lambda s, loc: seen.append(loc) or s)
    assert seen == ["cuda:0"]


@pytest.mark.skipif(numtorch.cuda.is_available(), reason="needs a machine without CUDA")
def test_cuda_file_without_cuda():
    raw = _cuda_tagged_file()
    with pytest.raises(RuntimeError, match="Attempting to deserialize object on a CUDA device"):
        serialization.load(io.BytesIO(raw))
    back = serialization.load(io.BytesIO(raw), map_location={"cuda:0": "cpu"})
    np.testing.assert_array_equal(_np(back), [0.0, 1.0, 2.0])


# --- mmap --------------------------------------------------------------------------------------


def test_mmap_maps_instead_of_reading(tmp_path):
    path = tmp_path / "m.pt"
    base = numtorch.arange(1000.0)
    serialization.save({"a": base, "b": base[10:20]}, path)
    back = serialization.load(path, mmap=True)
    owner = back["a"]._data.base
    assert isinstance(owner.base, mmap.mmap)  # a view of the mapping, no copy
    np.testing.assert_array_equal(_np(back["b"]), np.arange(10.0, 20.0))
    back["b"][0] = -5.0  # copy-on-write: visible through the other view, never in the file
    assert back["a"][10].item() == -5.0
    assert serialization.load(path)["a"][10].item() == 10.0


def test_mmap_needs_a_path():
    with pytest.raises(ValueError, match="f must be a file path in order to use the mmap"):
        serialization.load(io.BytesIO(b"PK"), mmap=True)


# --- files written by PyTorch 2.13 (no torch needed) -------------------------------------------


def test_loads_torch_model_state_dict():
    sd = serialization.load(DATA / "torch_model_state.pt")
    expected = np.load(DATA / "expected.npz")
    assert type(sd) is collections.OrderedDict
    assert list(sd) == ["0.weight", "0.bias", "2.weight", "2.bias"]
    for name, t in sd.items():
        np.testing.assert_array_equal(_np(t), expected[name])


def test_loads_torch_adam_state_dict():
    state = serialization.load(DATA / "torch_adam_state.pt")
    assert state["param_groups"][0]["params"] == [0, 1, 2, 3]
    assert state["param_groups"][0]["betas"] == (0.9, 0.999)
    assert state["state"][0]["step"].item() == 1.0
    assert state["state"][0]["exp_avg"].shape == (4, 3)


@pytest.mark.parametrize("name", ["torch_views_dtypes.pt", "torch_legacy.pt"])
def test_loads_torch_views_dtypes_and_legacy(name):
    obj = serialization.load(DATA / name)
    for dtype in DTYPES:
        t = obj["dtypes"][dtype]
        assert t.dtype is getattr(numtorch, dtype)
        np.testing.assert_array_equal(_np(t), _np(_sample(dtype)))
    np.testing.assert_array_equal(_np(obj["base"]), np.load(DATA / "expected.npz")["base"])
    assert obj["view"].storage_offset() == 6 and obj["view"].stride() == (6, 2)
    assert obj["t"].stride() == (1, 6)
    obj["view"][0, 0] = 100.0
    assert obj["base"][1, 0].item() == 100.0  # the view and base share the loaded storage
    assert obj["param"].requires_grad
    assert obj["nested"] == [(1, 2.5, "s"), {"k": None, "b": True}]


def test_legacy_refuses_mmap():
    with pytest.raises(RuntimeError, match="mmap can only be used with files saved with"):
        serialization.load(DATA / "torch_legacy.pt", mmap=True)


# --- weights_only: malicious files -------------------------------------------------------------


class _Reduce:
    """An object whose unpickling calls ``func(*args)``: the classic pickle payload."""

    def __init__(self, func, *args):
        self.func, self.args = func, args

    def __reduce__(self):
        return (self.func, self.args)


def _payloads(marker):
    cmd = f"touch {marker}"
    code = f"open({str(marker)!r}, 'w').close()"
    return {
        "os.system": _Reduce(os.system, cmd),
        "eval": _Reduce(eval, code),
        "exec": _Reduce(exec, code),
        "nested": {"state": [1, {"deep": (_Reduce(eval, code),)}]},
        "getattr": _Reduce(getattr, _Reduce(__import__, "os"), "system"),
        "subprocess": _Reduce(__import__("subprocess").call, ["touch", str(marker)]),
        "numtorch internals": _Reduce(serialization.save, "x", str(marker)),
    }


@pytest.mark.parametrize("name", list(_payloads("m")))
def test_malicious_pickles_refused_nothing_runs(tmp_path, name):
    marker = tmp_path / "pwned"
    payload = _payloads(marker)[name]
    zip_file = _archive(pickle.dumps(payload, protocol=2))
    legacy = pickle.dumps(payload, protocol=2)  # a non-zip file goes the legacy way
    for raw in (zip_file, legacy):
        with pytest.raises(pickle.UnpicklingError, match="Weights only load failed"):
            serialization.load(io.BytesIO(raw))
        assert not marker.exists()


def test_refusal_names_the_global():
    raw = _archive(pickle.dumps(_Reduce(eval, "1"), protocol=2))
    with pytest.raises(pickle.UnpicklingError) as info:
        serialization.load(io.BytesIO(raw))
    assert "Unsupported global: GLOBAL eval was not an allowed global by default" in str(info.value)
    raw = _archive(pickle.dumps(_Reduce(os.system, "true"), protocol=2))
    with pytest.raises(pickle.UnpicklingError, match="GLOBAL posix.system whose module posix"):
        serialization.load(io.BytesIO(raw))


@pytest.mark.parametrize("protocol", [0, 1, 4, 5])
def test_other_protocols_opcodes_refused(tmp_path, protocol):
    marker = tmp_path / "pwned"
    raw = _archive(pickle.dumps(_Reduce(os.system, f"touch {marker}"), protocol=protocol))
    with pytest.raises(pickle.UnpicklingError), pytest.warns(UserWarning, match="protocol") \
            if protocol > 2 else _nullcontext():  # fmt: skip
        serialization.load(io.BytesIO(raw))
    assert not marker.exists()


def _nullcontext():
    import contextlib

    return contextlib.nullcontext()


def test_bad_persistent_id_refused():
    pkl = b"\x80\x02X\x06\x00\x00\x00module\x85Q."  # ('module',) as a persistent id
    with pytest.raises(pickle.UnpicklingError, match="Only persistent_load of storage"):
        serialization.load(io.BytesIO(_archive(pkl)))


def test_build_cannot_overwrite_tensor_internals():
    pkl = b"\x80\x02ctorch\nTensor\n)\x81}X\x05\x00\x00\x00_dataK\x01sb."
    with pytest.raises(pickle.UnpicklingError, match="Can only build a Tensor from a dict"):
        serialization.load(io.BytesIO(_archive(pkl)))


def test_truncated_pickle_clear_error():
    buf = io.BytesIO()
    serialization.save({"a": numtorch.ones(2)}, buf)
    z = zipfile.ZipFile(buf)
    pkl = z.read("archive/data.pkl")
    raw = _archive(pkl[: len(pkl) // 2], {"0": z.read("archive/data/0")})
    with pytest.raises((pickle.UnpicklingError, EOFError)):
        serialization.load(io.BytesIO(raw))


class Point:
    def __init__(self, x):
        self.x = x


def test_safe_globals_and_weights_only_false():
    raw = io.BytesIO()
    serialization.save({"p": Point(3)}, raw)
    data = raw.getvalue()
    with pytest.raises(pickle.UnpicklingError, match="GLOBAL tests.test_serialization.Point"):
        serialization.load(io.BytesIO(data))
    with serialization.safe_globals([Point]):
        assert Point in serialization.get_safe_globals()
        assert serialization.load(io.BytesIO(data))["p"].x == 3
    assert Point not in serialization.get_safe_globals()
    serialization.add_safe_globals([Point])
    try:
        assert serialization.load(io.BytesIO(data))["p"].x == 3
    finally:
        serialization.clear_safe_globals()
    assert serialization.load(io.BytesIO(data), weights_only=False)["p"].x == 3


# --- no data lost ------------------------------------------------------------------------------


def test_atomic_save_keeps_old_file_on_crash(tmp_path, monkeypatch):
    path = tmp_path / "ckpt.pt"
    serialization.save({"w": numtorch.ones(3)}, path)
    os.chmod(path, 0o640)

    def crash(self, name, data):
        raise OSError("disk full")

    monkeypatch.setattr(zipio.ZipWriter, "write_record", crash)
    with pytest.raises(OSError, match="disk full"):
        serialization.save({"w": numtorch.zeros(3)}, path)
    monkeypatch.undo()
    assert sorted(os.listdir(tmp_path)) == ["ckpt.pt"]  # no temporary left behind
    np.testing.assert_array_equal(_np(serialization.load(path)["w"]), [1.0, 1.0, 1.0])
    serialization.save({"w": numtorch.zeros(3)}, path)
    assert os.stat(path).st_mode & 0o777 == 0o640  # the file's mode is kept


def _saved_bytes():
    buf = io.BytesIO()
    serialization.save({"a": numtorch.arange(100.0)}, buf)
    return buf.getvalue()


@pytest.mark.parametrize("cut", [0.5, 0.9, 0.99])
def test_truncated_file_clear_error(cut):
    raw = _saved_bytes()
    with pytest.raises(RuntimeError, match="failed finding central directory"):
        serialization.load(io.BytesIO(raw[: int(len(raw) * cut)]))


def test_corrupt_storage_detected():
    raw = bytearray(_saved_bytes())
    z = zipfile.ZipFile(io.BytesIO(bytes(raw)))
    info = z.getinfo("archive/data/0")
    name_len, extra_len = np.frombuffer(raw[info.header_offset + 26 :][:4], "<u2")
    raw[info.header_offset + 30 + name_len + extra_len + 5] ^= 0xFF
    with pytest.raises(RuntimeError, match="CRC mismatch"):
        serialization.load(io.BytesIO(bytes(raw)))


def test_empty_and_garbage_files():
    with pytest.raises(EOFError):
        serialization.load(io.BytesIO(b""))
    with pytest.raises(pickle.UnpicklingError, match="Memo value not found at index 101"):
        serialization.load(io.BytesIO(b"hello world" * 10))


def test_out_of_bounds_view_refused():
    buf = io.BytesIO()
    serialization.save(numtorch.arange(4.0), buf)
    z = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    pkl = z.read("archive/data.pkl").replace(b"K\x04\x85", b"K\x64\x85")  # size 4 -> 100
    raw = _archive(pkl, {"0": z.read("archive/data/0")})
    with pytest.raises(RuntimeError, match="out of bounds for storage of size 16"):
        serialization.load(io.BytesIO(raw))


def test_save_refuses_same_memory_as_two_dtypes():
    a = numtorch.zeros(4)
    b = numtorch.Tensor._make(a._data.view(np.int32))
    with pytest.raises(RuntimeError, match="view the same data as different types"):
        serialization.save([a, b], io.BytesIO())


# --- safetensors -------------------------------------------------------------------------------


def test_safetensors_roundtrip(tmp_path):
    pytest.importorskip("safetensors")
    sd = {d: _sample(d) for d in DTYPES if d != "complex128"}  # safetensors has no complex128
    serialization.save_file(sd, tmp_path / "m.safetensors", metadata={"format": "pt"})
    back = serialization.load_file(tmp_path / "m.safetensors")
    for name, t in sd.items():
        assert back[name].dtype is t.dtype
        np.testing.assert_array_equal(_np(back[name]), _np(t))


# --- interop with real PyTorch -----------------------------------------------------------------


@requires_torch
@pytest.mark.parametrize("dtype", DTYPES)
def test_numtorch_to_torch_every_dtype(torch_ref, dtype):
    buf = io.BytesIO()
    serialization.save({"t": _sample(dtype), "v": _sample(dtype, (4, 6))[1:, ::2]}, buf)
    buf.seek(0)
    got = torch_ref.load(buf, weights_only=True)
    assert str(got["t"].dtype) == f"torch.{dtype}"
    theirs = got["t"].float() if dtype == "bfloat16" else got["t"]
    np.testing.assert_array_equal(theirs.numpy(), _np(_sample(dtype)))
    assert got["v"].stride() == (6, 2) and got["v"].storage_offset() == 6


@requires_torch
@pytest.mark.parametrize("dtype", DTYPES)
def test_torch_to_numtorch_every_dtype(torch_ref, dtype):
    t = torch_ref.arange(24).to(getattr(torch_ref, dtype)).reshape(4, 6)
    buf = io.BytesIO()
    torch_ref.save({"t": t, "v": t[1:, ::2]}, buf)
    buf.seek(0)
    got = serialization.load(buf)
    assert got["t"].dtype is getattr(numtorch, dtype)
    expected = t.float().numpy() if dtype == "bfloat16" else t.numpy()
    np.testing.assert_array_equal(_np(got["t"]), expected)
    assert got["v"].stride() == (6, 2) and got["v"].storage_offset() == 6


@requires_torch
def test_torch_mmaps_our_file(torch_ref, tmp_path):
    base = numtorch.arange(100.0)
    serialization.save({"a": base, "b": base[50:]}, tmp_path / "n.pt")
    got = torch_ref.load(tmp_path / "n.pt", mmap=True, weights_only=True)
    assert got["b"][0].item() == 50.0 and got["b"].storage_offset() == 50


@requires_torch
def test_views_share_storage_in_torch(torch_ref):
    base = numtorch.arange(12.0).reshape(3, 4)
    buf = io.BytesIO()
    serialization.save([base, base[1:], base.t()], buf)
    buf.seek(0)
    a, b, c = torch_ref.load(buf, weights_only=True)
    b[0, 0] = 99.0
    assert a[1, 0].item() == 99.0 and c[0, 1].item() == 99.0
    assert c.stride() == (1, 4)


@requires_torch
def test_model_state_dict_both_ways(torch_ref, tmp_path, capsys):
    torch_ref.manual_seed(0)
    model = torch_ref.nn.Sequential(torch_ref.nn.Linear(3, 4), torch_ref.nn.Linear(4, 2))
    torch_ref.save(model.state_dict(), tmp_path / "t.pt")
    sd = serialization.load(tmp_path / "t.pt")
    for name, t in model.state_dict().items():
        np.testing.assert_array_equal(_np(sd[name]), t.numpy())
    sd = collections.OrderedDict((k, v * 2) for k, v in sd.items())
    serialization.save(sd, tmp_path / "n.pt")
    print(model.load_state_dict(torch_ref.load(tmp_path / "n.pt", weights_only=True)))
    assert capsys.readouterr().out == "<All keys matched successfully>\n"
    np.testing.assert_array_equal(model[0].weight.detach().numpy(), _np(sd["0.weight"]))


@requires_torch
def test_optimizer_state_dict_both_ways(torch_ref, tmp_path):
    model = torch_ref.nn.Linear(3, 2)
    opt = torch_ref.optim.Adam(model.parameters())
    model(torch_ref.ones(1, 3)).sum().backward()
    opt.step()
    torch_ref.save(opt.state_dict(), tmp_path / "o.pt")
    ours = serialization.load(tmp_path / "o.pt")
    serialization.save(ours, tmp_path / "o2.pt")
    theirs = torch_ref.load(tmp_path / "o2.pt", weights_only=True)
    opt.load_state_dict(theirs)
    assert theirs["param_groups"] == opt.state_dict()["param_groups"]
    for k in (0, 1):
        for name in ("step", "exp_avg", "exp_avg_sq"):
            assert torch_ref.equal(theirs["state"][k][name], opt.state_dict()["state"][k][name])


@requires_torch
def test_parameter_both_ways(torch_ref, parameter_class):
    buf = io.BytesIO()
    torch_ref.save({"p": torch_ref.nn.Parameter(torch_ref.ones(2))}, buf)
    buf.seek(0)
    p = serialization.load(buf)["p"]
    assert type(p) is parameter_class and p.requires_grad and p.is_leaf
    buf = io.BytesIO()
    serialization.save({"p": p}, buf)
    buf.seek(0)
    theirs = torch_ref.load(buf, weights_only=True)["p"]
    assert isinstance(theirs, torch_ref.nn.Parameter) and theirs.requires_grad


@requires_torch
@pytest.mark.parametrize("name", ["eval", "os.system", "nested", "getattr"])
def test_refusal_message_matches_torch(torch_ref, tmp_path, name):
    raw = _archive(pickle.dumps(_payloads(tmp_path / "x")[name], protocol=2))
    with pytest.raises(pickle.UnpicklingError) as theirs:
        torch_ref.load(io.BytesIO(raw))
    with pytest.raises(pickle.UnpicklingError) as ours:
        serialization.load(io.BytesIO(raw))
    assert str(ours.value) == str(theirs.value)


@requires_torch
def test_safetensors_interop(torch_ref, tmp_path):
    st_torch = pytest.importorskip("safetensors.torch")
    sd = {"w": numtorch.arange(6.0).reshape(2, 3), "b": numtorch.ones(3, dtype=numtorch.bfloat16)}
    serialization.save_file(sd, tmp_path / "n.safetensors")
    theirs = st_torch.load_file(tmp_path / "n.safetensors")
    assert theirs["b"].dtype == torch_ref.bfloat16
    np.testing.assert_array_equal(theirs["w"].numpy(), _np(sd["w"]))
    st_torch.save_file({"x": torch_ref.ones(2, dtype=torch_ref.bfloat16)}, tmp_path / "t.st")
    ours = serialization.load_file(tmp_path / "t.st")
    assert ours["x"].dtype is numtorch.bfloat16


def test_loads_with_torch_unimportable():
    """A PyTorch checkpoint loads in a process where ``import torch`` fails."""
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['torch'] = None\n"
        "import numtorch.serialization as s\n"
        f"sd = s.load({str(DATA / 'torch_model_state.pt')!r})\n"
        "print(sorted(sd), sd['0.bias'].shape)\n"
    )
    root = pathlib.Path(__file__).parent.parent
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout == "['0.bias', '0.weight', '2.bias', '2.weight'] torch.Size([4])\n"
