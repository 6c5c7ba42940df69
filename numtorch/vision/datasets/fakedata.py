"""FakeData: random images, reproducible per index (``torchvision.datasets.FakeData``)."""

from __future__ import annotations

import numtorch

from .. import transforms
from .vision import VisionDataset


class FakeData(VisionDataset):
    """A fake dataset that returns randomly generated images as PIL images.

    Sample ``i`` is drawn with the global generator seeded by ``i + random_offset`` (and the
    generator's state restored afterwards), so it is the same image torchvision would give.
    """

    def __init__(self, size=1000, image_size=(3, 224, 224), num_classes=10, transform=None,
                 target_transform=None, random_offset=0):  # fmt: skip
        super().__init__(transform=transform, target_transform=target_transform)
        self.size = size
        self.num_classes = num_classes
        self.image_size = image_size
        self.random_offset = random_offset

    def __getitem__(self, index: int):
        if index >= len(self):
            raise IndexError(f"{self.__class__.__name__} index out of range")
        rng_state = numtorch.get_rng_state()
        numtorch.manual_seed(index + self.random_offset)
        img = numtorch.randn(*self.image_size)
        target = numtorch.randint(0, self.num_classes, size=(1,), dtype=numtorch.long)[0]
        numtorch.set_rng_state(rng_state)
        img = transforms.ToPILImage()(img)
        if self.transform is not None:
            img = self.transform(img)
        if self.target_transform is not None:
            target = self.target_transform(target)
        return img, target.item()

    def __len__(self) -> int:
        return self.size
