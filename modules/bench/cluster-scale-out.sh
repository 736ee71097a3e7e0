#!/usr/bin/env bash
# Scale-out on a loopback cluster, side by side in one run, each worker its own JVM on this machine:
# 1. the same study on 1 worker (1 thread) and on 2 workers (1 thread each): both times, the speed-up and the
#    coordination overhead per run that the coordinator measures (task out, files back, commit);
# 2. one genetic-algorithm run (Deep-GA style, digits) with its generations scored on 1 local thread and on the
#    2 workers (learnbench run --cluster): both run times and the speed-up.
# Both check that the results are identical, and write modules/bench/results/cluster.md.
#
#   modules/bench/cluster-scale-out.sh
#
# Environment: SEEDS (default 1..6), BUDGET (sample forward passes per run, default 1500000), GA_BUDGET (sample
# forward passes of the GA run, default 6000000), PORT (the first of three loopback ports, default 5911). A
# benchmark, not a test: timings on a shared machine drift (the load average is recorded with them).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seeds="${SEEDS:-1..6}"
budget="${BUDGET:-1500000}"
ga_budget="${GA_BUDGET:-6000000}"
load="$(cut -d' ' -f1-3 /proc/loadavg)"
port="${PORT:-5911}"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
"$root/learnbench" --version >/dev/null  # builds the jar when sources changed

cat >"$work/cluster.yaml" <<YAML
cluster: scale-out
secret: "scale-out benchmark on loopback only"
members: [127.0.0.1:$port, 127.0.0.1:$((port + 1))]
coordinator: 127.0.0.1:$((port + 2))
threads_per_run: 1
runs_per_member: 1
cache: cache
YAML
cat >"$work/study.yaml" <<YAML
study: scale-out
tasks:
  digits:
    task: {dataset: $root/experiments/data/digits.csv, target: target, kind: classification}
    network: {hidden: [32], activation: relu}
optimizers:
  backprop:
    optimizer: {type: backprop, learning_rate: 0.003}
  ga:
    optimizer: {type: genetic, population: 20, fitness_batch: 64}
budget: {sample_forward_passes: $budget}
checkpoints: {log_spaced: 6, clock: sample_forward_passes}
seeds: $seeds
YAML

cat >"$work/ga-digits.yaml" <<YAML
name: ga-digits
task: {dataset: $root/experiments/data/digits.csv, target: target, kind: classification}
network: {hidden: [64], activation: relu}
optimizer:
  type: genetic
  preset: deep_ga
  population: 100
  elites: 1
  selection: {type: truncation, top: 20}
  crossover: {type: none}
  mutation: {sigma: 0.02, probability: 1.0, schedule: constant}
  fitness_batch: 512
budget: {sample_forward_passes: $ga_budget}
checkpoints: {every: 5}
seeds: [1]
YAML
cat >"$work/ga-cartpole.yaml" <<YAML
name: ga-cartpole
task: {type: cartpole, evaluation_episodes: 10}
network: {hidden: [16], activation: tanh}
optimizer: {type: genetic, preset: deep_ga, population: 100, elites: 1, selection: {type: truncation, top: 20},
            crossover: {type: none}, mutation: {sigma: 0.1, probability: 1.0}, evaluations_per_candidate: 5}
budget: {env_steps: 3000000}
checkpoints: {every: 5}
seeds: [1]
YAML

# The run loop's wall seconds recorded in a run's manifest.
run_seconds() {
  grep -o '"wall_seconds" : [0-9.]*' "$1/seed-1/manifest.json" | sed 's/.*: //' \
    | awk '{ printf "%.1f", $1 }'
}

start_worker() {
  local log="$work/worker-$1.log"
  "$root/learnbench" worker --cluster "$work/cluster.yaml" --address "127.0.0.1:$1" >"$log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 600); do
    grep -q "joined cluster" "$log" 2>/dev/null && return 0
    sleep 0.1
  done
  cat "$log" >&2
  echo "cluster-scale-out: the worker at 127.0.0.1:$1 did not start" >&2
  exit 1
}

