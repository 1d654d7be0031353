#!/usr/bin/env python3
"""Convert the sea-lane network and the port list shipped by the PyPI package
searoute (Apache-2.0) into the compact files `corridor` compiles in:

    marnet_nodes.csv     lon,lat               one row per network node (row i = node m<i>)
    marnet_edges.csv     a,b,tag               one row per lane between two nodes
    world_ports.csv      locode,name,country,lat,lon,terminal,sea_node,via_lat,via_lon,connector_km,connector_land_km
    port_joins.csv       id,sea_node,via_lat,via_lon,connector_km   the curated sea ports of ports.csv
    overlay_applied.csv  action,name,changed   what each row of overlay.csv changed

The lane network is Eurostat's MARNET (the network of the Eurostat SeaRoute
Java library, EUPL-1.2), as repackaged in searoute-py 1.6.0 (Apache-2.0) in
`searoute/data/marnet_dict.py`; the ports are `searoute/data/ports.geojson`
(UN/LOCODE codes and positions). README.md beside this script records both.

Run from the repository root (stdlib only; pip is used to fetch the sdist;
about a minute):

    python3 src/network/data/make_marnet.py            # downloads searoute 1.6.0
    python3 src/network/data/make_marnet.py SDIST.tar.gz

Rerun it after editing overlay.csv or a curated sea port's position in
ports.csv; the tests fail until the outputs agree with them.

What the conversion does, and why:

- longitudes above 180 (MARNET draws the Bering Sea past 180) are wrapped into
  [-180, 180), and the nodes at +180 and -180 become one node, so the graph
  crosses the antimeridian without searoute's zero-length `pacific_ocean`
  joins (they become self-loops and vanish);
- coordinates are rounded to 6 decimals (0.1 m) and duplicate nodes merged;
- the hand corrections of overlay.csv are applied in file order, each row
  with its reason: `drop-tag` (searoute's `segment` / `segment2` helper
  lines, which run over Chukotka), `cut` (the Caspian Sea and the Volga
  delta: the Caspian comes from corridor's own overlay, lanes.csv, with its
  regions, ferries and the Volga-Caspian channel, and its ports join that
  overlay at run time, so their sea_node is empty), `tag` (the Volga-Don
  waterway and its canal, for passages.csv) and `join` (named ports allowed
  to join across land); a row that changes nothing stops the script;
- only the largest connected part is kept (the world ocean);
- each port joins the network never across land: the shortest connector to
  one of its 12 nearest nodes that crosses at most CLEAR_KM of Natural Earth
  1:50m land (land_50m.json, made by make_land.py) beyond the port's own
  shore (72 % of the ports are geocoded on 1:50m land: town centres, river
  ports), straight or bent once at a sea point (via_lat, via_lon) tried at
  BEND_RADII_KM and BEND_FRACTIONS on 16 bearings; a port with no such
  connector must be a `join` row of overlay.csv (it then takes the
  candidate with the least land, at most the row's max_land_km), or the
  script stops and lists it; connector_land_km records the land crossed;
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
# A connector is clear of land if it crosses at most this much of it beyond
# the port's own shore: a rounding margin where it grazes a coastline vertex.
CLEAR_KM = 0.1
# Bend points tried when no straight connector is clear: these distances
# (km, and fractions of the distance to the nearest node) on 16 bearings.
BEND_RADII_KM = (2.0, 5.0, 10.0, 20.0, 40.0, 80.0)
BEND_FRACTIONS = (0.25, 0.5, 0.75)
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

    def land_km(self, port, node, km, skip_shore=True):
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
            if hi > lo and (i > 0 or not skip_shore) and self.contains(at):
                total += (hi - lo) * km
        return total


def read_overlay(path):
    """The rows of overlay.csv (lines starting with # are comments), with
    their boxes parsed to (lat0, lon0, lat1, lon1) tuples."""
    with open(path, encoding="utf-8") as f:
        body = [line for line in f if not line.startswith("#")]
    rows = []
    for line, row in enumerate(csv.DictReader(body), start=2):
        if row["action"] not in ("drop-tag", "cut", "tag", "join"):
            sys.exit(f"overlay.csv: unknown action {row['action']!r}")
        if not row["reason"].strip():
            sys.exit(f"overlay.csv: row {row['name']} gives no reason")
        row["boxes"] = [
            tuple(float(x) for x in part.split())
            for part in row["boxes"].split(";") if part.strip()
        ]
        row["changed"] = 0
        rows.append(row)
    return rows


def in_boxes(point, boxes):
    lon, lat = point
    return any(lat0 <= lat <= lat1 and lon0 <= lon <= lon1 for lat0, lon0, lat1, lon1 in boxes)


def destination(point, km, bearing_deg):
    """A point `km` from `point` on the given bearing (plain degrees; good
    enough for the short bends of a port's connector)."""
    lon, lat = point
    b = math.radians(bearing_deg)
    dlat = km * math.cos(b) / 111.2
    dlon = km * math.sin(b) / (111.2 * max(0.05, math.cos(math.radians(lat))))
    return (round(lon + dlon, 4), round(max(-89.9, min(89.9, lat + dlat)), 4))


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
    overlay = read_overlay(os.path.join(HERE, "overlay.csv"))
    edge_list = literal(marnet_src, "edge_list")
    raw = []
    for u, neighbours in edge_list.items():
        for v, attrs in neighbours.items():
            a, b = norm(u), norm(v)
            if a != b:
                raw.append(((min(a, b), max(a, b)), attrs.get("passage") or ""))
    # Hand corrections (overlay.csv), in file order; each must change something.
    for row in overlay:
        if row["action"] == "drop-tag":
            row["changed"] = len({key for key, tag in raw if tag == row["tag"]})
            raw = [(key, tag) for key, tag in raw if tag != row["tag"]]
    edges = {}
    for key, tag in raw:
        edges.setdefault(key, tag)
    for row in overlay:
        if row["action"] == "cut":
            gone = [key for key in edges if in_boxes(key[0], row["boxes"]) or in_boxes(key[1], row["boxes"])]
            for key in gone:
                del edges[key]
            row["changed"] = len(gone)
        elif row["action"] == "tag":
            hit = [key for key, tag in edges.items()
                   if not tag and in_boxes(key[0], row["boxes"]) and in_boxes(key[1], row["boxes"])]
            for key in hit:
                edges[key] = row["tag"]
            row["changed"] = len(hit)
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

    def join(point):
        """(km, node, bend or None, land_km): the shortest connector from the
        port to one of its 12 nearest nodes that is clear of land beyond the
        port's own shore: straight, or bent once at a sea point."""
        cands = nearest(point)
        best = None
        for km, i in cands:
            if land.land_km(point, nodes[i], km) <= CLEAR_KM:
                best = (km, i, None)
                break
        # A bend is sought when no straight connector is clear, or when the
        # clear one is much longer than the way to the nearest node.
        if best is None or best[0] > 1.25 * cands[0][0] + 5.0:
            radii = sorted(set(BEND_RADII_KM) | {round(f * cands[0][0], 1) for f in BEND_FRACTIONS})
            for r in radii:
                for k in range(16):
                    q = destination(point, r, 22.5 * k)
                    if land.contains(q):
                        continue
                    first = haversine_km(point, q)
                    if (best and first >= best[0]) or land.land_km(point, q, first) > CLEAR_KM:
                        continue
                    for _, i in cands:
                        second = haversine_km(q, nodes[i])
                        if best and first + second >= best[0]:
                            continue
                        if land.land_km(q, nodes[i], second, skip_shore=False) <= CLEAR_KM:
                            best = (first + second, i, q)
        if best is None:
            return None
        return best + (0.0,)

    joins = {row["name"]: row for row in overlay if row["action"] == "join"}
    features = json.loads(ports_src)["features"]
    out, seen_codes, bent, unjoined = [], set(), 0, []
    cut_boxes = [bx for row in overlay if row["action"] == "cut" for bx in row["boxes"]]
    for feature in features:
        props = feature["properties"]
        code = (props.get("port") or "").strip().upper()
        if len(code) != 5 or code in seen_codes:
            continue
        seen_codes.add(code)
        lon, lat = norm(feature["geometry"]["coordinates"])
        point = (lon, lat)
        if in_boxes(point, cut_boxes):
            # Joined at run time to the Caspian overlay (lanes.csv).
            km, i, via, land_km = "", "", None, 0.0
        else:
            found = join(point)
            if found is not None and code in joins:
                sys.exit(f"overlay.csv: join {code} is no longer needed (it joins clear of land)")
            if found is None:
                # A named exception: the least land among the nearest nodes.
                km, i = min(nearest(point), key=lambda c: (land.land_km(point, nodes[c[1]], c[0]), c[0]))
                via, land_km = None, land.land_km(point, nodes[i], km)
                row = joins.get(code)
                if row is None or land_km > float(row["max_land_km"]):
                    unjoined.append((code, round(land_km, 1)))
                elif row is not None:
                    row["changed"] = 1
            else:
                km, i, via, land_km = found
                bent += via is not None
        terminal = props.get("t")
        out.append((
            code,
            (props.get("name") or code).strip(),
            code[:2],
            lat,
            lon,
            "" if terminal is None else str(int(terminal)),
            i,
            "" if via is None else via[1],
            "" if via is None else via[0],
            km if km == "" else round(km, 2),
            round(land_km, 1),
        ))
    # Curated ports (ports.csv) sit where their terminals are, not at the
    # world row's position: join them by the same rule.
    curated = []
    with open(os.path.join(HERE, "ports.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["kind"] != "sea":
                continue
            point = (float(row["lon"]), float(row["lat"]))
            found = join(point)
            if found is None:
                unjoined.append((row["id"], "curated"))
                continue
            km, i, via, _ = found
            bent += via is not None
            curated.append((row["id"], i, "" if via is None else via[1], "" if via is None else via[0], round(km, 2)))
    with open(os.path.join(HERE, "port_joins.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "sea_node", "via_lat", "via_lon", "connector_km"])
        for row in curated:
            w.writerow(row)
    if unjoined:
        sys.exit(f"ports that cannot join clear of land and overlay.csv does not name (locode, land km): {unjoined}")
    out.sort()
    with open(os.path.join(HERE, "world_ports.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["locode", "name", "country", "lat", "lon", "terminal", "sea_node", "via_lat", "via_lon", "connector_km", "connector_land_km"])
        for row in out:
            w.writerow(row)
    for row in overlay:
        if row["changed"] == 0:
            sys.exit(f"overlay.csv: {row['action']} {row['name']} changes nothing; drop the row")
    with open(os.path.join(HERE, "overlay_applied.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["action", "name", "changed"])
        for row in overlay:
            w.writerow([row["action"], row["name"], row["changed"]])
    print(
        f"{len(nodes)} nodes, {len(rows)} lanes ({dropped_parts} nodes in smaller parts dropped); "
        f"{len(out)} ports, {bent} joined by a bent connector, {len(joins)} named join exceptions; "
        f"overlay: {len(overlay)} rows applied"
    )


if __name__ == "__main__":
    main()
