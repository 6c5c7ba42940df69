"""MNIST-family datasets on the real files, the batched fast path, and download utilities."""

import gzip
import hashlib
import os
import time

import numpy as np
import pytest

import numtorch
from numtorch.utils.data import DataLoader, Subset, random_split
from numtorch.vision import datasets
from numtorch.vision import transforms as T
from numtorch.vision.datasets import utils as dutils
from numtorch.vision.transforms.transforms import batch_transform

from ._data import data_root

try:
    import PIL  # noqa: F401

    HAS_PIL = True
except ImportError:
    HAS_PIL = False

NORM = T.Compose([T.ToTensor(), T.Normalize((0.1307,), (0.3081,))])


def test_mnist_attributes_and_repr():
    root = data_root("MNIST")
    ds = datasets.MNIST(root, train=False, transform=NORM)
    assert len(ds) == 10000 and ds.data.shape == (10000, 28, 28)
    assert ds.data.dtype is numtorch.uint8 and ds.targets.dtype is numtorch.int64
    assert np.bincount(ds.targets._data).tolist()[:3] == [980, 1135, 1032]
    assert ds.classes[3] == "3 - three" and ds.class_to_idx["9 - nine"] == 9
    assert repr(ds) == (
        "Dataset MNIST\n"
        "    Number of datapoints: 10000\n"
        f"    Root location: {root}\n"
        "    Split: Test\n"
        "    StandardTransform\n"
        "Transform: Compose(\n"
        "               ToTensor()\n"
        "               Normalize(mean=(0.1307,), std=(0.3081,))\n"
        "           )"
    )
    img, target = ds[0]
    assert img.shape == (1, 28, 28) and img.dtype is numtorch.float32 and target == 7
    raw = ds.data._data[0].astype(np.float32) / np.float32(255)
    expected = (raw - np.float32(0.1307)) / np.float32(0.3081)
    np.testing.assert_array_equal(img._data[0], expected)


def test_fashion_mnist_train():
    ds = datasets.FashionMNIST(data_root("FashionMNIST"), train=True)
    assert len(ds) == 60000 and ds.classes[9] == "Ankle boot"
    assert np.bincount(ds.targets._data).tolist() == [6000] * 10
    assert abs(float(ds.data._data.mean()) - 72.9404) < 1e-3
    assert "Split: Train" in repr(ds) and "StandardTransform" not in repr(ds)


def test_missing_files_error(tmp_path):
    with pytest.raises(RuntimeError, match="Dataset not found. You can use download=True"):
        datasets.MNIST(str(tmp_path))
    with pytest.raises(ValueError, match="Unknown value 'nope' for argument split"):
        datasets.EMNIST(str(tmp_path), split="nope")


def test_fast_path_equals_per_sample_path():
    ds = datasets.MNIST(data_root("MNIST"), train=False, transform=NORM)
    sub = Subset(ds, list(range(0, 10000, 37)))
    assert ds._numtorch_collated_batch([0, 1]) is not NotImplemented
    # Subsets (random_split's too) forward the batched path with their indices mapped
    x, y = sub._numtorch_collated_batch([2, 0])
    assert y.tolist() == [int(ds.targets[74]), int(ds.targets[0])]
    np.testing.assert_array_equal(x._data, numtorch.stack([ds[74][0], ds[0][0]])._data)
    sub.indices = [5, 6]  # a reassigned index list is picked up, not a stale copy
    assert sub._numtorch_collated_batch([1])[1].tolist() == [int(ds.targets[6])]
    assert Subset(list(range(5)), [1, 2])._numtorch_collated_batch([0]) is NotImplemented
    sub = Subset(ds, list(range(0, 10000, 37)))
    pipelines = [
        NORM,
        T.Compose([T.ToTensor(), T.CenterCrop(26), T.RandomCrop(20)]),
        T.Compose([T.ToTensor(), T.RandomVerticalFlip(0.3)]),
    ]
    if HAS_PIL:  # flips and crops of the images themselves need Pillow on the per-sample path
        pipelines += [
            T.Compose([T.RandomHorizontalFlip(), T.ToTensor()]),
            T.Compose([T.RandomCrop(28, padding=2), T.ToTensor(), T.Normalize((0.1,), (0.3,))]),
        ]
    for transform in pipelines:
        assert batch_transform(transform, ds.data._data[:0]) is not NotImplemented
        ds.transform = transform
        numtorch.manual_seed(1)
        fast = list(DataLoader(sub, batch_size=50, shuffle=True))
        numtorch.manual_seed(1)
        slow = list(DataLoader(sub, batch_size=50, shuffle=True, collate_fn=_plain_collate))
        assert len(fast) == len(slow)
        for (fx, fy), (sx, sy) in zip(fast, slow):
            np.testing.assert_array_equal(fx._data, sx._data)  # bit-identical, not close
            assert fx.dtype is sx.dtype and fy.tolist() == sy.tolist() and fy.dtype is sy.dtype


