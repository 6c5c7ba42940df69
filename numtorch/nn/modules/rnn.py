"""Recurrent layers: RNN, LSTM, GRU and their single-step cells.

The input projection of every time step is one BLAS matmul over the whole sequence; only the
recurrent product ``h @ W_hh^T`` and the gate math run per time step (a loop over time, never over
the batch). The graph is built from Tensor ops, so backward (and double backward) come free.
"""

from __future__ import annotations

import math
import numbers
import warnings

import numpy as np

from ..._tensor import Tensor
from ...autograd.grad_mode import _state
from ...autograd.node import Op
from ...ops.creation import empty, zeros
from ...ops.joining import cat, stack
from .. import _functional_norm as FN
from .. import init
from ..parameter import Parameter
from .module import Module

__all__ = ["RNNBase", "RNN", "LSTM", "GRU", "RNNCellBase", "RNNCell", "LSTMCell", "GRUCell"]

_GATES = {"LSTM": 4, "GRU": 3, "RNN_TANH": 1, "RNN_RELU": 1}


def _linear(x, weight, bias):
    out = x @ weight.t()
    return out + bias if bias is not None else out


# --- one time step of each cell, on already projected inputs -----------------------------------
def _rnn_step(gi, h, w_hh, b_hh, relu):
    pre = gi + _linear(h, w_hh, b_hh)
    return pre.relu() if relu else pre.tanh()


def _lstm_step(gi, state, w_hh, b_hh, w_hr=None):
    h, c = state
    gates = gi + _linear(h, w_hh, b_hh)
    h, c = LSTMPointwise.apply(gates, c)
    if w_hr is not None:
        h = h @ w_hr.t()
    return h, c


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


class LSTMPointwise(Op):
    """The gate math of one LSTM step, fused: (gates, c) -> (h', c').

    i, f, g, o = sigmoid, sigmoid, tanh, sigmoid of the four gate blocks; c' = f c + i g;
    h' = o tanh(c'). One op instead of a dozen per time step; its backward is fused in NumPy
    unless a graph is being built (create_graph), where it is written with Tensor ops.
    """

    @staticmethod
    def forward(ctx, gates, c):
        i, f, g, o = np.split(gates, 4, axis=-1)
        i, f, o, g = _sigmoid(i), _sigmoid(f), _sigmoid(o), np.tanh(g)
        c_new = f * c + i * g
        tc = np.tanh(c_new)
        ctx.save_for_backward(gates, c)
        ctx.parts = (i, f, g, o, tc)
        return (o * tc).astype(gates.dtype, copy=False), c_new.astype(gates.dtype, copy=False)

    @staticmethod
    def backward(ctx, gh, gc):
        gates, c = ctx.saved_tensors
        if _state.enabled:  # create_graph: the same math in differentiable Tensor ops
            i, f, g, o = gates.chunk(4, -1)
            i, f, g, o = i.sigmoid(), f.sigmoid(), g.tanh(), o.sigmoid()
            tc = (f * c + i * g).tanh()
            cat_ = cat
        else:
            i, f, g, o, tc = ctx.parts
            gh, gc, c = gh._data, gc._data, c._data
            cat_ = np.concatenate
        dc = gc + gh * o * (1 - tc * tc)
        d_gates = cat_(
            [
                dc * g * i * (1 - i),
                dc * c * f * (1 - f),
                dc * i * (1 - g * g),
                gh * tc * o * (1 - o),
            ],
            -1,
        )
        d_c = dc * f
        if _state.enabled:
            return d_gates, d_c
        dt = gates._data.dtype
        return Tensor._make(d_gates.astype(dt, copy=False)), Tensor._make(
            d_c.astype(dt, copy=False)
        )


def _gru_step(gi, h, w_hh, b_hh):
    gh = _linear(h, w_hh, b_hh)
    i_r, i_z, i_n = gi.chunk(3, -1)
    h_r, h_z, h_n = gh.chunk(3, -1)
    r = (i_r + h_r).sigmoid()
    z = (i_z + h_z).sigmoid()
    n = (i_n + r * h_n).tanh()
    return (1 - z) * n + z * h


