#!/usr/bin/env bash
# Proves the Slurm recipe of docs/cluster.md on a one-node cluster started
# here: installs Debian's slurm-wlm and munge (only when missing), starts
# munged, slurmctld and slurmd directly (no systemd) from a generated
# slurm.conf on localhost, submits examples/cluster/submit-slurm.sh (an
# array of 3 shards and the dependent merge), waits, and checks the merged
# run against a single run of the same scenario. Needs root. Stops the
# daemons it started and removes its scratch folder when done.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
fi
cargo build --locked --profile quick --quiet
corridor="$repo/target/quick/corridor"

work="$(mktemp -d /tmp/corridor-slurm.XXXXXX)"
chmod 755 "$work"
pids=()
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  # The daemons write their state as they stop: wait for them before
  # removing the folder.
  for _ in $(seq 1 20); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" -eq 0 ] && break
    sleep 0.5
  done
  if [ "$status" -ne 0 ]; then
    for log in "$work"/*.log "$work"/munge/*.log; do
      [ -f "$log" ] && { echo "--- $log"; tail -n 30 "$log"; }
    done
  fi
  rm -rf "$work" || true
  exit "$status"
}
trap cleanup EXIT

# munge: its own key and socket for this check, so a machine's munge is
# left alone.
mkdir -p "$work/munge"
chown munge:munge "$work/munge" 2>/dev/null || true
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chown munge:munge "$work/munge/munge.key" 2>/dev/null || true
chmod 400 "$work/munge/munge.key"
socket="$work/munge/munge.socket"
munge_user=munge
id munge >/dev/null 2>&1 || munge_user=root
runuser -u "$munge_user" -- /usr/sbin/munged --key-file="$work/munge/munge.key" \
  --socket="$socket" --pid-file="$work/munge/munged.pid" \
  --log-file="$work/munge/munged.log" --seed-file="$work/munge/seed" --force
sleep 1
pids+=("$(cat "$work/munge/munged.pid")")

host="$(hostname -s)"
cpus="$(nproc)"
mkdir -p "$work/state" "$work/spool"
cat > "$work/slurm.conf" <<CONF
ClusterName=corridor-ci
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SlurmdTimeout=60
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=ci Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
CONF
export SLURM_CONF="$work/slurm.conf"
/usr/sbin/slurmctld -c -f "$SLURM_CONF"
/usr/sbin/slurmd -f "$SLURM_CONF" -N "$host"
for _ in $(seq 1 30); do
  [ -s "$work/slurmctld.pid" ] && [ -s "$work/slurmd.pid" ] && break
  sleep 1
done
pids+=("$(cat "$work/slurmctld.pid")" "$(cat "$work/slurmd.pid")")
for _ in $(seq 1 30); do
  sinfo -h -N -o '%t' 2>/dev/null | grep -Eq '^(idle|mix|alloc)' && break
  sleep 1
done
sinfo -N

echo "== submitting 3 shards and the merge"
export SHARDS=3 SCENARIO=baseline REPLICATIONS=12 SEED=5
export CORRIDOR="$corridor" WORK="$work/shards" OUT="$work/merged"
(cd "$work" && "$repo/examples/cluster/submit-slurm.sh")
for _ in $(seq 1 240); do
  [ -z "$(squeue -h -o %i)" ] && break
  sleep 1
done
if [ -n "$(squeue -h -o %i)" ]; then
  squeue
  echo "slurm jobs did not finish within 4 minutes" >&2
  exit 1
fi
cat "$work"/corridor-merge-*.log
[ -f "$OUT/summary.json" ] || { echo "the merge job wrote no run" >&2; exit 1; }

echo "== the merged run against a single run"
"$corridor" run baseline --replications 12 --seed 5 --out "$work/single" --no-plots -q >/dev/null
for f in shipments.csv summary.csv queues.csv routes.geojson assumptions.json; do
  cmp "$work/single/$f" "$OUT/$f"
done
strip='del(.scenario.wall_s, .scenario.events_per_s, .scenario.threads)'
if command -v jq >/dev/null; then
  diff <(jq -S "$strip" "$work/single/summary.json") <(jq -S "$strip" "$OUT/summary.json")
else
  python3 - "$work/single/summary.json" "$OUT/summary.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
for s in (a, b):
    for k in ("wall_s", "events_per_s", "threads"):
        del s["scenario"][k]
sys.exit(0 if a == b else "summary.json differs")
PY
fi
echo "slurm check: 3 shards merged by a dependent job equal the single run"
