"""Normalizers: turn the free-text phrases of a catalog entry into typed values (numbers, units)."""
