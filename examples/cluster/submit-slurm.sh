#!/bin/bash
# Submits N shards as a Slurm job array and the merge as a job that starts
# only when every shard has succeeded. Prints the two job ids.
#   SHARDS=3 SCENARIO=baseline REPLICATIONS=200 ./submit-slurm.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export SHARDS="${SHARDS:-3}"
array=$(sbatch --parsable --array="1-$SHARDS" --export=ALL "$here/slurm-shards.sbatch")
array="${array%%;*}"
merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes \
  --export=ALL "$here/slurm-merge.sbatch")
echo "shards: job $array (array 1-$SHARDS); merge: job ${merge%%;*}"