def _plain_collate(batch):
    """default_collate's result without the batched path (a different function object)."""
    from numtorch.utils.data import default_collate

    return default_collate(batch)


def test_random_split_of_mnist_like_the_notes():
    ds = datasets.MNIST(data_root("MNIST"), train=True, transform=NORM)
    train_db, val_db = random_split(ds, [50000, 10000])
    assert len(train_db) == 50000 and len(val_db) == 10000
    x, y = next(iter(DataLoader(val_db, batch_size=512, shuffle=True)))
    assert x.shape == (512, 1, 28, 28) and y.shape == (512,)


def _gz(path, payload: bytes):
    with gzip.open(path, "wb") as f:
        f.write(payload)
    return hashlib.md5(open(path, "rb").read()).hexdigest()


def test_md5_and_extract(tmp_path):
    src = tmp_path / "a.bin.gz"
    md5 = _gz(src, b"numtorch" * 100)
    assert dutils.check_integrity(str(src), md5)
    assert not dutils.check_integrity(str(src), "0" * 32)
    assert not dutils.check_integrity(str(tmp_path / "missing"))
    out = dutils.extract_archive(str(src))
    assert open(out, "rb").read() == b"numtorch" * 100
    import tarfile

    with tarfile.open(tmp_path / "t.tar.gz", "w:gz") as tar:
        tar.add(out, arcname="inner/a.bin")
    dutils.extract_archive(str(tmp_path / "t.tar.gz"), str(tmp_path / "x"))
    assert (tmp_path / "x" / "inner" / "a.bin").read_bytes() == b"numtorch" * 100


def test_mnist_reads_gz_and_decompressed(tmp_path):
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    images = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    header = (2051).to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in (2, 3, 4))
    labels = (2049).to_bytes(4, "big") + (2).to_bytes(4, "big") + bytes([7, 1])
    for prefix in ("train", "t10k"):
        _gz(raw / f"{prefix}-images-idx3-ubyte.gz", header + images.tobytes())
        (raw / f"{prefix}-labels-idx1-ubyte").write_bytes(labels)
    ds = datasets.MNIST(str(tmp_path))
    assert ds.data.tolist() == images.tolist() and ds.targets.tolist() == [7, 1]


def test_download_offline_fails_fast(tmp_path, monkeypatch):
    monkeypatch.setattr(dutils, "DOWNLOAD_TIMEOUT", 2.0)
    monkeypatch.setattr(datasets.MNIST, "mirrors", ["http://127.0.0.1:9/"])  # discard port
    start = time.monotonic()
    with pytest.raises(RuntimeError, match="Error downloading train-images-idx3-ubyte.gz"):
        datasets.MNIST(str(tmp_path), download=True)
    assert time.monotonic() - start < 30
    assert os.path.isdir(tmp_path / "MNIST" / "raw")


