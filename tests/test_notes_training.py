"""The nn / optim / DataLoader / training cells of notes 001 and 003, run differentially.

The companion of tests/test_notes_tensors.py (whose runner, ``execute_cell``, runs every cell
here): the cells that one leaves out. Each case is one code cell of a note, or a few cells that
belong together (the quickstart's cells build on each other), with the notes' typos fixed, every
value the notebook displays turned into a ``print(...)`` and ``torch.manual_seed(0)`` run first.
The cell runs once with ``torch`` bound to real PyTorch and once with ``torch`` bound to
numtorch, and the two captured stdouts (and the warnings raised) must be the same; a cell that
raises prints ``ExceptionType: message`` as its last line.

The cells don't import anything from torch: the runner provides ``torch``, ``np``, ``nn``, ``F``
(test_notes_tensors.py) and, here, ``optim``, ``DataLoader``, ``torchvision``, ``datasets``,
``ToTensor``, ``Lambda``, ``Compose`` (the notes' import lines). torchvision is not installed
beside the reference PyTorch, so on the torch side ``torchvision`` is ``_torchvision_like(torch)``:
MNIST / FashionMNIST datasets over the same IDX files and ToTensor / Normalize / Compose / Lambda
computed as torchvision computes them, with real torch. On the numtorch side it is
numtorch.vision. What only torchvision itself could print (a dataset's repr, make_grid) is
checked against the note's own output and literals (``numtorch_only`` cases).

The dataset cells read the real files under /work/shared/data (``$NUMTORCH_DATA``): each side
runs in a fresh temporary folder of its own where ``data/FashionMNIST`` and ``mnist_data/MNIST``
link to them, so the notes' ``root="data"`` and ``'mnist_data'`` work unchanged (``download=True``
finds the files and downloads nothing); they are skipped when the files are absent. save/load
cells write into that folder. The cells are seeded, so numtorch runs each cell once per session
and its checks (against torch, the literal, the note) share that run.

What cannot run here runs to its error, compared with torch's: the GPU cells (``.to("cuda")``
on a machine without CUDA raises torch's CPU build's ``AssertionError: Torch not compiled with
CUDA enabled``), visdom (not installed: ``ModuleNotFoundError``; with it, ``Visdom()`` would need
a server). The matplotlib parts of the cells run with the Agg backend where they take a tensor.

Training cells run on a few batches (a Subset, or a ``break``), never a full epoch; the full
5-epoch quickstart is the main job's (``python -m numtorch.examples.mnist --model quickstart``).
Where a cell prints float32 losses with all their digits, numtorch's last bit can differ from
torch's (exp/log are not rounded like torch's, reductions are summed in another order: see
test_notes_tensors.KNOWN_BUGS); those cases (``tol``) compare the text exactly and the numbers
in it to a relative 1e-5, and ``001-s7-loss-digits`` records the exact difference as a known bug.

``EXPECTED`` holds, for a subset of the cases, the literal output of real PyTorch 2.13 (CPU), and
``NOTE_SHOWS`` the cases whose output is what the note itself shows (read from the note file when
it is there), so those checks run without torch. ``KNOWN_BUGS`` marks (strict xfail) where
numtorch does not print what torch prints, with what differs. docs/notes-coverage.md maps every
code cell of the notes to its case.
"""

from __future__ import annotations

import builtins
import contextlib
import functools
import gzip
import importlib
import math
import os
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pytest

import numtorch

from .test_notes_tensors import execute_cell, params_with_bugs
from .vision._data import DATA_ROOT

_REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = os.path.join(os.path.dirname(_REPO), "shared", "seeds")
HAS_DATA = all(
    os.path.isdir(os.path.join(DATA_ROOT, name, "raw")) for name in ("MNIST", "FashionMNIST")
)


@dataclass(frozen=True)
class Cell:
    id: str
    code: str
    data: bool = False  # reads the MNIST / FashionMNIST files
    tol: bool = False  # numbers compared to rtol 1e-5 (float32 last-bit differences)
    numtorch_only: bool = False  # needs torchvision itself on the torch side


def _cell(id, *pieces, **kw):
    code = "".join(textwrap.dedent(p).strip("\n") + "\n" for p in pieces)
    return Cell(id, code, **kw)


# --------------------------------------------------------------------------------------------
# The runner: execute_cell of test_notes_tensors.py with the notes' import lines bound
# --------------------------------------------------------------------------------------------


@functools.cache
def _idx_arrays(folder, train):
    """(images uint8 [N, 28, 28], labels uint8 [N]) of an MNIST-format raw folder."""

    def read(name):
        with gzip.open(os.path.join(folder, name + ".gz"), "rb") as f:
            data = f.read()
        ndim = data[3]
        dims = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)]
        return np.frombuffer(data, np.uint8, offset=4 + 4 * ndim).reshape(dims)

    prefix = "train" if train else "t10k"
    images, labels = read(f"{prefix}-images-idx3-ubyte"), read(f"{prefix}-labels-idx1-ubyte")
    return images.copy(), labels.astype(np.int64)  # writable, read once per session


@functools.cache
def _torchvision_like(torch):
    """What the cells use of torchvision, written with real ``torch``.

    torchvision is not installed beside the reference PyTorch. These compute what torchvision's
    do: MNIST.__getitem__ gives (image, int target), ToTensor turns the 28x28 uint8 image into
    ``img.to(float32).div(255)`` of shape [1, 28, 28], Normalize is ``(x - mean) / std`` with
    mean and std as float32 tensors of shape [C, 1, 1].
    """

    class MNIST(torch.utils.data.Dataset):
        folder = "MNIST"

        def __init__(self, root, train=True, transform=None, target_transform=None, **_):
            raw = os.path.realpath(os.path.join(root, self.folder, "raw"))
            images, labels = _idx_arrays(raw, train)
            self.data, self.targets = torch.from_numpy(images), torch.from_numpy(labels)
            self.transform, self.target_transform = transform, target_transform

        def __len__(self):
            return len(self.data)

        def __getitem__(self, index):
            img, target = self.data[index], int(self.targets[index])
            if self.transform is not None:
                img = self.transform(img)
            if self.target_transform is not None:
                target = self.target_transform(target)
            return img, target

    class FashionMNIST(MNIST):
        folder = "FashionMNIST"

    class ToTensor:
        def __call__(self, pic):
            return pic.unsqueeze(0).to(dtype=torch.get_default_dtype()).div(255)

    class Normalize:
        def __init__(self, mean, std, inplace=False):
            self.mean, self.std = mean, std

        def __call__(self, tensor):
            mean = torch.as_tensor(self.mean, dtype=tensor.dtype).view(-1, 1, 1)
            std = torch.as_tensor(self.std, dtype=tensor.dtype).view(-1, 1, 1)
            return tensor.sub(mean).div(std)

    class Compose:
        def __init__(self, transforms):
            self.transforms = transforms

        def __call__(self, img):
            for t in self.transforms:
                img = t(img)
            return img

    class Lambda:
        def __init__(self, lambd):
            self.lambd = lambd

        def __call__(self, img):
            return self.lambd(img)

    transforms = SimpleNamespace(
        ToTensor=ToTensor, Normalize=Normalize, Compose=Compose, Lambda=Lambda
    )
    datasets = SimpleNamespace(MNIST=MNIST, FashionMNIST=FashionMNIST)
    return SimpleNamespace(datasets=datasets, transforms=transforms)


def _names(module):
    """The names of the notes' import lines, for ``torch`` bound to ``module``."""
    optim = importlib.import_module(f"{module.__name__}.optim")
    data = importlib.import_module(f"{module.__name__}.utils.data")
    if module is numtorch:
        vision = importlib.import_module("numtorch.vision")
    else:
        vision = _torchvision_like(module)
    return {
        "optim": optim,
        "DataLoader": data.DataLoader,
        "torchvision": vision,
        "datasets": vision.datasets,
        "ToTensor": vision.transforms.ToTensor,
        "Lambda": vision.transforms.Lambda,
        "Compose": vision.transforms.Compose,
    }


_MISSING = object()


@contextlib.contextmanager
def _bound(names):
    """``names`` visible to the cell (as builtins: execute_cell builds the namespace)."""
    saved = {name: getattr(builtins, name, _MISSING) for name in names}
    try:
        for name, value in names.items():
            setattr(builtins, name, value)
        yield
    finally:
        for name, value in saved.items():
            if value is _MISSING:
                delattr(builtins, name)
            else:
                setattr(builtins, name, value)


def run_note_cell(module, cell):
    """(stdout, warnings) of ``cell`` with ``torch`` bound to ``module``."""
    with _bound(_names(module)):
        return execute_cell(module, cell.code)


_NUMTORCH_RUNS: dict[str, tuple[str, list]] = {}


def numtorch_run(cell, workdir):
    """run_note_cell(numtorch, cell), once per session: the cells are seeded, so the checks of a
    cell (against torch, the literal, the note) share one run of the training cells."""
    if cell.id not in _NUMTORCH_RUNS:
        workdir("numtorch")
        _NUMTORCH_RUNS[cell.id] = run_note_cell(numtorch, cell)
    return _NUMTORCH_RUNS[cell.id]


_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")


def _same(got, expected, tol):
    """Equal text; with ``tol``, equal text between the numbers and numbers within 1e-5."""
    if got == expected or not tol:
        return got == expected
    if _NUMBER.split(got) != _NUMBER.split(expected):
        return False
    pairs = zip(_NUMBER.findall(got), _NUMBER.findall(expected))
    return all(math.isclose(float(a), float(b), rel_tol=1e-5, abs_tol=1e-8) for a, b in pairs)


def _check(got, expected, tol):
    if not _same(got, expected, tol):
        assert got == expected


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """``enter(side)``: make a fresh folder per side (torch, numtorch) the current folder, with
    data/FashionMNIST and mnist_data/MNIST linked to the files."""
    monkeypatch.setenv("MPLBACKEND", "Agg")

    def enter(side):
        folder = tmp_path / side
        if not folder.exists():
            folder.mkdir()
            if HAS_DATA:
                for sub, name in (("data", "FashionMNIST"), ("mnist_data", "MNIST")):
                    (folder / sub).mkdir()
                    os.symlink(os.path.join(DATA_ROOT, name), folder / sub / name)
        monkeypatch.chdir(folder)

    return enter


