"""Benchmarks: `make bench` (python -m bench) runs every one and prints one table of figures."""
