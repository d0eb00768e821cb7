"""Print how long each input kind takes at 10k, 100k and 1M characters, for a few fixed hostile
fragments: `python tests/fuzz/linear.py [kind ...]`.  A ratio near 1 is linear; near 10 is
quadratic (each tenfold step costing a hundredfold)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from inputs import GROW, SIZES, growth, worst_ratio  # noqa: E402

FIXED = {
    "caption": ['"', "(", "Kim Jong Un waves. ", "“quoted ", "REUTERS/", "KCNA via AP. ", "Feb. 25, 2024 "],
    "credit": ["AP Photo/", "(", "Name/", " via ", "©", "Xinhua/Li Wei, "],
    "jsonl": [
        ("one long caption", "Kim waves. "),
        ("many lines", "Kim waves. (AP Photo)"),
        ("nested brackets", ""),
        ("long id", ""),
    ],
    "csv": [("one long cell", "Kim waves. "), ("many rows", "Kim waves. (AP Photo)"), ("quoted newlines", "a")],
    "html": [
        (shape, "Kim waves. REUTERS/Ana Cruz")
        for shape in ("flat spans", "nested figures", "nested divs", "long attribute", "many figures")
    ],
    "image": ["Kim waves. (AP Photo/Lia Neri) "],
}


def main(kinds: list[str]) -> int:
    worst = 0.0
    for kind in kinds or list(GROW):
        for fragment in FIXED[kind]:
            timings = growth(kind, fragment, SIZES)
            ratio = worst_ratio(timings)
            worst = max(worst, ratio)
            cells = "  ".join(f"{size:>9,}: {t:7.3f}s" for size, t in timings)
            print(f"{kind:<8} {str(fragment)[:34]:<36} {cells}  ratio {ratio:5.2f}", flush=True)
    print(f"worst ratio {worst:.2f} (1 linear, 10 quadratic)")
    return 0 if worst < 3 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
