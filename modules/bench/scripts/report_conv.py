"""Writes the LeNet-training section of the comparison (Markdown).

Usage: report_conv.py TORCH_JSONL CONTEXT_JSON OUT_MD JMH_JSON...

One JMH file per round (LenetTrainingBenchmark, samples per second), and lenet_training.py's JSON lines
tagged with their round. Per round a figure is the median of its repetitions (JMH: its measurement
iterations; PyTorch: its timed rounds); the table gives the median over rounds, and each ratio is the
median of the rounds' ratios (with their range), so a round slowed by other jobs on the machine moves the
ratio less than it moves the absolute figures.
"""

import json
import statistics
import sys


def learnbench_rounds(paths, cpu=False):
    """[{(precision, batch, threads): samples/s}] per round (cpu: per CPU-second of the benchmark thread)."""
    rounds = []
    for path in paths:
        out = {}
        for run in json.load(open(path)):
            p = run["params"]
            key = (p["precision"], int(p["batch"]), int(p["threads"]))
            if cpu:
                m = run["secondaryMetrics"]
                samples = [v for fork in m["cpuSamples"]["rawData"] for v in fork]
                nanos = [v for fork in m["cpuNanos"]["rawData"] for v in fork]
                out[key] = statistics.median(s / n * 1e9 for s, n in zip(samples, nanos) if n > 0)
            else:
                raw = [v for fork in run["secondaryMetrics"]["samples"]["rawData"] for v in fork]
                out[key] = statistics.median(raw)
        rounds.append(out)
    return rounds


def torch_rounds(path, count, cpu=False):
    rounds = [dict() for _ in range(count)]
    version = ""
    for line in open(path):
        if line.strip():
            o = json.loads(line)
            version = o["version"]
            value = o["samples_per_cpu_second"] if cpu else o["samples_per_second"]
            rounds[o["round"] - 1][(o["precision"], o["batch"], o["threads"])] = value
    return rounds, version


def median_of(rounds, key):
    values = [r[key] for r in rounds if key in r]
    return statistics.median(values) if values else None


def ratios(num_rounds, den_rounds, num_key, den_key):
    """The per-round ratios num/den, for rounds that have both."""
    return [n[num_key] / d[den_key] for n, d in zip(num_rounds, den_rounds)
            if num_key in n and den_key in d and d[den_key] > 0]


def show(values):
    if not values:
        return "-"
    med = statistics.median(values)
    if len(values) == 1:
        return f"{med:.2f}x"
    return f"{med:.2f}x ({min(values):.2f}-{max(values):.2f})"


def main(torch_path, context_path, out_path, *jmh_paths):
    lb = learnbench_rounds(jmh_paths)
    th, version = torch_rounds(torch_path, len(lb))
    ctx = json.load(open(context_path))
    first = json.load(open(jmh_paths[0]))[0]
    lines = [
        "## Training issue 17's LeNet-5-style network: samples per second",
        "",
        f"{ctx['date']}, {ctx['cpu']}, {ctx['cores']} cores; JDK {first['jdkVersion']} ({first['vmName']}"
        f" {first['vmVersion']}); PyTorch {version}; load average {ctx['load_before']} before,"
        f" {ctx['load_after']} after.",
        "",
        "```bash",
        ctx["command"],
        "```",
        "",
        "Conv 6@5x5 pad 2, ReLU, max pool 2, conv 16@5x5, ReLU, max pool 2, dense 120 and 84 with ReLU, 10"
        " outputs; softmax cross-entropy, plain SGD (learning rate 0.01); minibatches in order from 1,280"
        " synthetic 1x28x28 images (uniform pixels, random labels: the work does not depend on the values, so"
        " they stand in for MNIST). learnbench: `LenetTrainingBenchmark` (the real training path: batch gather,"
        f" forward, backward, SGD step), JMH's {first['measurementIterations']} iterations of"
        f" {first['measurementTime']} after {first['warmupIterations']} of warm-up; PyTorch:"
        " `scripts/lenet_training.py` (`torch.set_num_threads`, OMP/MKL/OpenBLAS threads likewise), 5 timed"
        f" rounds of 1 s after 1 s of warm-up. {len(lb)} rounds, each learnbench then PyTorch; figures are"
        " medians over the rounds, ratios the median (and range) of the rounds' ratios.",
        "",
        "| precision | batch | threads | learnbench | PyTorch | learnbench / PyTorch |",
        "|---|---|---|---|---|---|",
    ]
    for precision in ("float32", "float64"):
        for batch in (64, 128):
            for t in (1, 2):
                key = (precision, batch, t)
                mine, theirs = median_of(lb, key), median_of(th, key)
                fmt = lambda v: "-" if v is None else f"{v:,.0f}"
                lines.append(f"| {precision} | {batch} | {t} | {fmt(mine)} | {fmt(theirs)} |"
                             f" {show(ratios(lb, th, key, key))} |")
    lines += ["", "Two threads against one (median and range of the rounds' ratios):", "",
              "| precision | batch | learnbench | PyTorch |", "|---|---|---|---|"]
    for precision in ("float32", "float64"):
        for batch in (64, 128):
            two, one = (precision, batch, 2), (precision, batch, 1)
            lines.append(f"| {precision} | {batch} | {show(ratios(lb, lb, two, one))} |"
                         f" {show(ratios(th, th, two, one))} |")
    lb_cpu = learnbench_rounds(jmh_paths, cpu=True)
    th_cpu, _ = torch_rounds(torch_path, len(lb), cpu=True)
    lines += ["", "One thread, samples per CPU-second (the benchmark thread's CPU time in learnbench, the process's in"
              " PyTorch): the time either waited for a core on a busy machine is left out, the slowdown from a shared"
              " cache is not.", "",
              "| precision | batch | learnbench | PyTorch | learnbench / PyTorch |", "|---|---|---|---|---|"]
    for precision in ("float32", "float64"):
        for batch in (64, 128):
            key = (precision, batch, 1)
            mine, theirs = median_of(lb_cpu, key), median_of(th_cpu, key)
            fmt = lambda v: "-" if v is None else f"{v:,.0f}"
            lines.append(f"| {precision} | {batch} | {fmt(mine)} | {fmt(theirs)} |"
                         f" {show(ratios(lb_cpu, th_cpu, key, key))} |")
    lines.append("")
    open(out_path, "w").write("\n".join(lines))


if __name__ == "__main__":
    main(*sys.argv[1:])
