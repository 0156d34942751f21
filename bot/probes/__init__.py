"""Hooks for tests and benchmarks: crash points, timings, readiness; inert unless enabled."""
