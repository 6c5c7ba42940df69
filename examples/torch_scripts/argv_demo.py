"""Shows what a script sees of its own invocation: sys.argv, __name__, __file__, sys.path[0]."""

import os
import sys

import torch

print("argv", sys.argv[1:])
print("argv0", os.path.basename(sys.argv[0]))
print("name", __name__)
print("file", os.path.basename(__file__), os.path.isabs(__file__))
print("path0", os.path.normcase(sys.path[0]) == os.path.normcase(os.path.dirname(__file__)))
print("tensor", torch.tensor([float(a) for a in sys.argv[1:]]).sum())
