"""What the worker server loads once, before it forks any worker: imported by multiprocessing's
forkserver (see `flows.workers.worker_context`), so this module's work is done at import.

Why: a spawned worker imported spaCy and loaded the models (about 2 s here), then imported Great
Expectations at its first validation (about 2 s more); each of a run's workers paid both, and
the first chunk waited for them. Forked from a server that has done it, a worker starts with
everything loaded (shared copy-on-write), and the server itself loads while the run is still
starting Prefect.

Nothing here may stop the server: a failure is left to each worker's own initializer
(`flows.batch_work.warm_up`), which meets it again and reports it as a worker that could not
start, as before there was a server.
"""
try:
    from flows.batch_work import warm_up

    warm_up()
    import great_expectations  # noqa: F401  - what `flows.batch_validation` validates with

    import flows.batch_validation  # noqa: F401  - the batch validation step the workers run
except Exception:  # noqa: BLE001,S110 - see the module's docstring: the workers report it
    pass