def _needs(cell):
    if cell.data and not HAS_DATA:
        pytest.skip(f"MNIST/FashionMNIST files not found under {DATA_ROOT} (set NUMTORCH_DATA)")


# --------------------------------------------------------------------------------------------
# Note 001 (Chinese): the MNIST MLP (section 2), the notes' typos as written (3, 4), Himmelblau
# with Adam and the multi-class training (4), visdom (6), random_split, momentum, weight decay,
# ReduceLROnPlateau, Dropout (7), Conv2d / pooling / ReLU (8), nn.Module (9: to(device); the
# rest of section 9, BatchNorm and the containers are images in the note: the course's code in
# them is run as the "-img" cases)
# --------------------------------------------------------------------------------------------

_MNIST_LOADERS = """
batch_size = 512

train_loader = torch.utils.data.DataLoader(
    torchvision.datasets.MNIST('mnist_data', train=True, download=True,
                               transform=torchvision.transforms.Compose([
                                   torchvision.transforms.ToTensor(),
                                   torchvision.transforms.Normalize(
                                       (0.1307,), (0.3081,))
                               ])),
    batch_size=batch_size, shuffle=True)

test_loader = torch.utils.data.DataLoader(
    torchvision.datasets.MNIST('mnist_data/', train=False, download=True,
                               transform=torchvision.transforms.Compose([
                                   torchvision.transforms.ToTensor(),
                                   torchvision.transforms.Normalize(
                                       (0.1307,), (0.3081,))
                               ])),
    batch_size=batch_size, shuffle=False)
"""

# utils.py of the course (imported by the note, not in it): one_hot
_ONE_HOT = """
def one_hot(label, depth=10):
    out = torch.zeros(label.size(0), depth)
    idx = torch.LongTensor(label).view(-1, 1)
    out.scatter_(dim=1, index=idx, value=1)
    return out
"""

_NET_001 = """
class Net(nn.Module):

    def __init__(self):
        super(Net, self).__init__()

        # xw+b
        self.fc1 = nn.Linear(28*28, 256)
        self.fc2 = nn.Linear(256, 64)
        self.fc3 = nn.Linear(64, 10)

    def forward(self, x):
        # x: [b, 1, 28, 28]
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)

        return x
"""

_HIMMELBLAU = """
def himmelblau(x):
    return (x[0] ** 2 + x[1] - 11)** 2 + (x[0] + x[1] ** 2 - 7) ** 2
"""

