#!/usr/bin/env python3
"""Generate src/lib/formats/ssvc-tables.c from the normalised SSVC decision tables.

Usage: tools/gen-ssvc-tables.py [SSVC_DATA_DIR] [OUTPUT]

SSVC_DATA_DIR defaults to ../shared/testdata/ssvc (beside the repository) and must hold
trees.json (the tables) and upstream/json/decision_points/ (every upstream decision point in all
its versions, used only so that error messages can say "that value belongs to version X").
OUTPUT defaults to src/lib/formats/ssvc-tables.c.

The tables become C data: each input's value keys in order, and a dense array of outcome value
indices indexed by the mixed-radix number sum(idx_i * prod(radix_j, j > i)). The index is built
from the value keys of every row, never from the row's position, because upstream does not list
all tables in the same order (cisa_bod_26_04 does not vary the last input fastest).

The script refuses to write anything unless every table is complete (each combination of input
values exactly once), every key is defined, the decision points agree with the upstream
definitions, and every table is monotonic (evaluation of partial knowledge reports the range
lowest..highest, which is only meaningful for monotonic tables).
"""

import glob
import itertools
import json
import os
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fail(msg):
    sys.stderr.write("gen-ssvc-tables: %s\n" % msg)
    sys.exit(1)


def c_str(s):
    out = []
    for ch in s:
        o = ord(ch)
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif 0x20 <= o < 0x7F:
            out.append(ch)
        else:
            for b in ch.encode("utf-8"):
                out.append("\\%03o" % b)
    return '"' + "".join(out) + '"'


def ident(point_id):
    return "dp_" + "".join(c if c.isalnum() else "_" for c in point_id)


def check_point_values(pid, values):
    keys = [v["key"] for v in values]
    if len(set(keys)) != len(keys):
        fail("%s: duplicate value keys %r" % (pid, keys))
    if len(values) > 32:
        fail("%s: more than 32 values (masks are 32-bit)" % pid)
    # Values are matched by key (exact, then case-insensitive) or by name (case-insensitive):
    # no spelling may designate two different values.
    seen = {}
    for i, v in enumerate(values):
        for spelling in {v["key"].lower(), v["name"].lower()}:
            if spelling in seen and seen[spelling] != i:
                fail("%s: spelling %r names two values" % (pid, spelling))
            seen[spelling] = i


