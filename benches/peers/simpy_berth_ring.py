"""The berth-ring model in SimPy, as specified in src/berth_ring.rs.

S ships, P ports, C berths per port with one FIFO line; ship i starts at time
0 by sailing towards port i mod P; sailing ~ Exp(mean sail_h), service ~
Exp(mean service_h); the run stops at the horizon (years x 8,760 h). Prints
one JSON object with the same keys as `corridor bench berth-ring --json`.

    python simpy_berth_ring.py --ships 1000 --years 1
"""

import argparse
import json
import random
import time

import simpy


def run(ships, ports, berths, sail_h, service_h, years, seed):
    env = simpy.Environment()
    rng = random.Random(seed)
    docks = [simpy.Resource(env, capacity=berths) for _ in range(ports)]
    stats = {"calls": 0, "grants": 0, "wait": 0.0}

    def ship(i):
        port = i % ports
        while True:
            yield env.timeout(rng.expovariate(1.0 / sail_h))
            arrived = env.now
            with docks[port].request() as berth:
                yield berth
                stats["grants"] += 1
                stats["wait"] += env.now - arrived
                yield env.timeout(rng.expovariate(1.0 / service_h))
            stats["calls"] += 1
            port = (port + 1) % ports

    for i in range(ships):
        env.process(ship(i))
    started = time.perf_counter()
    env.run(until=years * 8760.0)
    wall = time.perf_counter() - started
    return {
        "ships": ships,
        "ports": ports,
        "berths": berths,
        "years": years,
        "seed": seed,
        "port_calls": stats["calls"],
        "mean_wait_h": stats["wait"] / max(stats["grants"], 1),
        "wall_s": wall,
        "port_calls_per_s": stats["calls"] / wall,
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--ships", type=int, default=1000)
    p.add_argument("--ports", type=int, default=200)
    p.add_argument("--berths", type=int, default=2)
    p.add_argument("--sail-h", type=float, default=48.0)
    p.add_argument("--service-h", type=float, default=12.0)
    p.add_argument("--years", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    print(json.dumps(run(a.ships, a.ports, a.berths, a.sail_h, a.service_h, a.years, a.seed)))


if __name__ == "__main__":
    main()