NOTE_001 = [
    _cell(
        "001-s2-mnist-loaders",
        _MNIST_LOADERS,
        """
        x, y = next(iter(train_loader))
        print(x.shape, y.shape, x.min(), x.max())
        print(x.dtype, y.dtype, y[:16])
        print(len(train_loader), len(test_loader), len(test_loader.dataset))
        x, y = next(iter(test_loader))
        print(y[:16], x[0, 0, 10, 10:14])
        """,
        data=True,
    ),
    _cell(
        "001-s2-mnist-mlp-sgd-momentum-mse-one-hot",
        _MNIST_LOADERS,
        _ONE_HOT,
        _NET_001,
        """
        net = Net()
        # [w1, b1, w2, b2, w3, b3]
        optimizer = optim.SGD(net.parameters(), lr=0.01, momentum=0.9)

        train_loss = []

        for epoch in range(1):  # the note: 3 epochs; here the first 6 batches

            for batch_idx, (x, y) in enumerate(train_loader):

                # [b, 1, 28, 28] => [b, 784]
                x = x.view(x.size(0), 28*28)
                out = net(x)
                y_onehot = one_hot(y)
                loss = F.mse_loss(out, y_onehot)

                optimizer.zero_grad()
                loss.backward()
                optimizer.step()

                train_loss.append(loss.item())

                if batch_idx % 2 == 0:  # the note: % 10
                    print(epoch, batch_idx, loss.item())
                if batch_idx == 5:
                    break

        total_correct = 0
        total_num = 0
        for i, (x, y) in enumerate(test_loader):  # the note: all of test_loader
            if i == 2:
                break
            x  = x.view(x.size(0), 28*28)
            out = net(x)
            pred = out.argmax(dim=1)
            correct = pred.eq(y).sum().float().item()
            total_correct += correct
            total_num += len(y)

        acc = total_correct / total_num
        print('test acc:', acc)

        x, y = next(iter(test_loader))
        out = net(x.view(x.size(0), 28*28))
        pred = out.argmax(dim=1)
        print(pred[:20])
        print(len(train_loss), one_hot(torch.tensor([3, 0]), depth=4))
        """,
        data=True,
        tol=True,
    ),
    _cell(
        "001-s2-net-repr-and-parameters",
        _NET_001,
        """
        net = Net()
        print(net)
        print([tuple(p.shape) for p in net.parameters()])  # [w1, b1, w2, b2, w3, b3]
        print(net(torch.rand(2, 28 * 28)))
        print(optim.SGD(net.parameters(), lr=0.01, momentum=0.9))
        """,
    ),
    _cell(
        "001-s3-tensor-with-two-lists-as-written",
        """
        torch.tensor([4,3,5],[6,7,8])
        """,
    ),
    _cell(
        "001-s3-tensor-subscripted-as-written",
        """
        src = torch.tensor([[4, 3, 5], [6, 7, 8]])
        torch.take(src,torch.tensor[0,2,5])
        """,
    ),
    _cell(
        "001-s3-squzzez-as-written",
        """
        b = torch.rand(1, 32, 1, 1)
        print(b.squeeze().shape)
        b.squzzez(0).shape
        """,
    ),
    _cell(
        "001-s3-split-by-two-into-two",
        """
        a = torch.rand(32, 8)
        b = torch.rand(32, 8)
        c = torch.stack([a, b], dim=0)
        print(c.split(2, dim=0)[0].shape)
        aa, bb = c.split(2,dim=0) # error
        """,
    ),
    _cell(
        "001-s4-sigmod-as-written",
        """
        a = torch.linspace(-100,100,10)
        torch.sigmod(a)
        """,
    ),
    _cell(
        "001-s4-F-sigmod-as-written",
        """
        a = torch.linspace(-100,100,10)
        F.sigmod(a)
        """,
    ),
    _cell(
        "001-s4-himmelblau-adam",
        _HIMMELBLAU,
        """
        x= np.arange(-6,6,0.1)
        y = np.arange(-6,6,0.1)
        print('x,y range:"', x.shape, y.shape)
        X,Y = np.meshgrid(x,y)
        print( 'X,Y maps:',X.shape, Y.shape)
        Z = himmelblau([X,Y])
        print(Z.shape, Z.min() < 1e-3)

        x = torch.tensor([0., 0.], requires_grad=True)
        optimizer = torch.optim.Adam([x],lr=1e-3)
        for step in range(2001):  # the note: 20000 (x reaches [3.0, 2.0] by step 16000)
            pred = himmelblau(x)
            optimizer.zero_grad()
            pred.backward()
            optimizer.step()
            if step % 2000 == 0:
                print ('step {}: x = {}, f(x) = {}'
                       .format(step,x.tolist(),pred.item()))
        """,
    ),
    _cell(
        "001-s4-himmelblau-adam-other-minima",
        _HIMMELBLAU,
        """
        # the note's starting points: [1., 0.], [-4, 0.], [4, 0.]
        for start in ([1., 0.], [-4., 0.], [4., 0.]):
            x = torch.tensor(start, requires_grad=True)
            optimizer = torch.optim.Adam([x], lr=0.05)
            for step in range(300):
                pred = himmelblau(x)
                optimizer.zero_grad()
                pred.backward()
                optimizer.step()
            print('start {}: x = {}, f(x) = {:.4f}'.format(start, x.tolist(), pred.item()))
        """,
        tol=True,
    ),
    _cell(
        "001-s4-multiclass-sgd-cross-entropy",
        _MNIST_LOADERS.replace("batch_size = 512", "batch_size = 200"),
        """
        learning_rate = 0.01
        epochs = 1
        w1,b1 = torch.randn(200, 784,requires_grad=True),\\
            torch.zeros(200,requires_grad=True )
        w2,b2 = torch.randn(200,200,requires_grad=True),\\
            torch.zeros(200,requires_grad=True )
        w3,b3 = torch.randn(10,200,requires_grad=True),\\
            torch.zeros(10,requires_grad=True)
        def forward(x):
            x = x@w1.t() + b1
            x = F.relu(x)
            x = x@w2.t() + b2
            x = F.relu(x)
            x = x@w3.t() + b3
            x = F.relu(x)
            return x


        optimizer = optim.SGD([w1, b1,w2, b2, w3, b3], lr=learning_rate)
        criteon = nn.CrossEntropyLoss()
        for epoch in range(epochs):
            for batch_idx, (data, target) in enumerate(train_loader):
                data = data.view(-1,28*28)

                logits = forward(data)
                loss = criteon(logits, target )

                optimizer.zero_grad()
                loss.backward()
                print(batch_idx, loss.item(), '%.5g %.5g' % (w1.grad.norm(), w2.grad.norm()))
                optimizer.step()
                if batch_idx == 2:  # the note: every batch of every epoch
                    break
        print(criteon, logits.shape, (logits == 0).float().mean().item())
        """,
        data=True,
        tol=True,
    ),
    _cell(
        "001-s6-visdom-import",
        """
        from visdom import Visdom
        print("visdom is installed: Visdom() would connect to a server at localhost:8097")
        """,
    ),
    _cell(
        "001-s7-random-split",
        """
        batch_size = 512
        train_db = torchvision.datasets.MNIST('mnist_data', train=True, download=True,
                                              transform=torchvision.transforms.Compose([
                                                  torchvision.transforms.ToTensor(),
                                                  torchvision.transforms.Normalize(
                                                      (0.1307,), (0.3081,))
                                              ]))
        # 数据划分
        train_db,val_db = torch.utils.data.random_split(train_db,[50000,10000])
        print('db1:',len(train_db),'db12:',len(val_db))
        train_loader = torch.utils.data.DataLoader(
            train_db,batch_size=batch_size,shuffle=True
        )
        val_loader = torch.utils.data.DataLoader(
            val_db,batch_size=batch_size,shuffle=True
        )
        print(list(train_db.indices[:8]), list(val_db.indices[:8]))
        print(len(train_loader), len(val_loader))
        x, y = next(iter(val_loader))
        print(x.shape, y[:16])
        """,
        data=True,
    ),
    _cell(
        "001-s7-sgd-momentum-weight-decay-plateau",
        """
        ReduceLROnPlateau = torch.optim.lr_scheduler.ReduceLROnPlateau
        args = dict(lr=0.1, momentum=0.9, weight_decay=1e-4, start_epoch=0, epochs=14)
        model = nn.Linear(4, 2)
        criterion = nn.MSELoss()
        optimizer = torch.optim.SGD(model.parameters(), args['lr'],momentum=args['momentum'],
                                    weight_decay=args['weight_decay'])
        print(optimizer)
        scheduler = ReduceLROnPlateau(optimizer, 'min')
        x, target = torch.randn(8, 4), torch.randn(8, 2)
        x_val, target_val = torch.randn(8, 4), torch.randn(8, 2)

        for epoch in range(args['start_epoch'], args['epochs']):  # the note: xrange (Python 2)
            loss = criterion(model(x), target)  # train(train_loader, model, criterion, ...)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            with torch.no_grad():  # validate(val_loader, model, criterion, epoch)
                loss_val = max(criterion(model(x_val), target_val).item(), 1.0)
            scheduler.step(loss_val)
            print(epoch, '%.6f' % loss.item(), optimizer.param_groups[0]['lr'],
                  scheduler.num_bad_epochs)
        print(optimizer.state_dict()['param_groups'])
        print(sorted(optimizer.state_dict()['state'][0]), scheduler.state_dict()['best'])
        """,
        tol=True,
    ),
    _cell(
        "001-s7-loss-digits",
        """
        model = nn.Linear(4, 2)
        x, target = torch.randn(8, 4), torch.randn(8, 2)
        print(F.mse_loss(model(x), target).item())
        print(torch.sigmoid(torch.tensor([0.4, -1.3, 2.2])).tolist())
        """,
    ),
    _cell(
        "001-s7-dropout",
        """
        net_dropped = torch.nn.Sequential(
            torch.nn.Linear(784, 200),
            torch.nn.Dropout(0.5), # drop 50% of the neuron
            torch.nn.ReLU(),
            torch.nn.Linear(200, 200),
            torch.nn.Dropout(0.5), # drop 50% of the neuron
            torch.nn.ReLU(),
            torch.nn.Linear(200, 10),
        )
        print(net_dropped)
        x = torch.rand(4, 784)
        print(net_dropped.training, net_dropped(x)[:2])
        drop = torch.nn.Dropout(0.5)
        kept = drop(torch.ones(1000))
        print(kept[:12], (kept == 0).sum(), kept.unique())
        net_dropped.eval()  # 在 test 时必须把连接全部用上
        print(net_dropped.training, [m.training for m in net_dropped][:3])
        print(torch.equal(net_dropped(x), net_dropped(x)), drop.eval()(torch.ones(4)))
        print(torch.nn.Dropout(p=0.2), F.dropout(torch.ones(6), p=0.5, training=True))
        """,
    ),
    _cell(
        "001-s8-conv2d",
        """
        layer=nn.Conv2d(1,3,kernel_size=3,stride=1,padding=0) # stride 为步长
        x=torch.rand(1,1,28,28)
        out=layer.forward(x) # torch.size([1,3,26,26])
        print(out.shape)

        layer=nn.Conv2d(1,3,kernel_size=3,stride=1,padding=1)
        out=layer.forward(x) # torch.size([1,3,28,28])
        print(out.shape)

        layer=nn.Conv2d(1,3,kernel_size=3,stride=2,padding=1)
        out=layer.forward(x) # torch.Size([1,3,14,14])
        print(out.shape)
        out=layer(x)  # __call__ # torch.size([1,3,14,14])
        print(out.shape, out.grad_fn.name())

        print(layer.weight.shape) # torch.Size([3,1,3,3])
        print(layer.bias.shape) # torch.Size([3])
        print(layer, out[0, :, 0, :5])
        """,
    ),
    _cell(
        "001-s8-pooling",
        """
        x=torch.rand(1,16,14,14) # the note: x=out # torch.Size([1，16，14，14])
        layer=nn.MaxPool2d(2,stride=2)
        out=layer(x) # torch.Size([1，16，7，7])
        print(layer, out.shape, out[0, 0, 0])
        out=F.avg_pool2d(x,2,stride=2) # torch.Size([1，16，7，7])
        print(out.shape, out[0, 0, 0])
        """,
    ),
    _cell(
        "001-s8-MaxPoo12d-as-written",
        """
        x=torch.rand(1,16,14,14)
        layer=nn.MaxPoo12d(2,stride=2)
        """,
    ),
    _cell(
        "001-s8-avg_poo12d-as-written",
        """
        x=torch.rand(1,16,14,14)
        out=F.avg_poo12d(x,2,stride=2)
        """,
    ),
    _cell(
        "001-s8-relu-inplace",
        """
        x = torch.randn(1, 16, 7, 7)
        print(x.shape) # torch.size([1，16，7，7])
        layer=nn.ReLU(inplace=True)
        out=layer(x)
        print(out.shape, layer) # torch.Size([1，16，7，7])
        print(out is x, (x < 0).sum(), out[0, 0, 0])
        out=F.relu(x)
        print(out.shape) # torch.Size([1，16，7，7])
        """,
    ),
    _cell(
        "001-s8-batchnorm-img",
        """
        x = torch.rand(100, 16, 784)
        layer = nn.BatchNorm1d(16)
        out = layer(x)
        print(layer.running_mean[:4], layer.running_var[:4], sep="\\n")
        x = torch.rand(1, 16, 7, 7)
        layer = nn.BatchNorm2d(16)
        out = layer(x)
        print(layer, out.shape, layer.weight.shape, layer.bias.shape)
        print(layer.running_mean[:4], layer.num_batches_tracked, out.mean().abs() < 1e-6)
        layer.eval()
        print(layer.training, layer(x)[0, 0, 0, :4])
        print(sorted(layer.state_dict()))
        """,
    ),
    _cell(
        "001-s9-container-img",
        """
        class Net(nn.Module):
            def __init__(self):
                super(Net, self).__init__()
                self.net = nn.Sequential(nn.Conv2d(1, 32, 5, 1, 1),
                                         nn.MaxPool2d(2, 2),
                                         nn.ReLU(True),
                                         nn.BatchNorm2d(32),
                                         nn.Conv2d(32, 64, 3, 1, 1),
                                         nn.ReLU(),
                                         nn.BatchNorm2d(64),
                                         nn.Conv2d(64, 64, 3, 1, 1),
                                         nn.MaxPool2d(2, 2),
                                         nn.ReLU(),
                                         nn.BatchNorm2d(64),
                                         nn.Conv2d(64, 128, 3, 1, 1),
                                         nn.ReLU(),
                                         nn.BatchNorm2d(128))

            def forward(self, x):
                return self.net(x)

        net = Net()
        print(net)
        print(net(torch.rand(2, 1, 28, 28)).shape, len(net.net), net.net[3])
        """,
    ),
    _cell(
        "001-s9-parameters-img",
        """
        net = nn.Sequential(nn.Linear(4, 2), nn.Linear(2, 2))
        print(list(net.parameters())[0].shape)
        print(list(net.named_parameters())[0])
        print(dict(net.named_parameters()).items())
        optimizer = optim.SGD(net.parameters(), lr=1e-3)
        print(len(optimizer.param_groups[0]['params']))
        """,
    ),
    _cell(
        "001-s9-modules-img",
        """
        class BasicNet(nn.Module):
            def __init__(self):
                super(BasicNet, self).__init__()
                self.net = nn.Linear(4, 3)

            def forward(self, x):
                return self.net(x)

        class Net(nn.Module):
            def __init__(self):
                super(Net, self).__init__()
                self.net = nn.Sequential(BasicNet(), nn.ReLU(), nn.Linear(3, 2))

            def forward(self, x):
                return self.net(x)

        net = Net()
        for name, m in net.named_modules():
            print(repr(name), type(m).__name__)
        print([type(m).__name__ for m in net.children()])
        print([name for name, _ in net.named_children()], len(list(net.modules())))
        print(net(torch.rand(2, 4)))
        """,
    ),
    _cell(
        "001-s9-to-device-cpu",
        _NET_001,
        """
        device = torch.device('cpu')
        net = Net()
        print(net.to(device) is net, net.fc1.weight.device, device)
        print(net(torch.rand(1, 784).to(device)).device)
        """,
    ),
    _cell(
        "001-s9-to-device-cuda-as-written",
        _NET_001,
        """
        device = torch.device('cuda')
        print(device, torch.cuda.is_available())
        net = Net()
        net.to(device)
        """,
    ),
    _cell(
        "001-s9-save-load-img",
        _NET_001,
        """
        net = Net()
        torch.save(net.state_dict(), 'ckpt.mdl')
        net2 = Net()
        print(net2.load_state_dict(torch.load('ckpt.mdl')))
        print(all(torch.equal(a, b) for a, b in zip(net.parameters(), net2.parameters())))
        print(list(torch.load('ckpt.mdl')))
        """,
    ),
    _cell(
        "001-s9-train-eval-img",
        """
        net = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5), nn.BatchNorm1d(4))
        net.train()
        print(net.training, [m.training for m in net])
        net.eval()
        print(net.training, [m.training for m in net])
        print(net.train(False) is net, net.train().training)
        """,
    ),
    _cell(
        "001-s9-own-flatten-img",
        """
        class Flatten(nn.Module):

            def __init__(self):
                super(Flatten, self).__init__()

            def forward(self, input):
                return input.view(input.size(0), -1)


        class TestNet(nn.Module):

            def __init__(self):
                super(TestNet, self).__init__()

                self.net = nn.Sequential(nn.Conv2d(1, 16, stride=1, kernel_size=3, padding=1),
                                         nn.MaxPool2d(2, 2),
                                         Flatten(),
                                         nn.Linear(16*14*14, 10))

            def forward(self, x):
                return self.net(x)

        net = TestNet()
        print(net)
        print(net(torch.rand(2, 1, 28, 28)))
        """,
    ),
    _cell(
        "001-s9-own-linear-img",
        """
        class MyLinear(nn.Module):

            def __init__(self, inp, outp):
                super(MyLinear, self).__init__()

                # requires_grad = True
                self.w = nn.Parameter(torch.randn(outp, inp))
                self.b = nn.Parameter(torch.randn(outp))

            def forward(self, x):
                x = x @ self.w.t() + self.b
                return x

        layer = MyLinear(4, 3)
        print(layer)
        print(list(layer.named_parameters()))
        out = layer(torch.ones(2, 4))
        out.sum().backward()
        print(out, layer.w.grad, layer.b.grad, sep="\\n")
        """,
    ),
]

