"""Benchmarks (`make bench`): speed and memory goals of QUALITY.md, measured as ratios against
a baseline in the same run. Results go to bench/results/ (one JSON per run, and RESULTS.md)."""
