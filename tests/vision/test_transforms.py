"""transforms against hand-computed references and Pillow (torchvision is not installed here)."""

import numpy as np
import pytest

import numtorch
from numtorch.vision import transforms as T
from numtorch.vision.transforms import functional as F

PIL = pytest.importorskip("PIL.Image", reason="Pillow is not installed")
Image = PIL


def _gray(h=5, w=7):
    return np.arange(h * w, dtype=np.uint8).reshape(h, w) * 3


def _rgb(h=4, w=6):
    return np.random.default_rng(0).integers(0, 256, (h, w, 3), dtype=np.uint8)


def test_to_tensor_pil_and_ndarray():
    arr = _rgb()
    t = T.ToTensor()(Image.fromarray(arr))
    assert t.shape == (3, 4, 6) and t.dtype is numtorch.float32
    np.testing.assert_array_equal(t._data, arr.transpose(2, 0, 1).astype(np.float32) / 255)
    g = T.ToTensor()(_gray())
    assert g.shape == (1, 5, 7)
    f = T.ToTensor()(np.ones((2, 2, 1), np.float64))
    assert f.dtype is numtorch.float64  # non-uint8 arrays are not scaled
    p = T.PILToTensor()(Image.fromarray(arr))
    assert p.dtype is numtorch.uint8 and p.tolist() == arr.transpose(2, 0, 1).tolist()
    with pytest.raises(TypeError, match="pic should be PIL Image or ndarray"):
        T.ToTensor()([1, 2])


def test_normalize_formula_and_errors():
    x = numtorch.rand(3, 4, 4)
    out = T.Normalize((0.5, 0.4, 0.3), (0.2, 0.25, 0.5))(x)
    mean = np.array([0.5, 0.4, 0.3], np.float32).reshape(3, 1, 1)
    std = np.array([0.2, 0.25, 0.5], np.float32).reshape(3, 1, 1)
    np.testing.assert_array_equal(out._data, (x._data - mean) / std)
    assert out is not x
    assert T.Normalize((0.5,), (0.5,), inplace=True)(x) is x
    with pytest.raises(TypeError, match="Input tensor should be a float tensor"):
        F.normalize(numtorch.zeros(1, 2, 2, dtype=numtorch.uint8), (0.5,), (0.5,))
    with pytest.raises(ValueError, match="std evaluated to zero"):
        F.normalize(numtorch.zeros(1, 2, 2), (0.5,), (0.0,))


def test_to_pil_image_round_trip():
    arr = _rgb()
    img = T.ToPILImage()(T.PILToTensor()(Image.fromarray(arr)))
    assert img.mode == "RGB" and np.array_equal(np.asarray(img), arr)
    gray = T.ToPILImage()(numtorch.full((1, 2, 2), 0.5))
    assert gray.mode == "L" and np.asarray(gray).tolist() == [[127, 127], [127, 127]]


def test_flips_pil_and_tensor():
    arr = _rgb()
    pil = Image.fromarray(arr)
    assert np.array_equal(np.asarray(F.hflip(pil)), arr[:, ::-1])
    assert np.array_equal(np.asarray(F.vflip(pil)), arr[::-1])
    t = T.PILToTensor()(pil)
    assert F.hflip(t).tolist() == t._data[..., ::-1].tolist()
    assert T.RandomHorizontalFlip(p=1.0)(t).tolist() == F.hflip(t).tolist()
    assert T.RandomVerticalFlip(p=0.0)(t) is t


def test_random_flip_draws_like_torch(torch_ref):
    flip = T.RandomHorizontalFlip()
    numtorch.manual_seed(3)
    torch_ref.manual_seed(3)
    t = numtorch.arange(4.0).reshape(1, 1, 4)
    ours = [flip(t)[0, 0, 0].item() for _ in range(20)]
    theirs = [3.0 if torch_ref.rand(1) < 0.5 else 0.0 for _ in range(20)]
    assert ours == theirs


def test_crops_and_pad():
    arr = _gray(6, 8)
    t = numtorch.tensor(arr[None])
    c = F.center_crop(t, 4)
    assert c.tolist() == [arr[1:5, 2:6].tolist()]
    assert np.array_equal(np.asarray(F.center_crop(Image.fromarray(arr), 4)), arr[1:5, 2:6])
    big = F.center_crop(t, [8, 8])  # smaller images are zero-padded around
    assert big.shape == (1, 8, 8) and big[0, 0].tolist() == [0] * 8
    assert big[0, 1:7].tolist() == arr.tolist()
    p = F.pad(t, [1, 2], fill=9)
    assert p.shape == (1, 10, 10) and p[0, 0, 0].item() == 9
    pil_p = np.asarray(F.pad(Image.fromarray(arr), 2, padding_mode="reflect"))
    assert np.array_equal(pil_p, np.pad(arr, 2, mode="reflect"))
    five = F.five_crop(t, 2)
    assert [x.tolist() for x in five[:2]] == [[arr[:2, :2].tolist()], [arr[:2, 6:].tolist()]]


