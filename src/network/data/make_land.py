#!/usr/bin/env python3
"""Convert Natural Earth 110 m (or 50 m) land (TopoJSON, from the npm package world-atlas)
into land_110m.json: a compact list of polygons of [lon, lat] rings.

Run once, by hand; the output is committed and used as a test fixture (and
later to draw world maps). Stdlib only.

    cd /tmp && npm pack world-atlas && tar xzf world-atlas-*.tgz
    python3 src/network/data/make_land.py /tmp/package/land-110m.json \
        src/network/data/land_110m.json
    python3 src/network/data/make_land.py /tmp/package/land-50m.json \
        src/network/data/land_50m.json

Output: {"source": ..., "license": ..., "polygons": [[ring, hole, ...], ...]}
where each ring is a list of [lon, lat] pairs in degrees rounded to 3
decimals, first point repeated at the end (closed), outer ring first.
"""

import json
import sys


def decode_arcs(topo):
    """Undo TopoJSON quantisation and delta encoding: absolute [lon, lat] arcs."""
    scale = topo["transform"]["scale"]
    translate = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)
    return arcs


def ring_from(arc_indexes, arcs):
    """Join arcs into one ring; ~i (negative) means arc i reversed."""
    ring = []
    for index in arc_indexes:
        points = arcs[~index][::-1] if index < 0 else arcs[index]
        # Consecutive arcs share their joining point: keep it once.
        ring.extend(points if not ring else points[1:])
    return ring


def polygons_of(geometry, arcs):
    kind = geometry["type"]
    if kind == "Polygon":
        return [[ring_from(r, arcs) for r in geometry["arcs"]]]
    if kind == "MultiPolygon":
        return [[ring_from(r, arcs) for r in poly] for poly in geometry["arcs"]]
    if kind == "GeometryCollection":
        out = []
        for g in geometry["geometries"]:
            out.extend(polygons_of(g, arcs))
        return out
    raise ValueError(f"unexpected geometry type {kind}")


def unwrap(ring):
    """Make longitudes continuous (no step over 180 degrees between neighbours)."""
    out = [list(ring[0])]
    for lon, lat in ring[1:]:
        prev = out[-1][0]
        while lon - prev > 180:
            lon -= 360
        while lon - prev < -180:
            lon += 360
        out.append([lon, lat])
    return out


def clip_half(ring, keep):
    """Sutherland-Hodgman against one vertical line; keep(x) -> (inside, x_line)."""
    out = []
    n = len(ring)
    for i in range(n):
        cur, nxt = ring[i], ring[(i + 1) % n]
        cin, xline = keep(cur[0])
        nin, _ = keep(nxt[0])
        if cin:
            out.append(cur)
        if cin != nin:
            t = (xline - cur[0]) / (nxt[0] - cur[0])
            out.append([xline, cur[1] + t * (nxt[1] - cur[1])])
    return out


def split_antimeridian(ring):
    """Rings in Natural Earth 110 m that cross 180 degrees (Chukotka, Fiji,
    Wrangel, Antarctica) jump from +180 to -180 between neighbours, which breaks
    planar point-in-polygon tests. Unwrap them, close a ring that goes round a
    pole through that pole, and cut the result into pieces inside [-180, 180]."""
    if all(abs(b[0] - a[0]) <= 180 for a, b in zip(ring, ring[1:])):
        return [ring]
    u = unwrap(ring[:-1] if ring[0] == ring[-1] else ring)
    wrap = u[-1][0] - u[0][0]
    if abs(wrap) > 180:  # goes round the pole: close it through the pole
        pole = -90.0 if min(p[1] for p in u) < 0 else 90.0
        u = u + [[u[-1][0], pole], [u[0][0], pole]]
    pieces = []
    for shift in (-720, -360, 0, 360, 720):
        r = [[x + shift, y] for x, y in u]
        r = clip_half(r, lambda x: (x >= -180, -180.0))
        if len(r) < 3:
            continue
        r = clip_half(r, lambda x: (x <= 180, 180.0))
        if len(r) >= 3:
            pieces.append(r + [r[0]])
    return pieces


def inside(ring, point):
    """Even-odd point-in-polygon test in plain lon/lat."""
    x, y = point
    result = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            result = not result
    return result


def rounded(ring):
    out = []
    for lon, lat in ring:
        point = [round(lon, 3), round(lat, 3)]
        if not out or out[-1] != point:
            out.append(point)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: make_land.py land-110m.json|land-50m.json OUT.json")
    with open(sys.argv[1], encoding="utf-8") as f:
        topo = json.load(f)
    arcs = decode_arcs(topo)
    # land-110m.json or land-50m.json: the scale is in the file name.
    name = sys.argv[1].rsplit("/", 1)[-1]
    scale = name.removeprefix("land-").removesuffix(".json")
    polygons = []
    for obj in topo["objects"].values():
        for poly in polygons_of(obj, arcs):
            outer, holes = poly[0], poly[1:]
            pieces = split_antimeridian(outer)
            for piece in pieces:
                # Holes (the Caspian Sea is one) stay with the piece that holds them.
                mine = [h for h in holes if len(pieces) == 1 or inside(piece, h[0])]
                rings = [rounded(r) for r in [piece] + mine]
                rings = [r for r in rings if len(r) >= 4]
                if rings:
                    polygons.append(rings)
    out = {
        "source": f"Natural Earth 1:{scale} land, via the npm package world-atlas 2.0.2 ({name})",
        "license": "public domain (Natural Earth); world-atlas packaging ISC",
        "format": "polygons: list of polygons; each polygon a list of rings (outer first, then holes); each ring a closed list of [lon, lat] in degrees, 3 decimals",
        "polygons": polygons,
    }
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        # One polygon per line keeps diffs readable without bloating the file.
        f.write("{\n")
        for key in ("source", "license", "format"):
            f.write(f"  {json.dumps(key)}: {json.dumps(out[key])},\n")
        f.write('  "polygons": [\n')
        for i, poly in enumerate(polygons):
            sep = "," if i + 1 < len(polygons) else ""
            f.write("    " + json.dumps(poly, separators=(",", ":")) + sep + "\n")
        f.write("  ]\n}\n")
    print(f"{len(polygons)} polygons, {sum(len(r) for p in polygons for r in p)} points")


if __name__ == "__main__":
    main()
