"""The ops, by family: each op a small class with forward (arrays) and backward (Tensors)."""