# One study on the cluster as it is; prints "<executor seconds> <overhead ms> <runs> <command seconds>".
study() {
  local results="$work/results-$1" start end line
  start=$(date +%s.%N)
  "$root/learnbench" study "$work/study.yaml" --cluster "$work/cluster.yaml" --results "$results" \
    >"$work/study-$1.out" 2>"$work/study-$1.err"
  end=$(date +%s.%N)
  line=$(grep "runs on" "$work/study-$1.err")
  echo "$line" | sed -E 's/.*: ([0-9]+) runs on [0-9]+ workers in ([0-9.]+) s; coordination overhead ([0-9]+) ms.*/\2 \3 \1/' \
    | tr '\n' ' '
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f\n", b - a }' 
}

start_worker "$port"
read -r one_s one_ms runs one_cmd < <(study one)
start_worker "$((port + 1))"
read -r two_s two_ms _ two_cmd < <(study two)
# The two studies' runs must agree bit for bit (wall_ms aside): the second is not a different computation.
for f in $(cd "$work/results-one/scale-out" && find . -name metrics.csv); do
  a=$(cut -d, -f1-11,13- "$work/results-one/scale-out/$f")
  b=$(cut -d, -f1-11,13- "$work/results-two/scale-out/$f")
  [ "$a" = "$b" ] || { echo "cluster-scale-out: $f differs between the two studies" >&2; exit 1; }
done
# One GA run scored on 1 local thread and on the 2 workers; prints "<local s> <cluster s> <speed-up>".
ga_pair() {
  "$root/learnbench" run "$work/$1.yaml" --threads 1 --results "$work/$1-local" >"$work/$1-local.out" 2>&1
  "$root/learnbench" run "$work/$1.yaml" --threads 1 --cluster "$work/cluster.yaml" --results "$work/$1-cluster" \
    >"$work/$1-cluster.out" 2>&1
  local a b l c
  a=$(cut -d, -f1-11,13- "$work/$1-local/$1/seed-1/metrics.csv")
  b=$(cut -d, -f1-11,13- "$work/$1-cluster/$1/seed-1/metrics.csv")
  [ "$a" = "$b" ] || { echo "cluster-scale-out: $1 scored on the cluster differs from the local run" >&2; exit 1; }
  l=$(run_seconds "$work/$1-local/$1")
  c=$(run_seconds "$work/$1-cluster/$1")
  echo "$l $c $(awk -v a="$l" -v b="$c" 'BEGIN { printf "%.2f", a / b }')"
}
read -r digits_local digits_cluster digits_speedup < <(ga_pair ga-digits)
read -r cart_local cart_cluster cart_speedup < <(ga_pair ga-cartpole)
speedup=$(awk -v a="$one_s" -v b="$two_s" 'BEGIN { printf "%.2f", a / b }')
mkdir -p "$here/results"
{
  echo "## Study scale-out on a loopback cluster"
  echo
  echo "Measured $(date -u +%Y-%m-%d) by modules/bench/cluster-scale-out.sh on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))."
  echo "The study: digits, backprop and a genetic algorithm, seeds $seeds, $budget sample forward passes per run: $runs runs."
  echo
  echo "| workers (1 thread each) | study on the cluster (s) | whole command (s) | coordination overhead per run (ms) |"
  echo "|---|---|---|---|"
  echo "| 1 | $one_s | $one_cmd | $one_ms |"
  echo "| 2 | $two_s | $two_cmd | $two_ms |"
  echo
  echo "Speed-up of the study on 2 workers over 1: **${speedup}x**; every run's metrics identical in both."
  echo
  echo "One genetic-algorithm run (Deep-GA style, population 100) with its generations scored on 1 local thread and"
  echo "on the 2 workers (\`learnbench run --cluster\`); the run loop's time; metrics identical in both:"
  echo
  echo "| run | one candidate's evaluation | 1 local thread (s) | 2 workers (s) | speed-up |"
  echo "|---|---|---|---|---|"
  echo "| digits, 64-64-10 ReLU ($ga_budget sample forward passes) | 512 samples; 4,810 parameters sent | $digits_local | $digits_cluster | ${digits_speedup}x |"
  echo "| CartPole-v1, 4-16-2 tanh (3,000,000 env steps at most) | 5 episodes; 114 parameters sent | $cart_local | $cart_cluster | ${cart_speedup}x |"
  echo
  echo "Load average when the benchmark started: $load (other work on the machine slows every figure)."
} | tee "$here/results/cluster.md"