# --------------------------------------------------------------------------------------------
# Note 003 (Chinese): the quickstart on FashionMNIST (section 1), the GPU cell (2), the MLP
# with nn.Sequential (5.2)
# --------------------------------------------------------------------------------------------

_FASHION = """
# Download training data from open datasets.
training_data = datasets.FashionMNIST(
    root="data",
    train=True,
    download=True,
    transform=ToTensor(),
)

# Download test data from open datasets.
test_data = datasets.FashionMNIST(
    root="data",
    train=False,
    download=True,
    transform=ToTensor(),
)
"""

_LOADERS_003 = """
batch_size = 64

# Create data loaders.
train_dataloader = DataLoader(training_data, batch_size=batch_size)
test_dataloader = DataLoader(test_data, batch_size=batch_size)
"""

_MODEL_003 = """
# Get cpu or gpu device for training.
device = "cuda" if torch.cuda.is_available() else "cpu"
print(f"Using {device} device")

# Define model
class NeuralNetwork(nn.Module):
    def __init__(self):
        super(NeuralNetwork, self).__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28*28, 512),
            nn.ReLU(),
            nn.Linear(512, 512),
            nn.ReLU(),
            nn.Linear(512, 10)
        )

    def forward(self, x):
        x = self.flatten(x)
        logits = self.linear_relu_stack(x)
        return logits

model = NeuralNetwork().to(device)
print(model)
"""

_TRAIN_TEST_003 = """
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)

def train(dataloader, model, loss_fn, optimizer):
    size = len(dataloader.dataset)
    model.train()
    for batch, (X, y) in enumerate(dataloader):
        X, y = X.to(device), y.to(device)

        # Compute prediction error
        pred = model(X)
        loss = loss_fn(pred, y)

        # Backpropagation
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

        if batch % 3 == 0:  # the note: % 100 (of 938 batches)
            loss, current = loss.item(), batch * len(X)
            print(f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]")

def test(dataloader, model, loss_fn):
    size = len(dataloader.dataset)
    num_batches = len(dataloader)
    model.eval()
    test_loss, correct = 0, 0
    with torch.no_grad():
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).type(torch.float).sum().item()
    test_loss /= num_batches
    correct /= size
    print(f"Test Error: \\n Accuracy: {(100*correct):>0.1f}%, Avg loss: {test_loss:>8f} \\n")
"""

_CLASSES_003 = """
classes = [
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
]
"""

_MLP_51 = """
X=torch.tensor([0.05,0.1])
y=torch.tensor([0.01,0.9])
num_inputs,num_outputs,num_hiddens=2,2,2
W1=torch.tensor([[0.15, 0.2], [0.25, 0.3]]) #hiddenLayer_weights
b1=torch.tensor([0.35,0.35]) #hiddenLayer_bias
W2=torch.tensor([[0.4, 0.45], [0.5, 0.55]]) #outputLayer_weights
b2=torch.tensor([0.6,0.6]) #outputLayer_bias
params=[W1, b1, W2, b2]
for param in params:
    param.requires_grad_(requires_grad=True)
def sigmoid(X):
    return 1/(1+torch.exp(-X))
def net(X):
    X=X.view((-1,num_inputs))
    H=sigmoid(torch.matmul(X,W1)+b1)
    return torch.matmul(H,W2)+b2
def loss(y_hat,y):
    return 0.5*(y_hat-y)**2
def sgd(params,lr):
    for param in params:
        param.data-=lr*param.grad
def train(net,X,y,loss,num_epochs,params=None,lr=None,optimizer=None):
    train_l_sum, train_acc_sum, n = 0.0, 0.0, 0
    for epoch in range(num_epochs):
        y_hat=net(X)
        l=loss(y_hat,y).sum()
        if params is not None and params[0].grad is not None:
            for param in params:
                param.grad.data.zero_()
        l.backward()
        sgd(params,lr)
    return net,params
num_epochs, lr=5, 0.5
net_,params_=train(net,X,y,loss,num_epochs,params,lr)
"""

NOTE_003 = [
    _cell(
        "003-s1.1-datasets-repr",
        _FASHION,
        """
        print(training_data)
        print("_"*50)
        print(test_data)
        """,
        data=True,
        numtorch_only=True,
    ),
    _cell(
        "003-s1.1-datasets-items",
        _FASHION,
        """
        print(len(training_data), len(test_data))
        img, label = training_data[0]
        print(img.shape, img.dtype, type(label).__name__, label, img.max())
        print(test_data[0][1], test_data.targets[:10], test_data.data.shape, test_data.data.dtype)
        """,
        data=True,
    ),
    _cell(
        "003-s1.1-dataloader-shapes",
        _FASHION,
        _LOADERS_003,
        """
        for X, y in test_dataloader:
            print("Shape of X [N, C, H, W]: ", X.shape)
            print("Shape of y: ", y.shape, y.dtype)
            break
        print(len(train_dataloader), len(test_dataloader))
        """,
        data=True,
    ),
    _cell(
        "003-s1.1-iter-next-as-written",
        _FASHION,
        _LOADERS_003,
        """
        image, label=[x[0] for x in iter(train_dataloader).next()]
        """,
        data=True,
    ),
    _cell(
        "003-s1.1-first-image",
        _FASHION,
        _LOADERS_003,
        """
        image, label=[x[0] for x in next(iter(train_dataloader))]  # the note: iter(...).next()
        print(image)
        print("_"*50)
        print(label)
        """,
        data=True,
    ),
    _cell(
        "003-s1.1-make-grid",
        _FASHION,
        _LOADERS_003,
        """
        def matplotlib_imshow(img, one_channel=False,figsize=None):
            import matplotlib.pyplot as plt
            import numpy as np

            if one_channel:
                img = img.mean(dim=0)
            img = img / 2 + 0.5     # unnormalize
            npimg = img.numpy()

            plt.figure(figsize = figsize)
            if one_channel:
                plt.imshow(npimg, cmap="Greys")
            else:
                plt.imshow(np.transpose(npimg, (1, 2, 0)))
            print(type(npimg).__name__, npimg.shape, npimg.dtype)
            plt.close("all")

        dataiter=iter(train_dataloader)
        images,labels=next(dataiter)  # the note: dataiter.next()

        img_grid = torchvision.utils.make_grid(images)
        print(img_grid.shape, img_grid.dtype)
        expected = torch.zeros(3, 242, 242)
        for i in range(64):
            r, c = divmod(i, 8)
            expected[:, 2 + 30 * r : 30 + 30 * r, 2 + 30 * c : 30 + 30 * c] = images[i]
        print(torch.equal(img_grid, expected))
        matplotlib_imshow(img_grid, one_channel=True,figsize=(8,8))
        """,
        data=True,
        numtorch_only=True,
    ),
    _cell("003-s1.2-model", _MODEL_003),
    _cell(
        "003-s1.3-loss-optimizer",
        _MODEL_003,
        """
        loss_fn = nn.CrossEntropyLoss()
        optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
        print(loss_fn)
        print(optimizer)
        print([tuple(p.shape) for p in model.parameters()])
        """,
    ),
    _cell(
        "003-s1.4-train-test",
        _FASHION,
        _MODEL_003,
        _TRAIN_TEST_003,
        """
        # the note: 5 epochs over all 60000 / 10000 images; here 2 over 960 / 320 of them
        train_dataloader = DataLoader(torch.utils.data.Subset(training_data, range(960)),
                                      batch_size=64)
        test_dataloader = DataLoader(torch.utils.data.Subset(test_data, range(320)),
                                     batch_size=64)
        epochs = 2
        for t in range(epochs):
            print(f"Epoch {t+1}\\n-------------------------------")
            train(train_dataloader, model, loss_fn, optimizer)
            test(test_dataloader, model, loss_fn)
        print("Done!")
        """,
        data=True,
        tol=True,
    ),
    _cell(
        "003-s1.4-save-into-missing-folder",
        _MODEL_003,
        """
        save_pth="./model/model.pth"
        torch.save(model.state_dict(), save_pth)
        """,
    ),
    _cell(
        "003-s1.4-save-and-load",
        _MODEL_003,
        """
        import os
        os.makedirs("model")  # the note's folder existed
        save_pth="./model/model.pth"
        torch.save(model.state_dict(), save_pth)
        print("Saved PyTorch Model State to model.pth")
        trained = model
        model = NeuralNetwork()
        print(model.load_state_dict(torch.load(save_pth)))
        print(all(torch.equal(a, b) for a, b in zip(model.parameters(), trained.parameters())))
        print(list(torch.load(save_pth)))
        """,
    ),
    _cell(
        "003-s1.5-predict",
        _FASHION,
        _MODEL_003,
        _CLASSES_003,
        """
        model.eval()
        x, y = test_data[0][0], test_data[0][1]
        with torch.no_grad():
            pred = model(x)
            predicted, actual = classes[pred[0].argmax(0)], classes[y]
            print(f'Predicted: "{predicted}", Actual: "{actual}"')
        print(pred.shape, pred[0].argmax(0))
        """,
        data=True,
    ),
    _cell(
        "003-s1.5-imshow",
        _FASHION,
        """
        x, y = test_data[0][0], test_data[0][1]
        import matplotlib.pyplot as plt
        plt.figure(figsize =(1.5,1.5))
        image = plt.imshow(x[0,:,:], cmap="Greys")
        print(type(image).__name__, image.get_array().shape, image.get_array().dtype)
        plt.close("all")
        """,
        data=True,
    ),
    _cell(
        "003-s2F-gpu-cell",
        """
        print(torch.cuda.is_available())
        if torch.cuda.is_available():
            device=torch.device("cuda")
            print("device={}".format(device))
            x=torch.tensor([[3.1415,0],[9,2.71828]],device=device)
            print("x={}".format(x))
        """,
    ),
    _cell(
        "003-s2F-gpu-cell-without-gpu",
        """
        device=torch.device("cuda")
        print("device={}".format(device))
        y=torch.rand(2,2)
        try:
            y=y.to(device)
        except Exception as e:
            print(type(e).__name__, e)
        x=torch.tensor([[3.1415,0],[9,2.71828]],device=device)
        """,
    ),
    _cell(
        "003-s5.2-sequential-mlp",
        _MLP_51,
        """
        #A-训练数据
        X=torch.tensor([0.05,0.1])
        y=torch.tensor([0.01,0.9])

        #B-定义模型参数:权值和偏置此次随机初始化
        num_inputs,num_outputs,num_hiddens=2,2,2

        #C-定义模型
        net=nn.Sequential(
            nn.Linear(num_inputs,num_hiddens),
            nn.Sigmoid()
            )
        print(net)

        #E-定义损失函数
        def loss(y_hat,y):
            return 0.5*(y_hat-y)**2

        #F-优化算法
        optimizer=torch.optim.SGD(net.parameters(),lr=0.5)

        #G-训练模型
        def train(net,X,y,loss,num_epochs,params=None,lr=None,optimizer=None):
            train_l_sum, train_acc_sum, n = 0.0, 0.0, 0
            for epoch in range(num_epochs):
                y_hat=net(X)
                l=loss(y_hat,y).sum()
                #梯度清零
                if optimizer is not None:
                    optimizer.zero_grad()
                elif params is not None and params[0].grad is not None:
                    for param in params:
                        param.grad.data.zero_()
                #自动求梯度
                l.backward()
                optimizer.step()

                if epoch%1000==0:
                    print('epoch %d, loss %.9f'%(epoch+1,l))
            return net,params


        num_epochs=2001  # the note: 10000
        net,params=train(net,X,y,loss,num_epochs,params,lr,optimizer)
        # the note prints net_ and params_ of 5.1 (the cell before), not this net's
        print("应用训练好的模型验证预测值：\\nnet_(x)={}".format(net_(X)))
        print("参数(权值+偏置)更新结果：\\nparams_={}".format(params_))
        print(net(X), list(net.parameters()), sep="\\n")
        """,
        tol=True,
    ),
]

