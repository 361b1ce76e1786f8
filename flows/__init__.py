"""Prefect flows of newsetl: thin orchestration around `extractors/`, `schemas/` and `storage/`."""
