"""Uses torch.distributed, which numtorch does not provide: shows the clear ImportError."""

import torch
import torch.distributed as dist

print(torch.ones(1), dist.is_available())