class RNNBase(Module):
    """Base class of RNN, LSTM and GRU: PyTorch's parameter names, order and initialisation."""

    __constants__ = ["mode", "input_size", "hidden_size", "num_layers", "bias", "batch_first",
                     "dropout", "bidirectional", "proj_size"]  # fmt: skip

    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True, batch_first=False,
                 dropout=0.0, bidirectional=False, proj_size=0, device=None,
                 dtype=None):  # fmt: skip
        super().__init__()
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout)
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        _check_args(mode, input_size, hidden_size, num_layers, bias, batch_first, dropout,
                    proj_size)  # fmt: skip
        factory = {"device": device, "dtype": dtype}
        gate_size = _GATES[mode] * hidden_size
        directions = 2 if bidirectional else 1
        real_hidden = proj_size if proj_size > 0 else hidden_size
        self._flat_weights_names = []
        for layer in range(num_layers):
            for direction in range(directions):
                layer_input = input_size if layer == 0 else real_hidden * directions
                suffix = "_reverse" if direction == 1 else ""
                shapes = [("weight_ih", (gate_size, layer_input)),
                          ("weight_hh", (gate_size, real_hidden))]  # fmt: skip
                if bias:
                    shapes += [("bias_ih", (gate_size,)), ("bias_hh", (gate_size,))]
                if proj_size > 0:
                    shapes += [("weight_hr", (proj_size, hidden_size))]
                for name, shape in shapes:
                    full = f"{name}_l{layer}{suffix}"
                    setattr(self, full, Parameter(empty(shape, **factory)))
                    self._flat_weights_names.append(full)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        # every weight and bias U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), in registration order
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def _layer_params(self, layer, direction):
        suffix = "_reverse" if direction == 1 else ""

        def get(name):
            return getattr(self, f"{name}_l{layer}{suffix}", None)

        return get("weight_ih"), get("weight_hh"), get("bias_ih"), get("bias_hh"), get("weight_hr")

    def extra_repr(self) -> str:
        s = "{input_size}, {hidden_size}"
        if self.proj_size != 0:
            s += ", proj_size={proj_size}"
        if self.num_layers != 1:
            s += ", num_layers={num_layers}"
        if self.bias is not True:
            s += ", bias={bias}"
        if self.batch_first is not False:
            s += ", batch_first={batch_first}"
        if self.dropout != 0:
            s += ", dropout={dropout}"
        if self.bidirectional is not False:
            s += ", bidirectional={bidirectional}"
        return s.format(**self.__dict__)

    # -- the recurrence ---------------------------------------------------------------------
    def _run_direction(self, x, state, layer, direction):
        """One layer in one direction over x (L, N, H_in): outputs (L, N, H) and final state."""
        w_ih, w_hh, b_ih, b_hh, w_hr = self._layer_params(layer, direction)
        steps = x.shape[0]
        # every time step's input projection: one 2-D matmul (a single BLAS call)
        gi_all = _linear(x.reshape(-1, x.shape[-1]), w_ih, b_ih).reshape(steps, x.shape[1], -1)
        order = range(steps - 1, -1, -1) if direction == 1 else range(steps)
        outputs = [None] * steps
        gi_steps = gi_all.unbind(0)  # one node whose backward stacks, not a select per step
        for t in order:
            gi = gi_steps[t]
            if self.mode == "LSTM":
                state = _lstm_step(gi, state, w_hh, b_hh, w_hr)
                outputs[t] = state[0]
            elif self.mode == "GRU":
                state = _gru_step(gi, state, w_hh, b_hh)
                outputs[t] = state
            else:
                state = _rnn_step(gi, state, w_hh, b_hh, self.mode == "RNN_RELU")
                outputs[t] = state
        return stack(outputs), state

    def _initial_state(self, input, batch, hx):
        directions = 2 if self.bidirectional else 1
        real_hidden = self.proj_size if self.proj_size > 0 else self.hidden_size
        shape = (self.num_layers * directions, batch, real_hidden)
        if hx is not None:
            return hx
        h = zeros(shape, dtype=input.dtype, device=input.device)
        if self.mode == "LSTM":
            c = zeros((shape[0], batch, self.hidden_size), dtype=input.dtype, device=input.device)
            return h, c
        return h

    def forward(self, input, hx=None):
        batched = input.dim() == 3
        if input.dim() not in (2, 3):
            raise ValueError(
                f"{type(self).__name__}: Expected input to be 2D or 3D, got {input.dim()}D "
                "input instead"
            )
        if not batched:
            input = input.unsqueeze(1)
            if hx is not None:
                hx = tuple(h.unsqueeze(1) for h in hx) if self.mode == "LSTM" else hx.unsqueeze(1)
        elif self.batch_first:
            input = input.transpose(0, 1)
        hx = self._initial_state(input, input.shape[1], hx)
        directions = 2 if self.bidirectional else 1
        x, finals = input, []
        for layer in range(self.num_layers):
            outs = []
            for direction in range(directions):
                k = layer * directions + direction
                state = (hx[0][k], hx[1][k]) if self.mode == "LSTM" else hx[k]
                out, state = self._run_direction(x, state, layer, direction)
                outs.append(out)
                finals.append(state)
            x = outs[0] if directions == 1 else cat(outs, -1)
            if self.dropout and self.training and layer < self.num_layers - 1:
                x = FN.dropout(x, self.dropout, True)
        if self.mode == "LSTM":
            h_n = stack([s[0] for s in finals])
            c_n = stack([s[1] for s in finals])
        else:
            h_n = stack(finals)
        if not batched:
            x = x.squeeze(1)
            h_n = h_n.squeeze(1)
            if self.mode == "LSTM":
                c_n = c_n.squeeze(1)
        elif self.batch_first:
            x = x.transpose(0, 1)
        return (x, (h_n, c_n)) if self.mode == "LSTM" else (x, h_n)


