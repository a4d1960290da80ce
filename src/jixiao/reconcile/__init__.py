"""Reconciling facts: rounding-aware intervals, the calculation network (which totals
are sums of which parts), and the resolution of each concept to one value — unit
slips corrected, conflicting duplicates decided — that every later check builds on."""
