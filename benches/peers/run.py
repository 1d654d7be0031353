#!/usr/bin/env python3
"""Peer benchmark of the berth-ring model: corridor's kernel, the hand-written
binary-heap loop (Rust), SimPy and salabim, at S = 1,000, 10,000 and 100,000
ships (P = 200, C = 2, 1 year), alternating runs so that a machine shared
with other work slows every contender alike.

    python3 benches/peers/run.py                 # 3 rounds
    python3 benches/peers/run.py --rounds 5 --ships 1000

Makes a Python virtual environment in benches/peers/.venv with the pinned
SimPy and salabim of requirements.txt (pip from PyPI) on first use, builds
the two Rust programs with `cargo build --release`, then prints the median
port calls per second of each contender and corridor's ratio to it, as in
the README's "Speed" section: once by the wall time of the simulation loop
that each program reports, once by the CPU time of the whole process (set-up
and interpreter start included), which a busy machine disturbs less.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import venv

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VENV = os.path.join(HERE, ".venv")
PYTHON = os.path.join(VENV, "bin", "python")


def ensure_venv():
    if not os.path.exists(PYTHON):
        print(f"making {VENV} …", file=sys.stderr)
        venv.create(VENV, with_pip=True)
        subprocess.run(
            [PYTHON, "-m", "pip", "install", "-q", "-r", os.path.join(HERE, "requirements.txt")],
            check=True,
        )


def build():
    for extra in ([], ["--example", "berth_ring_heap"]):
        subprocess.run(["cargo", "build", "--release", "--locked", *extra], cwd=ROOT, check=True)


def contenders(ships, years):
    common = ["--ships", str(ships), "--years", str(years)]
    release = os.path.join(ROOT, "target", "release")
    return {
        "corridor": [os.path.join(release, "corridor"), "bench", "berth-ring", "--json", *common],
        "heap loop": [os.path.join(release, "examples", "berth_ring_heap"), *common],
        "SimPy": [PYTHON, os.path.join(HERE, "simpy_berth_ring.py"), *common],
        "salabim": [PYTHON, os.path.join(HERE, "salabim_berth_ring.py"), *common],
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rounds", type=int, default=3, help="runs of each contender (default 3)")
    p.add_argument("--ships", type=int, nargs="+", default=[1000, 10000, 100000])
    p.add_argument("--years", type=float, default=1.0)
    p.add_argument("--skip", nargs="*", default=[], help="contenders to leave out, e.g. salabim")
    a = p.parse_args()
    ensure_venv()
    build()
    rows = []
    for ships in a.ships:
        runs = {k: v for k, v in contenders(ships, a.years).items() if k not in a.skip}
        rates = {name: [] for name in runs}
        cpu_rates = {name: [] for name in runs}
        waits = {}
        for r in range(a.rounds):
            # Alternate the order every round as well as the contenders.
            order = list(runs) if r % 2 == 0 else list(reversed(list(runs)))
            for name in order:
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                out = subprocess.run(runs[name], capture_output=True, text=True, check=True).stdout
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
                result = json.loads(out)
                rates[name].append(result["port_calls_per_s"])
                cpu_rates[name].append(result["port_calls"] / cpu)
                waits[name] = result["mean_wait_h"]
                print(
                    f"S={ships:>7,} round {r + 1} {name:<10} {result['port_calls_per_s']:>12,.0f} calls/s"
                    f"  mean wait {result['mean_wait_h']:.3f} h",
                    file=sys.stderr,
                )
        rows.append(
            (
                ships,
                {k: statistics.median(v) for k, v in rates.items()},
                {k: statistics.median(v) for k, v in cpu_rates.items()},
                waits,
            )
        )

    names = [n for n in contenders(1, 1) if n not in a.skip]
    for title, column in (("loop wall time", 1), ("process CPU time", 2)):
        print(
            f"\nberth-ring P=200, C=2, {a.years:g} year(s); port calls per second of {title}, "
            f"median of {a.rounds} alternating runs"
        )
        print("| S | " + " | ".join(names) + " | " + " | ".join(f"corridor ÷ {n}" for n in names[1:]) + " |")
        print("|---" * (2 * len(names) - 1) + "|---|")
        for row in rows:
            ships, med = row[0], row[column]
            cells = [f"{med[n]:,.0f}" for n in names]
            ratios = [f"{med['corridor'] / med[n]:.2f}×" for n in names[1:]]
            print(f"| {ships:,} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
    print("\nmean wait, h (last round): " + "; ".join(
        f"S={row[0]:,}: " + ", ".join(f"{n} {row[3][n]:.2f}" for n in names) for row in rows
    ))


if __name__ == "__main__":
    main()
