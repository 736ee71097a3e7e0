#!/usr/bin/env bash
# Side-by-side comparisons of learnbench with the tools users would pick instead, measured in one run on
# one machine (absolute figures drift on a shared machine; the ratios are what to read).
#
#   modules/bench/compare.sh [section ...]      sections: gemm, sgemm, mlp, ga, conv, rnn (default: all)
#
# Each section writes modules/bench/results/<section>.md; RESULTS.md gathers every section file, so a
# section can be re-run alone. To add a section: write section_<name>() below (it leaves its Markdown in
# "$results/<name>.md") and add <name> to SECTIONS.
#
# Environment: PYTHON (default /usr/bin/python3, Debian's numpy), MVN_FLAGS (e.g. -o), GEMM_SIZES
# (default 256,1024), SKIP_BUILD=1, IDLE_WAIT (seconds to wait for an idle machine first, default 120),
# JMH_FLAGS (extra JMH options, e.g. "-wi 1 -i 1" for a smoke test; the report then says so), CONV_ROUNDS
# (rounds of the conv section, default 3), RNN_ROUNDS (rounds of the rnn section, default 3).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
results="$here/results"
jar="$here/target/benchmarks.jar"
python="${PYTHON:-/usr/bin/python3}"
SECTIONS=(gemm sgemm mlp ga conv rnn)
mkdir -p "$results"

log() { echo "compare: $*" >&2; }

