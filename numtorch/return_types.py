"""Named tuples returned by ops such as ``max(dim)``.

``torch.return_types.max(values=..., indices=...)``.
"""

from __future__ import annotations


class _ReturnType(tuple):
    _fields: tuple = ()

    def __new__(cls, *values):
        if len(values) == 1 and isinstance(values[0], tuple) and len(cls._fields) != 1:
            values = values[0]
        return super().__new__(cls, values)

    def __getattr__(self, name):
        try:
            return self[self._fields.index(name)]
        except ValueError:
            raise AttributeError(name) from None

    def __repr__(self):
        body = ",\n".join(f"{f}={v!r}" for f, v in zip(self._fields, self))
        return f"torch.return_types.{type(self).__name__}(\n{body})"

    def __reduce__(self):
        return (type(self), (tuple(self),))


def _named(name, fields):
    return type(name, (_ReturnType,), {"_fields": fields, "__slots__": ()})


max = _named("max", ("values", "indices"))  # noqa: A001
min = _named("min", ("values", "indices"))  # noqa: A001
sort = _named("sort", ("values", "indices"))
topk = _named("topk", ("values", "indices"))
kthvalue = _named("kthvalue", ("values", "indices"))
median = _named("median", ("values", "indices"))
nanmedian = _named("nanmedian", ("values", "indices"))
mode = _named("mode", ("values", "indices"))
cummax = _named("cummax", ("values", "indices"))
cummin = _named("cummin", ("values", "indices"))
aminmax = _named("aminmax", ("min", "max"))
qr = _named("qr", ("Q", "R"))
slogdet = _named("slogdet", ("sign", "logabsdet"))
svd = _named("svd", ("U", "S", "V"))
linalg_svd = _named("linalg_svd", ("U", "S", "Vh"))
linalg_eigh = _named("linalg_eigh", ("eigenvalues", "eigenvectors"))
linalg_eig = _named("linalg_eig", ("eigenvalues", "eigenvectors"))
linalg_slogdet = _named("linalg_slogdet", ("sign", "logabsdet"))
linalg_qr = _named("linalg_qr", ("Q", "R"))
histogram = _named("histogram", ("hist", "bin_edges"))
