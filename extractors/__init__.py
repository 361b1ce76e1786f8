"""Pure domain logic of newsetl: no Prefect, no I/O beyond what a caller hands in.

Every function here takes plain data (str, bytes, dataclasses) and returns plain data,
so it can be unit-tested on strings and reused by the flows, the benchmarks and notebooks.
"""
