"""torchvision imports: transforms, datasets, utils resolve (no download needed)."""

import torch
import torchvision
from torchvision import transforms
from torchvision.utils import make_grid

t = transforms.Compose([transforms.Normalize((0.5,), (0.25,))])
x = torch.ones(1, 4, 4)
print(t(x)[0, 0])
print(make_grid(torch.zeros(4, 1, 2, 2), nrow=2, padding=1).shape)
print(hasattr(torchvision, "datasets"), callable(torchvision.datasets.MNIST))
