"""The Tensor itself: dtypes, legacy types, devices, creation, conversions, the NumPy bridge."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import numtorch as torch

from .conftest import assert_same, to_torch

# --- dtypes -----------------------------------------------------------------------------------


def test_dtype_aliases_and_reprs():
    assert torch.float is torch.float32 and torch.double is torch.float64
    assert torch.half is torch.float16 and torch.long is torch.int64 and torch.int is torch.int32
    assert torch.short is torch.int16 and torch.cfloat is torch.complex64
    assert repr(torch.float32) == "torch.float32" and str(torch.bool) == "torch.bool"
    assert torch.float32.is_floating_point and not torch.int64.is_floating_point
    assert torch.complex64.is_complex and torch.float16.itemsize == 2


@pytest.mark.parametrize(
    "name",
    [
        "float32",
        "float64",
        "float16",
        "bfloat16",
        "complex64",
        "complex128",
        "uint8",
        "int8",
        "int16",
        "int32",
        "int64",
        "bool",
    ],
)
def test_every_dtype_round_trips(name):
    d = getattr(torch, name)
    t = torch.zeros(2, 3, dtype=d)
    assert t.dtype is d and t.element_size() == d.itemsize
    assert t.to(torch.float64).to(d).dtype is d


def test_data_inference(torch_ref):
    cases = [
        [1, 2],
        [1.0, 2],
        [True, False],
        [True, 2],
        3,
        2.5,
        1j,
        [[1, 2], [3, 4]],
        np.array([1, 2], dtype=np.int32),
        np.float64(1.5),
        [np.float32(1.0)],
        np.array([1.0], dtype=np.float16),
        np.array([1, 2], dtype=np.uint8),
    ]
    for data in cases:
        assert str(torch.tensor(data).dtype) == str(torch_ref.tensor(data).dtype), data


def test_default_dtype():
    assert torch.get_default_dtype() is torch.float32
    torch.set_default_dtype(torch.float64)
    assert torch.tensor([1.0]).dtype is torch.float64
    assert torch.zeros(2).dtype is torch.float64
    assert torch.tensor(1j).dtype is torch.complex128
    with pytest.raises(TypeError):
        torch.set_default_dtype(torch.int64)
    torch.set_default_tensor_type(torch.FloatTensor)
    assert torch.get_default_dtype() is torch.float32


def test_legacy_constructors_and_types():
    assert torch.Tensor(2, 3).shape == (2, 3) and torch.Tensor(2, 3).dtype is torch.float32
    assert torch.Tensor([1, 2]).dtype is torch.float32
    t = torch.FloatTensor([2.0, 8.3])
    assert t.dtype is torch.float32 and t.type() == "torch.FloatTensor"
    assert torch.IntTensor([1, 2]).type() == "torch.IntTensor"
    assert torch.LongTensor(3).shape == (3,)
    assert torch.DoubleTensor([1]).dtype is torch.float64
    assert torch.ByteTensor([1]).dtype is torch.uint8 and torch.BoolTensor([1]).dtype is torch.bool
    assert isinstance(torch.rand(2), torch.FloatTensor)
    assert not isinstance(torch.rand(2), torch.DoubleTensor)
    assert isinstance(torch.rand(2), torch.Tensor)
    assert torch.tensor([1.5]).type("torch.IntTensor").dtype is torch.int32
    assert torch.tensor([1, 2]).type(torch.float64).dtype is torch.float64


def test_conversion_methods():
    t = torch.tensor([1.7, -2.2])
    assert t.long().tolist() == [1, -2] and t.long().dtype is torch.int64
    assert t.int().dtype is torch.int32 and t.short().dtype is torch.int16
    assert t.half().dtype is torch.float16 and t.double().dtype is torch.float64
    assert t.bool().tolist() == [True, True] and t.byte().dtype is torch.uint8
    assert t.to(torch.float32) is t  # no copy when nothing changes
    assert t.to(torch.float32, copy=True) is not t
    assert t.to(torch.tensor([1], dtype=torch.int64)).dtype is torch.int64
    assert t.to("cpu") is t and t.cpu() is t


# --- devices ----------------------------------------------------------------------------------


def test_devices():
    d = torch.device("cpu")
    assert repr(d) == "device(type='cpu')" and str(d) == "cpu"
    assert torch.device("cuda:1") == torch.device("cuda", 1)
    assert repr(torch.device("cuda", 0)) == "device(type='cuda', index=0)"
    assert torch.zeros(2).device == torch.device("cpu") and torch.zeros(2).device == "cpu"
    assert torch.zeros(2, device="cpu").is_cpu
    with pytest.raises(RuntimeError, match="Expected one of cpu, cuda"):
        torch.device("gpu")


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the no-GPU error")
def test_cuda_unavailable_error():
    assert not torch.cuda.is_available()
    with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
        torch.zeros(2).cuda()
    with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
        torch.zeros(2).to("cuda")


# --- creation ---------------------------------------------------------------------------------


def test_factories_match_torch(torch_ref):
    pairs = [
        (torch.zeros(2, 3), torch_ref.zeros(2, 3)),
        (torch.ones((2, 3), dtype=torch.int32), torch_ref.ones((2, 3), dtype=torch_ref.int32)),
        (torch.full((2,), 7), torch_ref.full((2,), 7)),
        (torch.full((2,), True), torch_ref.full((2,), True)),
        (torch.full((2,), 1.5), torch_ref.full((2,), 1.5)),
        (torch.eye(3), torch_ref.eye(3)),
        (torch.eye(2, 4), torch_ref.eye(2, 4)),
        (torch.arange(5), torch_ref.arange(5)),
        (torch.arange(1, 10, 3), torch_ref.arange(1, 10, 3)),
        (torch.arange(0, 1, 0.1), torch_ref.arange(0, 1, 0.1)),
        (torch.arange(-1.5, 2.5, 0.5), torch_ref.arange(-1.5, 2.5, 0.5)),
        (torch.arange(10, 0, -3), torch_ref.arange(10, 0, -3)),
        (torch.linspace(0, 1, 7), torch_ref.linspace(0, 1, 7)),
        (torch.linspace(-1.3, 2.7, 11), torch_ref.linspace(-1.3, 2.7, 11)),
        (
            torch.linspace(0, 10, 5, dtype=torch.int64),
            torch_ref.linspace(0, 10, 5, dtype=torch_ref.int64),
        ),
        (torch.logspace(0, 2, 5), torch_ref.logspace(0, 2, 5)),
        (
            torch.zeros_like(torch.ones(2, dtype=torch.int8)),
            torch_ref.zeros(2, dtype=torch_ref.int8),
        ),
        (torch.ones(3).new_full((2,), 4.0), torch_ref.ones(3).new_full((2,), 4.0)),
        (torch.tensor([1, 2]).new_ones(2, 2), torch_ref.tensor([1, 2]).new_ones(2, 2)),
    ]
    for ours, theirs in pairs:
        assert_same(ours, theirs, rtol=0, atol=0)


ARANGE_CASES = [
    (-8.0, 8.0, 0.1), (0, 1, 0.01), (1.0, 0.0, -0.07), (-3.3, 7.7, 0.37), (1e-3, 1.0, 1e-3),
    (5, 3, -0.1), (0.3, 5, 1e-4), (-1, 1, 3e-5), (0.0, 9.0, 1.0),
]  # fmt: skip


@pytest.mark.parametrize("threads", [1, 2, 3])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_float_arange_bits_match_torch(torch_ref, dtype, threads):
    """torch's kernel rounds arange values through FMAs, vector by vector, and (above 32768
    elements) thread piece by thread piece: same bits for the same thread count."""
    saved = torch_ref.get_num_threads()
    torch_ref.set_num_threads(threads)
    torch.set_num_threads(threads)
    try:
        for start, end, step in ARANGE_CASES:
            ours = torch.arange(start, end, step, dtype=getattr(torch, dtype))
            theirs = torch_ref.arange(start, end, step, dtype=getattr(torch_ref, dtype))
            assert_same(ours, theirs, rtol=0, atol=0)
    finally:
        torch_ref.set_num_threads(saved)
        torch.set_num_threads(saved)


def test_arange_grid_values_literal():
    # torch 2.13: x[78:83] of arange(-8, 8, 0.1) (note 003's activation plots)
    x = torch.arange(-8.0, 8.0, 0.1)[78:83].tolist()
    assert x == [-0.20000001788139343, -0.10000000894069672, 4.440892098500626e-16,
                 0.10000000149011612, 0.20000000298023224]  # fmt: skip


def test_num_threads():
    saved = torch.get_num_threads()
    assert saved >= 1
    torch.set_num_threads(3)
    assert torch.get_num_threads() == 3
    torch.set_num_threads(saved)
    with pytest.raises(RuntimeError, match="set_num_threads expects a positive integer"):
        torch.set_num_threads(0)
    with pytest.raises(RuntimeError, match="set_num_threads expects an int, but got float"):
        torch.set_num_threads(2.5)
    assert torch.get_num_interop_threads() >= 1


def test_factory_errors():
    with pytest.raises(RuntimeError, match="step must be nonzero"):
        torch.arange(0, 10, 0)
    with pytest.raises(RuntimeError, match="upper bound and larger bound inconsistent"):
        torch.arange(0, 10, -1)
    with pytest.raises(RuntimeError, match="Trying to create tensor with negative dimension -1"):
        torch.zeros(2, -1)
    with pytest.raises(RuntimeError, match="Only Tensors of floating point and complex dtype"):
        torch.tensor([1], requires_grad=True)
    with pytest.raises(ValueError, match="expected sequence of length 2 at dim 1 \\(got 1\\)"):
        torch.tensor([[1, 2], [3]])
    with pytest.raises(TypeError, match="new\\(\\): invalid data type 'str'"):
        torch.tensor("a")


def test_requires_grad_factory_argument():
    t = torch.ones(2, requires_grad=True)
    assert t.requires_grad and t.is_leaf


def test_random_factories_shapes_dtypes_and_reproducibility():
    torch.manual_seed(0)
    a = torch.rand(3, 4)
    b = torch.randn(2, 2, dtype=torch.float64)
    c = torch.randint(0, 10, (5,))
    d = torch.randperm(6)
    torch.manual_seed(0)
    assert torch.equal(a, torch.rand(3, 4)) if hasattr(torch, "equal") else True
    assert a.dtype is torch.float32 and b.dtype is torch.float64
    assert c.dtype is torch.int64 and d.dtype is torch.int64
    assert sorted(d.tolist()) == list(range(6))
    assert 0 <= a.min().item() and a.max().item() < 1
    with pytest.raises(RuntimeError, match="random_ expects 'from' to be less than 'to'"):
        torch.randint(3, 3, (2,))


# --- the NumPy bridge and Python conversions -------------------------------------------------


def test_from_numpy_and_numpy_share_memory():
    arr = np.arange(6, dtype=np.float32).reshape(2, 3)
    t = torch.from_numpy(arr)
    arr[0, 0] = 100
    assert t[0, 0].item() == 100
    t.add_(1)
    assert arr[1, 2] == 6
    n = t.numpy()
    n[0, 1] = -5
    assert t[0, 1].item() == -5
    assert torch.from_numpy(np.arange(3)).dtype is torch.int64
    with pytest.raises(
        ValueError, match="At least one stride in the given numpy array is negative"
    ):
        torch.from_numpy(np.arange(3)[::-1])
    with pytest.raises(RuntimeError, match="Can't call numpy\\(\\) on Tensor that requires grad"):
        torch.ones(2, requires_grad=True).numpy()


def test_as_tensor_shares_and_tensor_copies():
    arr = np.ones(3)
    shared, copied = torch.as_tensor(arr), torch.tensor(arr)
    arr[0] = 5
    assert shared[0].item() == 5 and copied[0].item() == 1


def test_python_conversions():
    assert torch.tensor([2.5]).item() == 2.5 and isinstance(torch.tensor(3).item(), int)
    assert float(torch.tensor(1.5)) == 1.5 and int(torch.tensor(2.7)) == 2
    assert [10, 20, 30][torch.tensor(1)] == 20
    assert torch.tensor([[1, 2], [3, 4]]).tolist() == [[1, 2], [3, 4]]
    assert len(torch.zeros(4, 2)) == 4
    assert [r.tolist() for r in torch.tensor([[1, 2], [3, 4]])] == [[1, 2], [3, 4]]
    with pytest.raises(RuntimeError, match="Boolean value of Tensor with more than one value"):
        bool(torch.tensor([1, 2]))
    with pytest.raises(ValueError, match="only one element tensors can be converted"):
        float(torch.tensor([1.0, 2.0]))
    with pytest.raises(
        RuntimeError, match="a Tensor with 2 elements cannot be converted to Scalar"
    ):
        torch.tensor([1.0, 2.0]).item()
    with pytest.raises(TypeError, match="len\\(\\) of a 0-d tensor"):
        len(torch.tensor(1.0))
    with pytest.raises(TypeError, match="iteration over a 0-d tensor"):
        iter(torch.tensor(1.0))
    with pytest.raises(TypeError, match="only integer tensors of a single element"):
        [1, 2][torch.tensor(1.0)]


def test_size_and_strides(torch_ref):
    t = torch.arange(24).reshape(2, 3, 4)
    tt = torch_ref.arange(24).reshape(2, 3, 4)
    assert t.shape == torch.Size([2, 3, 4]) and repr(t.shape) == "torch.Size([2, 3, 4])"
    assert t.size() == tt.size() and t.size(-1) == 4 and t.dim() == 3 and t.numel() == 24
    views = [
        lambda x: x[:, 1],
        lambda x: x[1, :, ::2],
        lambda x: x.transpose(0, 2),
        lambda x: x[..., 1:3],
        lambda x: x[None, 0],
    ]
    for v in views:
        assert v(t).stride() == v(tt).stride()
        assert v(t).storage_offset() == v(tt).storage_offset()
        assert v(t).is_contiguous() == v(tt).is_contiguous()
    for shape in [(0, 3), (1, 3), (3, 1), (1, 1)]:
        assert torch.zeros(shape).stride() == torch_ref.zeros(shape).stride()
    with pytest.raises(IndexError) as info:
        t.size(3)
    assert (
        str(info.value) == "Dimension out of range (expected to be in range of [-3, 2], but got 3)"
    )


def test_bfloat16_values(torch_ref):
    values = [1.0, 3.14159, -2.5e-3, 65504.0, 1e30]
    ours = torch.tensor(values, dtype=torch.bfloat16)
    theirs = torch_ref.tensor(values, dtype=torch_ref.bfloat16)
    assert_same(ours, theirs, rtol=0, atol=0)
    assert_same(ours * 3 + 1, theirs * 3 + 1, rtol=0, atol=0)


def test_torch_shaped_reference_values(torch_ref):
    x = torch.tensor([[1.0, -2.0], [3.0, 0.5]])
    assert_same(
        x.exp().log() + x.abs() * 2 - 1 / x,
        (lambda t: t.exp().log() + t.abs() * 2 - 1 / t)(to_torch(x)),
    )


def test_devices_without_a_backend_raise_torchs_errors():
    with pytest.raises(RuntimeError, match="PyTorch is not linked with support for mps devices"):
        torch.zeros(2).to("mps")
    with pytest.raises(RuntimeError, match="PyTorch is not linked with support for xla devices"):
        torch.zeros(2).to("xla")
    with pytest.raises(AssertionError, match="Torch not compiled with XPU enabled"):
        torch.zeros(2, device="xpu")
    with pytest.raises(NotImplementedError, match="no 'meta' device"):
        torch.zeros(2, device="meta")
    with pytest.raises(RuntimeError, match="Expected one of cpu, cuda"):
        torch.device("foo")
    assert torch.device("xla:1").index == 1


def test_storages_of_views(torch_ref):
    def facts(L):
        x = L.arange(6.0)
        v = x[2:].view(2, 2)
        typed = v.storage()
        return (
            v.untyped_storage().nbytes(),
            v.untyped_storage().data_ptr() == x.untyped_storage().data_ptr(),
            L.ones(2).untyped_storage().data_ptr() == x.untyped_storage().data_ptr(),
            typed.size(),
            list(typed),
            repr(typed),
        )

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert facts(torch) == facts(torch_ref)


def test_default_threads_follow_torchs_environment_rules():
    import os
    import subprocess
    import sys

    code = "import numtorch; print(numtorch.get_num_threads())"
    for env, expected in [({"OMP_NUM_THREADS": "3"}, "3"),
                          ({"OMP_NUM_THREADS": "3", "MKL_NUM_THREADS": "5"}, "5")]:  # fmt: skip
        out = subprocess.run([sys.executable, "-c", code], env={**os.environ, **env},
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
        assert out.strip() == expected