def test_random_crop_draws_like_torch(torch_ref):
    t = numtorch.arange(100.0).reshape(1, 10, 10)
    numtorch.manual_seed(5)
    torch_ref.manual_seed(5)
    ours = T.RandomCrop(4, padding=1)(t)
    i = torch_ref.randint(0, 12 - 4 + 1, size=(1,)).item()
    j = torch_ref.randint(0, 12 - 4 + 1, size=(1,)).item()
    expected = np.pad(t._data, [(0, 0), (1, 1), (1, 1)])[:, i : i + 4, j : j + 4]
    assert ours.tolist() == expected.tolist()
    with pytest.raises(ValueError, match="Required crop size"):
        T.RandomCrop(20)(t)


def test_resize_matches_pillow():
    arr = _rgb(8, 12)
    pil = Image.fromarray(arr)
    out = T.Resize(4)(pil)  # shorter side to 4, aspect kept: 12 * 4 / 8 = 6
    assert out.size == (6, 4)
    assert np.array_equal(np.asarray(out), np.asarray(pil.resize((6, 4), Image.BILINEAR)))
    t = T.Resize((4, 6), interpolation=T.InterpolationMode.NEAREST)(T.PILToTensor()(pil))
    assert t.tolist() == arr[::2, ::2].transpose(2, 0, 1).tolist()
    rr = T.RandomResizedCrop(5)(pil)
    assert rr.size == (5, 5)


def test_rotation_and_grayscale():
    arr = _gray(5, 5)
    numtorch.manual_seed(0)
    rot = T.RandomRotation((90, 90))(Image.fromarray(arr))
    assert np.array_equal(np.asarray(rot), np.rot90(arr))
    rgb = _rgb()
    g = T.Grayscale()(Image.fromarray(rgb))
    assert g.mode == "L" and np.array_equal(
        np.asarray(g), np.asarray(Image.fromarray(rgb).convert("L"))
    )
    t = T.Grayscale(3)(numtorch.tensor(rgb.transpose(2, 0, 1).astype(np.float32)))
    r, gg, b = rgb.astype(np.float32).transpose(2, 0, 1)
    np.testing.assert_allclose(t._data[1], 0.2989 * r + 0.587 * gg + 0.114 * b, rtol=1e-6)


def test_compose_lambda_apply_and_reprs():
    c = T.Compose([T.ToTensor(), T.Lambda(lambda x: x * 2), T.Normalize((0.5,), (0.5,))])
    out = c(_gray())
    assert out.shape == (1, 5, 7)
    assert repr(c) == (
        "Compose(\n    ToTensor()\n    Lambda()\n    Normalize(mean=(0.5,), std=(0.5,))\n)"
    )
    assert repr(T.CenterCrop(3)) == "CenterCrop(size=(3, 3))"
    assert repr(T.RandomCrop(3, padding=2)) == "RandomCrop(size=(3, 3), padding=2)"
    assert repr(T.RandomHorizontalFlip()) == "RandomHorizontalFlip(p=0.5)"
    assert (
        repr(T.Resize(4)) == "Resize(size=4, interpolation=bilinear, max_size=None, antialias=True)"
    )
    assert repr(T.RandomRotation(10)) == (
        "RandomRotation(degrees=[-10.0, 10.0], interpolation=nearest, expand=False, fill=0)"
    )
    assert (
        repr(T.RandomApply([T.ToTensor()], p=0.3)) == "RandomApply(\n    p=0.3\n    ToTensor()\n)"
    )
    numtorch.manual_seed(0)
    never = T.RandomApply([T.Lambda(lambda x: x + 1)], p=0.0)
    assert never(1) == 1
    with pytest.raises(TypeError, match="Argument lambd should be callable"):
        T.Lambda(3)


def test_convert_image_dtype():
    u = numtorch.tensor([[[0, 128, 255]]], dtype=numtorch.uint8)
    f = T.ConvertImageDtype(numtorch.float32)(u)
    np.testing.assert_array_equal(f._data, np.array([[[0, 128, 255]]], np.float32) / 255)
    back = F.convert_image_dtype(f, numtorch.uint8)
    assert back.tolist() == u.tolist()