CASES = NOTE_001 + NOTE_003

# The literal output of real PyTorch 2.13 (CPU) for a subset of the cases (numtorch_only cases:
# what torchvision prints, as the note shows it), so that they run without torch.
_QUICKSTART_REPR = (
    "NeuralNetwork(\n"
    "  (flatten): Flatten(start_dim=1, end_dim=-1)\n"
    "  (linear_relu_stack): Sequential(\n"
    "    (0): Linear(in_features=784, out_features=512, bias=True)\n"
    "    (1): ReLU()\n"
    "    (2): Linear(in_features=512, out_features=512, bias=True)\n"
    "    (3): ReLU()\n"
    "    (4): Linear(in_features=512, out_features=10, bias=True)\n"
    "  )\n"
    ")\n"
)


EXPECTED: dict[str, str] = {
    "001-s2-mnist-loaders": (
        "torch.Size([512, 1, 28, 28]) torch.Size([512]) tensor(-0.4242) tensor(2.8215)\n"
        "torch.float32 torch.int64 tensor([6, 8, 8, 7, 8, 0, 0, 5, 6, 0, 0, 3, 5, 8, 1, 6])\n"
        "118 20 10000\n"
        "tensor([7, 2, 1, 0, 4, 1, 4, 9, 5, 9, 0, 6, 9, 0, 1, 5]) tensor([-0.4242,"
        " -0.2078,  0.4159, -0.2460])\n"
    ),
    "001-s2-mnist-mlp-sgd-momentum-mse-one-hot": (
        "0 0 0.11187068372964859\n"
        "0 2 0.11043049395084381\n"
        "0 4 0.10741356760263443\n"
        "test acc: 0.1474609375\n"
        "tensor([2, 6, 1, 6, 2, 1, 2, 2, 0, 6, 6, 2, 6, 6, 1, 2, 2, 5, 5, 5])\n"
        "6 tensor([[0., 0., 0., 1.],\n"
        "        [1., 0., 0., 0.]])\n"
    ),
    "001-s2-net-repr-and-parameters": (
        "Net(\n"
        "  (fc1): Linear(in_features=784, out_features=256, bias=True)\n"
        "  (fc2): Linear(in_features=256, out_features=64, bias=True)\n"
        "  (fc3): Linear(in_features=64, out_features=10, bias=True)\n"
        ")\n"
        "[(256, 784), (256,), (64, 256), (64,), (10, 64), (10,)]\n"
        "tensor([[-0.0413,  0.1194,  0.0565, -0.0461, -0.1101,  0.0354,  0.2067, -0.1568,\n"
        "         -0.1669, -0.0538],\n"
        "        [-0.0855,  0.0869,  0.0412, -0.0265, -0.0745,  0.0418,  0.2205, -0.1708,\n"
        "         -0.1512, -0.1224]], grad_fn=<AddmmBackward0>)\n"
        "SGD (\n"
        "Parameter Group 0\n"
        "    dampening: 0\n"
        "    differentiable: False\n"
        "    foreach: None\n"
        "    fused: None\n"
        "    lr: 0.01\n"
        "    maximize: False\n"
        "    momentum: 0.9\n"
        "    nesterov: False\n"
        "    weight_decay: 0\n"
        ")\n"
    ),
    "001-s3-tensor-with-two-lists-as-written": (
        "TypeError: tensor() takes 1 positional argument but 2 were given\n"
    ),
    "001-s3-tensor-subscripted-as-written": (
        "TypeError: 'builtin_function_or_method' object is not subscriptable\n"
    ),
    "001-s3-squzzez-as-written": (
        "torch.Size([32])\nAttributeError: 'Tensor' object has no attribute 'squzzez'\n"
    ),
    "001-s3-split-by-two-into-two": (
        "torch.Size([2, 32, 8])\nValueError: not enough values to unpack (expected 2, got 1)\n"
    ),
    "001-s4-sigmod-as-written": ("AttributeError: module 'torch' has no attribute 'sigmod'\n"),
    "001-s4-F-sigmod-as-written": (
        "AttributeError: module 'torch.nn.functional' has no attribute 'sigmod'\n"
    ),
    "001-s4-himmelblau-adam": (
        'x,y range:" (120,) (120,)\n'
        "X,Y maps: (120, 120) (120, 120)\n"
        "(120, 120) True\n"
        "step 0: x = [0.0009999999310821295, 0.0009999999310821295], f(x) = 170.0\n"
        "step 2000: x = [2.333181142807007, 1.9540694952011108], f(x) = 13.730901718139648\n"
    ),
    "001-s4-multiclass-sgd-cross-entropy": (
        "0 3962.013671875 913.84 1424.2\n"
        "1 5382.5498046875 784.3 1194.4\n"
        "2 8749.57421875 829.98 1009\n"
        "CrossEntropyLoss() torch.Size([200, 10]) 0.5065000057220459\n"
    ),
    "001-s7-random-split": (
        "db1: 50000 db12: 10000\n"
        "[36044, 10678, 57327, 55074, 21567, 15479, 9481, 43095] [59375, 23261, 23868,"
        " 32266, 29784, 35403, 24999, 32605]\n"
        "98 20\n"
        "torch.Size([512, 1, 28, 28]) tensor([2, 0, 4, 8, 1, 4, 0, 8, 7, 2, 1, 9, 9, 1,"
        " 9, 1])\n"
    ),
    "001-s7-sgd-momentum-weight-decay-plateau": (
        "SGD (\n"
        "Parameter Group 0\n"
        "    dampening: 0\n"
        "    differentiable: False\n"
        "    foreach: None\n"
        "    fused: None\n"
        "    lr: 0.1\n"
        "    maximize: False\n"
        "    momentum: 0.9\n"
        "    nesterov: False\n"
        "    weight_decay: 0.0001\n"
        ")\n"
        "0 0.854829 0.1 0\n"
        "1 0.740891 0.1 0\n"
        "2 0.578252 0.1 0\n"
        "3 0.442007 0.1 1\n"
        "4 0.376900 0.1 2\n"
        "5 0.381129 0.1 3\n"
        "6 0.417889 0.1 4\n"
        "7 0.442909 0.1 5\n"
        "8 0.430063 0.1 6\n"
        "9 0.381745 0.1 7\n"
        "10 0.321600 0.1 8\n"
        "11 0.277138 0.1 9\n"
        "12 0.263714 0.1 10\n"
        "13 0.278274 0.010000000000000002 0\n"
        "[{'lr': 0.010000000000000002, 'momentum': 0.9, 'dampening': 0, 'weight_decay':"
        " 0.0001, 'nesterov': False, 'maximize': False, 'foreach': None,"
        " 'differentiable': False, 'fused': None, 'params': [0, 1]}]\n"
        "['momentum_buffer'] 1.2003809213638306\n"
    ),
    "001-s7-loss-digits": (
        "0.8548290729522705\n[0.5986876487731934, 0.21416503190994263, 0.9002495408058167]\n"
    ),
    "001-s7-dropout": (
        "Sequential(\n"
        "  (0): Linear(in_features=784, out_features=200, bias=True)\n"
        "  (1): Dropout(p=0.5, inplace=False)\n"
        "  (2): ReLU()\n"
        "  (3): Linear(in_features=200, out_features=200, bias=True)\n"
        "  (4): Dropout(p=0.5, inplace=False)\n"
        "  (5): ReLU()\n"
        "  (6): Linear(in_features=200, out_features=10, bias=True)\n"
        ")\n"
        "True tensor([[ 0.0535, -0.1274, -0.0883,  0.1889, -0.0514,  0.0956,  0.1080,"
        " -0.0849,\n"
        "          0.0046, -0.1693],\n"
        "        [-0.0114, -0.1930, -0.1454,  0.1233,  0.1466, -0.0462,  0.2114,  0.0796,\n"
        "          0.0654, -0.2140]], grad_fn=<SliceBackward0>)\n"
        "tensor([0., 2., 2., 0., 0., 0., 2., 0., 0., 0., 2., 2.]) tensor(482)"
        " tensor([0., 2.])\n"
        "False [False, False, False]\n"
        "True tensor([1., 1., 1., 1.])\n"
        "Dropout(p=0.2, inplace=False) tensor([2., 0., 0., 0., 2., 0.])\n"
    ),
    "001-s8-conv2d": (
        "torch.Size([1, 3, 26, 26])\n"
        "torch.Size([1, 3, 28, 28])\n"
        "torch.Size([1, 3, 14, 14])\n"
        "torch.Size([1, 3, 14, 14]) ConvolutionBackward0\n"
        "torch.Size([3, 1, 3, 3])\n"
        "torch.Size([3])\n"
        "Conv2d(1, 3, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1)) tensor([["
        " 0.0039,  0.2585, -0.0283,  0.1338,  0.2637],\n"
        "        [-0.0643,  0.0071, -0.3096, -0.0619, -0.1034],\n"
        "        [-0.1052, -0.0871, -0.0185, -0.0831, -0.1981]],\n"
        "       grad_fn=<SliceBackward0>)\n"
    ),
    "001-s8-pooling": (
        "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)"
        " torch.Size([1, 16, 7, 7]) tensor([0.7682, 0.8000, 0.6341, 0.9152, 0.8742,"
        " 0.5529, 0.9527])\n"
        "torch.Size([1, 16, 7, 7]) tensor([0.5192, 0.4295, 0.3462, 0.7458, 0.5898,"
        " 0.4307, 0.2950])\n"
    ),
    "001-s8-MaxPoo12d-as-written": (
        "AttributeError: module 'torch.nn' has no attribute 'MaxPoo12d'\n"
    ),
    "001-s8-avg_poo12d-as-written": (
        "AttributeError: module 'torch.nn.functional' has no attribute 'avg_poo12d'\n"
    ),
    "001-s8-relu-inplace": (
        "torch.Size([1, 16, 7, 7])\n"
        "torch.Size([1, 16, 7, 7]) ReLU(inplace=True)\n"
        "True tensor(0) tensor([0.0000, 0.0000, 0.0000, 0.0000, 0.8487, 0.6920, 0.0000])\n"
        "torch.Size([1, 16, 7, 7])\n"
    ),
    "001-s8-batchnorm-img": (
        "tensor([0.0501, 0.0502, 0.0501, 0.0500])\n"
        "tensor([0.9083, 0.9083, 0.9083, 0.9083])\n"
        "BatchNorm2d(16, eps=1e-05, momentum=0.1, affine=True, bias=True,"
        " track_running_stats=True) torch.Size([1, 16, 7, 7]) torch.Size([16])"
        " torch.Size([16])\n"
        "tensor([0.0456, 0.0495, 0.0493, 0.0468]) tensor(1) tensor(True)\n"
        "False tensor([0.9924, 0.6312, 0.0222, 0.5466], grad_fn=<SliceBackward0>)\n"
        "['bias', 'num_batches_tracked', 'running_mean', 'running_var', 'weight']\n"
    ),
    "001-s9-container-img": (
        "Net(\n"
        "  (net): Sequential(\n"
        "    (0): Conv2d(1, 32, kernel_size=(5, 5), stride=(1, 1), padding=(1, 1))\n"
        "    (1): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)\n"
        "    (2): ReLU(inplace=True)\n"
        "    (3): BatchNorm2d(32, eps=1e-05, momentum=0.1, affine=True, bias=True,"
        " track_running_stats=True)\n"
        "    (4): Conv2d(32, 64, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))\n"
        "    (5): ReLU()\n"
        "    (6): BatchNorm2d(64, eps=1e-05, momentum=0.1, affine=True, bias=True,"
        " track_running_stats=True)\n"
        "    (7): Conv2d(64, 64, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))\n"
        "    (8): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)\n"
        "    (9): ReLU()\n"
        "    (10): BatchNorm2d(64, eps=1e-05, momentum=0.1, affine=True, bias=True,"
        " track_running_stats=True)\n"
        "    (11): Conv2d(64, 128, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))\n"
        "    (12): ReLU()\n"
        "    (13): BatchNorm2d(128, eps=1e-05, momentum=0.1, affine=True, bias=True,"
        " track_running_stats=True)\n"
        "  )\n"
        ")\n"
        "torch.Size([2, 128, 6, 6]) 14 BatchNorm2d(32, eps=1e-05, momentum=0.1,"
        " affine=True, bias=True, track_running_stats=True)\n"
    ),
    "001-s9-parameters-img": (
        "torch.Size([2, 4])\n"
        "('0.weight', Parameter containing:\n"
        "tensor([[-0.0037,  0.2682, -0.4115, -0.3680],\n"
        "        [-0.1926,  0.1341, -0.0099,  0.3964]], requires_grad=True))\n"
        "dict_items([('0.weight', Parameter containing:\n"
        "tensor([[-0.0037,  0.2682, -0.4115, -0.3680],\n"
        "        [-0.1926,  0.1341, -0.0099,  0.3964]], requires_grad=True)), ('0.bias',"
        " Parameter containing:\n"
        "tensor([-0.0444,  0.1323], requires_grad=True)), ('1.weight', Parameter containing:\n"
        "tensor([[-0.2137, -0.1390],\n"
        "        [-0.6755, -0.4683]], requires_grad=True)), ('1.bias', Parameter containing:\n"
        "tensor([-0.2915,  0.0262], requires_grad=True))])\n"
        "4\n"
    ),
    "001-s9-modules-img": (
        "'' Net\n"
        "'net' Sequential\n"
        "'net.0' BasicNet\n"
        "'net.0.net' Linear\n"
        "'net.1' ReLU\n"
        "'net.2' Linear\n"
        "['Sequential']\n"
        "['net'] 6\n"
        "tensor([[ 0.4794, -0.1188],\n"
        "        [ 0.4794, -0.1188]], grad_fn=<AddmmBackward0>)\n"
    ),
    "001-s9-to-device-cpu": ("True cpu cpu\ncpu\n"),
    "001-s9-to-device-cuda-as-written": (
        "cuda False\nAssertionError: Torch not compiled with CUDA enabled\n"
    ),
    "001-s9-save-load-img": (
        "<All keys matched successfully>\n"
        "True\n"
        "['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias', 'fc3.weight', 'fc3.bias']\n"
    ),
    "001-s9-train-eval-img": ("True [True, True, True]\nFalse [False, False, False]\nTrue True\n"),
    "001-s9-own-flatten-img": (
        "TestNet(\n"
        "  (net): Sequential(\n"
        "    (0): Conv2d(1, 16, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))\n"
        "    (1): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)\n"
        "    (2): Flatten()\n"
        "    (3): Linear(in_features=3136, out_features=10, bias=True)\n"
        "  )\n"
        ")\n"
        "tensor([[-0.1733,  0.2005,  0.0331, -0.1694,  0.2019,  0.0705,  0.1509, -0.2148,\n"
        "         -0.1091,  0.2506],\n"
        "        [-0.0961,  0.2365,  0.0801,  0.0275,  0.1472,  0.0903,  0.0574, -0.2239,\n"
        "         -0.0107,  0.3085]], grad_fn=<AddmmBackward0>)\n"
    ),
    "001-s9-own-linear-img": (
        "MyLinear()\n"
        "[('w', Parameter containing:\n"
        "tensor([[ 1.5410, -0.2934, -2.1788,  0.5684],\n"
        "        [-1.0845, -1.3986,  0.4033,  0.8380],\n"
        "        [-0.7193, -0.4033, -0.5966,  0.1820]], requires_grad=True)), ('b',"
        " Parameter containing:\n"
        "tensor([-0.8567,  1.1006, -1.0712], requires_grad=True))]\n"
        "tensor([[-1.2195, -0.1411, -2.6084],\n"
        "        [-1.2195, -0.1411, -2.6084]], grad_fn=<AddBackward0>)\n"
        "tensor([[2., 2., 2., 2.],\n"
        "        [2., 2., 2., 2.],\n"
        "        [2., 2., 2., 2.]])\n"
        "tensor([2., 2., 2.])\n"
    ),
    "003-s1.1-dataloader-shapes": (
        "Shape of X [N, C, H, W]:  torch.Size([64, 1, 28, 28])\n"
        "Shape of y:  torch.Size([64]) torch.int64\n"
        "938 157\n"
    ),
    "003-s1.1-iter-next-as-written": (
        "AttributeError: '_SingleProcessDataLoaderIter' object has no attribute 'next'\n"
    ),
    "003-s1.1-first-image": (
        "tensor([[[0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0000, 0.0000, 0.0000],\n"
        "         [0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0000, 0.0000, 0.0000],\n"
        "         [0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0000, 0.0000, 0.0000],\n"
        "         [0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0000, 0.0000, 0.0000, 0.0039, 0.0000, 0.0000, 0.0510,\n"
        "          0.2863, 0.0000, 0.0000, 0.0039, 0.0157, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0039, 0.0039, 0.0000],\n"
        "         [0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0000, 0.0000, 0.0000, 0.0118, 0.0000, 0.1412, 0.5333,\n"
        "          0.4980, 0.2431, 0.2118, 0.0000, 0.0000, 0.0000, 0.0039, 0.0118,\n"
        "          0.0157, 0.0000, 0.0000, 0.0118],\n"
        "         [0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0000, 0.0000, 0.0000, 0.0235, 0.0000, 0.4000, 0.8000,\n"
        "          0.6902, 0.5255, 0.5647, 0.4824, 0.0902, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0471, 0.0392, 0.0000],\n"
        "         [0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.6078, 0.9255,\n"
        "          0.8118, 0.6980, 0.4196, 0.6118, 0.6314, 0.4275, 0.2510, 0.0902,\n"
        "          0.3020, 0.5098, 0.2824, 0.0588],\n"
        "         [0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0000, 0.0000, 0.0039, 0.0000, 0.2706, 0.8118, 0.8745,\n"
        "          0.8549, 0.8471, 0.8471, 0.6392, 0.4980, 0.4745, 0.4784, 0.5725,\n"
        "          0.5529, 0.3451, 0.6745, 0.2588],\n"
        "         [0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0039, 0.0039, 0.0039, 0.0000, 0.7843, 0.9098, 0.9098,\n"
        "          0.9137, 0.8980, 0.8745, 0.8745, 0.8431, 0.8353, 0.6431, 0.4980,\n"
        "          0.4824, 0.7686, 0.8980, 0.0000],\n"
        "         [0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.7176, 0.8824, 0.8471,\n"
        "          0.8745, 0.8941, 0.9216, 0.8902, 0.8784, 0.8706, 0.8784, 0.8667,\n"
        "          0.8745, 0.9608, 0.6784, 0.0000],\n"
        "         [0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.7569, 0.8941, 0.8549,\n"
        "          0.8353, 0.7765, 0.7059, 0.8314, 0.8235, 0.8275, 0.8353, 0.8745,\n"
        "          0.8627, 0.9529, 0.7922, 0.0000],\n"
        "         [0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0039, 0.0118, 0.0000, 0.0471, 0.8588, 0.8627, 0.8314,\n"
        "          0.8549, 0.7529, 0.6627, 0.8902, 0.8157, 0.8549, 0.8784, 0.8314,\n"
        "          0.8863, 0.7725, 0.8196, 0.2039],\n"
        "         [0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0000, 0.0235, 0.0000, 0.3882, 0.9569, 0.8706, 0.8627,\n"
        "          0.8549, 0.7961, 0.7765, 0.8667, 0.8431, 0.8353, 0.8706, 0.8627,\n"
        "          0.9608, 0.4667, 0.6549, 0.2196],\n"
        "         [0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0157, 0.0000, 0.0000, 0.2157, 0.9255, 0.8941, 0.9020,\n"
        "          0.8941, 0.9412, 0.9098, 0.8353, 0.8549, 0.8745, 0.9176, 0.8510,\n"
        "          0.8510, 0.8196, 0.3608, 0.0000],\n"
        "         [0.0000, 0.0000, 0.0039, 0.0157, 0.0235, 0.0275, 0.0078, 0.0000,\n"
        "          0.0000, 0.0000, 0.0000, 0.0000, 0.9294, 0.8863, 0.8510, 0.8745,\n"
        "          0.8706, 0.8588, 0.8706, 0.8667, 0.8471, 0.8745, 0.8980, 0.8431,\n"
        "          0.8549, 1.0000, 0.3020, 0.0000],\n"
        "         [0.0000, 0.0118, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.2431, 0.5686, 0.8000, 0.8941, 0.8118, 0.8353, 0.8667,\n"
        "          0.8549, 0.8157, 0.8275, 0.8549, 0.8784, 0.8745, 0.8588, 0.8431,\n"
        "          0.8784, 0.9569, 0.6235, 0.0000],\n"
        "         [0.0000, 0.0000, 0.0000, 0.0000, 0.0706, 0.1725, 0.3216, 0.4196,\n"
        "          0.7412, 0.8941, 0.8627, 0.8706, 0.8510, 0.8863, 0.7843, 0.8039,\n"
        "          0.8275, 0.9020, 0.8784, 0.9176, 0.6902, 0.7373, 0.9804, 0.9725,\n"
        "          0.9137, 0.9333, 0.8431, 0.0000],\n"
        "         [0.0000, 0.2235, 0.7333, 0.8157, 0.8784, 0.8667, 0.8784, 0.8157,\n"
        "          0.8000, 0.8392, 0.8157, 0.8196, 0.7843, 0.6235, 0.9608, 0.7569,\n"
        "          0.8078, 0.8745, 1.0000, 1.0000, 0.8667, 0.9176, 0.8667, 0.8275,\n"
        "          0.8627, 0.9098, 0.9647, 0.0000],\n"
        "         [0.0118, 0.7922, 0.8941, 0.8784, 0.8667, 0.8275, 0.8275, 0.8392,\n"
        "          0.8039, 0.8039, 0.8039, 0.8627, 0.9412, 0.3137, 0.5882, 1.0000,\n"
        "          0.8980, 0.8667, 0.7373, 0.6039, 0.7490, 0.8235, 0.8000, 0.8196,\n"
        "          0.8706, 0.8941, 0.8824, 0.0000],\n"
        "         [0.3843, 0.9137, 0.7765, 0.8235, 0.8706, 0.8980, 0.8980, 0.9176,\n"
        "          0.9765, 0.8627, 0.7608, 0.8431, 0.8510, 0.9451, 0.2549, 0.2863,\n"
        "          0.4157, 0.4588, 0.6588, 0.8588, 0.8667, 0.8431, 0.8510, 0.8745,\n"
        "          0.8745, 0.8784, 0.8980, 0.1137],\n"
        "         [0.2941, 0.8000, 0.8314, 0.8000, 0.7569, 0.8039, 0.8275, 0.8824,\n"
        "          0.8471, 0.7255, 0.7725, 0.8078, 0.7765, 0.8353, 0.9412, 0.7647,\n"
        "          0.8902, 0.9608, 0.9373, 0.8745, 0.8549, 0.8314, 0.8196, 0.8706,\n"
        "          0.8627, 0.8667, 0.9020, 0.2627],\n"
        "         [0.1882, 0.7961, 0.7176, 0.7608, 0.8353, 0.7725, 0.7255, 0.7451,\n"
        "          0.7608, 0.7529, 0.7922, 0.8392, 0.8588, 0.8667, 0.8627, 0.9255,\n"
        "          0.8824, 0.8471, 0.7804, 0.8078, 0.7294, 0.7098, 0.6941, 0.6745,\n"
        "          0.7098, 0.8039, 0.8078, 0.4510],\n"
        "         [0.0000, 0.4784, 0.8588, 0.7569, 0.7020, 0.6706, 0.7176, 0.7686,\n"
        "          0.8000, 0.8235, 0.8353, 0.8118, 0.8275, 0.8235, 0.7843, 0.7686,\n"
        "          0.7608, 0.7490, 0.7647, 0.7490, 0.7765, 0.7529, 0.6902, 0.6118,\n"
        "          0.6549, 0.6941, 0.8235, 0.3608],\n"
        "         [0.0000, 0.0000, 0.2902, 0.7412, 0.8314, 0.7490, 0.6863, 0.6745,\n"
        "          0.6863, 0.7098, 0.7255, 0.7373, 0.7412, 0.7373, 0.7569, 0.7765,\n"
        "          0.8000, 0.8196, 0.8235, 0.8235, 0.8275, 0.7373, 0.7373, 0.7608,\n"
        "          0.7529, 0.8471, 0.6667, 0.0000],\n"
        "         [0.0078, 0.0000, 0.0000, 0.0000, 0.2588, 0.7843, 0.8706, 0.9294,\n"
        "          0.9373, 0.9490, 0.9647, 0.9529, 0.9569, 0.8667, 0.8627, 0.7569,\n"
        "          0.7490, 0.7020, 0.7137, 0.7137, 0.7098, 0.6902, 0.6510, 0.6588,\n"
        "          0.3882, 0.2275, 0.0000, 0.0000],\n"
        "         [0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.1569,\n"
        "          0.2392, 0.1725, 0.2824, 0.1608, 0.1373, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0000, 0.0000, 0.0000],\n"
        "         [0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0000, 0.0000, 0.0000],\n"
        "         [0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000,\n"
        "          0.0000, 0.0000, 0.0000, 0.0000]]])\n"
        "__________________________________________________\n"
        "tensor(9)\n"
    ),
    "003-s1.2-model": ("Using cpu device\n" + _QUICKSTART_REPR),
    "003-s1.3-loss-optimizer": (
        "Using cpu device\n" + _QUICKSTART_REPR + "CrossEntropyLoss()\n"
        "SGD (\n"
        "Parameter Group 0\n"
        "    dampening: 0\n"
        "    differentiable: False\n"
        "    foreach: None\n"
        "    fused: None\n"
        "    lr: 0.001\n"
        "    maximize: False\n"
        "    momentum: 0\n"
        "    nesterov: False\n"
        "    weight_decay: 0\n"
        ")\n"
        "[(512, 784), (512,), (512, 512), (512,), (10, 512), (10,)]\n"
    ),
    "003-s1.4-train-test": (
        "Using cpu device\n" + _QUICKSTART_REPR + "Epoch 1\n"
        "-------------------------------\n"
        "loss: 2.305311  [    0/  960]\n"
        "loss: 2.316259  [  192/  960]\n"
        "loss: 2.305370  [  384/  960]\n"
        "loss: 2.316540  [  576/  960]\n"
        "loss: 2.294334  [  768/  960]\n"
        "Test Error: \n"
        " Accuracy: 10.0%, Avg loss: 2.300986 \n"
        "\n"
        "Epoch 2\n"
        "-------------------------------\n"
        "loss: 2.303372  [    0/  960]\n"
        "loss: 2.314138  [  192/  960]\n"
        "loss: 2.303161  [  384/  960]\n"
        "loss: 2.314092  [  576/  960]\n"
        "loss: 2.292035  [  768/  960]\n"
        "Test Error: \n"
        " Accuracy: 10.6%, Avg loss: 2.298768 \n"
        "\n"
        "Done!\n"
    ),
    "003-s1.4-save-into-missing-folder": (
        "Using cpu device\n"
        + _QUICKSTART_REPR
        + "RuntimeError: Parent directory ./model does not exist.\n"
    ),
    "003-s1.4-save-and-load": (
        "Using cpu device\n" + _QUICKSTART_REPR + "Saved PyTorch Model State to model.pth\n"
        "<All keys matched successfully>\n"
        "True\n"
        "['linear_relu_stack.0.weight', 'linear_relu_stack.0.bias',"
        " 'linear_relu_stack.2.weight', 'linear_relu_stack.2.bias',"
        " 'linear_relu_stack.4.weight', 'linear_relu_stack.4.bias']\n"
    ),
    "003-s1.5-predict": (
        "Using cpu device\n" + _QUICKSTART_REPR + 'Predicted: "T-shirt/top", Actual: "Ankle boot"\n'
        "torch.Size([1, 10]) tensor(0)\n"
    ),
    "003-s2F-gpu-cell": ("False\n"),
    "003-s2F-gpu-cell-without-gpu": (
        "device=cuda\n"
        "AssertionError Torch not compiled with CUDA enabled\n"
        "AssertionError: Torch not compiled with CUDA enabled\n"
    ),
    "003-s5.2-sequential-mlp": (
        "Sequential(\n"
        "  (0): Linear(in_features=2, out_features=2, bias=True)\n"
        "  (1): Sigmoid()\n"
        ")\n"
        "epoch 1, loss 0.162668422\n"
        "epoch 1001, loss 0.000371677\n"
        "epoch 2001, loss 0.000145761\n"
        "应用训练好的模型验证预测值：\n"
        "net_(x)=tensor([[0.0101, 0.9000]], grad_fn=<AddBackward0>)\n"
        "参数(权值+偏置)更新结果：\n"
        "params_=[tensor([[0.1463, 0.1954],\n"
        "        [0.2427, 0.2907]], requires_grad=True), tensor([0.2770, 0.2573],"
        " requires_grad=True), tensor([[0.0102, 0.3532],\n"
        "        [0.1094, 0.4529]], requires_grad=True), tensor([-0.0585,  0.4366],"
        " requires_grad=True)]\n"
        "tensor([0.0271, 0.9000], grad_fn=<SigmoidBackward0>)\n"
        "[Parameter containing:\n"
        "tensor([[-0.1706,  0.0487],\n"
        "        [-0.4788, -0.3141]], requires_grad=True), Parameter containing:\n"
        "tensor([-3.5783,  2.2524], requires_grad=True)]\n"
    ),
    "003-s1.1-datasets-repr": (
        "Dataset FashionMNIST\n"
        "    Number of datapoints: 60000\n"
        "    Root location: data\n"
        "    Split: Train\n"
        "    StandardTransform\n"
        "Transform: ToTensor()\n"
        "__________________________________________________\n"
        "Dataset FashionMNIST\n"
        "    Number of datapoints: 10000\n"
        "    Root location: data\n"
        "    Split: Test\n"
        "    StandardTransform\n"
        "Transform: ToTensor()\n"
    ),
    # torchvision's make_grid: nrow=8, padding=2, a 1-channel batch repeated to 3 channels
    "003-s1.1-make-grid": (
        "torch.Size([3, 242, 242]) torch.float32\nTrue\nndarray (242, 242) float32\n"
    ),
}

