"""The shared part of the per-round training comparisons (report_conv.py, report_rnn.py): reading JMH's and
PyTorch's rounds, and the three tables every such section prints.

Per round a figure is the median of its repetitions (JMH: its measurement iterations; PyTorch: its timed
rounds); the tables give the median over rounds with the range, and each ratio is the median of the rounds'
ratios (with their range), so a round slowed by other jobs on the machine moves the ratio less than it moves
the absolute figures.
"""

import json
import statistics


def learnbench_rounds(paths, params, cpu=False):
    """[{key: samples/s}] per round, the key the JMH parameters `params` (integers where they look so);
    cpu: per CPU-second of the benchmark thread."""
    rounds = []
    for path in paths:
        out = {}
        for run in json.load(open(path)):
            p = run["params"]
            key = tuple(int(p[n]) if p[n].isdigit() else p[n] for n in params)
            m = run["secondaryMetrics"]
            if cpu:
                samples = [v for fork in m["cpuSamples"]["rawData"] for v in fork]
                nanos = [v for fork in m["cpuNanos"]["rawData"] for v in fork]
                out[key] = statistics.median(s / n * 1e9 for s, n in zip(samples, nanos) if n > 0)
            else:
                out[key] = statistics.median(v for fork in m["samples"]["rawData"] for v in fork)
        rounds.append(out)
    return rounds


def torch_rounds(path, count, fields, cpu=False):
    """The PyTorch script's JSON lines as [{key: samples/s}] per round, and PyTorch's version."""
    rounds = [dict() for _ in range(count)]
    version = ""
    for line in open(path):
        if line.strip():
            o = json.loads(line)
            version = o["version"]
            value = o["samples_per_cpu_second"] if cpu else o["samples_per_second"]
            rounds[o["round"] - 1][tuple(o[f] for f in fields)] = value
    return rounds, version


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


def figure(rounds, key):
    values = [r[key] for r in rounds if key in r]
    if not values:
        return "-"
    if len(values) == 1:
        return f"{values[0]:,.0f}"
    return f"{statistics.median(values):,.0f} ({min(values):,.0f}-{max(values):,.0f})"


def write(out_path, title, describe, columns, groups, params, fields, torch_path, context_path, jmh_paths):
    """Writes a section: `describe(first_jmh_run, rounds)` is its paragraph, `columns` the names of the key's
    parts before the thread count, `groups` those parts' values in table order."""
    lb = learnbench_rounds(jmh_paths, params)
    th, version = torch_rounds(torch_path, len(lb), fields)
    ctx = json.load(open(context_path))
    first = json.load(open(jmh_paths[0]))[0]
    head = " | ".join(columns)
    rule = "|---" * len(columns)
    lines = [
        title,
        "",
        f"{ctx['date']}, {ctx['cpu']}, {ctx['cores']} cores; JDK {first['jdkVersion']} ({first['vmName']}"
        f" {first['vmVersion']}); PyTorch {version}; load average {ctx['load_before']} before,"
        f" {ctx['load_after']} after.",
        "",
        "```bash",
        ctx["command"],
        "```",
        "",
        describe(first, len(lb)),
        "",
        f"| {head} | threads | learnbench | PyTorch | learnbench / PyTorch |",
        f"{rule}|---|---|---|---|",
    ]
    for group in groups:
        for t in (1, 2):
            key = group + (t,)
            lines.append(f"| {' | '.join(map(str, group))} | {t} | {figure(lb, key)} | {figure(th, key)} |"
                         f" {show(ratios(lb, th, key, key))} |")
    lines += ["", "Two threads against one (median and range of the rounds' ratios):", "",
              f"| {head} | learnbench | PyTorch |", f"{rule}|---|---|"]
    for group in groups:
        two, one = group + (2,), group + (1,)
        lines.append(f"| {' | '.join(map(str, group))} | {show(ratios(lb, lb, two, one))} |"
                     f" {show(ratios(th, th, two, one))} |")
    lb_cpu = learnbench_rounds(jmh_paths, params, cpu=True)
    th_cpu, _ = torch_rounds(torch_path, len(lb), fields, cpu=True)
    lines += ["", "One thread, samples per CPU-second (the benchmark thread's CPU time in learnbench, the process's in"
              " PyTorch): the time either waited for a core on a busy machine is left out, the slowdown from a shared"
              " cache is not.", "",
              f"| {head} | learnbench | PyTorch | learnbench / PyTorch |", f"{rule}|---|---|---|"]
    for group in groups:
        key = group + (1,)
        lines.append(f"| {' | '.join(map(str, group))} | {figure(lb_cpu, key)} | {figure(th_cpu, key)} |"
                     f" {show(ratios(lb_cpu, th_cpu, key, key))} |")
    lines.append("")
    open(out_path, "w").write("\n".join(lines))
