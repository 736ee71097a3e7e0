#!/usr/bin/env python3
"""Training throughput of issue 18's recurrent text classifier in PyTorch, the work RnnTrainingBenchmark
measures in learnbench (modules/bench/compare.sh rnn runs them side by side): token ids (vocabulary 10,000)
-> embedding 64 -> one GRU or LSTM layer of 128 units (batch_first, full backpropagation through time over
100 steps, no packed sequences) -> the state after the last step -> linear to 2 classes, softmax
cross-entropy, plain SGD (learning rate 0.01, no momentum), minibatches of 32 taken in order from 320
synthetic sequences (uniform random ids and labels: a step's work does not depend on the values).

PyTorch runs nn.GRU / nn.LSTM on CPU with its own fused cell kernels (one input-projection multiply per
layer, one recurrent multiply per step); that is the reference.

Prints one JSON line per (cell, precision): samples per second, the median of --repeats timed rounds of
about --seconds each after a warm-up, and samples per CPU-second of the process (time.process_time()).

Run with Debian's python3 (python3-torch) and the thread count to compare, e.g.
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread OMP_NUM_THREADS=1 \\
        /usr/bin/python3 modules/bench/scripts/rnn_training.py --threads 1
"""
import argparse
import json
import statistics
import time

import torch

SAMPLES = 320
BATCH = 32
STEPS = 100
VOCABULARY = 10000
EMBEDDING = 64
HIDDEN = 128
CLASSES = 2


class Classifier(torch.nn.Module):
    def __init__(self, cell):
        super().__init__()
        self.embedding = torch.nn.Embedding(VOCABULARY, EMBEDDING)
        kind = {"GRU": torch.nn.GRU, "LSTM": torch.nn.LSTM}[cell]
        self.rnn = kind(EMBEDDING, HIDDEN, num_layers=1, batch_first=True)
        self.head = torch.nn.Linear(HIDDEN, CLASSES)

    def forward(self, ids):
        out, _ = self.rnn(self.embedding(ids))
        return self.head(out[:, -1, :])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--cells", default="GRU,LSTM")
    parser.add_argument("--precisions", default="float32,float64")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    for cell in args.cells.split(","):
        for name in args.precisions.split(","):
            dtype = {"float32": torch.float32, "float64": torch.float64}[name]
            net = Classifier(cell).to(dtype)
            optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
            loss_fn = torch.nn.CrossEntropyLoss()
            x = torch.randint(0, VOCABULARY, (SAMPLES, STEPS))
            y = torch.randint(0, CLASSES, (SAMPLES,))
            position = [0]

            def step():
                start = position[0]
                position[0] = (start + BATCH) % SAMPLES
                optimizer.zero_grad(set_to_none=True)
                loss_fn(net(x[start:start + BATCH]), y[start:start + BATCH]).backward()
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
                runs.append(BATCH * steps / (time.perf_counter() - start))
                cpu_runs.append(BATCH * steps / (time.process_time() - cpu_start))
            print(json.dumps({"library": "torch", "version": torch.__version__, "cell": cell, "precision": name,
                              "batch": BATCH, "threads": args.threads,
                              "samples_per_second": statistics.median(runs), "runs": [round(r) for r in runs],
                              "samples_per_cpu_second": statistics.median(cpu_runs)}), flush=True)


if __name__ == "__main__":
    main()
