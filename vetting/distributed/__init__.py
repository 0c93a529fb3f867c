"""Deduplication on Apache Spark, for batches that outgrow one machine.

`vetting.distributed.spark_dedupe.dedupe_dataframe` runs the same job as
`vetting.matching.cluster` (same normalization, blocking keys, candidate caps,
score, threshold and merge guard) with the work spread over a Spark cluster.
Needs the optional `spark` dependency group (`uv sync --group spark`); nothing
here imports Django.
"""
