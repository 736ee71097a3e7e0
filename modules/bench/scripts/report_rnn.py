"""Writes the recurrent-training section of the comparison (Markdown).

Usage: report_rnn.py TORCH_JSONL CONTEXT_JSON OUT_MD JMH_JSON...

One JMH file per round (RnnTrainingBenchmark, samples per second), and rnn_training.py's JSON lines tagged
with their round. The rounds and tables are training_rounds.py's.
"""

import sys

import training_rounds


def describe(first, rounds):
    return (
        "Token ids (vocabulary 10,000) -> embedding 64 -> one GRU or LSTM layer of 128 units over sequences of"
        " 100 steps (full backpropagation through time, full-length unpacked batches) -> the state after the last"
        " step -> dense to 2 classes; softmax cross-entropy, plain SGD (learning rate 0.01) on every parameter;"
        " minibatches of 32 in order from 320 synthetic sequences (uniform ids, random labels: the work does not"
        " depend on the values). learnbench: `RnnTrainingBenchmark` (the real training path: batch gather,"
        f" forward, backward, SGD step), JMH's {first['measurementIterations']} iterations of"
        f" {first['measurementTime']} after {first['warmupIterations']} of warm-up; PyTorch:"
        " `scripts/rnn_training.py` (nn.Embedding, nn.GRU / nn.LSTM with batch_first, nn.Linear; its own fused"
        " CPU cell kernels; `torch.set_num_threads`, OMP/MKL/OpenBLAS threads likewise), 5 timed rounds of 2 s"
        f" after 2 s of warm-up. {rounds} rounds, each learnbench then PyTorch; figures are medians over the"
        " rounds (range), ratios the median (and range) of the rounds' ratios."
    )


if __name__ == "__main__":
    torch_path, context_path, out_path, *jmh_paths = sys.argv[1:]
    training_rounds.write(
        out_path,
        "## Training issue 18's recurrent text classifier: samples per second",
        describe,
        ("cell", "precision"),
        [(c, p) for c in ("GRU", "LSTM") for p in ("float32", "float64")],
        ("cell", "precision", "threads"),
        ("cell", "precision", "threads"),
        torch_path,
        context_path,
        jmh_paths,
    )
