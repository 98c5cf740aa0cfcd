"""Paths to the shared corpus of real published reports (read in place, never copied)."""

from pathlib import Path

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CORPUS = SHARED / "corpus"
SEED = CORPUS / "seed" / "xiangtan-gaoxin-2020.txt"
