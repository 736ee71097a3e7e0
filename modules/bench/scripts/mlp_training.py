#!/usr/bin/env python3
"""Training throughput of a 784-256-128-10 ReLU MLP in PyTorch and scikit-learn, for the side-by-side
comparison with learnbench (modules/bench/compare.sh mlp runs them side by side).

Same work everywhere: minibatches of 128 from 12,800 synthetic samples (uniform inputs in [0, 1), random
labels out of 10; throughput does not depend on the data), softmax cross-entropy, plain SGD with learning
rate 0.01, no momentum, no weight decay, one thread. Prints one JSON line per measurement:
{"library", "precision", "samples_per_second" (median of --repeats), "runs": [...]}.

Run with Debian's python3 (python3-torch, python3-sklearn); set OMP_NUM_THREADS=1 and OPENBLAS_NUM_THREADS=1.
"""
import argparse
import json
import statistics
import time

import numpy as np

SIZES = (784, 256, 128, 10)
BATCH = 128
SAMPLES = 12800


def data(dtype):
    rng = np.random.default_rng(1)
    x = rng.random((SAMPLES, SIZES[0])).astype(dtype)
    y = rng.integers(0, SIZES[-1], SAMPLES)
    return x, y


def torch_epochs(precision, epochs, repeats):
    import torch
    torch.set_num_threads(1)
    torch.manual_seed(1)
    dtype = torch.float64 if precision == "float64" else torch.float32
    layers = []
    for i in range(len(SIZES) - 1):
        layers.append(torch.nn.Linear(SIZES[i], SIZES[i + 1]))
        if i < len(SIZES) - 2:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers).to(dtype)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = torch.nn.CrossEntropyLoss()
    xs, ys = data(np.float64 if precision == "float64" else np.float32)
    x = torch.from_numpy(xs)
    y = torch.from_numpy(ys)

    def epoch():
        for start in range(0, SAMPLES, BATCH):
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[start:start + BATCH]), y[start:start + BATCH])
            loss.backward()
            optimizer.step()

    epoch()  # warm-up
    runs = []
    for _ in range(repeats):
        t = time.perf_counter()
        for _ in range(epochs):
            epoch()
        runs.append(SAMPLES * epochs / (time.perf_counter() - t))
    return runs


def sklearn_epochs(precision, epochs, repeats):
    import warnings
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
    xs, ys = data(np.float64 if precision == "float64" else np.float32)
    runs = []
    for r in range(repeats + 1):
        model = MLPClassifier(hidden_layer_sizes=SIZES[1:-1], activation="relu", solver="sgd", alpha=0.0,
                              batch_size=BATCH, learning_rate_init=0.01, momentum=0.0, nesterovs_momentum=False,
                              max_iter=epochs if r else 1, shuffle=False, tol=0.0, n_iter_no_change=10**9,
                              random_state=1)
        t = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(xs, ys)
        seconds = time.perf_counter() - t
        if r:  # the first fit is the warm-up
            runs.append(SAMPLES * epochs / seconds)
    return runs


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--library", choices=["torch", "sklearn"], required=True)
    p.add_argument("--precision", choices=["float64", "float32"], default="float64")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--repeats", type=int, default=5)
    a = p.parse_args()
    runs = (torch_epochs if a.library == "torch" else sklearn_epochs)(a.precision, a.epochs, a.repeats)
    if a.library == "torch":
        import torch
        version = torch.__version__
    else:
        import sklearn
        version = sklearn.__version__
    print(json.dumps({"library": a.library, "version": version, "precision": a.precision,
                      "samples_per_second": statistics.median(runs), "runs": [round(r) for r in runs]}))


if __name__ == "__main__":
    main()
