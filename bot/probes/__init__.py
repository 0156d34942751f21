"""Hooks for tests and benchmarks: crash points and timings, inert unless enabled."""
