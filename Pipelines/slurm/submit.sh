#!/usr/bin/env bash
# Submits a TwinPeaks pipeline to SLURM: the array of tasks, then its merge/collect step with
# --dependency=afterok on the array (cancelled if a task fails, so nothing half is merged).
#
#   Pipelines/slurm/submit.sh embed|predict|cv|sweep              all tasks, then the merge
#   Pipelines/slurm/submit.sh predict --tasks 3,5                 only tasks 3 and 5 again, then the merge
#   Pipelines/slurm/submit.sh predict --merge-only                the merge alone (it refuses while shards are missing)
#
# Settings: Pipelines/slurm/config.env (or TWINPEAKS_CONFIG), each overridable from the environment.
# Prints the job ids on stdout ("ARRAY_JOB MERGE_JOB"; one id with --merge-only).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export TWINPEAKS_HOME="${TWINPEAKS_HOME:-$(cd "$here/../.." && pwd)}"
source "$here/common.sh"

usage() { sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[[ $# -ge 1 ]] || usage
pipeline=$1; shift
tasks="" merge_only=false
while [[ $# -gt 0 ]]; do
    case $1 in
        --tasks) tasks=${2:?--tasks needs a list, e.g. 3 or 2,5 or 1-4}; shift 2 ;;
        --merge-only) merge_only=true; shift ;;
        *) usage ;;
    esac
done

case $pipeline in
    embed) array_script=embed-shards.sbatch merge_script=embed-merge.sbatch; count=$SHARDS ;;
    predict) array_script=predict-shards.sbatch merge_script=predict-merge.sbatch; count=$SHARDS ;;
    cv)
        array_script=cv-folds.sbatch merge_script=cv-collect.sbatch
        read -r -a flags <<< "$EVALUATE_FLAGS"
        count=$("$TWINPEAKS" evaluate "${flags[@]}" --list-folds | wc -l) ;;
    sweep) array_script=sweep.sbatch merge_script=sweep-collect.sbatch; count=$(sweep_lines | wc -l) ;;
    *) usage ;;
esac
[[ "$count" -ge 1 ]] || { log "$pipeline: no tasks to run (count $count)"; exit 1; }
mkdir -p "$LOGS"
read -r -a sbatch_flags <<< "$SBATCH_FLAGS"
common=(--parsable --chdir="$TWINPEAKS_HOME" --export=ALL "${sbatch_flags[@]}")

if $merge_only; then
    merge=$(sbatch "${common[@]}" --output="$LOGS/%x-%j.out" "$here/$merge_script")
    log "submitted $merge_script as job $merge"
    echo "$merge"
    exit 0
fi
array=$(sbatch "${common[@]}" --array="${tasks:-1-$count}" --output="$LOGS/%x-%A_%a.out" "$here/$array_script")
array=${array%%;*}
merge=$(sbatch "${common[@]}" --dependency="afterok:$array" --kill-on-invalid-dep=yes --output="$LOGS/%x-%j.out" "$here/$merge_script")
log "submitted $array_script as array job $array (tasks ${tasks:-1-$count} of $count) and $merge_script as job $merge after it succeeds"
log "logs: $LOGS/; a failed task: $0 $pipeline --tasks K"
echo "$array $merge"