# The cases whose output the note itself shows: (note file, first line, last line) of the
# note's output block (indented 4 spaces), with replacements for what differs here.
NOTE_SHOWS: dict[str, tuple[str, int, int, tuple[tuple[str, str], ...]]] = {
    "003-s1.1-datasets-repr": ("003_9401ae62a03d3f6f.txt", 91, 103, ()),
    "003-s1.1-first-image": ("003_9401ae62a03d3f6f.txt", 136, 249, ()),
    "003-s1.2-model": ("003_9401ae62a03d3f6f.txt", 322, 332, (("cuda", "cpu"),)),
}

# The cases where numtorch's output is not torch's: numtorch bugs, each described precisely.
KNOWN_BUGS: dict[str, str] = {
    "001-s3-tensor-subscripted-as-written": (
        "torch.tensor[0, 2, 5] (the note's typo for torch.tensor([0, 2, 5])): torch.tensor is a "
        "C builtin, so torch's TypeError reads \"'builtin_function_or_method' object is not "
        "subscriptable\"; numtorch.tensor is a Python function: \"'function' object is not "
        'subscriptable"'
    ),
}

# Warnings real torch raises that are not about the notes' code: torch.Tensor.__array__ has no
# ``copy`` keyword, NumPy 2 warns when matplotlib converts a tensor (numtorch's accepts it).
_TORCH_OWN_WARNINGS = ("__array__ implementation doesn't accept a copy keyword",)


