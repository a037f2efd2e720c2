"""Benchmark scripts (figures, not tests)."""
