"""The project's experiments: sweep files, benchmarks and the reproduced findings."""
