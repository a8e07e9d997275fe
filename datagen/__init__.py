"""Deterministic data for tests, benchmarks and the sample scripts (not part of Curator)."""
