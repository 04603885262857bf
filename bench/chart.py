#!/usr/bin/env python3
"""bench/chart.py — draw the ratio chart of a benchmark report.

    python3 bench/chart.py build/bench/report.json build/bench/report.png

One horizontal bar per row: LevitateOS's cost relative to Linux's, on a
log scale, so that left of 1.0 is always "LevitateOS better" — for times
that is LevitateOS/Linux, for bandwidths (higher is better) Linux/LevitateOS.
The line at 1.0 is parity with Linux, the dashed one the goal (0.5x time,
2x bandwidth). Green: goal met; amber: better than Linux, goal not met;
red: worse than Linux. Rows without a number on both kernels are listed as
n/a. Needs matplotlib (Debian's python3-matplotlib; run.py finds it).
"""

import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

GREEN, AMBER, RED, GREY = "#2e7d32", "#f9a825", "#c62828", "#9e9e9e"


def main():
    src, png = sys.argv[1], sys.argv[2]
    with open(src) as f:
        report = json.load(f)
    rows = [r for r in report["rows"] if r["goal"] != "-" or r["ratio"] is None]
    labels, values, colors, notes = [], [], [], []
    for r in rows:
        name = r["metric"] + ("  (bandwidth)" if r["higher_is_better"] else "")
        if r["ratio"] is None or r["ratio"] <= 0:
            why = "n/a on LevitateOS" if r["levitate"] is None else "n/a on Linux"
            labels.append(name)
            values.append(None)
            colors.append(GREY)
            notes.append(why)
            continue
        rel = 1 / r["ratio"] if r["higher_is_better"] else r["ratio"]
        labels.append(name)
        values.append(rel)
        colors.append(GREEN if r["goal"] == "yes" else AMBER if rel < 1 else RED)
        notes.append("%.2fx" % rel)
    n = len(labels)
    fig, ax = plt.subplots(figsize=(10, 0.32 * n + 1.6))
    ys = list(range(n))[::-1]
    lo = min([v for v in values if v] + [0.3]) / 1.6
    hi = max([v for v in values if v] + [2.0]) * 2.2
    for y, v, c, note in zip(ys, values, colors, notes):
        if v is None:
            ax.text(lo * 1.05, y, note, va="center", fontsize=8, color="#555555")
            continue
        ax.barh(y, v, left=0, color=c, height=0.7)
        ax.text(v * 1.06, y, note, va="center", fontsize=8)
    ax.set_xscale("log")
    ax.set_xlim(lo, hi)
    ax.set_yticks(ys)
    ax.set_yticklabels(labels, fontsize=8)
    ax.axvline(1.0, color="black", linewidth=1)
    ax.axvline(0.5, color="black", linewidth=1, linestyle="--")
    ax.text(1.0, n - 0.3, " Linux", fontsize=8, va="bottom")
    ax.text(0.5, n - 0.3, "goal ", fontsize=8, va="bottom", ha="right")
    ax.set_ylim(-0.7, n + 0.2)
    ax.set_xlabel("LevitateOS cost relative to Linux (log scale; left of 1 = LevitateOS better;"
                  " bandwidth rows inverted)", fontsize=8)
    ax.set_title("LevitateOS vs Linux, medians of %d rounds under QEMU TCG (noisy shared host)"
                 % report["rounds"], fontsize=10)
    ax.grid(axis="x", which="both", alpha=0.25)
    ax.legend(handles=[Patch(color=GREEN, label="goal met (<= 0.5x time, >= 2x bandwidth)"),
                       Patch(color=AMBER, label="better than Linux, goal not met"),
                       Patch(color=RED, label="worse than Linux")],
              loc="lower right", fontsize=7, framealpha=0.9)
    fig.tight_layout()
    fig.savefig(png, dpi=110)
    return 0


if __name__ == "__main__":
    sys.exit(main())