def _check_args(mode, input_size, hidden_size, num_layers, bias, batch_first, dropout,
                proj_size):  # fmt: skip
    if (
        not isinstance(dropout, numbers.Number)
        or not 0 <= dropout <= 1
        or isinstance(dropout, bool)
    ):
        raise ValueError(
            "dropout should be a number in range [0, 1] representing the probability of an "
            "element being zeroed"
        )
    if dropout > 0 and num_layers == 1:
        warnings.warn(
            "dropout option adds dropout after all but last recurrent layer, so non-zero dropout "
            f"expects num_layers greater than 1, but got dropout={dropout} and "
            f"num_layers={num_layers}",
            stacklevel=3,
        )
    if not isinstance(bias, bool):
        raise TypeError(f"bias should be of type bool, got: {type(bias).__name__}")
    if not isinstance(batch_first, bool):
        raise TypeError(f"batch_first should be of type bool, got: {type(batch_first).__name__}")
    if not isinstance(input_size, int):
        raise TypeError(f"input_size should be of type int, got: {type(input_size).__name__}")
    if input_size <= 0:
        raise ValueError("input_size must be greater than zero")
    if not isinstance(hidden_size, int):
        raise TypeError(f"hidden_size should be of type int, got: {type(hidden_size).__name__}")
    if hidden_size <= 0:
        raise ValueError("hidden_size must be greater than zero")
    if num_layers <= 0:
        raise ValueError("num_layers must be greater than zero")
    if proj_size < 0:
        raise ValueError("proj_size should be a positive integer or zero to disable projections")
    if proj_size >= hidden_size:
        raise ValueError("proj_size has to be smaller than hidden_size")
    if proj_size and mode != "LSTM":
        raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")


