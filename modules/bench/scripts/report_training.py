"""Writes the MLP-training and GA sections of the comparison (Markdown).

Usage:
  report_training.py mlp JMH_JSON PYTHON_JSONL CONTEXT_JSON OUT_MD
  report_training.py ga JMH_JSON CONTEXT_JSON OUT_MD
mlp: learnbench's MlpTrainingBenchmark against mlp_training.py's PyTorch and scikit-learn lines (one JSON
object per line). ga: GaNetworkFitnessBenchmark's learnbench and Jenetics rows. Every figure is a median of
its repetitions (JMH: the measurement iterations).
"""

import json
import statistics
import sys


def jmh_medians(runs, counter):
    """{(method, threads, precision): median of the secondary counter over the measurement iterations}."""
    out = {}
    for run in runs:
        method = run["benchmark"].rsplit(".", 1)[-1]
        raw = [v for fork in run["secondaryMetrics"][counter]["rawData"] for v in fork]
        params = run.get("params", {})
        out[(method, int(params["threads"]), params.get("precision", "float64"))] = statistics.median(raw)
    return out


def header(title, ctx, first, extra):
    return [
        "## " + title,
        "",
        f"{ctx['date']}, {ctx['cpu']}, {ctx['cores']} cores; JDK {first['jdkVersion']} ({first['vmName']}"
        f" {first['vmVersion']}); load average {ctx['load_before']} before, {ctx['load_after']} after.",
        "",
        "```bash",
        ctx["command"],
        "```",
        "",
        f"Medians: JMH's {first['measurementIterations']} measurement iterations of {first['measurementTime']}"
        f" after {first['warmupIterations']} of warm-up ({first['forks']} fork). {extra}",
        "",
    ]


def ratio(x, y):
    return "-" if x is None or y is None or y == 0 else f"{x / y:.2f}x"


def kilo(x):
    return "-" if x is None else f"{x / 1000:.1f}k"


def mlp(jmh_path, jsonl_path, context_path, out_path):
    runs = json.load(open(jmh_path))
    lb = jmh_medians(runs, "samples")
    others = [json.loads(line) for line in open(jsonl_path) if line.strip()]
    ctx = json.load(open(context_path))
    lines = header(
        "Training a 784-256-128-10 ReLU MLP: samples per second",
        ctx,
        runs[0],
        "Minibatch 128 of 12,800 synthetic samples, softmax cross-entropy, plain SGD (learning rate 0.01), one"
        " thread unless the row says two. PyTorch and scikit-learn: median of the script's timed rounds of two"
        " epochs after one epoch of warm-up, OMP/MKL/OpenBLAS threads 1, OpenBLAS with its AVX-512 kernel"
        " (OPENBLAS_CORETYPE unset).",
    )
    lines += ["| library | precision | threads | samples/s | learnbench (same precision, 1 thread) / it |",
              "|---|---|---|---|---|"]
    for precision in ("float64", "float32"):
        mine = lb.get(("epoch", 1, precision))
        for t in (1, 2):
            v = lb.get(("epoch", t, precision))
            if v is not None:
                cell = "1.00x" if t == 1 else f"- (two threads: {ratio(v, mine)} one)"
                lines.append(f"| learnbench | {precision} | {t} | {kilo(v)} | {cell} |")
    for o in others:
        name = {"torch": "PyTorch " + o.get("version", ""), "sklearn": "scikit-learn " + o.get("version", "")}[
            o["library"]]
        mine = lb.get(("epoch", 1, o["precision"]))
        lines.append(f"| {name.strip()} | {o['precision']} | 1 | {kilo(o['samples_per_second'])}"
                     f" | {ratio(mine, o['samples_per_second'])} |")
    lines.append("")
    open(out_path, "w").write("\n".join(lines))


def ga(jmh_path, context_path, out_path):
    runs = json.load(open(jmh_path))
    ev = jmh_medians(runs, "evaluations")
    ctx = json.load(open(context_path))
    lines = header(
        "Genetic algorithm with a network's loss as fitness: evaluations per second",
        ctx,
        runs[0],
        "Population 100, tournament 3, single-point crossover 0.2, Gaussian mutation with per-gene probability"
        " 0.15; fitness = mean cross-entropy of a 64-32-10 ReLU network (2,410 weights) on about 500 digits (a stratified 28% of the 1,797), scored"
        " by learnbench's network code on both sides, or by plain Java loops (the fitness a Jenetics user writes;"
        " checked equal to learnbench's).",
    )
    lines += ["| engine and fitness | precision | threads | evaluations/s | learnbench (same precision and threads) / it |",
              "|---|---|---|---|---|"]
    rows = (("learnbench", "learnbench GeneticAlgorithm, learnbench network"),
            ("jenetics", "Jenetics 7.2.0, learnbench network"),
            ("jeneticsPlain", "Jenetics 7.2.0, plain Java loops"))
    for precision in ("float64", "float32"):
        for engine, label in rows:
            for t in (1, 2):
                v = ev.get((engine, t, precision))
                if v is None:
                    continue
                mine = ev.get(("learnbench", t, precision))
                cell = ratio(mine, v) if engine != "learnbench" else (
                    "1.00x" if t == 1 else f"1.00x (two threads: {ratio(v, ev.get((engine, 1, precision)))} one)")
                lines.append(f"| {label} | {precision} | {t} | {kilo(v)} | {cell} |")
    lines.append("")
    open(out_path, "w").write("\n".join(lines))


if __name__ == "__main__":
    if sys.argv[1] == "mlp":
        mlp(*sys.argv[2:6])
    else:
        ga(*sys.argv[2:5])
