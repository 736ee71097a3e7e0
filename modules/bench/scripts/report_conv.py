"""Writes the LeNet-training section of the comparison (Markdown).

Usage: report_conv.py TORCH_JSONL CONTEXT_JSON OUT_MD JMH_JSON...

One JMH file per round (LenetTrainingBenchmark, samples per second), and lenet_training.py's JSON lines
tagged with their round. The rounds and tables are training_rounds.py's.
"""

import sys

import training_rounds


def describe(first, rounds):
    return (
        "Conv 6@5x5 pad 2, ReLU, max pool 2, conv 16@5x5, ReLU, max pool 2, dense 120 and 84 with ReLU, 10"
        " outputs; softmax cross-entropy, plain SGD (learning rate 0.01); minibatches in order from 1,280"
        " synthetic 1x28x28 images (uniform pixels, random labels: the work does not depend on the values, so"
        " they stand in for MNIST). learnbench: `LenetTrainingBenchmark` (the real training path: batch gather,"
        f" forward, backward, SGD step), JMH's {first['measurementIterations']} iterations of"
        f" {first['measurementTime']} after {first['warmupIterations']} of warm-up; PyTorch:"
        " `scripts/lenet_training.py` (`torch.set_num_threads`, OMP/MKL/OpenBLAS threads likewise), 5 timed"
        f" rounds of 1 s after 1 s of warm-up. {rounds} rounds, each learnbench then PyTorch; figures are"
        " medians over the rounds (range), ratios the median (and range) of the rounds' ratios."
    )


if __name__ == "__main__":
    torch_path, context_path, out_path, *jmh_paths = sys.argv[1:]
    training_rounds.write(
        out_path,
        "## Training issue 17's LeNet-5-style network: samples per second",
        describe,
        ("precision", "batch"),
        [(p, b) for p in ("float32", "float64") for b in (64, 128)],
        ("precision", "batch", "threads"),
        ("precision", "batch", "threads"),
        torch_path,
        context_path,
        jmh_paths,
    )
