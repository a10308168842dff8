#!/usr/bin/env bash
# End-to-end test of Pipelines/slurm on a real one-node SLURM (one-node-slurm.sh): the prediction,
# embedding, cross-validation and sweep arrays on a small input, each merged and compared with one
# process; a task made to fail leaves no output, the merge refuses naming it, and resubmitting that
# task alone completes the job. Run as root from anywhere: bash Tests/slurm/run-slurm-tests.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
source Tests/slurm/one-node-slurm.sh

[[ $(id -u) == 0 ]] || { echo "run-slurm-tests: needs root (munged, slurmctld and slurmd run as root)" >&2; exit 1; }
for tool in munged slurmctld slurmd sbatch squeue scontrol sinfo; do
    command -v "$tool" >/dev/null || { echo "run-slurm-tests: $tool not found; install slurm-wlm and munge (make setup)" >&2; exit 1; }
done
binary="$root/.build/release/twinpeaks"
[[ -x "$binary" ]] || { echo "run-slurm-tests: $binary missing; run make build first" >&2; exit 1; }

start=$(date +%s)
tmp=$(mktemp -d /tmp/twinpeaks-slurm-test.XXXXXX)
failed=1
finish() {
    local status=$?
    if [[ $failed == 1 ]]; then
        slurm_log "FAILED (exit $status); job logs:"
        for f in "$tmp"/work/logs/*.out; do [[ -f "$f" ]] && { echo "===== $f" >&2; tail -n 20 "$f" >&2; }; done
        slurm_dump_logs
    fi
    slurm_stop
    if [[ -n "${KEEP_SLURM_TEST_DIR:-}" ]]; then slurm_log "kept $tmp"; else rm -rf "$tmp"; fi
}
trap finish EXIT
check() { if eval "$2"; then slurm_log "ok: $1"; else slurm_log "FAIL: $1 ($2)"; exit 1; fi; }

slurm_start "$tmp/slurm"

# --- inputs: the shipped examples plus a scan of eglin c (partner 2 of 1CSE), so that 1CSE has more
# mutation sets than one prediction block (256) and its rows are cut across shards.
work="$tmp/work"
mkdir -p "$work/logs"
eglin=$(awk '/^>/ {n++; next} n == 1 {printf "%s", $0}' Reference/examples/partner2.fasta)
cp Reference/examples/mutations.tsv "$work/mutations.tsv"
for (( i = 0; i < ${#eglin}; i++ )); do
    for to in A W D K G; do
        [[ ${eglin:i:1} == "$to" ]] || printf '1CSE\t%sB%d%s\n' "${eglin:i:1}" $(( i + 1 )) "$to" >> "$work/mutations.tsv"
    done
done
"$binary" prepare --reference Reference --output "$work/dataset" 2> "$work/logs/prepare.log"
# A small dataset for embedding: the first 60 chains.
mkdir -p "$work/small"
awk '/^>/ {n++} n <= 60' "$work/dataset/sequences.fasta" > "$work/small/sequences.fasta"
# Three folds over six SKEMPI complexes with 15–40 exact ΔΔG rows each, and a tiny network.
awk -F'\t' 'NR > 1 && $11 == "=" {n[$2]++} END {for (c in n) if (n[c] >= 15 && n[c] <= 40) print c}' "$work/dataset/mutations.tsv" \
    | sort | head -n 6 > "$work/complexes.txt"
awk 'BEGIN {print "fold\tcomplex_id\trole"} {c[NR - 1] = $1} END {for (f = 0; f < 3; f++) for (i = 0; i < 6; i++)
    printf "tiny-%d\t%s\t%s\n", f, c[i], (int(i / 2) == f ? "val" : "train")}' "$work/complexes.txt" > "$work/folds.tsv"
cat > "$work/tiny.json" <<'JSON'
{"width": 16, "heads": 2, "feedForwardWidth": 32, "headWidth": 16, "encoderLayers": 1, "crossLayers": 1,
 "maxResidues": 64, "epochs": 2, "batchSize": 8, "warmupSteps": 5, "patience": 100}
JSON
printf '# name\tflags\ntiny-1-epoch\t--epochs 1\ntiny-2-epochs\t--epochs 2\n' > "$work/sweep.tsv"

export TWINPEAKS_CONFIG="$root/Pipelines/slurm/config.env"
export TWINPEAKS="$binary" LOGS="$work/logs" SHARDS=4 SBATCH_FLAGS="--time=00:10:00 --cpus-per-task=1"
export PREDICT_INPUT="--partner1 Reference/examples/partner1.fasta --partner2 Reference/examples/partner2.fasta --mutations $work/mutations.tsv"
export PREDICTIONS="$work/predictions.tsv"
export DATASET="$work/small" EMBEDDINGS="$work/embeddings.h5"
export EVALUATE_FLAGS="--dataset $work/dataset --split tiny=$work/folds.tsv:ddG --config $work/tiny.json --threads 1"
export EVALUATION="$work/cv" SWEEP_FILE="$work/sweep.tsv" SWEEP_OUTPUT="$work/sweep"
submit() { Pipelines/slurm/submit.sh "$@" 2>> "$work/logs/submit.log"; }

# --- submit the long arrays first, so they run while the prediction drill goes on.
read -r cv_array cv_collect < <(submit cv)
read -r sweep_array sweep_collect < <(submit sweep)
read -r embed_array embed_merge < <(submit embed)

# --- prediction: task 2 made to fail; the merge is never started and, run alone, refuses naming shard 2.
"$binary" predict --model Reference/models/twinpeaks-descriptors $PREDICT_INPUT --output "$work/single.tsv" 2> "$work/logs/single.log"
read -r predict_array predict_merge < <(TWINPEAKS_FAIL_TASKS=2 submit predict)
slurm_wait "$predict_array" "$predict_merge"
check "prediction array: task 2 failed, the others completed" '[[ "$(slurm_states "$predict_array")" == "1 FAILED, 3 COMPLETED" || "$(slurm_states "$predict_array")" == "3 COMPLETED, 1 FAILED" ]]'
check "the merge after a failed task is cancelled, not run" '[[ "$(slurm_states "$predict_merge")" == "1 CANCELLED" ]]'
check "the failed task left no shard file" '[[ ! -e "$PREDICTIONS.shard-2-of-4" && -e "$PREDICTIONS.shard-1-of-4" ]]'
check "no leftover temporary files" '[[ -z "$(find "$work" -maxdepth 1 -name "*.tmp")" ]]'
merge_alone=$(submit predict --merge-only)
slurm_wait "$merge_alone"
check "the merge alone fails" '[[ "$(slurm_states "$merge_alone")" == "1 FAILED" ]]'
check "and names shard 2 and its file" 'grep -q "shard 2 ($PREDICTIONS.shard-2-of-4)" "$work/logs/tp-predict-merge-$merge_alone.out"'
check "and writes no merged table" '[[ ! -e "$PREDICTIONS" ]]'
read -r retry_array retry_merge < <(submit predict --tasks 2)
slurm_wait "$retry_array" "$retry_merge"
check "resubmitting task 2 alone completes the job" '[[ "$(slurm_states "$retry_merge")" == "1 COMPLETED" ]]'
check "sharded prediction merged equals one process, byte for byte ($(($(wc -l < "$work/single.tsv") - 2)) rows, 4 shards)" 'cmp "$work/single.tsv" "$PREDICTIONS"'
cp "$PREDICTIONS.shard-3-of-4" "$work/shard-3.before"
TASK=3 bash Pipelines/slurm/predict-shards.sbatch 2>> "$work/logs/rerun.log"
check "rerunning a task rewrites the same bytes" 'cmp "$work/shard-3.before" "$PREDICTIONS.shard-3-of-4"'

# --- embedding shards merged into one store.
slurm_wait "$embed_array" "$embed_merge"
check "embedding array and merge completed" '[[ "$(slurm_states "$embed_array")" == "4 COMPLETED" && "$(slurm_states "$embed_merge")" == "1 COMPLETED" ]]'
check "the merged store holds all 60 chains" 'grep -q "merged 4 shards, 60 chains" "$work/logs/tp-embed-merge-$embed_merge.out"'

# --- cross-validation: one fold per task, collected; equal to one process.
slurm_wait "$cv_array" "$cv_collect"
check "cross-validation: 3 fold tasks and the collect completed" '[[ "$(slurm_states "$cv_array")" == "3 COMPLETED" && "$(slurm_states "$cv_collect")" == "1 COMPLETED" ]]'
read -r -a evaluate_flags <<< "$EVALUATE_FLAGS"
"$binary" evaluate "${evaluate_flags[@]}" --output "$work/cv-single" 2> "$work/logs/cv-single.log"
check "collected metrics.json equals one process's" 'cmp "$work/cv-single/metrics.json" "$EVALUATION/metrics.json"'
check "collected predictions equal one process's" 'cmp "$work/cv-single/predictions-tiny-ddG.tsv" "$EVALUATION/predictions-tiny-ddG.tsv"'

# --- configuration sweep: one evaluation per line, one table row per configuration.
slurm_wait "$sweep_array" "$sweep_collect"
check "sweep: 2 configuration tasks and the collect completed" '[[ "$(slurm_states "$sweep_array")" == "2 COMPLETED" && "$(slurm_states "$sweep_collect")" == "1 COMPLETED" ]]'
check "the sweep table has one row per configuration" '[[ "$(cut -f1 "$SWEEP_OUTPUT/sweep.tsv" | tail -n +2 | tr "\n" " ")" == "tiny-1-epoch tiny-2-epochs " ]]'

failed=0
slurm_log "all SLURM pipeline checks passed in $(( $(date +%s) - start )) s"
