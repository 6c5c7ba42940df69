"""Autograd: gradients of a small expression and of a function of a vector."""

import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
w = torch.tensor(0.5, requires_grad=True)
y = (w * x**2).sum() + torch.sin(x).mean()
y.backward()
print(y)
print(x.grad)
print(w.grad)
with torch.no_grad():
    z = x * 2
print(z.requires_grad, z)
(g,) = torch.autograd.grad((x.exp() * w).sum(), [x])
print(g)
