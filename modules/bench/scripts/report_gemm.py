"""Writes a GEMM section of the comparison (Markdown) from JMH's JSON and numpy_gemm.py's JSON.

Usage: report_gemm.py double|single JMH_JSON NUMPY_1_THREAD_JSON NUMPY_2_THREADS_JSON CONTEXT_JSON OUT_MD
Every figure is the median of its repetitions (JMH: the measurement iterations; numpy: the rounds).
double: learnbench's GemmBenchmark, EJML's EjmlGemmBenchmark and numpy float64; single: SgemmBenchmark and
numpy float32 (EJML is not measured in single precision).
"""

import json
import statistics
import sys


def jmh_medians(runs):
    """{(benchmark, n, threads, kernel): median GFLOP/s over the measurement iterations}."""
    out = {}
    for run in runs:
        name = run["benchmark"].rsplit(".", 2)[-2]
        params = run.get("params", {})
        raw = [v for fork in run["secondaryMetrics"]["flops"]["rawData"] for v in fork]
        key = (name, int(params["n"]), int(params["threads"]), params.get("kernel", ""))
        out[key] = statistics.median(raw) / 1e9
    return out


def main():
    precision, jmh_path, np1_path, np2_path, context_path, out_path = sys.argv[1:7]
    double = precision == "double"
    bench = "GemmBenchmark" if double else "SgemmBenchmark"
    runs = json.load(open(jmh_path))
    jmh = jmh_medians(runs)
    first = runs[0]
    numpy = {1: json.load(open(np1_path)), 2: json.load(open(np2_path))}
    ctx = json.load(open(context_path))
    blas = {(t, r["n"]): r["median"] for t, d in numpy.items() for r in d["results"]}
    sizes = sorted({k[1] for k in jmh})

    def lb(n, t, kernel="VECTOR"):
        return jmh.get((bench, n, t, kernel))

    def ejml(n, t):
        return jmh.get(("EjmlGemmBenchmark", n, t, ""))

    def fmt(x):
        return "-" if x is None else f"{x:.1f}"

    def ratio(x, y):
        return "-" if x is None or y is None or y == 0 else f"{x / y:.2f}x"

    core = numpy[1]["openblas"].get("core", "?")
    title = "dgemm: C = A B, square, double precision" if double else "sgemm: C = A B, square, single precision"
    lines = [
        "## " + title,
        "",
        f"{ctx['date']}, {ctx['cpu']}, {ctx['cores']} cores; JDK {first['jdkVersion']} ({first['vmName']}"
        f" {first['vmVersion']}); numpy {numpy[1]['numpy']} with"
        f" {numpy[1]['openblas'].get('config', 'OpenBLAS')} (core {core}, OPENBLAS_CORETYPE"
        f" {'unset' if numpy[1]['OPENBLAS_CORETYPE'] is None else numpy[1]['OPENBLAS_CORETYPE']});"
        f" load average {ctx['load_before']} before, {ctx['load_after']} after.",
        "",
        "```bash",
        ctx["command"],
        "```",
        "",
        f"GFLOP/s, medians: JMH's {first['measurementIterations']} measurement iterations of"
        f" {first['measurementTime']} after {first['warmupIterations']} of warm-up ({first['forks']} fork);"
        f" numpy's {numpy[1]['rounds']} timed rounds of `np.matmul(a, b, out=c)` after"
        f" {numpy[1]['warmup_rounds']} of warm-up. OpenBLAS threads via OPENBLAS_NUM_THREADS.",
        "",
    ]
    if double:
        lines += [
            "| n | threads | learnbench vector | learnbench scalar | EJML 0.46.1 | OpenBLAS | learnbench / OpenBLAS"
            " | learnbench / EJML |",
            "|---|---|---|---|---|---|---|---|",
        ]
    else:
        lines += [
            "| n | threads | learnbench vector | learnbench scalar | OpenBLAS | learnbench / OpenBLAS |",
            "|---|---|---|---|---|---|",
        ]
    for n in sizes:
        for t in (1, 2):
            row = f"| {n} | {t} | {fmt(lb(n, t))} | {fmt(lb(n, t, 'SCALAR'))} |"
            if double:
                row += f" {fmt(ejml(n, t))} |"
            row += f" {fmt(blas.get((t, n)))} | {ratio(lb(n, t), blas.get((t, n)))} |"
            if double:
                row += f" {ratio(lb(n, t), ejml(n, t))} |"
            lines.append(row)
    lines += ["", "Two threads against one:", ""]
    if double:
        lines += ["| n | learnbench vector | EJML | OpenBLAS |", "|---|---|---|---|"]
    else:
        lines += ["| n | learnbench vector | OpenBLAS |", "|---|---|---|"]
    for n in sizes:
        row = f"| {n} | {ratio(lb(n, 2), lb(n, 1))} |"
        if double:
            row += f" {ratio(ejml(n, 2), ejml(n, 1))} |"
        row += f" {ratio(blas.get((2, n)), blas.get((1, n)))} |"
        lines.append(row)
    lines.append("")
    with open(out_path, "w") as out:
        out.write("\n".join(lines))


if __name__ == "__main__":
    main()