def _warnings(caught):
    return [w for w in caught if not w[1].startswith(_TORCH_OWN_WARNINGS)]


def _params(cases, bugs):
    return params_with_bugs(cases, bugs, None)  # these Cases carry no xfail of their own


_BY_ID = {case.id: case for case in CASES}


def test_case_ids_are_unique():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))
    assert set(EXPECTED) | set(KNOWN_BUGS) | set(NOTE_SHOWS) <= set(ids)
    # what can't be compared with torch is checked against a literal or the note
    assert all(c.id in EXPECTED or c.id in NOTE_SHOWS for c in CASES if c.numtorch_only)
    assert not (set(KNOWN_BUGS) & {c.id for c in CASES if c.numtorch_only})


@pytest.mark.parametrize("case", _params([c for c in CASES if not c.numtorch_only], KNOWN_BUGS))
def test_note_cell_matches_torch(case, torch_ref, workdir):
    _needs(case)
    workdir("torch")
    expected, expected_warnings = run_note_cell(torch_ref, case)
    got, got_warnings = numtorch_run(case, workdir)
    _check(got, expected, case.tol)
    assert _warnings(got_warnings) == _warnings(expected_warnings)


@pytest.mark.parametrize("case", _params([c for c in CASES if c.id in EXPECTED], KNOWN_BUGS))
def test_note_cell_literal(case, workdir):
    _needs(case)
    _check(numtorch_run(case, workdir)[0], EXPECTED[case.id], case.tol)


