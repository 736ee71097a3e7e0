"""Writes the recurrent-training section of the comparison (Markdown).

Usage: report_rnn.py TORCH_JSONL CONTEXT_JSON OUT_MD JMH_JSON...

One JMH file per round (RnnTrainingBenchmark, samples per second), and rnn_training.py's JSON lines tagged
with their round. Per round a figure is the median of its repetitions (JMH: its measurement iterations;
PyTorch: its timed rounds); the tables give the median over rounds with the range, and each ratio is the
median of the rounds' ratios (with their range), so a round slowed by other jobs on the machine moves the
ratio less than it moves the absolute figures.
"""

import json
import statistics
import sys

CELLS = ("GRU", "LSTM")
PRECISIONS = ("float32", "float64")


def learnbench_rounds(paths, cpu=False):
    """[{(cell, precision, threads): samples/s}] per round (cpu: per CPU-second of the benchmark thread)."""
    rounds = []
    for path in paths:
        out = {}
        for run in json.load(open(path)):
            p = run["params"]
            key = (p["cell"], p["precision"], int(p["threads"]))
            m = run["secondaryMetrics"]
            if cpu:
                samples = [v for fork in m["cpuSamples"]["rawData"] for v in fork]
                nanos = [v for fork in m["cpuNanos"]["rawData"] for v in fork]
                out[key] = statistics.median(s / n * 1e9 for s, n in zip(samples, nanos) if n > 0)
            else:
                out[key] = statistics.median(v for fork in m["samples"]["rawData"] for v in fork)
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
            rounds[o["round"] - 1][(o["cell"], o["precision"], o["threads"])] = value
    return rounds, version


def figure(rounds, key):
    values = [r[key] for r in rounds if key in r]
    if not values:
        return "-"
    if len(values) == 1:
        return f"{values[0]:,.0f}"
    return f"{statistics.median(values):,.0f} ({min(values):,.0f}-{max(values):,.0f})"


def ratios(num_rounds, den_rounds, num_key, den_key):
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
        "## Training issue 18's recurrent text classifier: samples per second",
        "",
        f"{ctx['date']}, {ctx['cpu']}, {ctx['cores']} cores; JDK {first['jdkVersion']} ({first['vmName']}"
        f" {first['vmVersion']}); PyTorch {version}; load average {ctx['load_before']} before,"
        f" {ctx['load_after']} after.",
        "",
        "```bash",
        ctx["command"],
        "```",
        "",
        "Token ids (vocabulary 10,000) -> embedding 64 -> one GRU or LSTM layer of 128 units over sequences of"
        " 100 steps (full backpropagation through time, full-length unpacked batches) -> the state after the last"
        " step -> dense to 2 classes; softmax cross-entropy, plain SGD (learning rate 0.01) on every parameter;"
        " minibatches of 32 in order from 320 synthetic sequences (uniform ids, random labels: the work does not"
        " depend on the values). learnbench: `RnnTrainingBenchmark` (the real training path: batch gather,"
        f" forward, backward, SGD step), JMH's {first['measurementIterations']} iterations of"
        f" {first['measurementTime']} after {first['warmupIterations']} of warm-up; PyTorch:"
        " `scripts/rnn_training.py` (nn.Embedding, nn.GRU / nn.LSTM with batch_first, nn.Linear; its own fused"
        " CPU cell kernels; `torch.set_num_threads`, OMP/MKL/OpenBLAS threads likewise), 5 timed rounds of 2 s"
        f" after 2 s of warm-up. {len(lb)} rounds, each learnbench then PyTorch; figures are medians over the"
        " rounds (range), ratios the median (and range) of the rounds' ratios.",
        "",
        "| cell | precision | threads | learnbench | PyTorch | learnbench / PyTorch |",
        "|---|---|---|---|---|---|",
    ]
    for cell in CELLS:
        for precision in PRECISIONS:
            for t in (1, 2):
                key = (cell, precision, t)
                lines.append(f"| {cell} | {precision} | {t} | {figure(lb, key)} | {figure(th, key)} |"
                             f" {show(ratios(lb, th, key, key))} |")
    lines += ["", "Two threads against one (median and range of the rounds' ratios):", "",
              "| cell | precision | learnbench | PyTorch |", "|---|---|---|---|"]
    for cell in CELLS:
        for precision in PRECISIONS:
            two, one = (cell, precision, 2), (cell, precision, 1)
            lines.append(f"| {cell} | {precision} | {show(ratios(lb, lb, two, one))} |"
                         f" {show(ratios(th, th, two, one))} |")
    lb_cpu = learnbench_rounds(jmh_paths, cpu=True)
    th_cpu, _ = torch_rounds(torch_path, len(lb), cpu=True)
    lines += ["", "One thread, samples per CPU-second (the benchmark thread's CPU time in learnbench, the process's in"
              " PyTorch): the time either waited for a core on a busy machine is left out, the slowdown from a shared"
              " cache is not.", "",
              "| cell | precision | learnbench | PyTorch | learnbench / PyTorch |", "|---|---|---|---|---|"]
    for cell in CELLS:
        for precision in PRECISIONS:
            key = (cell, precision, 1)
            lines.append(f"| {cell} | {precision} | {figure(lb_cpu, key)} | {figure(th_cpu, key)} |"
                         f" {show(ratios(lb_cpu, th_cpu, key, key))} |")
    lines.append("")
    open(out_path, "w").write("\n".join(lines))


if __name__ == "__main__":
    main(*sys.argv[1:])
