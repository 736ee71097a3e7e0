#!/usr/bin/env python3
"""PyTorch's time for one training step (forward, cross-entropy, backward; no update) of issue 17's
LeNet-5-style network, the work LenetTrainingBenchmark measures in learnbench: conv 6@5x5 pad 2, ReLU, max
pool 2, conv 16@5x5, ReLU, max pool 2, flatten, dense 120 and 84 with ReLU, 10 outputs, on uniform 1x28x28
inputs. Prints one JSON line per (precision, batch): the median of --repeats runs of about a second each,
in microseconds per step, and samples per second.

Run with Debian's python3 (python3-torch) and the thread count to compare, e.g.
    OMP_NUM_THREADS=1 python3 modules/bench/scripts/lenet_step_torch.py --threads 1
(on a machine whose libblas.so.3 alternative is not configured, prefix
LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread).
"""
import argparse
import json
import statistics
import time

import torch


def network(dtype):
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 6, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(6, 16, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(),
        torch.nn.Linear(400, 120), torch.nn.ReLU(), torch.nn.Linear(120, 84), torch.nn.ReLU(),
        torch.nn.Linear(84, 10)).to(dtype)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--batches", default="64,128")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    for dtype, name in ((torch.float32, "float32"), (torch.float64, "float64")):
        for batch in (int(b) for b in args.batches.split(",")):
            net = network(dtype)
            x = torch.rand(batch, 1, 28, 28, dtype=dtype)
            y = torch.arange(batch) % 10
            loss = torch.nn.CrossEntropyLoss()

            def step():
                net.zero_grad(set_to_none=False)
                loss(net(x), y).backward()

            for _ in range(50):
                step()
            runs = []
            for _ in range(args.repeats):
                start, steps = time.perf_counter(), 0
                while time.perf_counter() - start < 1:
                    step()
                    steps += 1
                runs.append((time.perf_counter() - start) / steps * 1e6)
            median = statistics.median(runs)
            print(json.dumps({"library": "torch " + torch.__version__, "precision": name, "batch": batch,
                              "threads": args.threads, "us_per_step": round(median, 1),
                              "samples_per_second": round(batch / median * 1e6), "runs_us": [round(r) for r in runs]}))


if __name__ == "__main__":
    main()
