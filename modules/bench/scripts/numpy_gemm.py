"""numpy (OpenBLAS) dgemm/sgemm timings for compare.sh; prints one JSON object.

Usage: numpy_gemm.py SIZES DTYPE, e.g. numpy_gemm.py 256,1024 float64. The thread count is the
caller's OPENBLAS_NUM_THREADS (it must be set before numpy loads OpenBLAS, hence one process per count).

Timing: for each n, ROUNDS_WARMUP rounds then ROUNDS measured rounds; a round times CALLS[n] calls of
np.matmul(a, b, out=c) on the same U(-1, 1) operands (about 0.1-0.5 s per round at 50 GFLOP/s) and
yields one GFLOP/s figure. The report quotes the median round; all rounds are in the JSON.
"""

import ctypes
import json
import os
import statistics
import sys
import time

import numpy as np

ROUNDS_WARMUP = 3
ROUNDS = 10
CALLS = {64: 20000, 128: 4000, 256: 500, 512: 60, 1024: 8, 2048: 1}


def openblas_info():
    """Version and core type of the OpenBLAS that numpy loaded (the same instance, via /proc/self/maps)."""
    with open("/proc/self/maps") as maps:
        paths = sorted({line.split()[-1] for line in maps if "openblas" in line and ".so" in line})
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            lib.openblas_get_config.restype = ctypes.c_char_p
            lib.openblas_get_num_threads.restype = ctypes.c_int
            return {
                "library": path,
                "core": lib.openblas_get_corename().decode(),
                "config": lib.openblas_get_config().decode(),
                "threads": lib.openblas_get_num_threads(),
            }
        except (OSError, AttributeError):
            continue
    return {"library": "unknown"}


def main():
    sizes = [int(s) for s in sys.argv[1].split(",")]
    dtype = np.dtype(sys.argv[2])
    rng = np.random.default_rng(1)
    results = []
    for n in sizes:
        a = rng.uniform(-1, 1, (n, n)).astype(dtype)
        b = rng.uniform(-1, 1, (n, n)).astype(dtype)
        c = np.empty((n, n), dtype=dtype)
        calls = CALLS.get(n, max(1, int(2e10 / (2 * n**3))))
        flops = 2.0 * n**3 * calls
        rounds = []
        for r in range(ROUNDS_WARMUP + ROUNDS):
            start = time.perf_counter()
            for _ in range(calls):
                np.matmul(a, b, out=c)
            elapsed = time.perf_counter() - start
            if r >= ROUNDS_WARMUP:
                rounds.append(flops / elapsed / 1e9)
        results.append({"n": n, "calls_per_round": calls, "gflops": rounds, "median": statistics.median(rounds)})
    print(json.dumps({
        "numpy": np.__version__,
        "dtype": str(dtype),
        "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS"),
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
        "openblas": openblas_info(),
        "rounds": ROUNDS,
        "warmup_rounds": ROUNDS_WARMUP,
        "results": results,
    }))


if __name__ == "__main__":
    main()
