"""Where the model's matrix products run: numpy's BLAS (OpenBLAS), one thread at a time.

Why not thinc's default: thinc multiplies matrices with the BLIS library bundled in the `blis`
package, which picks its CPU kernel from a table of CPUs it knows. On a CPU newer than that
table it falls back to its portable reference kernel: on this machine's AMD EPYC (family 25,
Zen 4) `BLIS_ARCH_DEBUG=1` prints "selecting sub-configuration 'generic'", and a 512x512 float
product takes 4.5x as long as numpy's. numpy's OpenBLAS recognises current CPUs by itself
(it picks its Skylake-X kernel there). Measured on 60 `extraction` pages in one process,
`extract_batch`: 31-35 s of CPU with BLIS, 20-24 s with numpy's BLAS; every row identical.
Only the products that go through `Ops.gemm` move (the embedding and encoding layers); the
parser's inner loop keeps thinc's own C calls, a small share.

Why one thread: the pipeline already runs one worker process per core, and OpenBLAS's own
threads spin waiting for work between the small products of a parse. With OpenBLAS's default
threads the same run took 55 s of CPU instead of 20-24.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


def use_numpy_blas(nlp) -> None:
    """Every model layer of the pipeline multiplies matrices with numpy (thinc's `NumpyOps` without BLIS).

    Set on the loaded pipeline rather than around `spacy.load`, because the parser and the
    recogniser make their output layer again after loading, with whatever ops are current then."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _name, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for layer in model.walk():
                layer.ops = ops


@contextmanager
def single_threaded_blas() -> Iterator[None]:
    """numpy's BLAS limited to one thread inside the block, its previous limit restored after."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield
