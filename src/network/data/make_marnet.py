#!/usr/bin/env python3
"""Convert the sea-lane network and the port list shipped by the PyPI package
searoute (Apache-2.0) into the compact files `corridor` compiles in:

    marnet_nodes.csv   lon,lat                one row per network node (row i = node m<i>)
    marnet_edges.csv   a,b,tag                one row per lane between two nodes
    world_ports.csv    locode,name,country,lat,lon,terminal,sea_node,connector_km,connector_land_km

The lane network is Eurostat's MARNET (the network of the Eurostat SeaRoute
Java library, EUPL-1.2), as repackaged in searoute-py 1.6.0 (Apache-2.0) in
`searoute/data/marnet_dict.py`; the ports are `searoute/data/ports.geojson`
(UN/LOCODE codes and positions). SOURCES.md beside this script records both.

Run from the repository root (stdlib only; pip is used to fetch the sdist):

    python3 src/network/data/make_marnet.py            # downloads searoute 1.6.0
    python3 src/network/data/make_marnet.py SDIST.tar.gz

What the conversion does, and why:

- longitudes above 180 (MARNET draws the Bering Sea past 180) are wrapped into
  [-180, 180), and the nodes at +180 and -180 become one node, so the graph
  crosses the antimeridian without searoute's zero-length `pacific_ocean`
  joins and its `segment` / `segment2` helper lines (long straight lines along
  meridian 180 and parallels that run over Chukotka); those are dropped;
- coordinates are rounded to 6 decimals (0.1 m) and duplicate nodes merged;
- the Caspian Sea and the Volga and Don rivers are cut (see in_caspian_cut)
  and only the largest connected part is kept (the world ocean); the Caspian
  comes from `corridor`'s own overlay (lanes.csv), with its regions, ferries
  and the Volga-Caspian channel, and its ports join that overlay at run time
  (their sea_node is empty);
- each port is joined to the nearest of the 12 nearest network nodes whose
  straight connector crosses at most 5 km of Natural Earth 1:50m land
  (land_50m.json, made by make_land.py) beyond the port's own shore (72 %
  of the ports are geocoded on 1:50m land: town centres, river ports); a
  port with no such node takes the candidate with the least land, and
  connector_land_km records how much, so the land test can bound them;
- a LOCODE listed twice keeps its first row (searoute lists INNSA twice).
"""

import ast
import csv
import glob
import hashlib
import io
import json
import math
import os
import subprocess
import sys
import tarfile
import tempfile

VERSION = "1.6.0"
SDIST_SHA256 = "a2f9827b0aa0f1216f4696aa9cd9d358e9950cba496e8445dc2a3d5691862697"
HERE = os.path.dirname(os.path.abspath(__file__))
DROPPED_TAGS = {"segment", "segment2", "pacific_ocean"}
# A connector may cross this much land: ports lie on the coast, often just
# inside the 1:50m coastline, or a few km up an estuary the mask closes.
LAND_TOLERANCE_KM = 5.0
EARTH_KM = 6371.0088  # mean Earth radius (IUGG), for the nearest-node search only


def fetch_sdist():
    tmp = tempfile.mkdtemp()
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
         "-d", tmp, f"searoute=={VERSION}"],
        check=True,
    )
    return glob.glob(os.path.join(tmp, f"searoute-{VERSION}.tar.gz"))[0]


def read_member(tar, suffix):
    for member in tar.getmembers():
        if member.name.endswith(suffix):
            return tar.extractfile(member).read().decode("utf-8")
    sys.exit(f"{suffix} not found in the sdist")


def literal(source, name):
    """The value assigned to `name` in a Python file, read without running it."""
    tree = ast.parse(source)
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return ast.literal_eval(node.value)
    sys.exit(f"{name} not found")


def norm(point):
    lon, lat = point
    lon = float(lon)
    while lon >= 180.0:
        lon -= 360.0
    while lon < -180.0:
        lon += 360.0
    return (round(lon, 6), round(float(lat), 6))


def haversine_km(a, b):
    (lon1, lat1), (lon2, lat2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


class LandSegments:
    """The land mask's ring edges bucketed in 1-degree cells, for segment tests."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            mask = json.load(f)
        self.cells = {}
        self.rows = {}
        for poly in mask["polygons"]:
            for ring in poly:
                for a, b in zip(ring, ring[1:]):
                    for cell in self._cells(a, b):
                        self.cells.setdefault(cell, []).append((a, b))
                    for row in range(math.floor(min(a[1], b[1])), math.floor(max(a[1], b[1])) + 1):
                        self.rows.setdefault(row, []).append((a, b))

    def contains(self, point):
        """Even-odd ray cast east over the rings crossing the point's row."""
        x, y = point
        inside = False
        for (x1, y1), (x2, y2) in self.rows.get(math.floor(y), ()):
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                inside = not inside
        return inside

    @staticmethod
    def _cells(a, b):
        x0, x1 = sorted((a[0], b[0]))
        y0, y1 = sorted((a[1], b[1]))
        for x in range(math.floor(x0), math.floor(x1) + 1):
            for y in range(math.floor(y0), math.floor(y1) + 1):
                yield (x, y)

    def crossings(self, p, q):
        """Parameters t in [0, 1] along p->q where it crosses a coastline."""
        if abs(p[0] - q[0]) > 180:
            return []  # connectors never cross 180; skip rather than mis-test
        found = set()
        for cell in self._cells(p, q):
            for a, b in self.cells.get(cell, ()):
                t = intersect(p, q, a, b)
                if t is not None:
                    found.add(round(t, 9))
        return sorted(found)

    def land_km(self, port, node, km):
        """Kilometres of port->node over land beyond the port's own shore:
        each stretch between two coastline crossings is land or sea as its
        midpoint is, and a first stretch of land from the port itself is not
        counted (most ports are geocoded a little inland of the generalised
        1:50m coastline, and river ports lie up rivers it does not draw)."""
        ts = [0.0] + self.crossings(port, node) + [1.0]
        total = 0.0
        for i, (lo, hi) in enumerate(zip(ts, ts[1:])):
            mid = (lo + hi) / 2
            at = (port[0] + (node[0] - port[0]) * mid, port[1] + (node[1] - port[1]) * mid)
            if hi > lo and i > 0 and self.contains(at):
                total += (hi - lo) * km
        return total


def in_caspian_cut(point):
    """The Caspian Sea and the Volga and Don rivers up to the Sea of Azov:
    cut from MARNET, because corridor's Caspian is its own overlay, joined to
    the ocean only by land (the Volga-Don canal takes river-sea ships of at
    most 140 m, not the modelled ones)."""
    lon, lat = point
    return 40.5 <= lon <= 56.0 and 36.0 <= lat <= 53.0 and not (lon < 42.0 and lat < 45.5)


def intersect(p, q, a, b):
    rx, ry = q[0] - p[0], q[1] - p[1]
    sx, sy = b[0] - a[0], b[1] - a[1]
    den = rx * sy - ry * sx
    if den == 0:
        return None
    t = ((a[0] - p[0]) * sy - (a[1] - p[1]) * sx) / den
    u = ((a[0] - p[0]) * ry - (a[1] - p[1]) * rx) / den
    if 0 <= t <= 1 and 0 <= u <= 1:
        return t
    return None


def main():
    sdist = sys.argv[1] if len(sys.argv) > 1 else fetch_sdist()
    with open(sdist, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    print(f"{os.path.basename(sdist)} sha256 {digest}")
    if digest != SDIST_SHA256:
        sys.exit(f"sha256 mismatch: expected {SDIST_SHA256}")
    with tarfile.open(sdist) as tar:
        marnet_src = read_member(tar, "searoute/data/marnet_dict.py")
        ports_src = read_member(tar, "searoute/data/ports.geojson")

    # ---- lanes
    edge_list = literal(marnet_src, "edge_list")
    edges = {}
    for u, neighbours in edge_list.items():
        for v, attrs in neighbours.items():
            tag = attrs.get("passage") or ""
            if tag in DROPPED_TAGS:
                continue
            a, b = norm(u), norm(v)
            if a == b or in_caspian_cut(a) or in_caspian_cut(b):
                continue
            key = (min(a, b), max(a, b))
            edges.setdefault(key, tag)
    adjacency = {}
    for a, b in edges:
        adjacency.setdefault(a, []).append(b)
        adjacency.setdefault(b, []).append(a)
    # Largest connected component.
    seen, best = set(), []
    for start in sorted(adjacency):
        if start in seen:
            continue
        part, stack = [], [start]
        seen.add(start)
        while stack:
            n = stack.pop()
            part.append(n)
            for m in adjacency[n]:
                if m not in seen:
                    seen.add(m)
                    stack.append(m)
        if len(part) > len(best):
            best = part
    keep = set(best)
    dropped_parts = len(adjacency) - len(keep)
    # Node order: sorted by (lat, lon) rounded, so the numbering is stable.
    nodes = sorted(keep, key=lambda p: (p[1], p[0]))
    index = {p: i for i, p in enumerate(nodes)}
    rows = sorted(
        (index[a], index[b], tag) for (a, b), tag in edges.items() if a in keep and b in keep
    )
    rows = [(min(a, b), max(a, b), t) for a, b, t in rows]
    rows.sort()
    with open(os.path.join(HERE, "marnet_nodes.csv"), "w", newline="") as f:
        f.write("lon,lat\n")
        for lon, lat in nodes:
            f.write(f"{lon:.6f},{lat:.6f}\n".replace(".000000", ""))
    with open(os.path.join(HERE, "marnet_edges.csv"), "w", newline="") as f:
        f.write("a,b,tag\n")
        for a, b, t in rows:
            f.write(f"{a},{b},{t}\n")

    # ---- ports
    land = LandSegments(os.path.join(HERE, "land_50m.json"))
    # Nearest-node search: bucket nodes in 2-degree cells.
    grid = {}
    for i, (lon, lat) in enumerate(nodes):
        grid.setdefault((math.floor(lon / 2), math.floor(lat / 2)), []).append(i)

    def nearest(point, k=12):
        cx, cy = math.floor(point[0] / 2), math.floor(point[1] / 2)
        for radius in range(1, 60):
            cand = []
            for dx in range(-radius, radius + 1):
                for dy in range(-radius, radius + 1):
                    x = (cx + dx + 90) % 180 - 90
                    cand.extend(grid.get((x, cy + dy), ()))
            if len(cand) >= k or radius == 59:
                scored = sorted((haversine_km(point, nodes[i]), i) for i in cand)
                return scored[:k]
        return []

    features = json.loads(ports_src)["features"]
    out, seen_codes, on_land = [], set(), 0
    for feature in features:
        props = feature["properties"]
        code = (props.get("port") or "").strip().upper()
        if len(code) != 5 or code in seen_codes:
            continue
        seen_codes.add(code)
        lon, lat = norm(feature["geometry"]["coordinates"])
        point = (lon, lat)
        if in_caspian_cut(point):
            # Joined at run time to the Caspian overlay (lanes.csv).
            chosen, land_km = ("", ""), 0.0
        else:
            scored = []
            for km, i in nearest(point):
                land_km = land.land_km(point, nodes[i], km)
                scored.append((land_km > LAND_TOLERANCE_KM, land_km if land_km > LAND_TOLERANCE_KM else 0, km, i))
                if land_km <= LAND_TOLERANCE_KM:
                    break
            over, _, km, i = min(scored)
            chosen, land_km = (km, i), land.land_km(point, nodes[i], km)
            on_land += int(over)  # noqa: counted for the summary line
        terminal = props.get("t")
        out.append((
            code,
            (props.get("name") or code).strip(),
            code[:2],
            lat,
            lon,
            "" if terminal is None else str(int(terminal)),
            chosen[1],
            chosen[0] if chosen[0] == "" else round(chosen[0], 2),
            round(land_km, 1),
        ))
    out.sort()
    with open(os.path.join(HERE, "world_ports.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["locode", "name", "country", "lat", "lon", "terminal", "sea_node", "connector_km", "connector_land_km"])
        for row in out:
            w.writerow(row)
    print(
        f"{len(nodes)} nodes, {len(rows)} lanes ({dropped_parts} nodes in smaller parts dropped); "
        f"{len(out)} ports, {on_land} joined across land (no clear node among the 12 nearest)"
    )


if __name__ == "__main__":
    main()
