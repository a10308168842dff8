# Sourced by every script here: strict mode, the settings (config.env, or TWINPEAKS_CONFIG), and the
# helpers that name the array task and say what a job does.
set -euo pipefail

# Jobs run from a copy of their script, so the repository is found from the submit directory.
TWINPEAKS_HOME="${TWINPEAKS_HOME:-${SLURM_SUBMIT_DIR:-$(pwd)}}"
cd "$TWINPEAKS_HOME"
TWINPEAKS_CONFIG="${TWINPEAKS_CONFIG:-$TWINPEAKS_HOME/Pipelines/slurm/config.env}"
# shellcheck source=config.env
source "$TWINPEAKS_CONFIG"

log() { echo "[$(date '+%F %T')] ${SLURM_JOB_NAME:-twinpeaks}${SLURM_ARRAY_TASK_ID:+ task $SLURM_ARRAY_TASK_ID}: $*" >&2; }

# Runs a command after printing it.
run() { log "run: $*"; "$@"; }

# The array task number (1-based), from SLURM or TASK=k when a task is run by hand.
task_number() {
    local task="${SLURM_ARRAY_TASK_ID:-${TASK:-}}"
    [[ "$task" =~ ^[0-9]+$ && "$task" -ge 1 ]] || { log "no array task number: submit with --array=1-N, or set TASK=k"; exit 2; }
    echo "$task"
}

# The failure drill: a task listed in TWINPEAKS_FAIL_TASKS exits 1 before writing anything.
fail_if_drilled() {
    if [[ ",${TWINPEAKS_FAIL_TASKS}," == *",$1,"* ]]; then
        log "failing on purpose (TWINPEAKS_FAIL_TASKS=$TWINPEAKS_FAIL_TASKS); nothing written"
        exit 1
    fi
}

# The configuration lines of the sweep file (comments and blank lines skipped).
sweep_lines() { grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$SWEEP_FILE"; }
