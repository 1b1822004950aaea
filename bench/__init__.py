"""Benchmarks: synthetic editions and the runner behind ``make bench``."""