def _note_output(note, first, last, replacements):
    path = os.path.join(SEEDS, note)
    if not os.path.exists(path):
        pytest.skip(f"{path} not found")
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()[first - 1 : last]
    text = "".join(line[4:] + "\n" for line in lines)
    for old, new in replacements:
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize("case_id", sorted(NOTE_SHOWS))
def test_note_cell_prints_what_the_note_shows(case_id, workdir):
    case = _BY_ID[case_id]
    _needs(case)
    assert numtorch_run(case, workdir)[0] == _note_output(*NOTE_SHOWS[case_id])


# The lines the quickstart's training prints (note 003, lines 392-467), as patterns.
_TRAINING_LINES = (
    r"Epoch \d+",
    r"-{31}",
    r"loss: \d\.\d{6}  \[ *\d+/ *\d+\]",
    r"Test Error: ",
    r" Accuracy: \d+\.\d%, Avg loss: \d\.\d{6} ",
    r"",
    r"Done!",
)


def test_003_training_prints_the_notes_lines(workdir):
    """The quickstart's train/test loop prints lines of the forms the note shows."""
    case = _BY_ID["003-s1.4-train-test"]
    _needs(case)
    note = _note_output("003_9401ae62a03d3f6f.txt", 392, 467, ()).splitlines()
    got = numtorch_run(case, workdir)[0].split(")\n)\n", 1)[1].splitlines()

    def kinds(lines):
        return [next(i for i, p in enumerate(_TRAINING_LINES) if re.fullmatch(p, s)) for s in lines]

    # the same sequence of line kinds, per epoch (the note: 10 loss lines, here 5)
    assert kinds(note[:13]) == [0, 1] + [2] * 10 + [3]
    assert kinds(got) == ([0, 1] + [2] * 5 + [3, 4, 5]) * 2 + [6]
    assert kinds(note[13:16]) == [4, 5, 0]
    assert note[-1] == "Done!" and got[-1] == "Done!"


def test_003_datasets_without_the_files(workdir, monkeypatch, capsys):
    """The quickstart's dataset cell where the files are not there: download=False is torchvision's
    "Dataset not found" error; download=True on a machine that can't reach the mirror fails fast
    with torchvision's "Error downloading" error (a dead local port stands for the offline
    network), never a hang."""
    import time

    from numtorch.vision import datasets
    from numtorch.vision.datasets import utils as dutils

    workdir("offline")
    if os.path.exists("data"):
        os.rename("data", "data-linked")  # an empty root="data"
    with pytest.raises(RuntimeError, match="^Dataset not found. You can use download=True"):
        datasets.FashionMNIST(root="data", train=True, download=False)
    monkeypatch.setattr(dutils, "DOWNLOAD_TIMEOUT", 2.0)
    monkeypatch.setattr(datasets.FashionMNIST, "mirrors", ["http://127.0.0.1:9/"])
    start = time.monotonic()
    with pytest.raises(RuntimeError) as error:
        datasets.FashionMNIST(root="data", train=True, download=True, transform=None)
    assert time.monotonic() - start < 30
    assert str(error.value).startswith(
        "Error downloading train-images-idx3-ubyte.gz:\nTried http://127.0.0.1:9/, got:\n"
    )
    out = capsys.readouterr().out
    assert out.startswith("Downloading http://127.0.0.1:9/train-images-idx3-ubyte.gz\n")


_IMPORTS_003 = """
import torch
from torch import nn
from torch.utils.data import DataLoader
from torchvision import datasets
from torchvision.transforms import ToTensor, Lambda, Compose
import matplotlib.pyplot as plt
"""


def test_003_import_cell_through_compat():
    """Note 003's import cell, unmodified, with numtorch.compat installed (a fresh process)."""
    code = (
        "import numtorch.compat\nnumtorch.compat.install()\n"
        + _IMPORTS_003
        + "print(torch.__name__, nn.__name__, DataLoader.__module__, datasets.__name__)\n"
        + "print(ToTensor(), Compose([ToTensor(), Lambda(abs)]).transforms[1])\n"
    )
    env = dict(os.environ, MPLBACKEND="Agg")
    env["PYTHONPATH"] = os.pathsep.join([_REPO, env.get("PYTHONPATH", "")])
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    if "No module named 'matplotlib'" in proc.stderr:
        pytest.skip("matplotlib is not installed")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (
        "numtorch numtorch.nn numtorch.utils.data.dataloader numtorch.vision.datasets\n"
        "ToTensor() Lambda()\n"
    )
