"""A tensor tour: creation, dtypes, arithmetic, reductions, indexing, reprs."""

import torch

torch.manual_seed(0)
a = torch.arange(12, dtype=torch.float32).reshape(3, 4)
print(a)
print(a.shape, a.dtype, a.sum(), a.mean(dim=0))
b = torch.randn(3, 4)
print(b)
print((a * b).round(decimals=3))
print(a[1:, ::2], a.T.contiguous().view(-1)[:5])
print(torch.tensor([1, 2, 3]) + torch.tensor([0.5]))
print(torch.zeros(2, 2, dtype=torch.int64), torch.ones(3).bool())
print(torch.cat([a, a], dim=0).shape, torch.stack([a, a]).shape)
print(a.max(dim=1))
print(isinstance(a, torch.Tensor), torch.is_tensor(a))
