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
#: A compiled function calls compiled functions of its own module only: numba renews a
#: cached function when its own file changes, not when a file it calls into does.
compiled = numba.njit(cache=True, nogil=True)


@compiled
def float_sum(a):
    """``np.sum(a)`` of a 1-d float64 array, bit for bit, in compiled code: NumPy's own order
    of adding, which differs from adding one by one in the last bits. NumPy adds pairwise:
    it halves the array (at a multiple of 8) down to blocks of at most 128, adds each block in
    eight interleaved running sums, and adds the two halves' sums. Here the halving is kept
    on a stack (numba caches no recursive function)."""
    if len(a) <= 128:
        return 0.0 + _block_sum(a, 0, len(a))
    # Each task: start, length, and whether its halves are added up already (1) or not (0).
    todo = np.empty((128, 3), np.int64)
    sums = np.empty(128)
    todo[0] = 0, len(a), 0
    tasks = 1
    done = 0
    while tasks:
        tasks -= 1
        start, n, halves_done = todo[tasks]
        if n <= 128:
            sums[done] = _block_sum(a, start, n)
            done += 1
        elif halves_done:
            done -= 1
            sums[done - 1] += sums[done]
        else:
            half = n // 2
            half -= half % 8
            todo[tasks] = start, n, 1
            todo[tasks + 1] = start + half, n - half, 0
            todo[tasks + 2] = start, half, 0
            tasks += 3
    return 0.0 + sums[0]


@compiled
def _block_sum(a, start, n):
    """NumPy's sum of ``a[start : start + n]`` for ``n`` up to 128 (see :func:`float_sum`)."""
    if n < 8:
        total = 0.0
        for i in range(start, start + n):
            total += a[i]
        return total
    a0, a1, a2, a3 = a[start], a[start + 1], a[start + 2], a[start + 3]
    a4, a5, a6, a7 = a[start + 4], a[start + 5], a[start + 6], a[start + 7]
    i = start + 8
    end = start + n - n % 8
    while i < end:
        a0 += a[i]
        a1 += a[i + 1]
        a2 += a[i + 2]
        a3 += a[i + 3]
        a4 += a[i + 4]
        a5 += a[i + 5]
        a6 += a[i + 6]
        a7 += a[i + 7]
        i += 8
    total = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7))
    for j in range(i, start + n):
        total += a[j]
    return total


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
    found = np.empty(size, dtype=np.int64)
    n_found = 0
    p = prob.copy()
    while n_found < size:
        n_found = _found_more(p, found, n_found, rng.random(size - n_found))
    return a[found]


@compiled
def _found_more(p, found, n_found, x):
    """One round of :func:`draws_without_replacement`: take the values found so far out of
    ``p``, draw by ``x`` and add the new values, each once, in the order drawn. Returns how
    many values are found now."""
    for j in range(n_found):
        p[found[j]] = 0
    cdf = np.cumsum(p)
    cdf /= cdf[-1]
    for v in np.searchsorted(cdf, x, side="right"):
        if v not in found[:n_found]:
            found[n_found] = v
            n_found += 1
    return n_found


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
