"""The machinery behind ``numtorch.random``: PyTorch's CPU random engine rebuilt on NumPy.

- ``engine``: MT19937 seeded, stepped and serialised exactly as ``at::CPUGeneratorImpl``.
- ``floatmath``: the float32 SIMD maths (``avx_mathfun.h``) and fused multiply-adds that
  PyTorch's x86-64 build uses, emulated bit for bit with NumPy.
- ``permutation``: ``randperm``'s Fisher-Yates shuffles without a Python loop per swap.
"""
