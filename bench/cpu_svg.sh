#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# cpu_svg.sh - draws bench/cpu.sh's CSV as an SVG bar chart: speed vs QEMU
# per kernel and XLEN (QEMU process time / vpbridge process time), JIT and interpreter, on a
# log2 axis with the 1x line in black and issue 12's targets dashed (JIT 1.5x mean, interpreter 0.3x).
# No dependencies beyond awk.
#   bench/cpu_svg.sh cpu.csv > cpu.svg
set -euo pipefail
awk -F, '
NR == 1 { next }
{ r[NR] = $0; if ($1 == "startup") { sj[$2] = $4; si[$2] = $5; sq[$2] = $6 } }
function lg(v) { return log(v) / log(2) }
function ypos(v) { if (v < 1 / 16) v = 1 / 16; if (v > 32) v = 32; return top + (5 - lg(v)) * step }
END {
  n = 0
  for (i = 2; i <= NR; i++) {
    split(r[i], f, ",")
    if (f[4] == "timeout" || f[5] == "timeout" || f[6] == "timeout") continue # no ratio (see cpu.md)
    if (f[1] == "startup") { jv = f[6] / f[4]; iv = f[6] / f[5] }
    else {
      nj = f[4]; ni = f[5]; nq = f[6]
      if (nj < 0.1) nj = 0.1; if (ni < 0.1) ni = 0.1; if (nq < 0.1) nq = 0.1
      jv = nq / nj; iv = nq / ni
    }
    lab[n] = f[1] " " f[2]; j[n] = jv; it[n] = iv; n++
  }
  top = 40; step = 28; bw = 14; gap = 44; left = 48
  W = left + n * gap + 20; H = top + 9 * step + 90
  printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"10\">\n", W, H
  printf "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
  printf "<text x=\"8\" y=\"16\" font-size=\"13\">vpbridge speed vs QEMU 7.2 (log scale, higher is better; process wall time)</text>\n"
  printf "<rect x=\"8\" y=\"23\" width=\"10\" height=\"10\" fill=\"#2d6de8\"/><text x=\"22\" y=\"32\">JIT</text>\n"
  printf "<rect x=\"50\" y=\"23\" width=\"10\" height=\"10\" fill=\"#e8912d\"/><text x=\"64\" y=\"32\">interpreter</text>\n"
  for (e = -4; e <= 5; e++) {
    y = ypos(2 ^ e)
    printf "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n", left, W - 10, y, y, e == 0 ? "black" : "#ddd"
    printf "<text x=\"6\" y=\"%.1f\">%gx</text>\n", y + 3, 2 ^ e
  }
  split("1.5 0.3", tg, " ")
  for (t = 1; t <= 2; t++)
    printf "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-dasharray=\"4 3\"/>\n", left, W - 10, ypos(tg[t]), ypos(tg[t]), t == 1 ? "#2d6de8" : "#e8912d"
  base = ypos(1)
  for (t = 0; t < n; t++) {
    x = left + 6 + t * gap
    for (s = 0; s < 2; s++) {
      v = s ? it[t] : j[t]; y = ypos(v)
      y0 = y < base ? y : base; h = y < base ? base - y : y - base
      printf "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"><title>%s %s %.2fx</title></rect>\n", x + s * (bw + 1), y0, bw, h < 1 ? 1 : h, s ? "#e8912d" : "#2d6de8", lab[t], s ? "interp" : "JIT", v
    }
    ly = top + 9 * step + 12
    printf "<text x=\"%d\" y=\"%d\" transform=\"rotate(50 %d %d)\">%s</text>\n", x + 4, ly, x + 4, ly, lab[t]
  }
  print "</svg>"
}' "$1"
