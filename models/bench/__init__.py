"""Benchmarks: `tarjama bench`."""
