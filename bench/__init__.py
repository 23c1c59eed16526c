"""wagecalc's benchmarks: every figure a ratio to a baseline measured in the same run."""