# Waits until the machine has been at least 90% idle for 3 s in a row (up to IDLE_WAIT seconds):
# another job on a 2-core machine halves any figure.
wait_idle() {
  local limit="${IDLE_WAIT:-120}" quiet=0 a b
  for ((s = 0; s < limit; s++)); do
    read -r -a a </proc/stat
    sleep 1
    read -r -a b </proc/stat
    local busy=$(((b[1] + b[2] + b[3]) - (a[1] + a[2] + a[3]))) idle=$((b[4] - a[4]))
    if ((idle * 10 >= (busy + idle) * 9)); then quiet=$((quiet + 1)); else quiet=0; fi
    ((quiet >= 3)) && return 0
  done
  log "the machine is still busy after ${limit}s; measuring anyway (see the load average in the results)"
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

build() {
  [ "${SKIP_BUILD:-0}" = 1 ] && return 0
  log "building the benchmark jar"
  (cd "$root" && mvn -q -B ${MVN_FLAGS:-} -pl modules/bench -am package -DskipTests -Dspotless.check.skip=true)
}

# Machine and software, as JSON, for a section's header.
context() { # $1 = the command line to quote, $2 = load average before
  "$python" - "$1" "$2" "$(loadavg)" <<'PY'
import json, platform, sys, datetime
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
flags = next((l for l in open("/proc/cpuinfo") if l.startswith("flags")), "")
if "avx512f" in flags:
    cpu += " (AVX-512)"
cores = sum(1 for l in open("/proc/cpuinfo") if l.startswith("processor"))
print(json.dumps({"date": datetime.date.today().isoformat(), "cpu": cpu, "cores": cores,
                  "command": sys.argv[1], "load_before": sys.argv[2], "load_after": sys.argv[3]}))
PY
}

# learnbench (JMH) and numpy/OpenBLAS (1 and 2 threads) on square multiplies; $1 = gemm or sgemm.
gemm_section() {
  local section="$1" sizes="${GEMM_SIZES:-256,1024}" tmp before pattern precision dtype
  if [ "$section" = gemm ]; then
    pattern="org.learnbench.bench.(GemmBenchmark|EjmlGemmBenchmark).mult" precision=double dtype=float64
  else
    pattern="org.learnbench.bench.SgemmBenchmark.sgemm" precision=single dtype=float32
  fi
  tmp="$(mktemp -d)"
  wait_idle
  before="$(loadavg)"
  log "$section: learnbench (JMH), n = $sizes"
  # shellcheck disable=SC2086
  java -jar "$jar" "$pattern" -p n="$sizes" ${JMH_FLAGS:-} -rf json -rff "$tmp/jmh.json" >"$tmp/jmh.log" 2>&1 ||
    { tail -n 30 "$tmp/jmh.log" >&2; return 1; }
  for t in 1 2; do
    log "$section: numpy/OpenBLAS $dtype, $t thread(s)"
    # Unset in this command only: the environment pins OpenBLAS to its Haswell kernel otherwise.
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS="$t" \
      "$python" "$here/scripts/numpy_gemm.py" "$sizes" "$dtype" >"$tmp/numpy-$t.json"
  done
  context "${JMH_FLAGS:+JMH_FLAGS=\"$JMH_FLAGS\" }GEMM_SIZES=$sizes modules/bench/compare.sh $section" "$before" \
    >"$tmp/context.json"
  "$python" "$here/scripts/report_gemm.py" "$precision" "$tmp/jmh.json" "$tmp/numpy-1.json" "$tmp/numpy-2.json" \
    "$tmp/context.json" "$results/$section.md"
  cp "$tmp/jmh.json" "$results/$section-jmh.json"
  cp "$tmp/numpy-1.json" "$results/$section-numpy-1.json"
  cp "$tmp/numpy-2.json" "$results/$section-numpy-2.json"
  rm -rf "$tmp"
}

section_gemm() { gemm_section gemm; }

section_sgemm() { gemm_section sgemm; }

# Training throughput of the issue's MLP: learnbench (JMH) beside PyTorch and scikit-learn (Debian's
# python3-torch and python3-sklearn), one thread each, OpenBLAS with its AVX-512 kernel.
section_mlp() {
  local tmp before
  tmp="$(mktemp -d)"
  wait_idle
  before="$(loadavg)"
  log "mlp: learnbench (JMH), about 2.5 minutes"
  # shellcheck disable=SC2086
  java -jar "$jar" "org.learnbench.bench.MlpTrainingBenchmark" ${JMH_FLAGS:-} -rf json -rff "$tmp/jmh.json" \
    >"$tmp/jmh.log" 2>&1 || { tail -n 30 "$tmp/jmh.log" >&2; return 1; }
  for lib in torch sklearn; do
    for precision in float64 float32; do
      log "mlp: $lib $precision"
      env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 \
        "$python" "$here/scripts/mlp_training.py" --library "$lib" --precision "$precision" >>"$tmp/others.jsonl"
    done
  done
  context "${JMH_FLAGS:+JMH_FLAGS=\"$JMH_FLAGS\" }modules/bench/compare.sh mlp" "$before" >"$tmp/context.json"
  "$python" "$here/scripts/report_training.py" mlp "$tmp/jmh.json" "$tmp/others.jsonl" "$tmp/context.json" \
    "$results/mlp.md"
  cp "$tmp/jmh.json" "$results/mlp-jmh.json"
  cp "$tmp/others.jsonl" "$results/mlp-others.jsonl"
  rm -rf "$tmp"
}

# Fitness evaluations per second with a network's loss as fitness: learnbench's GA beside Jenetics (JMH).
section_ga() {
  local tmp before
  tmp="$(mktemp -d)"
  wait_idle
  before="$(loadavg)"
  log "ga: learnbench and Jenetics (JMH), about 4 minutes"
  # shellcheck disable=SC2086
  (cd "$root" && java -jar "$jar" "org.learnbench.bench.(GaNetworkFitnessBenchmark|JeneticsPlainFitnessBenchmark)" ${JMH_FLAGS:-} -rf json \
    -rff "$tmp/jmh.json") >"$tmp/jmh.log" 2>&1 || { tail -n 30 "$tmp/jmh.log" >&2; return 1; }
  context "${JMH_FLAGS:+JMH_FLAGS=\"$JMH_FLAGS\" }modules/bench/compare.sh ga" "$before" >"$tmp/context.json"
  "$python" "$here/scripts/report_training.py" ga "$tmp/jmh.json" "$tmp/context.json" "$results/ga.md"
  cp "$tmp/jmh.json" "$results/ga-jmh.json"
  rm -rf "$tmp"
}

# Training throughput of issue 17's LeNet-5-style network: learnbench (JMH) beside PyTorch, batches 64 and
# 128, float32 and float64, 1 and 2 threads. On a shared 2-core machine one pass of each is at the mercy of
# the other jobs, so the section runs CONV_ROUNDS rounds (learnbench, then PyTorch on 1 and 2 threads) and
# reports medians over the rounds, and the median of the rounds' ratios.
section_conv() {
  local tmp before rounds="${CONV_ROUNDS:-3}" blas=""
  tmp="$(mktemp -d)"
  # Debian's torch finds its BLAS through the libblas.so.3 alternative; point it at OpenBLAS's when present.
  [ -d /usr/lib/x86_64-linux-gnu/openblas-pthread ] && blas=/usr/lib/x86_64-linux-gnu/openblas-pthread
  before="$(loadavg)"
  for ((r = 1; r <= rounds; r++)); do
    wait_idle
    log "conv: round $r of $rounds, learnbench (JMH), about 2.5 minutes"
    # shellcheck disable=SC2086
    java -jar "$jar" "org.learnbench.bench.LenetTrainingBenchmark" ${JMH_FLAGS:-} -rf json -rff "$tmp/jmh-$r.json" \
      >"$tmp/jmh-$r.log" 2>&1 || { tail -n 30 "$tmp/jmh-$r.log" >&2; return 1; }
    for t in 1 2; do
      log "conv: round $r of $rounds, PyTorch, $t thread(s)"
      env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS="$t" MKL_NUM_THREADS="$t" OPENBLAS_NUM_THREADS="$t" \
        ${blas:+LD_LIBRARY_PATH="$blas"} "$python" "$here/scripts/lenet_training.py" --threads "$t" \
        | sed "s/^{/{\"round\": $r, /" >>"$tmp/torch.jsonl"
    done
  done
  context "${JMH_FLAGS:+JMH_FLAGS=\"$JMH_FLAGS\" }${CONV_ROUNDS:+CONV_ROUNDS=$CONV_ROUNDS }modules/bench/compare.sh conv" \
    "$before" >"$tmp/context.json"
  "$python" "$here/scripts/report_conv.py" "$tmp/torch.jsonl" "$tmp/context.json" "$results/conv.md" "$tmp"/jmh-*.json
  for ((r = 1; r <= rounds; r++)); do cp "$tmp/jmh-$r.json" "$results/conv-jmh-$r.json"; done
  cp "$tmp/torch.jsonl" "$results/conv-torch.jsonl"
  rm -rf "$tmp"
}

# Training throughput of issue 18's recurrent text classifier: learnbench (JMH, RnnTrainingBenchmark) beside
# PyTorch (scripts/rnn_training.py): embedding 64, GRU or LSTM of 128 units over 100 steps, last state, dense
# to 2 classes, batch 32, float32 and float64, 1 and 2 threads; RNN_ROUNDS rounds as in the conv section.
section_rnn() {
  local tmp before rounds="${RNN_ROUNDS:-3}" blas=""
  tmp="$(mktemp -d)"
  [ -d /usr/lib/x86_64-linux-gnu/openblas-pthread ] && blas=/usr/lib/x86_64-linux-gnu/openblas-pthread
  before="$(loadavg)"
  for ((r = 1; r <= rounds; r++)); do
    wait_idle
    log "rnn: round $r of $rounds, learnbench (JMH), about 3 minutes"
    # shellcheck disable=SC2086
    java -jar "$jar" "org.learnbench.bench.RnnTrainingBenchmark" ${JMH_FLAGS:-} -rf json -rff "$tmp/jmh-$r.json" \
      >"$tmp/jmh-$r.log" 2>&1 || { tail -n 30 "$tmp/jmh-$r.log" >&2; return 1; }
    for t in 1 2; do
      log "rnn: round $r of $rounds, PyTorch, $t thread(s), about 1 minute"
      env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS="$t" MKL_NUM_THREADS="$t" OPENBLAS_NUM_THREADS="$t" \
        ${blas:+LD_LIBRARY_PATH="$blas"} "$python" "$here/scripts/rnn_training.py" --threads "$t" \
        | sed "s/^{/{\"round\": $r, /" >>"$tmp/torch.jsonl"
    done
  done
  context "${JMH_FLAGS:+JMH_FLAGS=\"$JMH_FLAGS\" }${RNN_ROUNDS:+RNN_ROUNDS=$RNN_ROUNDS }modules/bench/compare.sh rnn" \
    "$before" >"$tmp/context.json"
  "$python" "$here/scripts/report_rnn.py" "$tmp/torch.jsonl" "$tmp/context.json" "$results/rnn.md" "$tmp"/jmh-*.json
  rm -f "$results"/rnn-jmh-*.json
  for ((r = 1; r <= rounds; r++)); do cp "$tmp/jmh-$r.json" "$results/rnn-jmh-$r.json"; done
  cp "$tmp/torch.jsonl" "$results/rnn-torch.jsonl"
  rm -rf "$tmp"
}

gather() {
  {
    echo "# learnbench against the alternatives"
    echo
    echo "Written by \`modules/bench/compare.sh\`; each section was measured in one run of its own (date in"
    echo "its header). The raw JMH and numpy figures are in \`modules/bench/results/\`."
    for s in "${SECTIONS[@]}"; do
      [ -f "$results/$s.md" ] && { echo; cat "$results/$s.md"; }
    done
  } >"$here/RESULTS.md"
  log "wrote $here/RESULTS.md"
}

main() {
  local chosen=("$@")
  [ ${#chosen[@]} -eq 0 ] && chosen=("${SECTIONS[@]}")
  for s in "${chosen[@]}"; do
    declare -F "section_$s" >/dev/null || { log "unknown section '$s' (known: ${SECTIONS[*]})"; exit 2; }
  done
  build
  for s in "${chosen[@]}"; do
    "section_$s"
  done
  gather
}

main "$@"
