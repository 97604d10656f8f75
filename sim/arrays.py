"""NumPy functions the model calls many times a week on small arrays, without their Python
layer: each returns exactly what the NumPy call it names returns (and draws the same random
numbers in the same order), for the inputs the model gives it. At a few thousand residents
a week is a few hundred such calls, and their checks and conversions cost more than the
work itself.

:func:`compiled` is the other half of that: a mechanism's arithmetic over the residents,
compiled to one loop.
"""

from __future__ import annotations

import numba
import numpy as np

#: Compiles a function of arrays and numbers to machine code (numba), on its first call, once
#: per machine: the code is cached beside the module (``__pycache__``). A week of the model is
#: some twenty such steps over every resident, each a handful of NumPy operations; one loop in
#: place of those operations takes a fraction of their time, since each operation costs
#: about a microsecond before it touches an element and makes a new array. Written in the
#: order of the NumPy expression it replaces, with the same operations (no fused
#: multiply-adds: numba's default), a compiled loop gives the same numbers bit for bit; the
#: random draws, ``exp``, ``log`` and powers stay NumPy's, so that they too are unchanged.
compiled = numba.njit(cache=True, nogil=True)


def draws_with_replacement(
    a: np.ndarray, size: int, prob: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """``rng.choice(a, size=size, p=prob)`` (with replacement) without its checks of
    ``prob``: the same numbers drawn the same way (NumPy's own method), for a ``prob`` that is
    finite, non-negative and sums to 1."""
    cdf = prob.cumsum()
    cdf /= cdf[-1]
    return a[cdf.searchsorted(rng.random(size), side="right")]


def draws_without_replacement(
    a: np.ndarray, size: int, prob: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """``rng.choice(a, size=size, replace=False, p=prob)`` without its checks of ``prob``: the
    same numbers drawn the same way, for a ``prob`` that is finite, non-negative, sums to 1
    and has at least ``size`` positive entries.

    NumPy's own method: draw the missing number of values from the distribution with the
    ones found so far taken out, keep the first occurrence of each new value (in the order
    drawn), and repeat until there are ``size`` (``Generator.choice``, NumPy 1.17 to 2.x).
    The checks and conversions around it cost more than the draws for the few residents a
    familiar face talks to.
    """
    found: list[int] = []
    p = prob.copy()
    while len(found) < size:
        x = rng.random((size - len(found),))
        if found:
            p[found] = 0
        cdf = np.cumsum(p)
        cdf /= cdf[-1]
        new = cdf.searchsorted(x, side="right").tolist()
        found += dict.fromkeys(new)  # distinct, in the order first drawn
    return a[np.array(found, dtype=np.int64)]


#: Up to this many values :func:`distinct` sorts them as Python integers.
_FEW = 32


def distinct(x: np.ndarray) -> np.ndarray:
    """``np.unique(x)`` for a non-empty 1-d integer array: its distinct values, sorted
    (without ``np.unique``'s Python layer, which costs more than the sort for a few values;
    and for the few a professional meets in a week, as a Python set)."""
    if len(x) <= _FEW:
        return np.array(sorted(set(x.tolist())), dtype=x.dtype)
    s = np.sort(x)
    return s[np.concatenate(([True], s[1:] != s[:-1]))]