class RNN(RNNBase):
    """Elman RNN: h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh) (or ReLU).

    Shape: input (L, N, H_in), (N, L, H_in) with batch_first, or (L, H_in); output (L, N, D*H).
    """

    def __init__(self, *args, nonlinearity="tanh", **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        if len(args) > 3:
            nonlinearity = args[3]
            args = args[:3] + args[4:]
        if nonlinearity == "tanh":
            mode = "RNN_TANH"
        elif nonlinearity == "relu":
            mode = "RNN_RELU"
        else:
            raise ValueError(
                f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'."
            )
        self.nonlinearity = nonlinearity
        super().__init__(mode, *args, **kwargs)


class LSTM(RNNBase):
    """Long short-term memory: input, forget, cell and output gates; returns (out, (h_n, c_n))."""

    def __init__(self, *args, **kwargs):
        super().__init__("LSTM", *args, **kwargs)


class GRU(RNNBase):
    """Gated recurrent unit: reset and update gates; returns (out, h_n)."""

    def __init__(self, *args, **kwargs):
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        super().__init__("GRU", *args, **kwargs)


class RNNCellBase(Module):
    """Base of the single-step cells: weight_ih, weight_hh, bias_ih, bias_hh."""

    __constants__ = ["input_size", "hidden_size", "bias"]

    def __init__(self, input_size, hidden_size, bias, num_chunks, device=None, dtype=None):
        factory = {"device": device, "dtype": dtype}
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        self.weight_ih = Parameter(empty((num_chunks * hidden_size, input_size), **factory))
        self.weight_hh = Parameter(empty((num_chunks * hidden_size, hidden_size), **factory))
        if bias:
            self.bias_ih = Parameter(empty(num_chunks * hidden_size, **factory))
            self.bias_hh = Parameter(empty(num_chunks * hidden_size, **factory))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def extra_repr(self) -> str:
        s = "{input_size}, {hidden_size}"
        if "bias" in self.__dict__ and self.bias is not True:
            s += ", bias={bias}"
        if "nonlinearity" in self.__dict__ and self.nonlinearity != "tanh":
            s += ", nonlinearity={nonlinearity}"
        return s.format(**self.__dict__)

    def reset_parameters(self) -> None:
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def _prepare(self, input, hx, lstm=False):
        if input.dim() not in (1, 2):
            raise ValueError(
                f"{type(self).__name__}: Expected input to be 1D or 2D, got {input.dim()}D instead"
            )
        batched = input.dim() == 2
        if not batched:
            input = input.unsqueeze(0)
        if hx is None:
            h = zeros((input.shape[0], self.hidden_size), dtype=input.dtype, device=input.device)
            hx = (h, h) if lstm else h
        elif not batched:
            hx = tuple(h.unsqueeze(0) for h in hx) if lstm else hx.unsqueeze(0)
        return input, hx, batched


class RNNCell(RNNCellBase):
    """One Elman RNN step: h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh) (or ReLU)."""

    __constants__ = ["input_size", "hidden_size", "bias", "nonlinearity"]

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None,
                 dtype=None):  # fmt: skip
        super().__init__(input_size, hidden_size, bias, num_chunks=1, device=device, dtype=dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        if self.nonlinearity not in ("tanh", "relu"):
            raise RuntimeError(f"Unknown nonlinearity: {self.nonlinearity}")
        input, hx, batched = self._prepare(input, hx)
        gi = _linear(input, self.weight_ih, self.bias_ih)
        h = _rnn_step(gi, hx, self.weight_hh, self.bias_hh, self.nonlinearity == "relu")
        return h if batched else h.squeeze(0)


class LSTMCell(RNNCellBase):
    """One LSTM step; returns (h', c')."""

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=4, device=device, dtype=dtype)

    def forward(self, input, hx=None):
        input, hx, batched = self._prepare(input, hx, lstm=True)
        gi = _linear(input, self.weight_ih, self.bias_ih)
        h, c = _lstm_step(gi, hx, self.weight_hh, self.bias_hh)
        return (h, c) if batched else (h.squeeze(0), c.squeeze(0))


class GRUCell(RNNCellBase):
    """One GRU step."""

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, num_chunks=3, device=device, dtype=dtype)

    def forward(self, input, hx=None):
        input, hx, batched = self._prepare(input, hx)
        gi = _linear(input, self.weight_ih, self.bias_ih)
        h = _gru_step(gi, hx, self.weight_hh, self.bias_hh)
        return h if batched else h.squeeze(0)
