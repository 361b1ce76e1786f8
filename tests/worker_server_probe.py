"""Imported by the worker server in `tests/test_worker_server.py`: remembers the process that
imported it, and answers what a worker sees."""
import os

IMPORTED_IN = os.getpid()


def what_the_worker_sees(items: list) -> list:
    return [{"imported_in": IMPORTED_IN, "worker": os.getpid(), "late": os.environ.get("NEWSETL_TEST_LATE")}
            for _ in items]
