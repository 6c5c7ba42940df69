"""MNIST and its relatives: FashionMNIST, KMNIST, EMNIST (``torchvision.datasets.mnist``)."""

from __future__ import annotations

import codecs
import gzip
import os
import string
import sys
import warnings
from urllib.error import URLError

import numpy as np

from ..._tensor import Tensor
from . import _batch
from .utils import check_integrity, download_and_extract_archive, extract_archive
from .vision import VisionDataset

__all__ = ["MNIST", "FashionMNIST", "KMNIST", "EMNIST", "read_image_file", "read_label_file"]


def _to_image(array: np.ndarray):
    """A PIL 'L' image as torchvision returns; the HxW uint8 array itself without Pillow."""
    try:
        from PIL import Image
    except ImportError:
        return array
    return Image.fromarray(array, mode="L")


class MNIST(VisionDataset):
    """`MNIST <http://yann.lecun.com/exdb/mnist/>`_ Dataset.

    Args:
        root (str or ``pathlib.Path``): the directory holding ``MNIST/raw/``.
        train (bool, optional): the training set (60000 images) or the test set (10000).
        transform (callable, optional): applied to the PIL image.
        target_transform (callable, optional): applied to the int target.
        download (bool, optional): download the files into ``root`` if they are missing.

    The raw IDX files may be kept gzip-compressed: ``*-ubyte.gz`` alone is read directly.
    """

    mirrors = [
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "http://yann.lecun.com/exdb/mnist/",
    ]
    resources = [
        ("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
        ("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"),
        ("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"),
        ("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"),
    ]
    training_file = "training.pt"
    test_file = "test.pt"
    classes = [
        "0 - zero", "1 - one", "2 - two", "3 - three", "4 - four",
        "5 - five", "6 - six", "7 - seven", "8 - eight", "9 - nine",
    ]  # fmt: skip

    @property
    def train_labels(self):
        warnings.warn("train_labels has been renamed targets", stacklevel=2)
        return self.targets

    @property
    def test_labels(self):
        warnings.warn("test_labels has been renamed targets", stacklevel=2)
        return self.targets

    @property
    def train_data(self):
        warnings.warn("train_data has been renamed data", stacklevel=2)
        return self.data

    @property
    def test_data(self):
        warnings.warn("test_data has been renamed data", stacklevel=2)
        return self.data

    def __init__(self, root, train=True, transform=None, target_transform=None, download=False):
        super().__init__(root, transform=transform, target_transform=target_transform)
        self.train = train
        if download:
            self.download()
        if not self._check_exists():
            raise RuntimeError("Dataset not found. You can use download=True to download it")
        self.data, self.targets = self._load_data()

    def _load_data(self):
        prefix = "train" if self.train else "t10k"
        data = read_image_file(self._raw_path(f"{prefix}-images-idx3-ubyte"))
        targets = read_label_file(self._raw_path(f"{prefix}-labels-idx1-ubyte"))
        return data, targets

    def _raw_path(self, name: str) -> str:
        """The decompressed file if present, else its .gz (read without extracting)."""
        path = os.path.join(self.raw_folder, name)
        return path if os.path.isfile(path) else path + ".gz"

    def __getitem__(self, index: int):
        """Returns ``(image, target)``: a PIL image and the class index."""
        img, target = self.data._data[index], int(self.targets._data[index])
        img = _to_image(img)
        if self.transform is not None:
            img = self.transform(img)
        if self.target_transform is not None:
            target = self.target_transform(target)
        return img, target

    def _numtorch_collated_batch(self, indices):
        return _batch.collated_batch(self, self.data._data, self.targets._data, indices)

    def __len__(self) -> int:
        return len(self.data)

    @property
    def raw_folder(self) -> str:
        return os.path.join(self.root, self.__class__.__name__, "raw")

    @property
    def processed_folder(self) -> str:
        return os.path.join(self.root, self.__class__.__name__, "processed")

    @property
    def class_to_idx(self) -> dict:
        return {_class: i for i, _class in enumerate(self.classes)}

    def _check_exists(self) -> bool:
        def present(url):
            name = os.path.basename(url)
            stem = os.path.splitext(name)[0]
            return check_integrity(os.path.join(self.raw_folder, stem)) or check_integrity(
                os.path.join(self.raw_folder, name)
            )

        return all(present(url) for url, _ in self.resources)

    def download(self) -> None:
        """Download the MNIST data if it doesn't exist already, trying each mirror in turn."""
        if self._check_exists():
            return
        os.makedirs(self.raw_folder, exist_ok=True)
        for filename, md5 in self.resources:
            errors = []
            for mirror in self.mirrors:
                url = f"{mirror}{filename}"
                try:
                    print(f"Downloading {url}")
                    download_and_extract_archive(
                        url, download_root=self.raw_folder, filename=filename, md5=md5
                    )
                except (URLError, OSError) as error:
                    print(f"Failed to download (trying next):\n{error}")
                    errors.append(error)
                    continue
                break
            else:
                s = f"Error downloading {filename}:\n"
                for mirror, err in zip(self.mirrors, errors):
                    s += f"Tried {mirror}, got:\n{str(err)}\n"
                raise RuntimeError(s)

    def extra_repr(self) -> str:
        split = "Train" if self.train is True else "Test"
        return f"Split: {split}"


class FashionMNIST(MNIST):
    """`Fashion-MNIST <https://github.com/zalandoresearch/fashion-mnist>`_ Dataset
    (``root/FashionMNIST/raw/``)."""

    mirrors = ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"]
    resources = [
        ("train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
        ("train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"),
        ("t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"),
        ("t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"),
    ]
    classes = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]  # fmt: skip


class KMNIST(MNIST):
    """`Kuzushiji-MNIST <https://github.com/rois-codh/kmnist>`_ Dataset
    (``root/KMNIST/raw/``)."""

    mirrors = ["http://codh.rois.ac.jp/kmnist/dataset/kmnist/"]
    resources = [
        ("train-images-idx3-ubyte.gz", "bdb82020997e1d708af4cf47b453dcf7"),
        ("train-labels-idx1-ubyte.gz", "e144d726b3acfaa3e44228e80efcd344"),
        ("t10k-images-idx3-ubyte.gz", "5c965bf0a639b31b8f53240b1b52f4d7"),
        ("t10k-labels-idx1-ubyte.gz", "7320c461ea6c1c855c0b718fb2a4b134"),
    ]
    classes = ["o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"]


class EMNIST(MNIST):
    """`EMNIST <https://www.westernsydney.edu.au/bens/home/reproducible_research/emnist>`_
    Dataset.

    Args:
        root (str): the directory holding ``EMNIST/raw/``.
        split (str): one of ``byclass``, ``bymerge``, ``balanced``, ``letters``, ``digits``,
            ``mnist``.
        **kwargs: as :class:`MNIST`.
    """

    url = "https://biometrics.nist.gov/cs_links/EMNIST/gzip.zip"
    md5 = "58c8d27c78d21e728a6bc7b3cc06412e"
    splits = ("byclass", "bymerge", "balanced", "letters", "digits", "mnist")
    _merged_classes = {"c", "i", "j", "k", "l", "m", "o", "p", "s", "u", "v", "w", "x", "y", "z"}
    _all_classes = set(string.digits + string.ascii_letters)
    classes_split_dict = {
        "byclass": sorted(list(_all_classes)),
        "bymerge": sorted(list(_all_classes - _merged_classes)),
        "balanced": sorted(list(_all_classes - _merged_classes)),
        "letters": ["N/A"] + list(string.ascii_lowercase),
        "digits": list(string.digits),
        "mnist": list(string.digits),
    }

    def __init__(self, root, split: str, **kwargs) -> None:
        if split not in self.splits:
            valid = ", ".join(repr(s) for s in self.splits)
            raise ValueError(
                f"Unknown value '{split}' for argument split. Valid values are {{{valid}}}."
            )
        self.split = split
        self.classes = self.classes_split_dict[self.split]
        super().__init__(root, **kwargs)

    def _file_prefix(self) -> str:
        return f"emnist-{self.split}-{'train' if self.train else 'test'}"

    def _load_data(self):
        prefix = self._file_prefix()
        data = read_image_file(self._raw_path(f"{prefix}-images-idx3-ubyte"))
        targets = read_label_file(self._raw_path(f"{prefix}-labels-idx1-ubyte"))
        return data, targets

    def _check_exists(self) -> bool:
        prefix = self._file_prefix()
        return all(
            os.path.isfile(self._raw_path(f"{prefix}-{kind}-idx{n}-ubyte"))
            for kind, n in (("images", 3), ("labels", 1))
        )

    def download(self) -> None:
        """Download the EMNIST zip and extract its gzip files into ``raw/``."""
        if self._check_exists():
            return
        os.makedirs(self.raw_folder, exist_ok=True)
        download_and_extract_archive(self.url, download_root=self.raw_folder, md5=self.md5)
        gzip_folder = os.path.join(self.raw_folder, "gzip")
        for gzip_file in os.listdir(gzip_folder):
            if gzip_file.endswith(".gz"):
                extract_archive(os.path.join(gzip_folder, gzip_file), self.raw_folder)


SN3_PASCALVINCENT_TYPEMAP = {
    8: np.uint8,
    9: np.int8,
    11: np.dtype(">i2"),
    12: np.dtype(">i4"),
    13: np.dtype(">f4"),
    14: np.dtype(">f8"),
}


def get_int(b: bytes) -> int:
    return int(codecs.encode(b, "hex"), 16)


def read_sn3_pascalvincent_tensor(path: str, strict: bool = True) -> Tensor:
    """Reads an IDX file (optionally .gz), the format of the MNIST files."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    magic = get_int(data[0:4])
    nd = magic % 256
    ty = magic // 256
    if not (1 <= nd <= 3 and 8 <= ty <= 14):
        raise AssertionError(f"bad IDX header in {path}")
    dims = [get_int(data[4 * (i + 1) : 4 * (i + 2)]) for i in range(nd)]
    parsed = np.frombuffer(data, dtype=SN3_PASCALVINCENT_TYPEMAP[ty], offset=4 * (nd + 1))
    if sys.byteorder == "little" or parsed.dtype.byteorder == ">":
        parsed = parsed.astype(parsed.dtype.newbyteorder("="))
    if strict and parsed.shape[0] != int(np.prod(dims)):
        raise AssertionError(f"size mismatch in {path}")
    return Tensor._make(parsed.reshape(*dims))


def read_label_file(path: str) -> Tensor:
    x = read_sn3_pascalvincent_tensor(path, strict=False)
    if x.dtype is not _uint8() or x.ndimension() != 1:
        raise AssertionError(f"expected 1-d uint8 labels in {path}")
    return Tensor._make(x._data.astype(np.int64))


def read_image_file(path: str) -> Tensor:
    x = read_sn3_pascalvincent_tensor(path, strict=False)
    if x.dtype is not _uint8() or x.ndimension() != 3:
        raise AssertionError(f"expected 3-d uint8 images in {path}")
    return x


def _uint8():
    import numtorch

    return numtorch.uint8
