"""Fit y = 3x - 1 with nn.Linear, MSELoss and torch.optim.SGD (seeded, deterministic)."""

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import optim
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(42)
x = torch.linspace(-1, 1, 64).unsqueeze(1)
y = 3 * x - 1
loader = DataLoader(TensorDataset(x, y), batch_size=16, shuffle=True)
model = nn.Linear(1, 1)
opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=10, gamma=0.5)
print(model)
for epoch in range(30):
    total = 0.0
    for xb, yb in loader:
        opt.zero_grad()
        loss = F.mse_loss(model(xb), yb)
        loss.backward()
        opt.step()
        total += loss.item()
    sched.step()
    if epoch % 10 == 9:
        print(f"epoch {epoch + 1}: loss {total / len(loader):.4f}")
print(f"weight {model.weight.item():.3f} bias {model.bias.item():.3f}")
print(isinstance(model, torch.nn.Module), type(model).__name__)
