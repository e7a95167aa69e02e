#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# cpu_svg.sh - draws bench/cpu.sh's CSV as an SVG bar chart of speed vs
# QEMU (QEMU wall time / vpbridge wall time, log scale) per kernel, for
# the JIT and the interpreter. No dependencies beyond awk.
#   bench/cpu_svg.sh cpu.csv > cpu.svg
set -euo pipefail
awk -F, 'NR > 1 { k[n] = $1 " " $2; j[n] = $6 / $4; i[n] = $6 / $5; n++ }
END {
  W = 60 + n * 46; H = 320; base = 260; scale = 60  # px per factor of e
  printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"10\">\n", W, H
  printf "<text x=\"10\" y=\"14\" font-size=\"12\">speed vs QEMU (log scale; line = 1x): JIT (blue), interpreter (orange)</text>\n"
  y1 = base - scale * log(1) - 80
  for (f = 0.25; f <= 16; f *= 2) {
    y = 180 - scale * log(f) / log(2) * 0.5 * log(2)
  }
  for (f = 0.125; f <= 16; f *= 2) {
    y = 180 - 40 * log(f) / log(2)
    printf "<line x1=\"50\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n", W - 5, y, y, f == 1 ? "black" : "#ddd"
    printf "<text x=\"5\" y=\"%.1f\">%gx</text>\n", y + 3, f
  }
  for (t = 0; t < n; t++) {
    x = 55 + t * 46
    split("", v); v[0] = j[t]; v[1] = i[t]
    for (s = 0; s < 2; s++) {
      y = 180 - 40 * log(v[s]) / log(2); y0 = 180 - 40 * log(0.125) / log(2)
      if (y < 20) y = 20
      printf "<rect x=\"%d\" y=\"%.1f\" width=\"18\" height=\"%.1f\" fill=\"%s\"><title>%s %.2fx</title></rect>\n", x + s * 19, y, y0 - y, s ? "#e8912d" : "#2d6de8", k[t], v[s]
    }
    printf "<text x=\"%d\" y=\"%d\" transform=\"rotate(60 %d %d)\">%s</text>\n", x, base + 62, x, base + 62, k[t]
  }
  print "</svg>"
}' "$1"
