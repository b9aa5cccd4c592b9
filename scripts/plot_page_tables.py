#!/usr/bin/env python3
"""Draw bench/page_tables' curve as an SVG, and print the fitted slopes.

    build/bench/page_tables | scripts/plot_page_tables.py docs/memory-page-tables.svg

Reads "regions,vmpte_kb,rss_kb" CSV on stdin; writes a self-contained SVG
(two lines, VmPTE and RSS growth against regions touched, axes with ticks);
prints the least-squares slope of each in KiB per region.  Standard library
only.
"""
import csv
import os
import sys
from xml.sax.saxutils import escape


def slope(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def main():
    if len(sys.argv) != 2:
        print("usage: plot_page_tables.py OUT.svg < curve.csv", file=sys.stderr)
        return 2
    rows = list(csv.DictReader(sys.stdin))
    try:
        n = [int(r["regions"]) for r in rows]
        pte = [int(r["vmpte_kb"]) for r in rows]
        rss = [int(r["rss_kb"]) for r in rows]
    except (KeyError, ValueError, TypeError):
        print("plot_page_tables.py: input is not regions,vmpte_kb,rss_kb CSV", file=sys.stderr)
        return 2
    if len(n) < 2:
        print("plot_page_tables.py: need at least two rows", file=sys.stderr)
        return 2
    s_pte, s_rss = slope(n, pte), slope(n, rss)

    w, h, left, right, top, bottom = 720, 440, 70, 20, 40, 50
    xmax, ymax = max(n), max(max(pte), max(rss))
    ymax = ((ymax // 4096) + 1) * 4096

    def px(x):
        return left + (w - left - right) * x / xmax

    def py(y):
        return h - bottom - (h - top - bottom) * y / ymax

    def path(ys):
        step = max(1, len(n) // 600)  # a few hundred points are enough for the eye
        pts = ["%.1f,%.1f" % (px(x), py(y)) for x, y in list(zip(n, ys))[::step] + [(n[-1], ys[-1])]]
        return "M" + " L".join(pts)

    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
           'font-family="sans-serif" font-size="12">' % (w, h, w, h),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="22" font-size="14">Touching one byte in each of N separate 2 MiB regions</text>' % left]
    for i in range(5):  # grid and ticks
        yv = ymax * i / 4
        xv = xmax * i / 4
        out.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#ddd"/>' % (left, w - right, py(yv), py(yv)))
        out.append('<text x="%d" y="%.1f" text-anchor="end">%d</text>' % (left - 6, py(yv) + 4, yv))
        out.append('<text x="%.1f" y="%d" text-anchor="middle">%d</text>' % (px(xv), h - bottom + 18, xv))
    out.append('<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="black"/>' % (left, w - right, h - bottom, h - bottom))
    out.append('<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="black"/>' % (left, left, top, h - bottom))
    out.append('<text x="%d" y="%d" text-anchor="middle">regions touched (N)</text>' % ((w + left) // 2, h - 12))
    out.append('<text transform="translate(16 %d) rotate(-90)" text-anchor="middle">growth since start (KiB)</text>'
               % ((h + top - bottom) // 2))
    out.append('<path d="%s" fill="none" stroke="#c0392b" stroke-width="2"/>' % path(rss))
    out.append('<path d="%s" fill="none" stroke="#2471a3" stroke-width="2" stroke-dasharray="6 3"/>' % path(pte))
    for i, (label, color, dash) in enumerate([("RSS (VmRSS): %.2f KiB per region" % s_rss, "#c0392b", ""),
                                              ("page tables (VmPTE): %.2f KiB per region" % s_pte, "#2471a3", "6 3")]):
        y = top + 14 + 18 * i
        out.append('<line x1="%d" x2="%d" y1="%d" y2="%d" stroke="%s" stroke-width="2" stroke-dasharray="%s"/>'
                   % (left + 12, left + 40, y, y, color, dash))
        out.append('<text x="%d" y="%d">%s</text>' % (left + 48, y + 4, escape(label)))
    out.append("</svg>")

    tmp = sys.argv[1] + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(out) + "\n")
    os.replace(tmp, sys.argv[1])
    print("regions=%d vmpte_kb_per_region=%.3f rss_kb_per_region=%.3f" % (xmax, s_pte, s_rss))
    return 0


if __name__ == "__main__":
    sys.exit(main())