def main():
    data_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "..", "shared", "testdata", "ssvc")
    out_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(REPO, "src", "lib", "formats", "ssvc-tables.c")
    with open(os.path.join(data_dir, "trees.json"), encoding="utf-8") as f:
        doc = json.load(f)
    commit = doc["ssvc_commit"]

    # Upstream registry of decision points (all versions).
    registry = {}
    for path in sorted(glob.glob(os.path.join(data_dir, "upstream", "json", "decision_points", "*", "*.json"))):
        with open(path, encoding="utf-8") as f:
            dp = json.load(f)
        pid = "%s:%s:%s" % (dp["namespace"], dp["key"], dp["version"])
        values = [{"key": v["key"], "name": v["name"]} for v in dp["values"]]
        check_point_values(pid, values)
        registry[pid] = {"id": pid, "name": dp["name"], "values": values}

    points = {}  # id -> point, for the points used by tables

    def add_point(p, where):
        pid = p["id"]
        parts = pid.split(":")
        if len(parts) != 3 or not all(parts):
            fail("%s: bad decision point id %r" % (where, pid))
        values = [{"key": v["key"], "name": v["name"]} for v in p["values"]]
        check_point_values(pid, values)
        if pid in registry:
            r = registry[pid]
            if r["values"] != values or r["name"] != p["name"]:
                fail("%s: %s differs from the upstream decision point" % (where, pid))
        if pid in points:
            if points[pid]["values"] != values or points[pid]["name"] != p["name"]:
                fail("%s: %s defined twice, differently" % (where, pid))
        else:
            points[pid] = {"id": pid, "name": p["name"], "values": values}
        return pid

    tables = []
    for t in doc["trees"]:
        tid = t["id"]
        if len(tid.split(":")) != 3:
            fail("bad table id %r" % tid)
        inputs = [add_point(p, tid) for p in t["inputs"]]
        if len(set(inputs)) != len(inputs):
            fail("%s: an input appears twice" % tid)
        outcome = add_point(t["outcome"], tid)
        radices = [len(points[p]["values"]) for p in inputs]
        n_cells = 1
        for r in radices:
            n_cells *= r
        if n_cells > 65535:
            fail("%s: too many combinations" % tid)
        if len(points[outcome]["values"]) > 255:
            fail("%s: outcome has too many values" % tid)
        cells = [None] * n_cells
        for row in t["rows"]:
            if len(row) != len(inputs) + 1:
                fail("%s: row %r has the wrong length" % (tid, row))
            index = 0
            for pid, key in zip(inputs, row):
                keys = [v["key"] for v in points[pid]["values"]]
                if key not in keys:
                    fail("%s: row %r: %r is not a value of %s" % (tid, row, key, pid))
                index = index * len(keys) + keys.index(key)
            okeys = [v["key"] for v in points[outcome]["values"]]
            if row[-1] not in okeys:
                fail("%s: row %r: %r is not a value of %s" % (tid, row, row[-1], outcome))
            if cells[index] is not None:
                fail("%s: combination %r given twice" % (tid, row[:-1]))
            cells[index] = okeys.index(row[-1])
        if None in cells:
            missing = cells.index(None)
            fail("%s: combination number %d missing (%d rows for %d combinations)"
                 % (tid, missing, len(t["rows"]), n_cells))
        # Monotonic: raising one input by one step never lowers the outcome.
        for combo in itertools.product(*[range(r) for r in radices]):
            base = 0
            for i, r in zip(combo, radices):
                base = base * r + i
            for k in range(len(radices)):
                if combo[k] + 1 < radices[k]:
                    up = list(combo)
                    up[k] += 1
                    idx = 0
                    for i, r in zip(up, radices):
                        idx = idx * r + i
                    if cells[idx] < cells[base]:
                        fail("%s: not monotonic at %r" % (tid, combo))
        tables.append({"id": tid, "name": t["name"], "inputs": inputs, "outcome": outcome, "cells": cells})

    # A table is "derived" when its outcome is an input of another table; at most one table may
    # derive each decision point.
    all_inputs = {p for t in tables for p in t["inputs"]}
    derivers = {}
    for t in tables:
        t["derived"] = t["outcome"] in all_inputs
        if t["derived"]:
            if t["outcome"] in derivers:
                fail("two tables derive %s" % t["outcome"])
            derivers[t["outcome"]] = t["id"]

    # Registry points not used by a table (other versions, unused points) come after them.
    for pid in sorted(registry):
        if pid not in points:
            points[pid] = registry[pid]
    order = sorted(points)

    lines = []
    w = lines.append
    w("/* generated by tools/gen-ssvc-tables.py from CERTCC/SSVC commit %s" % commit)
    w(" * (data/json, normalised in trees.json), SEI MIT-style licence; do not edit.")
    w(" * Regenerate: tools/gen-ssvc-tables.py [SSVC_DATA_DIR] (runs clang-format). */")
    w('#include "ssvc-int.h"')
    w("")
    for pid in order:
        p = points[pid]
        w("static const struct cvd_ssvc_value %s_values[] = {" % ident(pid))
        for v in p["values"]:
            w("    {%s, %s}," % (c_str(v["key"]), c_str(v["name"])))
        w("};")
    w("")
    w("const struct cvd_ssvc_point cvd__ssvc_points[] = {")
    for pid in order:
        p = points[pid]
        ns, key, ver = pid.split(":")
        w("    {%s, %s, %s, %s, %s, %d, %s_values}," % (c_str(pid), c_str(ns), c_str(key), c_str(ver),
                                                      c_str(p["name"]), len(p["values"]), ident(pid)))
    w("};")
    w("const size_t cvd__ssvc_point_count = %d;" % len(order))
    w("")
    pindex = {pid: i for i, pid in enumerate(order)}
    for n, t in enumerate(tables):
        w("static const struct cvd_ssvc_point *const table%d_inputs[] = {" % n)
        for pid in t["inputs"]:
            w("    &cvd__ssvc_points[%d], /* %s */" % (pindex[pid], pid))
        w("};")
        w("static const uint8_t table%d_cells[%d] = {" % (n, len(t["cells"])))
        for i in range(0, len(t["cells"]), 16):
            w("    " + ", ".join(str(c) for c in t["cells"][i:i + 16]) + ",")
        w("};")
    w("")
    w("static const struct cvd_ssvc_table tables[] = {")
    for n, t in enumerate(tables):
        w("    {")
        w("        .id = %s," % c_str(t["id"]))
        w("        .name = %s," % c_str(t["name"]))
        w("        .derived = %s," % ("true" if t["derived"] else "false"))
        w("        .n_inputs = %d," % len(t["inputs"]))
        w("        .inputs = table%d_inputs," % n)
        w("        .outcome = &cvd__ssvc_points[%d], /* %s */" % (pindex[t["outcome"]], t["outcome"]))
        w("        .n_cells = %d," % len(t["cells"]))
        w("        .cells = table%d_cells," % n)
        w("    },")
    w("};")
    w("")
    w("const struct cvd_ssvc_table *const cvd__ssvc_tables[] = {")
    for n in range(len(tables)):
        w("    &tables[%d]," % n)
    w("};")
    w("const size_t cvd__ssvc_table_count = %d;" % len(tables))
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    # Format like the rest of the tree, so regenerating gives the committed bytes.
    try:
        subprocess.run(["clang-format", "-i", "--style=file:" + os.path.join(REPO, ".clang-format"),
                        out_path], check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        fail("clang-format failed (%s); the output is unformatted" % e)


if __name__ == "__main__":
    main()
