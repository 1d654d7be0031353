#!/usr/bin/env python3
"""Distances from searoute 1.6.0 for 300 pairs of major ports, the test table
of tests/it/network.rs (`accuracy::against_searoute`).

searoute routes over the same MARNET network, so this checks the conversion
and the routing (snapping, the antimeridian, passages), not the network
itself; the published distances in the same test module check that.

    python3 -m venv /tmp/sr && /tmp/sr/bin/pip install searoute==1.6.0
    /tmp/sr/bin/python src/network/data/make_searoute_check.py

Pairs: ports searoute marks as terminals (t = 1) in world_ports.csv, outside
the Caspian, south of 66 N (corridor closes the Arctic to a ship without an
ice class; searoute closes only its `northwest` lanes) and within 50 km of a
lane (MAX_CONNECTOR_KM), drawn with a fixed
seed; pairs under 200 nm are skipped (there the connector into port, which
the two tools draw differently, is most of the distance). searoute is asked
for the port-to-port length (append_orig_dest=True), in nautical miles.
Output: searoute_check.csv with locode_from, locode_to, searoute_nm.
"""

import csv
import os
import random

import searoute as sr

HERE = os.path.dirname(os.path.abspath(__file__))
PAIRS = 300
SEED = 13
# Ports farther than this from any MARNET lane (Daqing, 667 km inland;
# Memphis, 533 km up the Mississippi; Buenaventura, 289 km from the nearest
# lane) are left out: there the two tools' straight connectors, not the
# network, make the distance.
MAX_CONNECTOR_KM = 50.0


def main():
    with open(os.path.join(HERE, "world_ports.csv"), encoding="utf-8") as f:
        ports = [
            r for r in csv.DictReader(f)
            if r["terminal"] == "1"
            and r["sea_node"]
            and float(r["lat"]) <= 66.0
            and float(r["connector_km"]) <= MAX_CONNECTOR_KM
        ]
    rng = random.Random(SEED)
    rows, seen = [], set()
    while len(rows) < PAIRS:
        a, b = rng.sample(ports, 2)
        key = (a["locode"], b["locode"])
        if key in seen:
            continue
        seen.add(key)
        route = sr.searoute(
            [float(a["lon"]), float(a["lat"])],
            [float(b["lon"]), float(b["lat"])],
            units="naut",
            append_orig_dest=True,
        )
        nm = route["properties"]["length"]
        if nm < 200:
            continue
        rows.append((a["locode"], b["locode"], round(nm, 1)))
    with open(os.path.join(HERE, "searoute_check.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["locode_from", "locode_to", "searoute_nm"])
        w.writerows(rows)
    print(f"{len(rows)} pairs")


if __name__ == "__main__":
    main()
