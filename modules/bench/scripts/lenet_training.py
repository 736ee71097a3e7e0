#!/usr/bin/env python3
"""Training throughput of issue 17's LeNet-5-style network in PyTorch, the work LenetTrainingBenchmark
measures in learnbench (modules/bench/compare.sh conv runs them side by side): conv 6@5x5 pad 2, ReLU, max
pool 2, conv 16@5x5, ReLU, max pool 2, flatten, dense 120 and 84 with ReLU, 10 outputs, softmax
cross-entropy, plain SGD (learning rate 0.01, no momentum), minibatches taken in order from 1,280 synthetic
1x28x28 images (uniform pixels in [0, 1), random labels out of 10: a step's work does not depend on the
values, so they stand in for MNIST).

Prints one JSON line per (precision, batch): samples per second, the median of --repeats timed rounds of
about --seconds each after a warm-up, and samples per CPU-second of the process (time.process_time(); on a
machine shared with other jobs the steadier figure, meaningful for one thread).

Run with Debian's python3 (python3-torch) and the thread count to compare, e.g.
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread OMP_NUM_THREADS=1 \\
        /usr/bin/python3 modules/bench/scripts/lenet_training.py --threads 1
"""
import argparse
import json
import statistics
import time

import torch

SAMPLES = 1280


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
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--batches", default="64,128")
    parser.add_argument("--precisions", default="float32,float64")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    for name in args.precisions.split(","):
        dtype = {"float32": torch.float32, "float64": torch.float64}[name]
        for batch in (int(b) for b in args.batches.split(",")):
            net = network(dtype)
            optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
            loss_fn = torch.nn.CrossEntropyLoss()
            x = torch.rand(SAMPLES, 1, 28, 28, dtype=dtype)
            y = torch.randint(0, 10, (SAMPLES,))
            position = [0]

            def step():
                start = position[0]
                position[0] = (start + batch) % SAMPLES
                optimizer.zero_grad(set_to_none=True)
                loss_fn(net(x[start:start + batch]), y[start:start + batch]).backward()
                optimizer.step()

            warm_until = time.perf_counter() + args.seconds
            while time.perf_counter() < warm_until:
                step()
            runs, cpu_runs = [], []
            for _ in range(args.repeats):
                start, cpu_start, steps = time.perf_counter(), time.process_time(), 0
                while time.perf_counter() - start < args.seconds:
                    step()
                    steps += 1
                runs.append(batch * steps / (time.perf_counter() - start))
                cpu_runs.append(batch * steps / (time.process_time() - cpu_start))
            print(json.dumps({"library": "torch", "version": torch.__version__, "precision": name, "batch": batch,
                              "threads": args.threads, "samples_per_second": statistics.median(runs),
                              "runs": [round(r) for r in runs],
                              "samples_per_cpu_second": statistics.median(cpu_runs)}), flush=True)


if __name__ == "__main__":
    main()
