"""The tensor and autograd cells of the learning notes (/work/shared/seeds), run differentially.

Each case is one code cell of a note (or a few cells that belong together), with the notes' typos
fixed (brackets lost by the web copy restored from note 002, ``eaqul`` -> ``equal`` ...), every
value the notebook displays turned into a ``print(...)``, and ``torch.manual_seed(0)`` run first.
The cell is executed twice, once with ``torch`` bound to real PyTorch and once with ``torch`` bound
to numtorch, and the two captured stdouts must be the same string; a cell that raises prints
``ExceptionType: message`` as its last line, so errors are compared by type and message too.

The cells don't ``import torch``: the runner provides ``torch``, ``np``, ``nn`` and ``F``
(``torch.nn.functional``) in their namespace, so that the same text runs on both libraries. Where a
note prints something that is an address or a class path (``<ViewBackward0 object at 0x...>``,
``<class 'torch.Tensor'>``) the cell prints the class name instead; uninitialised memory
(``torch.empty``) is only printed through its shape and dtype.

Besides the cells themselves there are cases for the mistakes the notes talk about (the error a
wrong shape, dtype or dimension raises: ``t()`` on 4-D, ``view`` of the wrong size, integer
``norm``/``mean``, ``cross_entropy`` with float labels, ...), compared the same way. A second test
compares the warnings each cell raises (category and message).

``EXPECTED`` holds, for a subset of the cases, the literal output of real PyTorch 2.13 (CPU), so
that those cases also check numtorch where PyTorch is not installed. ``KNOWN_BUGS`` and
``WARNING_BUGS`` mark (strict xfail) the cases where numtorch does not yet print what torch prints,
with what differs.

Left out: the nn.Module / optim / DataLoader / visdom / GPU / matplotlib / sympy cells (the 2-2-2
network of note 003, done there with math and sympy, is run here with tensors and autograd). The
cross-entropy, softmax and MSE cells use ``torch.nn.functional`` (numtorch.nn).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import textwrap
import warnings
from dataclasses import dataclass

import numpy as np
import pytest

import numtorch


@dataclass(frozen=True)
class Case:
    id: str
    code: str
    xfail: str | None = None


def _case(id, code, xfail=None):
    return Case(id, textwrap.dedent(code).strip("\n") + "\n", xfail)


def execute_cell(module, code):
    """(stdout, warnings) of ``code`` run with ``torch`` bound to ``module``.

    ``warnings`` lists ``(category name, message)`` of the warnings raised, with torch's C++
    suffix "(Triggered internally at ...)" cut off. torch's warn-once warnings (``TORCH_WARN_ONCE``,
    e.g. "Converting a tensor with requires_grad=True to a scalar") depend on what ran before in
    the process, so they are left out.
    """
    try:
        nn = importlib.import_module(f"{module.__name__}.nn")
        functional = importlib.import_module(f"{module.__name__}.nn.functional")
    except ImportError:  # numtorch.nn not there yet: the cells that use F fail
        nn = functional = None
    namespace = {"__name__": "__notes__", "torch": module, "np": np, "nn": nn, "F": functional}
    out = io.StringIO()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with contextlib.redirect_stdout(out):
                try:
                    exec(compile("torch.manual_seed(0)\n" + code, "<note cell>", "exec"), namespace)
                except Exception as exc:  # the cells that raise: compare type and message
                    print(f"{type(exc).__name__}: {exc}")
    finally:
        module.set_printoptions(profile="default")
        module.set_default_dtype(module.float32)
    messages = [
        (w.category.__name__, str(w.message).split(" (Triggered internally")[0]) for w in caught
    ]
    messages = [m for m in messages if not m[1].startswith(_WARN_ONCE)]
    return out.getvalue(), messages


_WARN_ONCE = (
    "Converting a tensor with requires_grad=True to a scalar",
    "torch.set_default_tensor_type() is deprecated",
)


def run_cell(module, code):
    """stdout of ``code`` run with ``torch`` bound to ``module`` (real torch or numtorch)."""
    return execute_cell(module, code)[0]


# --------------------------------------------------------------------------------------------
# Note 000 (English) / 002 (its Chinese original): sections 0-7, activations, losses, autograd
# --------------------------------------------------------------------------------------------

NOTE_000 = [
    _case(
        "000-s0-index",
        """
        a = torch.rand(4, 3, 28, 28)
        print(a[0].shape)
        print(a[0, 0].shape)
        print(a[0, 0, 2, 4])
        """,
    ),
    _case(
        "000-s1.1-continuous-slice",
        """
        a = torch.rand(4, 3, 28, 28)
        print(a[:2].shape)
        print(a[:2, :1, :, :].shape)
        print(a[:2, 1:, :, :].shape)
        print(a[:2, -1:, :, :].shape)
        """,
    ),
    _case(
        "000-s1.2-interlaced-slice",
        """
        a = torch.rand(4, 3, 28, 28)
        print(a[:, :, 0:28:2, 0:28:2].shape)
        print(a[:, :, ::2, ::2].shape)
        print(a[1, 2, ::7, ::9])
        """,
    ),
    _case(
        "000-s1.3-index_select",
        """
        a = torch.rand(4, 3, 28, 28)
        print(a.index_select(0, torch.tensor([0, 2])).shape)
        print(a.index_select(1, torch.tensor([1, 2])).shape)
        print(a.index_select(2, torch.arange(8)).shape)
        print(a.index_select(3, torch.arange(12)).shape)
        print(a.index_select(3, torch.tensor([0, 27]))[0, 0, :3])
        """,
    ),
    _case(
        "000-s1.4-ellipsis",
        """
        a = torch.rand(4, 3, 28, 28)
        print(a[...].shape)
        print(a[0, ...].shape)
        print(a[:, 0, ...].shape)
        print(a[..., :2].shape)
        print(a[0, ..., ::2].shape)
        """,
    ),
    _case(
        "000-s2.1-masked_select",
        """
        x = torch.randn(3, 4)
        print(x)
        mask = x.ge(0.5)
        print(mask)
        print(torch.masked_select(x, mask))
        print(torch.masked_select(x, mask).shape)
        """,
    ),
    _case(
        "000-s2.2-take",
        """
        src = torch.tensor([[4, 3, 5], [6, 7, 8]])
        print(src)
        print(torch.take(src, torch.tensor([0, 2, 5])))
        """,
    ),
    _case(
        "000-s2.3-view-reshape",
        """
        a = torch.rand(4, 1, 28, 28)
        print(a.shape)
        print(a.view(4, 28 * 28))
        print(a.view(4, 28 * 28).shape)
        print(a.view(4 * 1 * 28, 28).shape)
        print(a.view(4 * 1, 28, 28).shape)
        b = a.view(4, 784)
        print(b)
        print(b.view(4, 28, 28, 1).shape)
        print(a.reshape(4, -1).shape)
        """,
    ),
    _case(
        "000-s2.4-unsqueeze",
        """
        a = torch.rand(4, 1, 28, 28)
        print(a.unsqueeze(0).shape)
        print(a.unsqueeze(-1).shape)
        print(a.unsqueeze(4).shape)
        print(a.unsqueeze(-4).shape)
        print(a.unsqueeze(-5).shape)
        """,
    ),
    _case(
        "000-s2.4-unsqueeze-out-of-range",
        """
        a = torch.rand(4, 1, 28, 28)
        a.unsqueeze(5).shape
        """,
    ),
    _case(
        "000-s2.4-unsqueeze-1d",
        """
        a = torch.tensor([1.2, 2.3])
        print(a)
        print(a.shape)
        print(a.unsqueeze(-1))
        print(a.unsqueeze(-1).shape)
        print(a.unsqueeze(0))
        print(a.unsqueeze(0).shape)
        """,
    ),
    _case(
        "000-s2.4-squeeze",
        """
        b = torch.rand(32)
        print(b.shape)
        f = torch.rand(4, 32, 14, 14)
        b = b.unsqueeze(1).unsqueeze(2).unsqueeze(0)
        print(b.shape)
        print(b.squeeze().shape)
        print(b.squeeze(0).shape)
        print(b.squeeze(-1).shape)
        print(b.squeeze(1).shape)
        print(b.squeeze(-4).shape)
        print((f + b).shape)
        b = b.unsqueeze(1).unsqueeze(2).unsqueeze(0)
        print(b.shape)
        """,
    ),
    _case(
        "000-s3.1-expand",
        """
        b = torch.rand(1, 32, 1, 1)
        print(b.expand(4, 32, 14, 14).shape)
        print(b.expand(-1, 32, -1, -1).shape)
        print(b.expand(4, 32, 14, 14).stride())
        """,
    ),
    _case(
        "000-s3.1-expand-negative-size",
        """
        b = torch.rand(1, 32, 1, 1)
        print(b.expand(-1, 32, -1, -4).shape)
        """,
    ),
    _case(
        "000-s3.2-repeat",
        """
        b = torch.rand(1, 32, 1, 1)
        print(b.shape)
        print(b.repeat(4, 32, 1, 1).shape)
        print(b.repeat(4, 1, 1, 1).shape)
        print(b.repeat(4, 1, 32, 32).shape)
        """,
    ),
    _case(
        "000-s3.3-t",
        """
        a = torch.randn(3, 4)
        print(a.shape)
        print(a.t())
        print(a.t().shape)
        """,
    ),
    _case(
        "000-s3.4-transpose-contiguous",
        """
        a = torch.rand(4, 3, 32, 32)
        a1 = a.transpose(1, 3).contiguous().view(4, 3 * 32 * 32).view(4, 3, 32, 32)
        a2 = a.transpose(1, 3).contiguous().view(4, 3 * 32 * 32).view(4, 32, 32, 3).transpose(1, 3)
        print((a1.shape, a2.shape))
        print(torch.all(torch.eq(a, a1)))
        print(torch.all(torch.eq(a, a2)))
        print(a.transpose(1, 3).is_contiguous(), a2.is_contiguous())
        """,
    ),
    _case(
        "000-s3.4-view-non-contiguous",
        """
        a = torch.rand(4, 3, 32, 32)
        a.transpose(1, 3).view(4, 3 * 32 * 32)
        """,
    ),
    _case(
        "000-s3.3-t-on-4d",
        """
        a = torch.rand(4, 3, 28, 28)
        a.t()
        """,
    ),
    _case(
        "000-s2.3-view-wrong-size",
        """
        a = torch.rand(4, 1, 28, 28)
        a.view(4, 783)
        """,
    ),
    _case(
        "000-s3.5-permute",
        """
        a = torch.rand(4, 3, 28, 28)
        print(a.transpose(1, 3).shape)
        b = torch.rand(4, 3, 28, 32)
        print(b.transpose(1, 3).shape)
        print(b.transpose(1, 3).transpose(1, 2).shape)
        print(b.permute(0, 2, 3, 1).shape)
        print(torch.equal(b.permute(0, 2, 3, 1), b.transpose(1, 3).transpose(1, 2)))
        """,
    ),
    _case(
        "000-s3.6-broadcasting",
        """
        A = torch.rand(4, 32, 8)
        print((A + torch.tensor([5.0])).shape)
        print((A + torch.tensor([0, 0, 5, 0, 0, 0, 0, 0.0])).shape)
        print((torch.rand(4, 32, 14, 14) + torch.rand(14, 14)).shape)
        torch.rand(4, 32, 14, 14) + torch.rand(2, 32, 14, 14)
        """,
    ),
    _case(
        "000-s4.1-cat",
        """
        a = torch.rand(4, 32, 8)
        b = torch.rand(5, 32, 8)
        print(torch.cat([a, b], dim=0).shape)
        """,
    ),
    _case(
        "000-s4.1-cat-mismatched-sizes",
        """
        torch.cat([torch.rand(4, 32, 8), torch.rand(5, 31, 8)], dim=0)
        """,
    ),
    _case(
        "000-s4.2-stack",
        """
        a1 = torch.rand(32, 8)
        b1 = torch.rand(32, 8)
        c = torch.stack([a1, b1], dim=0)
        print(c.shape)
        """,
    ),
    _case(
        "000-s4.2-stack-unequal-sizes",
        """
        a = torch.rand(4, 32, 8)
        b = torch.rand(5, 32, 8)
        torch.stack([a, b], dim=0).shape
        """,
    ),
    _case(
        "000-s4.3-split",
        """
        c = torch.stack([torch.rand(32, 8), torch.rand(32, 8)], dim=0)
        print(c.shape)
        aa, bb = c.split([1, 1], dim=0)
        print((aa.shape, bb.shape))
        aa, bb = c.split(1, dim=0)
        print((aa.shape, bb.shape))
        aa, bb = c.split(2, dim=0)
        """,
    ),
    _case(
        "000-s4.4-chunk",
        """
        c = torch.stack([torch.rand(32, 8), torch.rand(32, 8)], dim=0)
        print(c.shape)
        m, n = c.chunk(2, dim=0)
        print((m.shape, n.shape))
        print(c.shape)
        print([t.shape for t in torch.arange(10).chunk(3)])
        """,
    ),
    _case(
        "000-s5.1-add-sub-mul-div",
        """
        a = torch.rand(3, 4)
        print(a)
        b = torch.rand(4)
        print(b)
        print(a + b)
        print(torch.add(a, b))
        print(torch.all(torch.eq(a - b, torch.sub(a, b))))
        print(torch.all(torch.eq(a * b, torch.mul(a, b))))
        print(torch.all(torch.eq(a / b, torch.div(a, b))))
        """,
    ),
    _case(
        "000-s5.2-matmul-2d",
        """
        a = torch.tensor([[3.0, 3.0], [3.0, 3.0]])
        print(a)
        b = torch.ones(2, 2)
        print(b)
        print(torch.mm(a, b))
        print(torch.matmul(a, b))
        print(a @ b)
        a = torch.rand(4, 784)
        x = torch.rand(4, 784)
        w = torch.rand(512, 784)
        print((x @ w.t()).shape)
        """,
    ),
    _case(
        "000-s5.2-mm-on-3d",
        """
        torch.mm(torch.rand(2, 3, 4), torch.rand(4, 5))
        """,
    ),
    _case(
        "000-s5.2-matmul-batched",
        """
        a = torch.rand(4, 3, 28, 64)
        b = torch.rand(4, 3, 64, 32)
        print((a.shape, b.shape, torch.matmul(a, b).shape))
        b1 = torch.rand(4, 1, 64, 32)
        print((a.shape, b.shape, torch.matmul(a, b1).shape))
        """,
    ),
    _case(
        "000-s5.2-matmul-not-broadcastable",
        """
        a = torch.rand(4, 3, 28, 64)
        b2 = torch.rand(4, 64, 32)
        torch.matmul(a, b2)
        """,
    ),
    _case(
        "000-s5.3-pow-sqrt-rsqrt",
        """
        a = torch.full([2, 2], 3.0)
        print(a.pow(2))
        print(a**2)
        aa = a**2
        print(aa.sqrt())
        print(aa.rsqrt())
        print(aa ** (0.5))
        """,
    ),
    _case(
        "000-s5.4-exp-log",
        """
        a = torch.exp(torch.ones(2, 2))
        print(a)
        print(torch.log(a))
        """,
    ),
    _case(
        "000-s5.5-floor-ceil-trunc-frac-round",
        """
        a = torch.tensor(3.14)
        print(a)
        print((a.floor(), a.ceil(), a.trunc(), a.frac()))
        a = torch.tensor(3.499)
        print(a.round())
        a = torch.tensor(3.5)
        print(a.round())
        """,
    ),
    _case(
        "000-s5.6-clamp-max-median",
        """
        grad = torch.rand(2, 3) * 15
        print(grad)
        print(grad.max())
        print(grad.median())
        print(grad.clamp(10))
        print(grad)
        print(grad.clamp(0, 10))
        """,
    ),
    _case(
        "000-s6.1-norm",
        """
        a = torch.full([8], 1.0)
        print((a, a.dtype))
        b = a.view(2, 4)
        print((b, b.dtype))
        c = a.view(2, 2, 2)
        print((c, c.dtype))
        print((a.norm(1), b.norm(1), c.norm(1)))
        print((a.norm(2), b.norm(2), c.norm(2)))
        print(b.norm(1, dim=1))
        print(b.norm(2, dim=1))
        print(c.norm(1, dim=0))
        print(c.norm(2, dim=0))
        """,
    ),
    _case(
        "000-s6.2-min-max-mean-sum-prod-argmax",
        """
        a = torch.arange(8).view(2, 4).float()
        print(a)
        print((a.min(), a.max(), a.mean(), a.sum(), a.prod()))
        print((a.argmax(), a.argmin()))
        print((a.argmax(dim=0), a.argmin(dim=0)))
        print((a.argmax(dim=1), a.argmin(dim=1)))
        """,
    ),
    _case(
        "000-s6.3-dim-keepdim",
        """
        a = torch.arange(8).view(2, 4).float()
        print(a.max(dim=1))
        print(a.max(dim=1, keepdim=True))
        print(a.argmax(dim=1, keepdim=True))
        """,
    ),
    _case(
        "000-s6.4-topk-kthvalue",
        """
        a = torch.arange(8).view(2, 4).float()
        print(a)
        print(a.topk(3, dim=1))
        print(a.topk(3, dim=1, largest=False))
        print(a.kthvalue(4, dim=1))
        print(a.kthvalue(3))
        print(a.kthvalue(2, dim=1))
        """,
    ),
    _case(
        "000-s6.5-compare",
        """
        a = torch.arange(8).view(2, 4).float()
        print(torch.eq(a, a.t().t()))
        print(torch.equal(a, a))
        print((a > 0, a.dtype))
        print(torch.gt(a, 0))
        print(a != 0)
        b = torch.ones(2, 3)
        c = torch.randn(2, 3)
        print((b, c))
        print(torch.eq(b, c))
        print(torch.equal(b, b))
        """,
    ),
    _case(
        "000-s7.1-where",
        """
        cond = torch.tensor([[0.6769, 0.7271], [0.8884, 0.4163]])
        print(cond)
        a = torch.full([2, 2], 0.0)
        print(a)
        b = torch.full([2, 2], 1.0)
        print(b)
        print(torch.where(cond > 0.5, a, b))
        """,
    ),
    _case(
        "000-s7.2-gather",
        """
        prob = torch.randn(4, 10)
        print(prob)
        idx = prob.topk(dim=1, k=3)
        print(idx)
        idx = idx[1]
        print(idx)
        label = torch.arange(10) + 100
        print(label)
        print(torch.gather(label.expand(4, 10), dim=1, index=idx.long()))
        """,
    ),
    _case(
        "000-s8.1-sigmoid-tanh-relu",
        """
        z = torch.linspace(-100, 100, 10)
        print(z)
        print(torch.sigmoid(z))
        a = torch.linspace(-1, 1, 10)
        print(a)
        print(torch.tanh(a))
        print(torch.relu(a))
        print(F.relu(a))
        """,
    ),
    _case(
        "000-s8.1-sign-and-gate",
        """
        X = torch.tensor([[1, 0, 0], [1, 1, 0], [1, 0, 1], [1, 1, 1]], dtype=torch.float32)
        andgate = torch.tensor([[0], [0], [0], [1]], dtype=torch.float32)
        w = torch.tensor([-0.2, 0.15, 0.15], dtype=torch.float32)

        def LinearRwithsign(X, w):
            zhat = torch.mv(X, w)
            andhat = torch.tensor([int(x) for x in zhat >= 0], dtype=torch.float32)
            return zhat, andhat

        zhat, andhat = LinearRwithsign(X, w)
        print((zhat, andhat))
        print(andgate.view(-1))
        """,
    ),
    _case(
        "000-s9-mse-sse",
        """
        yhat = torch.randn(50, dtype=torch.float32)
        y = torch.randn(50, dtype=torch.float32)
        loss = F.mse_loss(yhat, y)
        print(loss)
        loss = F.mse_loss(yhat, y, reduction="sum")
        print(loss)
        print(((yhat - y) ** 2).sum())
        """,
    ),
    _case(
        "000-s9-randn-size-keyword",
        """
        yhat = torch.randn(size=(50,), dtype=torch.float32)
        print(yhat[:4], yhat.shape)
        """,
    ),
    _case(
        "000-s9-randint-keywords",
        """
        y = torch.randint(low=0, high=2, size=(6, 1), dtype=torch.float32)
        print(y.view(-1))
        """,
    ),
    _case(
        "000-s9-binary-cross-entropy-by-hand",
        """
        m = 3 * pow(10, 3)
        torch.random.manual_seed(420)
        X = torch.rand((m, 4), dtype=torch.float32)
        w = torch.rand((4, 1), dtype=torch.float32)
        y = torch.randint(low=0, high=2, size=(m, 1), dtype=torch.float32)
        zhat = torch.mm(X, w)
        sigma = torch.sigmoid(zhat)
        print(sigma.shape)
        loss = -(1 / m) * sum(y * torch.log(sigma) + (1 - y) * torch.log(1 - sigma))
        print(loss)
        loss2 = -(1 / m) * torch.sum(y * torch.log(sigma) + (1 - y) * torch.log(1 - sigma))
        print(loss2)
        """,
    ),
    _case(
        "000-s9-bce-and-bce-with-logits",
        """
        m = 3 * pow(10, 3)
        torch.random.manual_seed(420)
        X = torch.rand((m, 4), dtype=torch.float32)
        w = torch.rand((4, 1), dtype=torch.float32)
        y = torch.randint(low=0, high=2, size=(m, 1), dtype=torch.float32)
        zhat = torch.mm(X, w)
        sigma = torch.sigmoid(zhat)
        loss1 = F.binary_cross_entropy(sigma, y)
        loss2 = F.binary_cross_entropy_with_logits(zhat, y)
        print((loss1, loss2))
        """,
    ),
    _case(
        "000-s9-logsoftmax-nll-cross-entropy",
        """
        m = 3 * pow(10, 3)
        torch.random.manual_seed(420)
        X = torch.rand((m, 4), dtype=torch.float32)
        w = torch.rand((4, 3), dtype=torch.float32)
        y = torch.randint(low=0, high=3, size=(m,), dtype=torch.float32)
        zhat = torch.mm(X, w)
        logsigma = F.log_softmax(zhat, dim=1)
        print(logsigma)
        print(F.nll_loss(logsigma, y.long()))
        print(F.cross_entropy(zhat, y.long()))
        """,
    ),
    _case(
        "000-s9-loss-grad-fn-names",
        """
        z = torch.randn(3, 4, requires_grad=True)
        y = torch.tensor([0, 3, 1])
        p = torch.rand(3, 4)
        print(F.softmax(z, dim=1).grad_fn.name(), F.log_softmax(z, dim=1).grad_fn.name())
        print(torch.sigmoid(z).grad_fn.name(), F.relu(z).grad_fn.name())
        print(F.mse_loss(z, p).grad_fn.name())
        print(F.mse_loss(z, p, reduction="sum").grad_fn.name())
        print(F.cross_entropy(z, y).grad_fn.name())
        print(F.nll_loss(F.log_softmax(z, dim=1), y).grad_fn.name())
        print(F.binary_cross_entropy(torch.sigmoid(z), p).grad_fn.name())
        print(F.binary_cross_entropy_with_logits(z, p).grad_fn.name())
        """,
    ),
    _case(
        "000-s9.1-entropy",
        """
        a = torch.full([4], 1 / 4.0)
        print(a)
        print(-(a * torch.log2(a)).sum())
        a = torch.tensor([0.1, 0.1, 0.1, 0.7])
        print(-(a * torch.log2(a)).sum())
        a = torch.tensor([0.001, 0.001, 0.001, 0.999])
        print(-(a * torch.log2(a)).sum())
        """,
    ),
    _case(
        "000-s9.1-softmax-cross-entropy-nll",
        """
        x = torch.randn(1, 784)
        w = torch.randn(10, 784)
        logits = x @ w.t()
        pred = F.softmax(logits, dim=1)
        pred_log = torch.log(pred)
        print(F.cross_entropy(logits, torch.tensor([3])))
        print(F.nll_loss(pred_log, torch.tensor([3])))
        """,
    ),
    _case(
        "000-s9.2-autograd.grad-no-requires-grad",
        """
        x = torch.ones(1)
        w = torch.full([1], 2.0)
        mse = F.mse_loss(torch.ones(1), x * w)
        print((x, w, mse))
        torch.autograd.grad(mse, [w])
        """,
    ),
    _case(
        "000-s9.2-autograd.grad-stale-graph",
        """
        x = torch.ones(1)
        w = torch.full([1], 2.0)
        mse = F.mse_loss(torch.ones(1), x * w)
        print(w.requires_grad_())
        torch.autograd.grad(mse, [w])
        """,
    ),
    _case(
        "000-s9.2-autograd.grad-mse",
        """
        x = torch.ones(1)
        w = torch.full([1], 2.0)
        w.requires_grad_()
        mse = F.mse_loss(torch.ones(1), x * w)
        print(torch.autograd.grad(mse, [w]))
        mse = F.mse_loss(torch.ones(1), x * w)
        mse.backward()
        print(w.grad)
        """,
    ),
    _case(
        "000-s9.2-backward-non-scalar",
        """
        a = torch.rand(3)
        print(a.requires_grad_())
        p = F.softmax(a, dim=0)
        print(p)
        p.backward()
        """,
    ),
    _case(
        "000-s9.2-softmax-gradient",
        """
        a = torch.rand(3)
        a.requires_grad_()
        p = F.softmax(a, dim=0)
        print(torch.autograd.grad(p[1], [a], retain_graph=True))
        print(torch.autograd.grad(p[2], [a]))
        """,
    ),
    _case(
        "000-s9.2-grad-after-graph-freed",
        """
        a = torch.rand(3, requires_grad=True)
        p = F.softmax(a, dim=0)
        torch.autograd.grad(p[2], [a])
        torch.autograd.grad(p[1], [a])
        """,
    ),
    _case(
        "000-s9.2-softmax-overflow",
        """
        z = torch.tensor([1010, 100, 999], dtype=torch.float32)
        print(torch.exp(z) / torch.sum(torch.exp(z)))
        print(torch.softmax(z, 0))
        z = torch.tensor([10, 9, 5], dtype=torch.float32)
        print(torch.exp(z) / torch.sum(torch.exp(z)))
        print(torch.softmax(z, 0))
        print(torch.softmax(z, 0).sum())
        """,
    ),
    _case(
        "000-s9.2-softmax-dims",
        """
        s = torch.tensor(
            [
                [[1, 2, 4, 5], [3, 4, 4, 5], [5, 6, 4, 5]],
                [[5, 6, 4, 5], [7, 8, 4, 5], [9, 10, 4, 5]],
            ],
            dtype=torch.float32,
        )
        print((s, s.shape))
        print((s.shape[0], s.shape[1], s.shape[2]))
        print((s.shape[-3], s.shape[-2], s.shape[-1]))
        print(torch.softmax(s, dim=0))
        print(torch.softmax(s, dim=1))
        print(torch.softmax(s, dim=2))
        """,
    ),
    _case(
        "000-s9.4-logistic-and-gate",
        """
        X = torch.tensor([[1, 0, 0], [1, 1, 0], [1, 0, 1], [1, 1, 1]], dtype=torch.float32)
        print(X)
        andgate = torch.tensor([[0], [0], [0], [1]], dtype=torch.float32)

        def LogisticR(X, w):
            w = torch.tensor([-0.2, 0.15, 0.15], dtype=torch.float32)
            zhat = torch.mv(X, w)
            sigma = 1 / (1 + torch.exp(-zhat))
            andhat = torch.tensor([int(x) for x in sigma >= 0.5], dtype=torch.float32)
            return sigma, andhat

        sigma, andhat = LogisticR(X, None)
        print((sigma, andhat))
        print(andgate)
        print(torch.sigmoid(torch.mv(X, torch.tensor([-0.2, 0.15, 0.15]))))
        """,
    ),
    _case(
        "000-s9.4-xor-from-nand-or-and",
        """
        X = torch.tensor([[1, 0, 0], [1, 1, 0], [1, 0, 1], [1, 1, 1]], dtype=torch.float32)

        def gate(X, w, threshold):
            zhat = torch.mv(X, torch.tensor(w, dtype=torch.float32))
            return torch.tensor([int(x) for x in zhat >= threshold], dtype=torch.float32)

        sigma_nand = gate(X, [0.23, -0.15, -0.15], 0)
        print(sigma_nand)
        sigma_or = gate(X, [-0.08, 0.15, 0.15], 0)
        print(sigma_or)
        x0 = torch.tensor([1, 1, 1, 1], dtype=torch.float32)
        print(x0)
        input_2 = torch.cat((x0.view(4, 1), sigma_nand.view(4, 1), sigma_or.view(4, 1)), dim=1)
        print(input_2)
        print(gate(input_2, [-0.2, 0.15, 0.15], 0))
        """,
    ),
    _case(
        "000-s10.1-single-output-perceptron",
        """
        x = torch.randn(1, 10)
        w = torch.randn(1, 10, requires_grad=True)
        o = torch.sigmoid(x @ w.t())
        print(o.shape)
        loss = F.mse_loss(torch.ones(1, 1), o)
        print(loss.shape)
        loss.backward()
        print(w.grad)
        """,
    ),
    _case(
        "000-s10.1-linear-regression-mv",
        """
        X = torch.tensor([[1, 0, 0], [1, 1, 0], [1, 0, 1], [1, 1, 1]], dtype=torch.float32)
        w = torch.tensor([-0.2, 0.15, 0.15])
        print((X, w))

        def LinearR(X, w):
            zhat = torch.mv(X, w)
            return zhat

        zhat = LinearR(X, w)
        print(zhat)
        print(torch.Tensor([[1, 0, 0], [1, 1, 0], [1, 0, 1], [1, 1, 1]]))
        z = torch.tensor([-0.2000, -0.0500, -0.0500, 0.1000])
        print(z.ndim)
        print(zhat == z)
        print(zhat - z)
        SSE = sum((zhat - z) ** 2)
        print(SSE)
        print(torch.allclose(zhat, z))
        torch.set_printoptions(precision=30)
        print((zhat, z))
        """,
    ),
    _case(
        "000-s10.1-float32-accumulation",
        """
        preds = torch.ones(300, 68, 64, 64)
        print(preds.shape)
        print(300 * 68 * 64 * 64)
        print(preds.sum())
        preds = torch.ones(300, 68, 64, 64) * 0.1
        print(preds.sum() * 10)
        """,
    ),
    _case(
        "000-s10.2-multi-output-perceptron",
        """
        x = torch.randn(1, 10)
        w = torch.randn(2, 10, requires_grad=True)
        o = torch.sigmoid(x @ w.t())
        print(o.shape)
        loss = F.mse_loss(torch.ones(1, 2), o)
        print(loss.detach())
        loss.backward()
        print(w.grad)
        print(w.grad.shape)
        """,
    ),
    _case(
        "002-s10.3-chain-rule",
        """
        x = torch.tensor(1.0)
        w1 = torch.tensor(2.0, requires_grad=True)
        b1 = torch.tensor(1.0)
        w2 = torch.tensor(2.0, requires_grad=True)
        b2 = torch.tensor(1.0)
        y1 = x * w1 + b1
        y2 = y1 * w2 + b2
        dy2_dy1 = torch.autograd.grad(y2, [y1], retain_graph=True)[0]
        dy1_dw1 = torch.autograd.grad(y1, [w1], retain_graph=True)[0]
        dy2_dw1 = torch.autograd.grad(y2, [w1], retain_graph=True)[0]
        print(dy2_dy1 * dy1_dw1)
        print(dy2_dw1)
        print((y1, y2))
        """,
    ),
    _case(
        "000-s11.3-accuracy",
        """
        logits = torch.rand(4, 10)
        print(F.softmax(logits, dim=1).argmax(dim=1))
        print(logits.argmax(dim=1))
        correct = torch.eq(logits.argmax(dim=1), torch.tensor([1, 9, 2, 3]))
        print(correct)
        print(correct.sum().float().item() / 4)
        """,
    ),
    _case(
        "000-s11.3-himmelblau-gradient",
        """
        def himmelblau(x):
            return (x[0] ** 2 + x[1] - 11) ** 2 + (x[0] + x[1] ** 2 - 7) ** 2

        x = torch.tensor([0.0, 0.0], requires_grad=True)
        pred = himmelblau(x)
        pred.backward()
        print(pred, x.grad)
        for step in range(200):
            pred = himmelblau(x)
            x.grad.zero_()
            pred.backward()
            with torch.no_grad():
                x -= 1e-3 * x.grad
            if step % 50 == 0:
                print("step{}:x = {},f(x) = {}".format(step, x.tolist(), pred.item()))
        """,
    ),
    _case(
        "000-s3.2-repeat-too-few-dims",
        """
        torch.rand(1, 32, 1, 1).repeat(4, 32)
        """,
    ),
    _case(
        "000-s3.1-expand-non-singleton",
        """
        torch.rand(1, 32, 1, 1).expand(4, 33, 14, 14)
        """,
    ),
    _case(
        "000-s1.3-index_select-float-index",
        """
        torch.rand(4, 3, 28, 28).index_select(0, torch.tensor([0.0, 2.0]))
        """,
    ),
    _case(
        "000-s1.3-index_select-out-of-range",
        """
        torch.rand(4, 3, 28, 28).index_select(0, torch.tensor([0, 4]))
        """,
    ),
    _case(
        "000-s2.1-masked_select-bad-mask",
        """
        torch.masked_select(torch.randn(3, 4), torch.randn(3, 4))
        """,
    ),
    _case(
        "000-s4.3-split-sizes-mismatch",
        """
        torch.rand(2, 32, 8).split([1, 2], dim=0)
        """,
    ),
    _case(
        "000-s7.2-gather-index-out-of-bounds",
        """
        torch.gather(torch.arange(10).expand(4, 10), dim=1, index=torch.full((4, 3), 10))
        """,
    ),
    _case(
        "000-s6.4-kthvalue-k-too-large",
        """
        torch.arange(8).view(2, 4).float().kthvalue(5, dim=1)
        """,
    ),
    _case(
        "000-s6.4-topk-k-too-large",
        """
        torch.arange(8).view(2, 4).float().topk(5, dim=1)
        """,
    ),
    _case(
        "000-s6.1-norm-of-integer-tensor",
        """
        torch.full([8], 1).norm(1)
        """,
    ),
    _case(
        "000-s6.2-mean-of-integer-tensor",
        """
        torch.arange(8).view(2, 4).mean()
        """,
    ),
    _case(
        "000-s10.1-mv-dtype-mismatch",
        """
        torch.mv(torch.tensor([[1, 0, 0], [1, 1, 0]]), torch.tensor([-0.2, 0.15, 0.15]))
        """,
    ),
    _case(
        "000-s9-mm-shape-mismatch",
        """
        torch.mm(torch.rand(4, 3), torch.rand(4, 1))
        """,
    ),
    _case(
        "000-s9-sigmoid-of-integer-tensor",
        """
        print(torch.sigmoid(torch.tensor([1, 2])))
        """,
    ),
    _case(
        "000-s5.1-add-not-broadcastable",
        """
        torch.rand(3, 4) + torch.rand(3)
        """,
    ),
    _case(
        "000-s2.4-squeeze-dim-out-of-range",
        """
        torch.rand(1, 32, 1, 1).squeeze(4)
        """,
    ),
    _case(
        "000-s3.5-permute-wrong-length",
        """
        torch.rand(4, 3, 28, 32).permute(0, 2, 3)
        """,
    ),
    _case(
        "000-s3.5-transpose-dim-out-of-range",
        """
        torch.rand(4, 3, 28, 32).transpose(1, 4)
        """,
    ),
    _case(
        "000-s4.2-stack-empty-list",
        """
        torch.stack([], dim=0)
        """,
    ),
    _case(
        "000-s9.2-softmax-without-dim",
        """
        print(torch.softmax(torch.tensor([1.0, 2.0])))
        """,
    ),
    _case(
        "000-s9.2-F-softmax-implicit-dim",
        """
        print(F.softmax(torch.tensor([1.0, 2.0])))
        """,
    ),
    _case(
        "000-s9-cross-entropy-float-target",
        """
        print(F.cross_entropy(torch.rand(3, 4), torch.tensor([0.0, 1.0, 2.0])))
        """,
    ),
    _case(
        "000-s9-nll-loss-target-out-of-bounds",
        """
        print(F.nll_loss(torch.rand(3, 4), torch.tensor([0, 1, 4])))
        """,
    ),
    _case(
        "000-s9-mse-loss-size-mismatch-warning",
        """
        print(F.mse_loss(torch.ones(1, 1), torch.tensor([[0.5, 0.25]])))
        """,
    ),
    _case(
        "000-s9-bce-target-out-of-range",
        """
        print(F.binary_cross_entropy(torch.tensor([0.5, 1.5]), torch.tensor([0.0, 1.0])))
        """,
    ),
    _case(
        "000-s10.1-sign-relu-tanh-column",
        """
        torch.random.manual_seed(420)
        X = torch.tensor([[0, 0], [1, 0], [0, 1], [1, 1]], dtype=torch.float32)
        w = torch.rand(2, 1) - 0.5
        b = torch.rand(1)
        zhat = X @ w + b
        print((zhat, zhat.shape))
        print((zhat, torch.sign(zhat)))
        print(F.relu(zhat))
        print(torch.tanh(zhat))
        sigma = F.sigmoid(zhat)
        y = [int(x) for x in sigma >= 0.5]
        print(y)
        """,
    ),
    _case(
        "000-s10.2-unique-and-shapes",
        """
        torch.random.manual_seed(420)
        x = torch.rand((500, 20), dtype=torch.float32)
        y = torch.randint(0, 3, (500, 1), dtype=torch.float32)
        print((x.shape[1], y.unique()))
        input_ = x.shape[1]
        output_ = len(y.unique())
        print((input_, output_))
        print(y.unique(return_counts=True))
        print(y[:5].T, y.view(-1)[:5].long())
        """,
    ),
    _case(
        "000-s2.3-summarized-with-grad-fn",
        """
        a = torch.rand(4, 1, 28, 28, requires_grad=True)
        print((a * 2).view(4, 28 * 28))
        print(a.detach().view(4, 28, 28)[0, :2] * 10)
        """,
    ),
    _case(
        "000-s2.3-sum-over-two-dims",
        """
        a = torch.rand(4, 1, 28, 28, requires_grad=True)
        print(a.sum(dim=(1, 2)))
        """,
    ),
    _case(
        "000-s5.5-rounding-halves-and-negatives",
        """
        a = torch.tensor([0.5, 1.5, 2.5, -0.5, -1.5, -3.14, 3.499, -0.0])
        print(a.round(), a.floor(), a.ceil(), a.trunc(), a.frac(), sep="\\n")
        print(torch.tensor(-3.14).trunc(), torch.tensor(-3.14).frac(), torch.tensor(-0.0))
        print(a.round(decimals=1))
        """,
    ),
    _case(
        "000-s5.6-clamp-dtype-promotion",
        """
        a = torch.tensor([1, 2, 3])
        print(a.clamp(2), a.clamp(1.5), a.clamp(min=0, max=2.5), a.clamp(max=torch.tensor(2)))
        b = torch.full([2, 2], 3)
        print(b, b.pow(0.5), torch.full([2, 2], -3.0).sqrt())
        print(torch.tensor([1, 2]) / 2, torch.tensor([1, 2]) // 2, torch.tensor([True, False]) + 1)
        """,
    ),
    _case(
        "000-s5-special-values-print",
        """
        print(torch.tensor([float("nan"), float("inf"), -float("inf"), 1.0]))
        print(torch.tensor([1e-8, 1.0]), torch.tensor([1e10, 1.0]), torch.tensor([123456.0, 0.5]))
        print(torch.tensor([1.0, 2.0], dtype=torch.float64))
        print(torch.tensor([1, 2], dtype=torch.int32))
        print(torch.tensor(3.14, dtype=torch.float64), torch.tensor([0.1, 0.2]).double())
        print(torch.tensor([[1e-5, 1.0], [100.0, 1e3]]), torch.tensor([[True], [False]]))
        """,
    ),
    _case(
        "000-s9.2-autograd.grad-non-scalar-output",
        """
        a = torch.rand(3, requires_grad=True)
        p = F.softmax(a, dim=0)
        torch.autograd.grad(p, [a], retain_graph=True)
        """,
    ),
    _case(
        "000-s9.2-autograd.grad-unused-input",
        """
        x = torch.tensor(1.0, requires_grad=True)
        w1 = torch.tensor(2.0, requires_grad=True)
        w2 = torch.tensor(3.0, requires_grad=True)
        y1 = x * w1
        print(torch.autograd.grad(y1, [w1, w2], retain_graph=True, allow_unused=True))
        torch.autograd.grad(y1, [w1, w2])
        """,
    ),
    _case(
        "000-s9.2-autograd.grad-create-graph",
        """
        x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
        y = (x**3).sum()
        (g,) = torch.autograd.grad(y, [x], create_graph=True)
        print(g)
        (h,) = torch.autograd.grad(g.sum(), [x])
        print(h)
        """,
    ),
    _case(
        "000-s9.2-backward-gradient-shape-mismatch",
        """
        x = torch.tensor([3.0, 2.0, 1.0, 4.0], requires_grad=True)
        z = (x * 2).view(2, 2)
        z.backward(torch.ones(3))
        """,
    ),
    _case(
        "000-s9.2-integer-requires-grad-constructor",
        """
        torch.tensor([1, 2], requires_grad=True)
        """,
    ),
]

# --------------------------------------------------------------------------------------------
# Note 001 (Chinese): section 3 "张量" and section 4's gradient cells that use only tensors
# --------------------------------------------------------------------------------------------

NOTE_001 = [
    _case(
        "001-s3-dtypes-and-types",
        """
        a = torch.randn(2, 3)
        print(a.type())
        print(type(a).__name__)
        print(isinstance(a, torch.FloatTensor))
        print(isinstance(a, torch.DoubleTensor))
        print(a.double().type(), a.long().type(), a.int().type(), a.byte().type())
        print(torch.float is torch.float32, torch.double is torch.float64)
        print(torch.long is torch.int64, torch.int is torch.int32)
        print(torch.tensor(3).dim(), torch.tensor([[1, 2]]).dim())
        """,
    ),
    _case(
        "001-s3-isinstance-cuda-FloatTensor",
        """
        a = torch.randn(2, 3)
        print(isinstance(a, torch.FloatTensor), isinstance(a, torch.cuda.FloatTensor))
        """,
    ),
    _case(
        "001-s3-dim0",
        """
        print(torch.tensor(1.0))
        print(torch.tensor(2.2))
        print(torch.full([], 7.0))
        print(torch.full([], 7.0).dim(), torch.tensor(2.2).shape)
        """,
    ),
    _case(
        "001-s3-dim1",
        """
        print(torch.tensor([1.1]))
        print(torch.tensor([2.2, 3.3]))
        print(torch.FloatTensor(1).shape)
        print(torch.FloatTensor(2).shape, torch.FloatTensor(2).dtype)
        data = np.ones(2)
        print(torch.from_numpy(data))
        """,
    ),
    _case(
        "001-s3-legacy-constructors",
        """
        print(torch.FloatTensor(2, 3).shape)
        print(torch.FloatTensor([2.0, 8.3]))
        print(torch.IntTensor([2, 3]))
        print(torch.Tensor([2, 3]))
        print(torch.Tensor(2, 3).shape)
        print(torch.tensor([2, 3]).dtype, torch.Tensor([2, 3]).dtype)
        """,
    ),
    _case(
        "001-s3-set-default-tensor-type",
        """
        print(torch.tensor([1.2, 3]).type())
        torch.set_default_tensor_type(torch.DoubleTensor)
        print(torch.tensor([1.2, 3]).type())
        print(torch.Tensor([1, 2]))
        torch.set_default_tensor_type(torch.FloatTensor)
        print(torch.tensor([1.2, 3]).type())
        """,
    ),
    _case(
        "001-s3-dim2-dim3",
        """
        a = torch.randn(2, 3)
        print(a)
        print(a.shape)
        print(a.size(0), a.size(1), a.shape[1])
        a = torch.rand(1, 2, 3)
        print(a.shape)
        print(a[0])
        print(list(a.shape))
        print(a.numel(), a.dim())
        """,
    ),
    _case(
        "001-s3-creation-random",
        """
        a = torch.rand(3, 3)
        print(a)
        print(torch.rand_like(a))
        print(torch.randint(1, 10, [3, 3]))
        print(torch.randn(3, 3))
        print(torch.randperm(10))
        print(torch.empty(2, 3).shape, torch.empty(2, 3).dtype)
        """,
    ),
    _case(
        "001-s3-creation-constant",
        """
        print(torch.ones(3, 3))
        print(torch.zeros(3, 3))
        print(torch.eye(3, 4))
        print(torch.eye(3))
        print(torch.full([2, 3], 7))
        print(torch.full([2, 3], 7.0))
        print(torch.arange(0, 10))
        print(torch.arange(0, 10, 2))
        print(torch.linspace(0, 10, steps=4))
        print(torch.linspace(0, 10, steps=11))
        print(torch.logspace(0, -1, steps=10))
        """,
    ),
    _case(
        "001-s3-index-slice",
        """
        a = torch.rand(4, 3, 28, 28)
        print(a[0].shape)
        print(a[0, 0].shape)
        print(a[0, 0, 2, 4])
        print(a[:, 1, ...].shape)
        print(a[-1, -1, -1, -3:])
        """,
    ),
    _case(
        "001-s3-squeeze-expand-repeat",
        """
        b = torch.rand(1, 32, 1, 1)
        print(b.squeeze().shape)
        print(b.squeeze(0).shape)
        print(b.squeeze(-1).shape)
        print(b.squeeze(1).shape)
        print(b.expand(4, 32, 14, 14).shape)
        print(b.repeat(4, 32, 1, 1).shape)
        print(b.repeat(4, 1, 32, 32).shape)
        """,
    ),
    _case(
        "001-s3-transpose-permute",
        """
        a = torch.rand(4, 3, 32, 32)
        a1 = a.transpose(1, 3)
        print(a1.shape)
        a2 = a.transpose(1, 3).contiguous().view(4, 3 * 32 * 32).view(4, 32, 32, 3).transpose(1, 3)
        print(torch.equal(a, a2))
        a = torch.rand(4, 3, 28, 32)
        print(a.permute(0, 2, 3, 1).shape)
        print(a.permute(0, 2, 3, 1).is_contiguous())
        """,
    ),
    _case(
        "001-s3-merge-split",
        """
        a = torch.rand(32, 8)
        b = torch.rand(32, 8)
        print(torch.cat([a, b], dim=0).shape)
        c = torch.stack([a, b], dim=0)
        print(c.shape)
        aa, bb = c.split([1, 1], dim=0)
        print(aa.shape, bb.shape)
        aa, bb = c.chunk(2, dim=0)
        print(aa.shape, bb.shape)
        print(torch.equal(aa[0], a), torch.equal(bb[0], b))
        """,
    ),
    _case(
        "001-s3-math",
        """
        a = torch.rand(3, 4)
        b = torch.rand(4)
        print(torch.add(a, b), torch.sub(a, b), torch.mul(a, b), torch.div(a, b), sep="\\n")
        print(torch.matmul(torch.rand(4, 3, 28, 64), torch.rand(4, 3, 64, 32)).shape)
        c = torch.full([2, 2], 4.0)
        print(c.pow(3), c**3, c.sqrt(), c.rsqrt(), torch.exp(c), torch.log(c), sep="\\n")
        d = torch.tensor([-1.5, -0.5, 0.5, 1.5, 2.5])
        print(d.floor(), d.ceil(), d.trunc(), d.frac(), d.round(), sep="\\n")
        print(d.max(), d.min(), d.clamp(0), d.clamp(-1, 1), sep="\\n")
        """,
    ),
    _case(
        "001-s3-statistics",
        """
        a = torch.rand(4, 10)
        print(a.norm(1), a.norm(2), a.norm(2, dim=1), sep="\\n")
        print(a.min(), a.max(), a.sum(), a.mean(), a.prod(), sep="\\n")
        print(a.argmax(), a.argmin(), a.argmax(dim=1), sep="\\n")
        print(a.max(dim=1))
        print(a.max(dim=1, keepdim=True))
        print(a.topk(3, dim=1))
        print(a.topk(5, dim=1, largest=False))
        print(a.kthvalue(8, dim=1))
        print(a > 0.5)
        print(torch.eq(a, a), torch.equal(a, a))
        """,
    ),
    _case(
        "001-s3-where-gather",
        """
        cond = torch.tensor([[0.6, 0.7], [0.8, 0.4]])
        a = torch.zeros(2, 2)
        b = torch.ones(2, 2)
        print(torch.where(cond > 0.5, a, b))
        prob = torch.randn(4, 10)
        idx = prob.topk(dim=1, k=3)
        print(idx)
        idx = idx[1]
        label = torch.arange(10) + 100
        print(torch.gather(label.expand(4, 10), dim=1, index=idx.long()))
        """,
    ),
    _case(
        "001-s4-activations",
        """
        a = torch.linspace(-100, 100, 10)
        print(torch.sigmoid(a))
        print(F.sigmoid(a))
        a = torch.linspace(-1, 1, 10)
        print(torch.tanh(a))
        print(torch.relu(a))
        print(F.relu(a))
        """,
    ),
    _case(
        "001-s4-mse-autograd.grad",
        """
        x = torch.ones(1)
        w = torch.full([1], 2.0)
        mse = F.mse_loss(torch.ones(1), x * w)
        w.requires_grad_()
        mse = F.mse_loss(torch.ones(1), x * w)
        print(torch.autograd.grad(mse, [w]))
        """,
    ),
    _case(
        "001-s4-mse-backward",
        """
        x = torch.ones(1)
        w = torch.full([1], 2.0)
        mse = F.mse_loss(torch.ones(1), x * w)
        w.requires_grad_()
        mse = F.mse_loss(torch.ones(1), x * w)
        mse.backward()
        print(w.grad)
        print(mse.grad_fn is not None, w.grad_fn)
        """,
    ),
    _case(
        "001-s4-mse-integer-requires-grad",
        """
        w = torch.full([4], 2)
        print(w)
        w.requires_grad_()
        """,
    ),
    _case(
        "001-s4-softmax-gradient",
        """
        a = torch.rand(3)
        a.requires_grad_()
        p = F.softmax(a, dim=0)
        print(p)
        print(torch.autograd.grad(p[1], [a], retain_graph=True))
        print(torch.autograd.grad(p[2], [a]))
        """,
    ),
    _case(
        "001-s4-perceptron-single-output",
        """
        x = torch.randn(1, 10)
        w = torch.randn(1, 10, requires_grad=True)
        o = torch.sigmoid(x @ w.t())
        print(o.shape)
        loss = F.mse_loss(torch.ones(1, 1), o)
        print(loss.shape)
        loss.backward()
        print(w.grad)
        """,
    ),
    _case(
        "001-s4-perceptron-multi-output",
        """
        x = torch.randn(1, 10)
        w = torch.randn(2, 10, requires_grad=True)
        o = torch.sigmoid(x @ w.t())
        print(o.shape)
        loss = F.mse_loss(torch.ones(1, 2), o)
        print(loss)
        loss.backward()
        print(w.grad)
        """,
    ),
    _case(
        "001-s4-multiclass-forward-backward",
        """
        w1, b1 = torch.randn(200, 784, requires_grad=True), torch.zeros(200, requires_grad=True)
        w2, b2 = torch.randn(200, 200, requires_grad=True), torch.zeros(200, requires_grad=True)
        w3, b3 = torch.randn(10, 200, requires_grad=True), torch.zeros(10, requires_grad=True)
        with torch.no_grad():
            for w in (w1, w2, w3):
                w *= (2 / w.shape[1]) ** 0.5

        def forward(x):
            x = x @ w1.t() + b1
            x = F.relu(x)
            x = x @ w2.t() + b2
            x = F.relu(x)
            x = x @ w3.t() + b3
            x = F.relu(x)
            return x

        data = torch.rand(4, 1, 28, 28)
        target = torch.tensor([1, 2, 3, 4])
        data = data.view(-1, 28 * 28)
        logits = forward(data)
        loss = F.cross_entropy(logits, target)
        print(loss.detach())
        loss.backward()
        print(w1.grad.norm(), w2.grad.norm(), w3.grad.norm(), b3.grad)
        for p in (w1, b1, w2, b2, w3, b3):
            p.data -= 1e-2 * p.grad
        print(F.cross_entropy(forward(data), target).item() < loss.item())
        print(logits.argmax(dim=1), torch.eq(logits.argmax(dim=1), target).sum().item())
        """,
    ),
    _case(
        "001-s4-chain-rule",
        """
        autograd = torch.autograd
        x = torch.tensor(1.0)
        w1 = torch.tensor(2.0, requires_grad=True)
        b1 = torch.tensor(1.0)
        w2 = torch.tensor(2.0, requires_grad=True)
        b2 = torch.tensor(1.0)

        y1 = x * w1 + b1
        y2 = y1 * w2 + b2

        dy2_dy1 = autograd.grad(y2, [y1], retain_graph=True)[0]
        dy1_dw1 = autograd.grad(y1, [w1], retain_graph=True)[0]
        dy2_dw1 = autograd.grad(y2, [w1], retain_graph=True)[0]

        print(dy2_dy1 * dy1_dw1)
        print(dy2_dw1)
        """,
    ),
    _case(
        "001-s3-cuda-types",
        """
        a = torch.randn(2, 3)
        print(torch.cuda.is_available(), torch.cuda.device_count())
        print(repr(torch.device("cpu")), a.is_cuda, a.device.type)
        """,
    ),
]

# --------------------------------------------------------------------------------------------
# Note 003 (Chinese): section 2 (tensors), 3 (2-2-2 network by hand vs autograd), 4 (gradient
# descent, autograd details) and 5.1 (an MLP written with tensors only)
# --------------------------------------------------------------------------------------------

NOTE_003 = [
    _case(
        "003-s2A-creation",
        """
        print("_" * 50, "A-tensor创建")
        t_a = torch.empty(5, 3)
        print("01-shape={},dtype={}".format(t_a.shape, t_a.dtype))
        t_a.copy_(torch.rand(5, 3))
        print("t_a={}".format(t_a))
        t_b = torch.rand(5, 3)
        print("02-随机初始化shape=(5,3)的tensor:\\nt_b={}".format(t_b))
        t_c = torch.zeros(5, 3, dtype=torch.long)
        print("03-数据类型为long,全0的tensor:\\nt_c={}".format(t_c))
        t_d = torch.tensor([[3.1415, 0], [9, 2.71828]])
        print("04-由给定数据直接创建:\\nt_d={}".format(t_d))
        t_e = t_c.new_ones(4, 3)
        print("05-new_ones:\\nt_e={}\\ndtype={},device={}".format(t_e, t_e.dtype, t_e.device))
        t_f = torch.randn_like(t_c, dtype=torch.float)
        print("06-randn_like:\\nt_f={},\\ndtype={}".format(t_f, t_f.dtype))
        print("07-t_f.size()={},t_f.shape={}".format(t_f.size(), t_f.shape))
        """,
    ),
    _case(
        "003-s2B-inplace-views-out",
        """
        t_a = torch.rand(5, 3) * 4
        t_b = torch.rand(5, 3)
        print("_" * 50, "B-tensor操作")
        print("08-t_a+t_b={}".format(t_a + t_b))
        print("09-torch.add(t_a,t_b)={}".format(torch.add(t_a, t_b)))
        print("10-t_a.add_(t_b)={},\\nt_a={}".format(t_a.add_(t_b), t_a))
        t_g = t_a[0, :]
        print("11-t_a[0,:]={}".format(t_g))
        t_g += 1
        print("t_g+=1后,tg={},t_a[0,:]={}".format(t_g, t_a[0, :]))
        print(
            "12-t_a.shape={},t_a.view(15).shape={},t_a.view(-1,5).shape={}".format(
                t_a.shape, t_a.view(15).shape, t_a.view(-1, 5).shape
            )
        )
        print("13-id(t_a)==id(t_a.clone())={}".format(id(t_a) == id(t_a.clone())))
        v = t_a.view(15)
        v[0] = 100.0
        print(t_a[0, 0], t_a.clone().view(15)[0])
        c = t_a.clone()
        c[0, 0] = -1.0
        print(t_a[0, 0])
        """,
    ),
    _case(
        "003-s2C-broadcasting",
        """
        print("_" * 50, "C-tensor广播机制")
        t_h = torch.arange(1, 3).view(1, 2)
        t_i = torch.arange(1, 4).view(3, 1)
        print(
            "14-广播机制:\\nt_h={}\\nt_i={}\\nt_h.shape={},t_i.shape={}\\nt_h+t_i={}".format(
                t_h, t_i, t_h.shape, t_i.shape, t_h + t_i
            )
        )
        """,
    ),
    _case(
        "003-s2D-inplace-out-iadd-setitem",
        """
        t_a = torch.rand(5, 3)
        t_b = torch.rand(5, 3)
        print("_" * 50, "D-inplace原地操作,节约内存")
        print("15-id(t_a)==id(torch.add(t_a,t_b,out=t_a))={}".format(
            id(t_a) == id(torch.add(t_a, t_b, out=t_a))))
        t_j = t_a
        t_a += 1
        print("16-id(t_a)==id(t_j)={}".format(id(t_a) == id(t_j)))
        t_k = t_a
        t_a[:] = t_a + t_b
        print("17-id(t_a)==id(t_k)={}".format(id(t_a) == id(t_k)))
        print(t_a)
        out = torch.empty(5, 3)
        r = torch.mul(t_a, 2, out=out)
        print(r is out, out)
        """,
    ),
    _case(
        "003-s2E-numpy-bridge",
        """
        t_a = torch.rand(5, 3)
        print("_" * 50, "E-tensor<-->array(NumPy)")
        print("18-type(t_a)={},type(t_a.numpy())={}".format(
            type(t_a).__name__, type(t_a.numpy())))
        array = np.arange(15).reshape(3, 5)
        print("19-type(array)={},type(torch.from_numpy(array))={}".format(
            type(array), type(torch.from_numpy(array)).__name__))
        t = torch.from_numpy(array)
        print(t)
        array[0, 0] = 100
        print(t[0, 0])
        n = t_a.numpy()
        t_a.add_(1)
        print(n.dtype, n.shape, np.allclose(n, t_a.numpy()))
        print(torch.tensor(array).dtype, torch.as_tensor(array)[0, 0])
        """,
    ),
    _case(
        "003-s2F-device-cpu",
        """
        print(torch.cuda.is_available())
        device = torch.device("cpu")
        print("device={}".format(device))
        x = torch.tensor([[3.1415, 0], [9, 2.71828]], device=device)
        print("x={}".format(x))
        y = torch.rand(2, 2)
        print("默认CPU,y={}".format(y))
        y = y.to(device)
        print(".to(device),y={}".format(y))
        print("x+y={}".format(x + y))
        print("(x+y).to('cpu',torch.double)={}".format((x + y).to("cpu", torch.double)))
        """,
    ),
    _case(
        "003-s3.2-activation-gradients",
        """
        x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
        y_relu = x.relu()
        print(x.shape, y_relu[::20])
        y_relu.sum().backward()
        print(x.grad[::10])
        y_sigmoid = x.sigmoid()
        x.grad.zero_()
        y_sigmoid.sum().backward()
        print(x.grad[::10])
        y_tanh = x.tanh()
        x.grad.zero_()
        y_tanh.sum().backward()
        print(x.grad[::10])
        print(x.detach().numpy()[:3], type(x.grad.detach().numpy()).__name__)
        """,
    ),
    _case(
        "003-s3.2-relu-sigmoid-gradients-exact-grid",
        """
        x = (torch.arange(-80, 80) / 10).requires_grad_()
        y_relu = x.relu()
        y_relu.sum().backward()
        print(x.grad[::10])
        y_sigmoid = x.sigmoid()
        x.grad.zero_()
        y_sigmoid.sum().backward()
        print(x.grad[::10])
        """,
    ),
    _case(
        "003-s3.2-tanh-gradient",
        """
        x = torch.tensor([-5.0, -3.0, 0.5], requires_grad=True)
        y = x.tanh()
        y.sum().backward()
        print(x.grad.tolist())
        print(y.tolist())
        """,
    ),
    _case(
        "003-s3.3-two-two-two-network-by-hand-vs-autograd",
        """
        import math

        i_1, i_2 = 0.05, 0.10
        w_1, w_2, w_3, w_4, w_5, w_6, w_7, w_8 = 0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55
        b_1, b_2 = 0.35, 0.60
        o_1, o_2 = 0.01, 0.99

        def sigmoid(x):
            return 1 / (1 + math.exp(-x))

        net_h_1 = w_1 * i_1 + w_2 * i_2 + b_1 * 1
        out_h_1 = sigmoid(net_h_1)
        net_h_2 = w_3 * i_1 + w_4 * i_2 + b_1 * 1
        out_h_2 = sigmoid(net_h_2)
        net_o_1 = w_5 * out_h_1 + w_6 * out_h_2 + b_2 * 1
        out_o_1 = sigmoid(net_o_1)
        net_o_2 = w_7 * out_h_1 + w_8 * out_h_2 + b_2 * 1
        out_o_2 = sigmoid(net_o_2)
        E_total = 1 / 2 * (out_o_1 - o_1) ** 2 + 1 / 2 * (out_o_2 - o_2) ** 2
        print("E_total={}".format(E_total))
        d_w_5 = (out_o_1 - o_1) * out_o_1 * (1 - out_o_1) * out_h_1
        print("d_E_total_2_w_5={}".format(d_w_5))

        # the same network with autograd (float64)
        dt = torch.float64
        i = torch.tensor([i_1, i_2], dtype=dt)
        W1 = torch.tensor([[w_1, w_2], [w_3, w_4]], dtype=dt, requires_grad=True)
        W2 = torch.tensor([[w_5, w_6], [w_7, w_8]], dtype=dt, requires_grad=True)
        b1 = torch.tensor(b_1, dtype=dt, requires_grad=True)
        b2 = torch.tensor(b_2, dtype=dt, requires_grad=True)
        o = torch.tensor([o_1, o_2], dtype=dt)
        out_h = torch.sigmoid(W1 @ i + b1)
        out_o = torch.sigmoid(W2 @ out_h + b2)
        E = (0.5 * (out_o - o) ** 2).sum()
        print(E)
        E.backward()
        print(W2.grad)
        print(W1.grad)
        print(b1.grad, b2.grad)
        print(abs(W2.grad[0, 0].item() - d_w_5) < 1e-15)
        lr = 0.5
        with torch.no_grad():
            print("W2_update={}".format((W2 - lr * W2.grad).tolist()))
            print("W1_update={}".format((W1 - lr * W1.grad).tolist()))
        """,
    ),
    _case(
        "003-s3.3-two-two-two-network-float32",
        """
        i = torch.tensor([0.05, 0.10])
        W1 = torch.tensor([[0.15, 0.20], [0.25, 0.30]], requires_grad=True)
        W2 = torch.tensor([[0.40, 0.45], [0.50, 0.55]], requires_grad=True)
        o = torch.tensor([0.01, 0.99])
        for step in range(3):
            out_o = torch.sigmoid(W2 @ torch.sigmoid(W1 @ i + 0.35) + 0.60)
            E = (0.5 * (out_o - o) ** 2).sum()
            E.backward()
            with torch.no_grad():
                W1 -= 0.5 * W1.grad
                W2 -= 0.5 * W2.grad
            W1.grad.zero_()
            W2.grad.zero_()
            print(step, E.item(), out_o)
        print(W1, W2, sep="\\n")
        """,
    ),
    _case(
        "003-s4.1-gradient-descent-x-squared",
        """
        x = torch.tensor(1.0, requires_grad=True)
        a = 0.1
        for i in range(15):
            J = x**2
            J.backward()
            with torch.no_grad():
                x -= a * x.grad
            x.grad.zero_()
        print(x, x.grad, x.requires_grad, x.is_leaf)
        """,
    ),
    _case(
        "003-s4.1-gradient-descent-fit-3x2",
        """
        X = torch.from_numpy(np.arange(-1.2, 1.3, 0.1))
        y = 3 * X**2
        n_size = X.shape[0]
        a = 0.15
        accuracy = 1e-5
        w = torch.tensor(5.0, dtype=torch.float64, requires_grad=True)

        def loss_mse(w):
            return ((w * X**2 - y) ** 2).sum() / n_size / 2

        L = loss_mse(w)
        i = 0
        while not L < accuracy:
            L.backward()
            with torch.no_grad():
                w -= a * w.grad
            w.grad.zero_()
            L = loss_mse(w)
            if i % 10 == 0:
                print("iteration:%d,Loss=%.6f,w=%.6f" % (i, L, w))
            i += 1
        print(w)
        """,
    ),
    _case(
        "003-s4.2-01-requires-grad",
        """
        x = torch.tensor([3.0, 2.0, 1.0, 4.0], requires_grad=True)
        print("01-定义包含梯度追踪的张量:")
        print("x={}\\nx.grad_fn={}\\nx.requires_grad={}".format(x, x.grad_fn, x.requires_grad))
        """,
    ),
    _case(
        "003-s4.2-02-grad-fn-is-leaf",
        """
        x = torch.tensor([3.0, 2.0, 1.0, 4.0], requires_grad=True)
        print("02-追踪运算的梯度:")
        y = (x + 1) ** 3 + 2
        z = y.view(2, 2)
        print("z={}\\nz.grad_fn={}".format(z, str(z.grad_fn).split(" at 0x")[0]))
        print("x.is_leaf={},y.is_leaf={},z.is_leaf={}".format(x.is_leaf, y.is_leaf, z.is_leaf))
        """,
    ),
    _case(
        "003-s4.2-03-backward-with-gradient",
        """
        x = torch.tensor([3.0, 2.0, 1.0, 4.0], requires_grad=True)
        z = ((x + 1) ** 3 + 2).view(2, 2)
        print("03-z(张量)关于x的梯度:")
        v = torch.tensor([[1.0, 0.1], [0.01, 0.001]], dtype=torch.float)
        z.backward(v)
        print("dz/dx={}".format(x.grad))
        """,
    ),
    _case(
        "003-s4.2-04-no-grad",
        """
        x = torch.tensor([3.0, 2.0, 1.0, 4.0], requires_grad=True)
        print("04-中断梯度追踪:")
        x_1 = torch.tensor(1.0, requires_grad=True)
        y_1 = x_1**2
        with torch.no_grad():
            y_2 = x_1**3
        y_3 = y_1 + y_2
        print(y_1, y_2, y_3, sep="\\n")
        print(y_1.requires_grad, y_2.requires_grad, y_3.requires_grad, y_2.grad_fn)
        y_3.backward()
        print(x_1.grad)
        """,
    ),
    _case(
        "003-s4.2-04-no-grad-format",
        """
        x = torch.tensor([3.0, 2.0, 1.0, 4.0], requires_grad=True)
        x_1 = torch.tensor(1.0, requires_grad=True)
        y_1 = x_1**2
        with torch.no_grad():
            y_2 = x_1**3
        y_3 = y_1 + y_2
        print(
            "x.requires_grad={}\\ny_1={};y_1.requires_grad={}\\ny_2={};y_2.requires_grad={}\\n"
            "y_3={};y_3.requires_grad={}\\n".format(
                x.requires_grad, y_1, y_1.requires_grad, y_2, y_2.requires_grad, y_3,
                y_3.requires_grad,
            )
        )
        y_3.backward()
        print("dy_3/dx={}".format(x_1.grad))
        """,
    ),
    _case(
        "003-s4.2-05-data",
        """
        print("05-不影响反向传播下修改张量值,tensor.data:")
        x_2 = torch.ones(1, requires_grad=True)
        print("x_2.data={}\\nx_2.data.requires_grad={}".format(x_2, x_2.data.requires_grad))
        y_4 = 2 * x_2
        x_2.data *= 100
        y_4.backward()
        print("x_2={}\\nx_2.grad={}".format(x_2, x_2.grad))
        """,
    ),
    _case(
        "003-s4.2-grad-fn-reprs",
        """
        x = torch.tensor([3.0, 2.0, 1.0, 4.0], requires_grad=True)
        y = (x + 1) ** 3 + 2
        print(y)
        print((x * 2).sum(), x.mean(), x.view(2, 2), x[1:], x.exp(), sep="\\n")
        print(y.grad_fn.name(), [f.name() for f, _ in y.grad_fn.next_functions if f is not None])
        print(x.detach(), x.detach().requires_grad, x.detach().is_leaf)
        with torch.no_grad():
            print((x * 2).requires_grad, torch.is_grad_enabled())
        print(torch.is_grad_enabled())
        """,
    ),
    _case(
        "003-s4.2-grad-fn-class-name",
        """
        x = torch.tensor([3.0, 2.0, 1.0, 4.0], requires_grad=True)
        z = ((x + 1) ** 3 + 2).view(2, 2)
        print(type(z.grad_fn).__name__, type(z.sum().grad_fn).__name__)
        """,
    ),
    _case(
        "003-s4.2-backward-without-gradient",
        """
        x = torch.tensor([3.0, 2.0, 1.0, 4.0], requires_grad=True)
        z = ((x + 1) ** 3 + 2).view(2, 2)
        z.backward()
        """,
    ),
    _case(
        "003-s4.2-backward-twice",
        """
        x = torch.tensor([3.0, 2.0, 1.0, 4.0], requires_grad=True)
        z = ((x + 1) ** 3 + 2).sum()
        z.backward()
        print(x.grad)
        z.backward()
        """,
    ),
    _case(
        "003-s4.2-grad-accumulates",
        """
        x = torch.tensor([3.0, 2.0, 1.0, 4.0], requires_grad=True)
        z = ((x + 1) ** 3 + 2).sum()
        z.backward(retain_graph=True)
        print(x.grad)
        z.backward()
        print(x.grad)
        x.grad.data.zero_()
        print(x.grad)
        """,
    ),
    _case(
        "003-s4.2-inplace-on-leaf-requiring-grad",
        """
        x = torch.tensor([3.0, 2.0, 1.0, 4.0], requires_grad=True)
        x -= 0.1
        """,
    ),
    _case(
        "003-s4.2-backward-on-tensor-without-grad",
        """
        x = torch.ones(1)
        w = torch.full([1], 2.0)
        mse = F.mse_loss(torch.ones(1), x * w)
        mse.backward()
        """,
    ),
    _case(
        "003-s4.2-detach-shares-storage",
        """
        x = torch.tensor([3.0, 2.0, 1.0, 4.0], requires_grad=True)
        d = x.detach()
        d[0] = 10.0
        print(x)
        x.data[1] = 20.0
        print(x, d)
        y = x * 2
        print(y.detach().requires_grad, y.data.requires_grad, y.data.is_leaf)
        """,
    ),
    _case(
        "003-s4.2-non-leaf-grad-and-retain-grad",
        """
        x = torch.tensor([3.0, 2.0, 1.0, 4.0], requires_grad=True)
        y = x * 2
        z = y.sum()
        print(y.grad)
        y.retain_grad()
        z.backward()
        print(y.grad, x.grad, z.grad_fn.name())
        print(y.retains_grad, x.retains_grad)
        """,
    ),
    _case(
        "003-s4.2-requires-grad-on-non-leaf",
        """
        x = torch.tensor([3.0, 2.0, 1.0, 4.0], requires_grad=True)
        y = x * 2
        y.requires_grad_(False)
        """,
    ),
    _case(
        "003-s5.1-mlp-by-hand",
        """
        X = torch.tensor([0.05, 0.1])
        y = torch.tensor([0.01, 0.9])
        num_inputs, num_outputs, num_hiddens = 2, 2, 2
        W1 = torch.tensor([[0.15, 0.2], [0.25, 0.3]])
        b1 = torch.tensor([0.35, 0.35])
        W2 = torch.tensor([[0.4, 0.45], [0.5, 0.55]])
        b2 = torch.tensor([0.6, 0.6])
        params = [W1, b1, W2, b2]
        for param in params:
            param.requires_grad_(requires_grad=True)

        def sigmoid(X):
            return 1 / (1 + torch.exp(-X))

        def net(X):
            X = X.view((-1, num_inputs))
            H = sigmoid(torch.matmul(X, W1) + b1)
            return torch.matmul(H, W2) + b2

        def loss(y_hat, y):
            return 0.5 * (y_hat - y) ** 2

        def sgd(params, lr):
            for param in params:
                param.data -= lr * param.grad

        def train(net, X, y, loss, num_epochs, params=None, lr=None, optimizer=None):
            for epoch in range(num_epochs):
                y_hat = net(X)
                l = loss(y_hat, y).sum()
                if params is not None and params[0].grad is not None:
                    for param in params:
                        param.grad.data.zero_()
                l.backward()
                sgd(params, lr)
                print("epoch %d, loss %.9f" % (epoch + 1, l))
            return net, params

        num_epochs, lr = 5, 0.5
        net_, params_ = train(net, X, y, loss, num_epochs, params, lr)
        print("应用训练好的模型验证预测值:\\nnet_(x)={}".format(net_(X)))
        print("参数(权值+偏置)更新结果:\\nparams_={}".format(params_))
        """,
    ),
    _case(
        "003-s2A-new-factories",
        """
        t_c = torch.zeros(5, 3, dtype=torch.long)
        print(t_c.new_zeros(2, 2), t_c.new_full((2,), 7), t_c.new_tensor([1.5, 2.5]))
        t_f = torch.randn(2, 2, dtype=torch.float64)
        print(t_f.new_ones(2), t_f.new_empty(3).shape, torch.zeros_like(t_f, dtype=torch.int32))
        print(torch.randn_like(t_f), torch.randint_like(t_f, 10), torch.full_like(t_c[0], 4))
        """,
    ),
    _case(
        "003-s2E-numpy-dtypes",
        """
        for arr in (np.arange(3, dtype=np.int32), np.ones(2, dtype=np.uint8), np.array([True])):
            t = torch.from_numpy(arr)
            print(t, t.dtype, t.numpy().dtype)
        a = torch.rand(2, 2)
        print(a.type(torch.DoubleTensor), a.type("torch.IntTensor"), a.type(torch.int64).type())
        print(torch.tensor(np.float32(2.5)), torch.tensor(np.array(3)), torch.as_tensor([1, 2]))
        """,
    ),
    _case(
        "003-s2E-numpy-of-requires-grad",
        """
        x = torch.arange(-8.0, 8.0, 2.0, requires_grad=True)
        print(x.detach().numpy())
        x.numpy()
        """,
    ),
]

# --------------------------------------------------------------------------------------------
# Note 004 (60-minute blitz): Tensor initialisation and attributes, autograd, SGD by hand
# --------------------------------------------------------------------------------------------

NOTE_004 = [
    _case(
        "004-tensor-initialize",
        """
        data = [[1, 2], [3, 4]]
        x_data = torch.tensor(data)
        print(x_data)
        np_array = np.array(data)
        x_np = torch.from_numpy(np_array)
        print(x_np)
        x_ones = torch.ones_like(x_data)
        print(f"Ones Tensor: \\n {x_ones} \\n")
        x_rand = torch.rand_like(x_data, dtype=torch.float)
        print(f"Random Tensor: \\n {x_rand} \\n")
        """,
    ),
    _case(
        "004-tensor-rand_like-integer",
        """
        x_data = torch.tensor([[1, 2], [3, 4]])
        torch.rand_like(x_data)
        """,
    ),
    _case(
        "004-tensor-attributes",
        """
        tensor = torch.rand(3, 4)
        print(f"Shape of tensor: {tensor.shape}")
        print(f"Datatype of tensor: {tensor.dtype}")
        print(f"Device tensor is stored on: {tensor.device}")
        print(tensor)
        """,
    ),
    _case(
        "004-autograd-forward-backward",
        """
        data = torch.rand(1, 3, 8, 8)
        labels = torch.rand(1, 10)
        weight = torch.randn(3 * 8 * 8, 10, requires_grad=True)
        bias = torch.zeros(10, requires_grad=True)
        print(bias.grad)
        prediction = torch.flatten(data, 1) @ weight + bias
        loss = (prediction - labels).sum()
        print(loss.shape, loss.requires_grad, loss.grad_fn.name())
        loss.backward()
        print(bias.grad)
        print(weight.grad.shape, torch.equal(weight.grad[:, 0], torch.flatten(data)))
        """,
    ),
    _case(
        "004-sgd-by-hand",
        """
        x = torch.randn(8, 3)
        target = torch.randn(8, 1)
        params = [torch.randn(3, 1, requires_grad=True), torch.zeros(1, requires_grad=True)]
        learning_rate = 0.01
        for step in range(3):
            for f in params:
                f.grad = None
            loss = ((x @ params[0] + params[1] - target) ** 2).mean()
            loss.backward()
            for f in params:
                f.data.sub_(f.grad.data * learning_rate)
            print(step, loss)
        print(params)
        """,
    ),
]

CASES = NOTE_000 + NOTE_001 + NOTE_003 + NOTE_004

# Literal output of real PyTorch 2.13 (CPU) for a subset of the cases.
EXPECTED: dict[str, str] = {
    "000-s0-index": ("torch.Size([3, 28, 28])\ntorch.Size([28, 28])\ntensor(0.7262)\n"),
    "000-s2.1-masked_select": (
        "tensor([[ 1.5410, -0.2934, -2.1788,  0.5684],\n"
        "        [-1.0845, -1.3986,  0.4033,  0.8380],\n"
        "        [-0.7193, -0.4033, -0.5966,  0.1820]])\n"
        "tensor([[ True, False, False,  True],\n"
        "        [False, False, False,  True],\n"
        "        [False, False, False, False]])\n"
        "tensor([1.5410, 0.5684, 0.8380])\n"
        "torch.Size([3])\n"
    ),
    "000-s2.2-take": ("tensor([[4, 3, 5],\n        [6, 7, 8]])\ntensor([4, 5, 8])\n"),
    "000-s2.3-view-reshape": (
        "torch.Size([4, 1, 28, 28])\n"
        "tensor([[0.4963, 0.7682, 0.0885,  ..., 0.8071, 0.5523, 0.5288],\n"
        "        [0.2231, 0.2903, 0.3538,  ..., 0.2163, 0.4165, 0.0808],\n"
        "        [0.2179, 0.7086, 0.0341,  ..., 0.2152, 0.5165, 0.6124],\n"
        "        [0.7244, 0.0387, 0.5245,  ..., 0.0164, 0.6003, 0.9770]])\n"
        "torch.Size([4, 784])\n"
        "torch.Size([112, 28])\n"
        "torch.Size([4, 28, 28])\n"
        "tensor([[0.4963, 0.7682, 0.0885,  ..., 0.8071, 0.5523, 0.5288],\n"
        "        [0.2231, 0.2903, 0.3538,  ..., 0.2163, 0.4165, 0.0808],\n"
        "        [0.2179, 0.7086, 0.0341,  ..., 0.2152, 0.5165, 0.6124],\n"
        "        [0.7244, 0.0387, 0.5245,  ..., 0.0164, 0.6003, 0.9770]])\n"
        "torch.Size([4, 28, 28, 1])\n"
        "torch.Size([4, 784])\n"
    ),
    "000-s2.4-unsqueeze-out-of-range": (
        "IndexError: Dimension out of range (expected to be in range of [-5, 4], but got 5)\n"
    ),
    "000-s2.4-unsqueeze-1d": (
        "tensor([1.2000, 2.3000])\n"
        "torch.Size([2])\n"
        "tensor([[1.2000],\n"
        "        [2.3000]])\n"
        "torch.Size([2, 1])\n"
        "tensor([[1.2000, 2.3000]])\n"
        "torch.Size([1, 2])\n"
    ),
    "000-s3.1-expand": ("torch.Size([4, 32, 14, 14])\ntorch.Size([1, 32, 1, 1])\n(0, 1, 0, 0)\n"),
    "000-s3.4-transpose-contiguous": (
        "(torch.Size([4, 3, 32, 32]), torch.Size([4, 3, 32, 32]))\n"
        "tensor(False)\n"
        "tensor(True)\n"
        "False False\n"
    ),
    "000-s4.2-stack-unequal-sizes": (
        "RuntimeError: stack expects each tensor to be equal size, but got [4, "
        "32, 8] at entry 0 and [5, 32, 8] at entry 1\n"
    ),
    "000-s4.3-split": (
        "torch.Size([2, 32, 8])\n"
        "(torch.Size([1, 32, 8]), torch.Size([1, 32, 8]))\n"
        "(torch.Size([1, 32, 8]), torch.Size([1, 32, 8]))\n"
        "ValueError: not enough values to unpack (expected 2, got 1)\n"
    ),
    "000-s5.2-matmul-not-broadcastable": (
        "RuntimeError: The size of tensor a (3) must match the size of tensor b"
        " (4) at non-singleton dimension 1\n"
    ),
    "000-s5.3-pow-sqrt-rsqrt": (
        "tensor([[9., 9.],\n"
        "        [9., 9.]])\n"
        "tensor([[9., 9.],\n"
        "        [9., 9.]])\n"
        "tensor([[3., 3.],\n"
        "        [3., 3.]])\n"
        "tensor([[0.3333, 0.3333],\n"
        "        [0.3333, 0.3333]])\n"
        "tensor([[3., 3.],\n"
        "        [3., 3.]])\n"
    ),
    "000-s5.5-floor-ceil-trunc-frac-round": (
        "tensor(3.1400)\n"
        "(tensor(3.), tensor(4.), tensor(3.), tensor(0.1400))\n"
        "tensor(3.)\n"
        "tensor(4.)\n"
    ),
    "000-s5.6-clamp-max-median": (
        "tensor([[ 7.4438, 11.5233,  1.3272],\n"
        "        [ 1.9805,  4.6113,  9.5112]])\n"
        "tensor(11.5233)\n"
        "tensor(4.6113)\n"
        "tensor([[10.0000, 11.5233, 10.0000],\n"
        "        [10.0000, 10.0000, 10.0000]])\n"
        "tensor([[ 7.4438, 11.5233,  1.3272],\n"
        "        [ 1.9805,  4.6113,  9.5112]])\n"
        "tensor([[ 7.4438, 10.0000,  1.3272],\n"
        "        [ 1.9805,  4.6113,  9.5112]])\n"
    ),
    "000-s6.1-norm": (
        "(tensor([1., 1., 1., 1., 1., 1., 1., 1.]), torch.float32)\n"
        "(tensor([[1., 1., 1., 1.],\n"
        "        [1., 1., 1., 1.]]), torch.float32)\n"
        "(tensor([[[1., 1.],\n"
        "         [1., 1.]],\n"
        "\n"
        "        [[1., 1.],\n"
        "         [1., 1.]]]), torch.float32)\n"
        "(tensor(8.), tensor(8.), tensor(8.))\n"
        "(tensor(2.8284), tensor(2.8284), tensor(2.8284))\n"
        "tensor([4., 4.])\n"
        "tensor([2., 2.])\n"
        "tensor([[2., 2.],\n"
        "        [2., 2.]])\n"
        "tensor([[1.4142, 1.4142],\n"
        "        [1.4142, 1.4142]])\n"
    ),
    "000-s6.2-min-max-mean-sum-prod-argmax": (
        "tensor([[0., 1., 2., 3.],\n"
        "        [4., 5., 6., 7.]])\n"
        "(tensor(0.), tensor(7.), tensor(3.5000), tensor(28.), tensor(0.))\n"
        "(tensor(7), tensor(0))\n"
        "(tensor([1, 1, 1, 1]), tensor([0, 0, 0, 0]))\n"
        "(tensor([3, 3]), tensor([0, 0]))\n"
    ),
    "000-s6.3-dim-keepdim": (
        "torch.return_types.max(\n"
        "values=tensor([3., 7.]),\n"
        "indices=tensor([3, 3]))\n"
        "torch.return_types.max(\n"
        "values=tensor([[3.],\n"
        "        [7.]]),\n"
        "indices=tensor([[3],\n"
        "        [3]]))\n"
        "tensor([[3],\n"
        "        [3]])\n"
    ),
    "000-s6.4-topk-kthvalue": (
        "tensor([[0., 1., 2., 3.],\n"
        "        [4., 5., 6., 7.]])\n"
        "torch.return_types.topk(\n"
        "values=tensor([[3., 2., 1.],\n"
        "        [7., 6., 5.]]),\n"
        "indices=tensor([[3, 2, 1],\n"
        "        [3, 2, 1]]))\n"
        "torch.return_types.topk(\n"
        "values=tensor([[0., 1., 2.],\n"
        "        [4., 5., 6.]]),\n"
        "indices=tensor([[0, 1, 2],\n"
        "        [0, 1, 2]]))\n"
        "torch.return_types.kthvalue(\n"
        "values=tensor([3., 7.]),\n"
        "indices=tensor([3, 3]))\n"
        "torch.return_types.kthvalue(\n"
        "values=tensor([2., 6.]),\n"
        "indices=tensor([2, 2]))\n"
        "torch.return_types.kthvalue(\n"
        "values=tensor([1., 5.]),\n"
        "indices=tensor([1, 1]))\n"
    ),
    "000-s6.5-compare": (
        "tensor([[True, True, True, True],\n"
        "        [True, True, True, True]])\n"
        "True\n"
        "(tensor([[False,  True,  True,  True],\n"
        "        [ True,  True,  True,  True]]), torch.float32)\n"
        "tensor([[False,  True,  True,  True],\n"
        "        [ True,  True,  True,  True]])\n"
        "tensor([[False,  True,  True,  True],\n"
        "        [ True,  True,  True,  True]])\n"
        "(tensor([[1., 1., 1.],\n"
        "        [1., 1., 1.]]), tensor([[ 1.5410, -0.2934, -2.1788],\n"
        "        [ 0.5684, -1.0845, -1.3986]]))\n"
        "tensor([[False, False, False],\n"
        "        [False, False, False]])\n"
        "True\n"
    ),
    "000-s7.1-where": (
        "tensor([[0.6769, 0.7271],\n"
        "        [0.8884, 0.4163]])\n"
        "tensor([[0., 0.],\n"
        "        [0., 0.]])\n"
        "tensor([[1., 1.],\n"
        "        [1., 1.]])\n"
        "tensor([[0., 0.],\n"
        "        [0., 1.]])\n"
    ),
    "000-s7.2-gather": (
        "tensor([[-1.1258, -1.1524, -0.2506, -0.4339,  0.8487,  0.6920, -0.3160"
        ", -2.1152,\n"
        "          0.3223, -1.2633],\n"
        "        [ 0.3500,  0.3081,  0.1198,  1.2377,  1.1168, -0.2473, -1.3527"
        ", -1.6959,\n"
        "          0.5667,  0.7935],\n"
        "        [ 0.5988, -1.5551, -0.3414,  1.8530, -0.2159, -0.7425,  0.5627"
        ",  0.2596,\n"
        "         -0.1740, -0.6787],\n"
        "        [ 0.9383,  0.4889,  1.2032,  0.0845, -1.2001, -0.0048, -0.5181"
        ", -0.3067,\n"
        "         -1.5810,  1.7066]])\n"
        "torch.return_types.topk(\n"
        "values=tensor([[0.8487, 0.6920, 0.3223],\n"
        "        [1.2377, 1.1168, 0.7935],\n"
        "        [1.8530, 0.5988, 0.5627],\n"
        "        [1.7066, 1.2032, 0.9383]]),\n"
        "indices=tensor([[4, 5, 8],\n"
        "        [3, 4, 9],\n"
        "        [3, 0, 6],\n"
        "        [9, 2, 0]]))\n"
        "tensor([[4, 5, 8],\n"
        "        [3, 4, 9],\n"
        "        [3, 0, 6],\n"
        "        [9, 2, 0]])\n"
        "tensor([100, 101, 102, 103, 104, 105, 106, 107, 108, 109])\n"
        "tensor([[104, 105, 108],\n"
        "        [103, 104, 109],\n"
        "        [103, 100, 106],\n"
        "        [109, 102, 100]])\n"
    ),
    "000-s8.1-sigmoid-tanh-relu": (
        "tensor([-100.0000,  -77.7778,  -55.5556,  -33.3333,  -11.1111,   11.11"
        "11,\n"
        "          33.3333,   55.5556,   77.7778,  100.0000])\n"
        "tensor([0.0000e+00, 1.6655e-34, 7.4564e-25, 3.3382e-15, 1.4945e-05, 9."
        "9999e-01,\n"
        "        1.0000e+00, 1.0000e+00, 1.0000e+00, 1.0000e+00])\n"
        "tensor([-1.0000, -0.7778, -0.5556, -0.3333, -0.1111,  0.1111,  0.3333,"
        "  0.5556,\n"
        "         0.7778,  1.0000])\n"
        "tensor([-0.7616, -0.6514, -0.5047, -0.3215, -0.1107,  0.1107,  0.3215,"
        "  0.5047,\n"
        "         0.6514,  0.7616])\n"
        "tensor([0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.1111, 0.3333, 0.5556"
        ", 0.7778,\n"
        "        1.0000])\n"
        "tensor([0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.1111, 0.3333, 0.5556"
        ", 0.7778,\n"
        "        1.0000])\n"
    ),
    "000-s8.1-sign-and-gate": (
        "(tensor([-0.2000, -0.0500, -0.0500,  0.1000]), tensor([0., 0., 0., 1.]"
        "))\n"
        "tensor([0., 0., 0., 1.])\n"
    ),
    "000-s9.1-entropy": (
        "tensor([0.2500, 0.2500, 0.2500, 0.2500])\ntensor(2.)\ntensor(1.3568)\ntensor(0.0313)\n"
    ),
    "000-s9.2-autograd.grad-mse": ("(tensor([2.]),)\ntensor([2.])\n"),
    "000-s9.2-backward-non-scalar": (
        "tensor([0.4963, 0.7682, 0.0885], requires_grad=True)\n"
        "tensor([0.3358, 0.4408, 0.2234], grad_fn=<SoftmaxBackward0>)\n"
        "RuntimeError: grad can be implicitly created only for scalar outputs\n"
    ),
    "000-s9.2-softmax-gradient": (
        "(tensor([-0.1480,  0.2465, -0.0985]),)\n(tensor([-0.0750, -0.0985,  0.1735]),)\n"
    ),
    "000-s9.2-softmax-dims": (
        "(tensor([[[ 1.,  2.,  4.,  5.],\n"
        "         [ 3.,  4.,  4.,  5.],\n"
        "         [ 5.,  6.,  4.,  5.]],\n"
        "\n"
        "        [[ 5.,  6.,  4.,  5.],\n"
        "         [ 7.,  8.,  4.,  5.],\n"
        "         [ 9., 10.,  4.,  5.]]]), torch.Size([2, 3, 4]))\n"
        "(2, 3, 4)\n"
        "(2, 3, 4)\n"
        "tensor([[[0.0180, 0.0180, 0.5000, 0.5000],\n"
        "         [0.0180, 0.0180, 0.5000, 0.5000],\n"
        "         [0.0180, 0.0180, 0.5000, 0.5000]],\n"
        "\n"
        "        [[0.9820, 0.9820, 0.5000, 0.5000],\n"
        "         [0.9820, 0.9820, 0.5000, 0.5000],\n"
        "         [0.9820, 0.9820, 0.5000, 0.5000]]])\n"
        "tensor([[[0.0159, 0.0159, 0.3333, 0.3333],\n"
        "         [0.1173, 0.1173, 0.3333, 0.3333],\n"
        "         [0.8668, 0.8668, 0.3333, 0.3333]],\n"
        "\n"
        "        [[0.0159, 0.0159, 0.3333, 0.3333],\n"
        "         [0.1173, 0.1173, 0.3333, 0.3333],\n"
        "         [0.8668, 0.8668, 0.3333, 0.3333]]])\n"
        "tensor([[[0.0128, 0.0347, 0.2562, 0.6964],\n"
        "         [0.0723, 0.1966, 0.1966, 0.5344],\n"
        "         [0.1966, 0.5344, 0.0723, 0.1966]],\n"
        "\n"
        "        [[0.1966, 0.5344, 0.0723, 0.1966],\n"
        "         [0.2562, 0.6964, 0.0128, 0.0347],\n"
        "         [0.2671, 0.7262, 0.0018, 0.0049]]])\n"
    ),
    "002-s10.3-chain-rule": (
        "tensor(2.)\n"
        "tensor(2.)\n"
        "(tensor(3., grad_fn=<AddBackward0>), tensor(7., grad_fn=<AddBackward0>"
        "))\n"
    ),
    "001-s3-dtypes-and-types": (
        "torch.FloatTensor\n"
        "Tensor\n"
        "True\n"
        "False\n"
        "torch.DoubleTensor torch.LongTensor torch.IntTensor torch.ByteTensor\n"
        "True True\n"
        "True True\n"
        "0 2\n"
    ),
    "001-s3-creation-constant": (
        "tensor([[1., 1., 1.],\n"
        "        [1., 1., 1.],\n"
        "        [1., 1., 1.]])\n"
        "tensor([[0., 0., 0.],\n"
        "        [0., 0., 0.],\n"
        "        [0., 0., 0.]])\n"
        "tensor([[1., 0., 0., 0.],\n"
        "        [0., 1., 0., 0.],\n"
        "        [0., 0., 1., 0.]])\n"
        "tensor([[1., 0., 0.],\n"
        "        [0., 1., 0.],\n"
        "        [0., 0., 1.]])\n"
        "tensor([[7, 7, 7],\n"
        "        [7, 7, 7]])\n"
        "tensor([[7., 7., 7.],\n"
        "        [7., 7., 7.]])\n"
        "tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])\n"
        "tensor([0, 2, 4, 6, 8])\n"
        "tensor([ 0.0000,  3.3333,  6.6667, 10.0000])\n"
        "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10.])\n"
        "tensor([1.0000, 0.7743, 0.5995, 0.4642, 0.3594, 0.2783, 0.2154, 0.1668"
        ", 0.1292,\n"
        "        0.1000])\n"
    ),
    "003-s2B-inplace-views-out": (
        "__________________________________________________ B-tensor操作\n"
        "08-t_a+t_b=tensor([[2.5035, 3.7706, 1.1539],\n"
        "        [0.6892, 1.5120, 3.2179],\n"
        "        [2.8756, 3.9829, 2.6967],\n"
        "        [2.9486, 1.9485, 2.5596],\n"
        "        [0.1255, 0.8607, 1.5490]])\n"
        "09-torch.add(t_a,t_b)=tensor([[2.5035, 3.7706, 1.1539],\n"
        "        [0.6892, 1.5120, 3.2179],\n"
        "        [2.8756, 3.9829, 2.6967],\n"
        "        [2.9486, 1.9485, 2.5596],\n"
        "        [0.1255, 0.8607, 1.5490]])\n"
        "10-t_a.add_(t_b)=tensor([[2.5035, 3.7706, 1.1539],\n"
        "        [0.6892, 1.5120, 3.2179],\n"
        "        [2.8756, 3.9829, 2.6967],\n"
        "        [2.9486, 1.9485, 2.5596],\n"
        "        [0.1255, 0.8607, 1.5490]]),\n"
        "t_a=tensor([[2.5035, 3.7706, 1.1539],\n"
        "        [0.6892, 1.5120, 3.2179],\n"
        "        [2.8756, 3.9829, 2.6967],\n"
        "        [2.9486, 1.9485, 2.5596],\n"
        "        [0.1255, 0.8607, 1.5490]])\n"
        "11-t_a[0,:]=tensor([2.5035, 3.7706, 1.1539])\n"
        "t_g+=1后,tg=tensor([3.5035, 4.7706, 2.1539]),t_a[0,:]=tensor([3.5035, "
        "4.7706, 2.1539])\n"
        "12-t_a.shape=torch.Size([5, 3]),t_a.view(15).shape=torch.Size([15]),t_"
        "a.view(-1,5).shape=torch.Size([3, 5])\n"
        "13-id(t_a)==id(t_a.clone())=False\n"
        "tensor(100.) tensor(100.)\n"
        "tensor(100.)\n"
    ),
    "003-s2C-broadcasting": (
        "__________________________________________________ C-tensor广播机制\n"
        "14-广播机制:\n"
        "t_h=tensor([[1, 2]])\n"
        "t_i=tensor([[1],\n"
        "        [2],\n"
        "        [3]])\n"
        "t_h.shape=torch.Size([1, 2]),t_i.shape=torch.Size([3, 1])\n"
        "t_h+t_i=tensor([[2, 3],\n"
        "        [3, 4],\n"
        "        [4, 5]])\n"
    ),
    "003-s4.2-01-requires-grad": (
        "01-定义包含梯度追踪的张量:\n"
        "x=tensor([3., 2., 1., 4.], requires_grad=True)\n"
        "x.grad_fn=None\n"
        "x.requires_grad=True\n"
    ),
    "003-s4.2-02-grad-fn-is-leaf": (
        "02-追踪运算的梯度:\n"
        "z=tensor([[ 66.,  29.],\n"
        "        [ 10., 127.]], grad_fn=<ViewBackward0>)\n"
        "z.grad_fn=<ViewBackward0 object\n"
        "x.is_leaf=True,y.is_leaf=False,z.is_leaf=False\n"
    ),
    "003-s4.2-03-backward-with-gradient": (
        "03-z(张量)关于x的梯度:\ndz/dx=tensor([48.0000,  2.7000,  0.1200,  0.0750])\n"
    ),
    "003-s4.2-05-data": (
        "05-不影响反向传播下修改张量值,tensor.data:\n"
        "x_2.data=tensor([1.], requires_grad=True)\n"
        "x_2.data.requires_grad=False\n"
        "x_2=tensor([100.], requires_grad=True)\n"
        "x_2.grad=tensor([2.])\n"
    ),
    "003-s3.3-two-two-two-network-by-hand-vs-autograd": (
        "E_total=0.2983711087600027\n"
        "d_E_total_2_w_5=0.08216704056423077\n"
        "tensor(0.2984, dtype=torch.float64, grad_fn=<SumBackward0>)\n"
        "tensor([[ 0.0822,  0.0827],\n"
        "        [-0.0226, -0.0227]], dtype=torch.float64)\n"
        "tensor([[0.0004, 0.0009],\n"
        "        [0.0005, 0.0010]], dtype=torch.float64)\n"
        "tensor(0.0187, dtype=torch.float64) tensor(0.1004, dtype=torch.float64"
        ")\n"
        "True\n"
        "W2_update=[[0.35891647971788465, 0.4086661860762334], [0.5113012702387"
        "375, 0.5613701211079891]]\n"
        "W1_update=[[0.1497807161327628, 0.19956143226552567], [0.2497511436323"
        "6958, 0.29950228726473915]]\n"
    ),
    "003-s4.1-gradient-descent-fit-3x2": (
        "iteration:0,Loss=0.834984,w=4.854296\n"
        "iteration:10,Loss=0.183933,w=3.870301\n"
        "iteration:20,Loss=0.040517,w=3.408470\n"
        "iteration:30,Loss=0.008925,w=3.191713\n"
        "iteration:40,Loss=0.001966,w=3.089979\n"
        "iteration:50,Loss=0.000433,w=3.042231\n"
        "iteration:60,Loss=0.000095,w=3.019821\n"
        "iteration:70,Loss=0.000021,w=3.009303\n"
        "tensor(3.0064, dtype=torch.float64, requires_grad=True)\n"
    ),
    "004-tensor-initialize": (
        "tensor([[1, 2],\n"
        "        [3, 4]])\n"
        "tensor([[1, 2],\n"
        "        [3, 4]])\n"
        "Ones Tensor: \n"
        " tensor([[1, 1],\n"
        "        [1, 1]]) \n"
        "\n"
        "Random Tensor: \n"
        " tensor([[0.4963, 0.7682],\n"
        "        [0.0885, 0.1320]]) \n"
        "\n"
    ),
    "000-s3.3-t-on-4d": (
        "RuntimeError: t() expects a tensor with <= 2 dimensions, but self is 4D\n"
    ),
}

# The cases where numtorch's output is not torch's: numtorch bugs, each described precisely.
KNOWN_BUGS: dict[str, str] = {
    "000-s5.4-exp-log": (
        "torch.log in float32 is not rounded like torch's: torch.log(torch.exp(torch.ones(2, "
        "2))) is exactly 1 in torch (log(2.7182817) -> 1.0) and 0.99999994 in numtorch, so the "
        "cell prints 1.0000 instead of 1.; over 1e5 uniform float32 inputs in [0.01, 10.01) "
        "numtorch.log differs from torch.log in about 6.7% of the elements (numtorch.exp in ~1%)"
    ),
    "000-s10.1-float32-accumulation": (
        "float32 sum of 83,558,400 values: (torch.ones(300, 68, 64, 64) * 0.1).sum() * 10 is "
        "tensor(83558328.) in torch and tensor(83558408.) in numtorch (different summation "
        "order/blocking than torch's cascade sum)"
    ),
}


# The cases whose stdout agrees but whose warnings don't.
WARNING_BUGS: dict[str, str] = {}


def params_with_bugs(cases, bugs, known_bugs):
    """pytest params of ``cases``, a strict xfail on those ``bugs`` names (or, when ``bugs`` is
    the module's ``known_bugs``, on those whose Case carries an xfail reason)."""
    params = []
    for case in cases:
        reason = bugs.get(case.id) or (case.xfail if bugs is known_bugs else None)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(case, id=case.id, marks=marks))
    return params


def _params(cases, bugs):
    return params_with_bugs(cases, bugs, KNOWN_BUGS)


def test_case_ids_are_unique():
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))
    assert set(EXPECTED) | set(KNOWN_BUGS) | set(WARNING_BUGS) <= set(ids)


@pytest.mark.parametrize("case", _params(CASES, KNOWN_BUGS))
def test_note_cell_matches_torch(case, torch_ref):
    expected = run_cell(torch_ref, case.code)
    got = run_cell(numtorch, case.code)
    assert got == expected


@pytest.mark.parametrize("case", _params(CASES, WARNING_BUGS))
def test_note_cell_warns_like_torch(case, torch_ref):
    expected = execute_cell(torch_ref, case.code)[1]
    got = execute_cell(numtorch, case.code)[1]
    assert got == expected


@pytest.mark.parametrize("case", _params([c for c in CASES if c.id in EXPECTED], KNOWN_BUGS))
def test_note_cell_literal(case):
    assert run_cell(numtorch, case.code) == EXPECTED[case.id]
