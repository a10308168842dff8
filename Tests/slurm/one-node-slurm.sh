# A one-node SLURM cluster on this machine for the tests, all on localhost and all state in one
# temporary folder: a munge key and munged on its own socket, a generated slurm.conf, slurmctld and
# slurmd (Debian's slurm-wlm and munge, run as root, no systemd, no cgroups, no accounting).
# Sourced by run-slurm-tests.sh; slurm_start DIR, slurm_stop, slurm_wait JOB..., slurm_states JOB.

SLURM_WAIT_SECONDS=${SLURM_WAIT_SECONDS:-240}

slurm_log() { echo "[slurm-test $(date +%T)] $*" >&2; }

# Prints every daemon log (on failure: why a job or the cluster did not come up).
slurm_dump_logs() {
    local f
    for f in "$SLURM_DIR"/log/*.log; do
        [[ -f "$f" ]] || continue
        echo "===== $f (last 40 lines)" >&2
        tail -n 40 "$f" >&2
    done
}

slurm_start() {
    SLURM_DIR=$1
    local host cpus memory
    mkdir -p "$SLURM_DIR"/{munge,state,spool,log,run}
    chmod 700 "$SLURM_DIR/munge"
    host=$(hostname -s)
    cpus=$(nproc)
    memory=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))
    # Addresses are given (127.0.0.1) and slurmd is told its node name, so nothing depends on the
    # host name resolving.
    # Ports away from the defaults (6817/6818), so a site's own daemons are never touched.
    local ctld_port=$(( 17000 + RANDOM % 2000 ))
    export SLURM_CONF="$SLURM_DIR/slurm.conf"
    cat > "$SLURM_CONF" <<CONF
ClusterName=twinpeaks-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$(( ctld_port + 1 ))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$SLURM_DIR/munge/munge.socket.2
CredType=cred/munge
StateSaveLocation=$SLURM_DIR/state
SlurmdSpoolDir=$SLURM_DIR/spool
SlurmctldPidFile=$SLURM_DIR/run/slurmctld.pid
SlurmdPidFile=$SLURM_DIR/run/slurmd.pid
SlurmctldLogFile=$SLURM_DIR/log/slurmctld.log
SlurmdLogFile=$SLURM_DIR/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
MinJobAge=3600
SchedulerParameters=sched_interval=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
    dd if=/dev/urandom of="$SLURM_DIR/munge/munge.key" bs=1024 count=1 status=none
    chmod 400 "$SLURM_DIR/munge/munge.key"
    slurm_log "starting munged, slurmctld, slurmd (config $SLURM_CONF)"
    munged --force --key-file="$SLURM_DIR/munge/munge.key" --socket="$SLURM_DIR/munge/munge.socket.2" \
        --pid-file="$SLURM_DIR/run/munged.pid" --log-file="$SLURM_DIR/log/munged.log" --seed-file="$SLURM_DIR/munge/seed"
    slurmctld -f "$SLURM_CONF"
    slurmd -f "$SLURM_CONF" -N "$host"
    local waited=0
    until [[ "$(sinfo -h -N -o '%t' 2>/dev/null)" == idle* ]]; do
        if (( waited >= 60 )); then
            slurm_log "the node did not come up idle within 60 s: sinfo says '$(sinfo -h -N -o '%t %E' 2>&1)'"
            slurm_dump_logs
            return 1
        fi
        sleep 1; waited=$(( waited + 1 ))
    done
    slurm_log "node $host idle after ${waited} s ($cpus CPUs, ${memory} MB)"
}

slurm_stop() {
    [[ -n "${SLURM_DIR:-}" ]] || return 0
    local name pid
    for name in slurmd slurmctld munged; do
        pid=$(cat "$SLURM_DIR/run/$name.pid" 2>/dev/null || true)
        [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
    done
    sleep 1
    for name in slurmd slurmctld munged; do
        pid=$(cat "$SLURM_DIR/run/$name.pid" 2>/dev/null || true)
        [[ -n "$pid" ]] && kill -9 "$pid" 2>/dev/null || true
    done
}

# Waits until none of the jobs is queued or running; fails, with the logs, after SLURM_WAIT_SECONDS.
slurm_wait() {
    local waited=0
    while [[ -n "$(squeue -h -j "$(IFS=,; echo "$*")" -o '%i %T' 2>/dev/null)" ]]; do
        if (( waited >= SLURM_WAIT_SECONDS )); then
            slurm_log "jobs $* still queued or running after $SLURM_WAIT_SECONDS s:"
            squeue -j "$(IFS=,; echo "$*")" -o '%i %j %T %r' >&2 || true
            slurm_dump_logs
            return 1
        fi
        sleep 1; waited=$(( waited + 1 ))
    done
}

# The end states of a job (one per array task, sorted and counted), e.g. "3 COMPLETED, 1 FAILED".
slurm_states() {
    scontrol -o show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 | sort | uniq -c \
        | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2} END {print ""}'
}
