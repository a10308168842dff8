#!/usr/bin/env bash
# Runs each fuzz target for FUZZ_SECONDS on its corpus and prints one summary line per target:
# seconds, inputs run, crashes found. Crash inputs land in CORPUS_ROOT/crashes/TARGET/.
# usage: Fuzz/run-targets.sh FUZZ_BINARY CORPUS_ROOT SECONDS [TARGET ...]
set -u
binary=$1; root=$2; seconds=$3; shift 3
targets=${*:-fasta mutations skempi pdb mmcif folds config pair hdf5}
status=0
# Targets whose reader takes a path write each input to a scratch file: in memory it is 5× faster.
if [ -z "${TMPDIR:-}" ] && [ -w /dev/shm ]; then export TMPDIR=/dev/shm/; fi
for target in $targets; do
    mkdir -p "$root/crashes/$target"
    log="$root/$target.log"
    # -fork with -ignore_crashes keeps fuzzing after a crash, so one run finds more than the first;
    # -rss_limit_mb catches allocations a declared size should have refused.
    TWINPEAKS_FUZZ_TARGET=$target "$binary" "$root/$target" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -artifact_prefix="$root/crashes/$target/" > "$log" 2>&1
    runs=$(grep -oE 'exec/s: [0-9]+|execs: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+$' || true)
    total=$(grep -oE '#[0-9]+' "$log" | tail -1 | tr -d '#')
    crashes=$(find "$root/crashes/$target" -type f | wc -l)
    echo "fuzz $target: ${seconds}s, ${total:-0} inputs run, $crashes crash/timeout/oom inputs (log $log)"
    [ "$crashes" -eq 0 ] || status=1
done
exit $status
