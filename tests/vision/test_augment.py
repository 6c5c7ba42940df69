"""RandomAffine, ColorJitter, GaussianBlur, RandomErasing: results and torch's draw order."""

import numpy as np
import pytest

import numtorch
from numtorch.vision import transforms as T
from numtorch.vision.transforms import functional as F

Image = pytest.importorskip("PIL.Image", reason="Pillow is not installed")


def _rgb(h=6, w=6):
    return np.random.default_rng(1).integers(0, 256, (h, w, 3), dtype=np.uint8)


def test_affine_rotation_and_translation():
    arr = _rgb()
    pil = Image.fromarray(arr)
    rotated = F.affine(pil, 90, (0, 0), 1.0, 0.0)
    assert np.array_equal(np.asarray(rotated), np.rot90(arr, -1))  # affine turns clockwise
    shifted = np.asarray(F.affine(pil, 0, (1, 2), 1.0, 0.0))
    assert np.array_equal(shifted[2:, 1:], arr[:-2, :-1])
    assert shifted[:2].max() == 0 and shifted[:, :1].max() == 0  # filled with 0


def test_random_affine_draws_like_torch(torch_ref):
    t = T.RandomAffine(degrees=30, translate=(0.2, 0.1), scale=(0.8, 1.2), shear=10)
    numtorch.manual_seed(4)
    torch_ref.manual_seed(4)
    ours = t.get_params(t.degrees, t.translate, t.scale, t.shear, [6, 6])

    def u(a, b):
        return float(torch_ref.empty(1).uniform_(float(a), float(b)).item())

    angle = u(-30, 30)
    tx, ty = int(round(u(-1.2, 1.2))), int(round(u(-0.6, 0.6)))
    theirs = (angle, (tx, ty), u(0.8, 1.2), (u(-10, 10), 0.0))
    assert ours == theirs
    assert repr(t) == (
        "RandomAffine(degrees=[-30.0, 30.0], translate=(0.2, 0.1), scale=(0.8, 1.2), "
        "shear=[-10.0, 10.0])"
    )
    assert t(Image.fromarray(_rgb())).size == (6, 6)


def test_color_jitter(torch_ref):
    pil = Image.fromarray(_rgb())
    from PIL import ImageEnhance

    only_brightness = T.ColorJitter(brightness=(0.5, 0.5))
    expected = ImageEnhance.Brightness(pil).enhance(0.5)
    assert np.array_equal(np.asarray(only_brightness(pil)), np.asarray(expected))
    cj = T.ColorJitter(0.4, 0.4, 0.4, 0.1)
    assert cj.brightness == (0.6, 1.4) and cj.hue == (-0.1, 0.1)
    numtorch.manual_seed(2)
    torch_ref.manual_seed(2)
    idx, *factors = cj.get_params(cj.brightness, cj.contrast, cj.saturation, cj.hue)
    t_idx = torch_ref.randperm(4)
    bounds = [(0.6, 1.4)] * 3 + [(-0.1, 0.1)]
    t_factors = [float(torch_ref.empty(1).uniform_(a, b)) for a, b in bounds]
    assert idx.tolist() == t_idx.tolist() and factors == t_factors
    assert cj(pil).size == pil.size
    gray = Image.fromarray(_rgb()[..., 0])
    assert F.adjust_hue(gray, 0.2) is gray
    with pytest.raises(ValueError, match=r"hue_factor \(0.7\) is not in \[-0.5, 0.5\]"):
        F.adjust_hue(pil, 0.7)


def test_gaussian_blur_matches_torch_conv(torch_ref):
    x = numtorch.rand(3, 9, 11)
    out = F.gaussian_blur(x, [5, 3], [1.2, 0.7])
    tf = torch_ref.nn.functional

    def k1(size, sigma):
        half = (size - 1) * 0.5
        pdf = torch_ref.exp(-0.5 * (torch_ref.linspace(-half, half, size) / sigma).pow(2))
        return pdf / pdf.sum()

    kernel = torch_ref.mm(k1(3, 0.7)[:, None], k1(5, 1.2)[None, :]).expand(3, 1, 3, 5)
    tx = tf.pad(torch_ref.from_numpy(x._data)[None], [2, 2, 1, 1], mode="reflect")
    ref = tf.conv2d(tx, kernel, groups=3)[0]
    np.testing.assert_allclose(out._data, ref.numpy(), rtol=1e-5, atol=1e-6)
    pil = F.gaussian_blur(Image.fromarray(_rgb()), 3, 1.0)
    assert pil.mode == "RGB" and pil.size == (6, 6)
    with pytest.raises(ValueError, match="Kernel size value should be an odd"):
        T.GaussianBlur(4)


def test_random_erasing_draws_like_torch(torch_ref):
    x = numtorch.ones(3, 20, 20)
    numtorch.manual_seed(8)
    out = T.RandomErasing(p=1.0, value=0.5)(x)
    torch_ref.manual_seed(8)
    torch_ref.rand(1)
    log_ratio = torch_ref.log(torch_ref.tensor((0.3, 3.3)))
    while True:
        area = 400 * torch_ref.empty(1).uniform_(0.02, 0.33).item()
        ar = torch_ref.exp(torch_ref.empty(1).uniform_(log_ratio[0], log_ratio[1])).item()
        h, w = int(round((area * ar) ** 0.5)), int(round((area / ar) ** 0.5))
        if h < 20 and w < 20:
            break
    i = torch_ref.randint(0, 20 - h + 1, size=(1,)).item()
    j = torch_ref.randint(0, 20 - w + 1, size=(1,)).item()
    expected = np.ones((3, 20, 20), np.float32)
    expected[:, i : i + h, j : j + w] = 0.5
    np.testing.assert_array_equal(out._data, expected)
    assert x._data.min() == 1.0  # not in place by default
    assert repr(T.RandomErasing()) == (
        "RandomErasing(p=0.5, scale=(0.02, 0.33), ratio=(0.3, 3.3), value=0, inplace=False)"
    )
