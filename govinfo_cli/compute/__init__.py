"""Computations over reports: sums of many (sum.py), cells derived from others (fill.py)."""