def test_fakedata_reproduces_torchs_draws(torch_ref):
    pytest.importorskip("PIL.Image", reason="Pillow is not installed")
    ds = datasets.FakeData(size=3, image_size=(1, 4, 4), num_classes=5, random_offset=2)
    numtorch.manual_seed(123)
    before = numtorch.rand(1).item()
    numtorch.manual_seed(123)
    img, target = ds[1]
    assert numtorch.rand(1).item() == before  # the global stream is left untouched
    torch_ref.manual_seed(1 + 2)
    t_img = torch_ref.randn(1, 4, 4)
    t_target = torch_ref.randint(0, 5, size=(1,), dtype=torch_ref.long)[0].item()
    expected = t_img.mul(255).byte().numpy()[0]
    assert np.array_equal(np.asarray(img), expected) and target == t_target
    with pytest.raises(IndexError, match="FakeData index out of range"):
        ds[3]


def _write_cifar(root, monkeypatch):
    import pickle

    folder = root / "cifar-10-batches-py"
    folder.mkdir()
    rng = np.random.default_rng(0)
    for name, _ in datasets.CIFAR10.train_list + datasets.CIFAR10.test_list:
        entry = {"data": rng.integers(0, 256, (4, 3072), dtype=np.uint8), "labels": [0, 1, 2, 3]}
        (folder / name).write_bytes(pickle.dumps(entry))
    (folder / "batches.meta").write_bytes(pickle.dumps({"label_names": list("abcdefghij")}))
    # synthetic files: the md5 of the real ones cannot match
    monkeypatch.setattr(
        datasets.CIFAR10, "train_list", [[n, None] for n, _ in datasets.CIFAR10.train_list]
    )
    monkeypatch.setattr(datasets.CIFAR10, "test_list", [["test_batch", None]])
    monkeypatch.setattr(datasets.CIFAR10, "meta", dict(datasets.CIFAR10.meta, md5=None))


def test_cifar10_layout_and_fast_path(tmp_path, monkeypatch):
    pytest.importorskip("PIL")
    _write_cifar(tmp_path, monkeypatch)
    ds = datasets.CIFAR10(str(tmp_path), train=True, transform=NORM_RGB)
    assert len(ds) == 20 and ds.data.shape == (20, 32, 32, 3) and ds.classes[2] == "c"
    img, target = ds[5]
    assert img.shape == (3, 32, 32) and target == 1
    fast = ds._numtorch_collated_batch([5, 0, 19])
    slow = [ds[i] for i in (5, 0, 19)]
    np.testing.assert_array_equal(fast[0]._data, np.stack([s[0]._data for s in slow]))
    assert fast[1].tolist() == [1, 0, 3]
    with pytest.raises(RuntimeError, match="Dataset not found or corrupted"):
        datasets.CIFAR10(str(tmp_path / "nowhere"))


NORM_RGB = T.Compose([T.ToTensor(), T.Normalize((0.5, 0.4, 0.3), (0.2, 0.2, 0.2))])


def test_image_folder(tmp_path):
    Image = pytest.importorskip("PIL.Image")
    for cls, n in (("cat", 2), ("dog", 1)):
        (tmp_path / cls).mkdir()
        for i in range(n):
            Image.fromarray(np.full((3, 4, 3), 40 * i, np.uint8)).save(tmp_path / cls / f"{i}.png")
    (tmp_path / "dog" / "notes.txt").write_text("not an image")
    ds = datasets.ImageFolder(str(tmp_path), transform=T.ToTensor())
    assert ds.classes == ["cat", "dog"] and ds.class_to_idx == {"cat": 0, "dog": 1}
    assert [os.path.basename(p) for p, _ in ds.samples] == ["0.png", "1.png", "0.png"]
    assert ds.targets == [0, 0, 1] and ds.imgs is ds.samples
    img, target = ds[1]
    assert img.shape == (3, 3, 4) and target == 0
    np.testing.assert_allclose(img._data, 40 / 255, rtol=1e-6)
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="Found no valid file for the classes empty"):
        datasets.ImageFolder(str(tmp_path))
