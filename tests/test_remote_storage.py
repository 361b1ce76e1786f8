"""Input and output on S3: a real S3-compatible server (moto's) on loopback, reached through
the same storage abstraction as local folders. A loopback proxy in front of it injects errors."""
from __future__ import annotations

import http.client
import http.server
import threading
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pytest

from tests.paths import RAW

pytestmark = pytest.mark.slow
SECRET_KEY = "sEcReT-9f3b2c7e-never-log-me"
ACCESS_KEY = "AKIA-newsetl-test-4d1e"
D1, D2 = date(2026, 10, 1), date(2026, 10, 2)


class FlakyProxy(http.server.ThreadingHTTPServer):
    """Forwards to the S3 server; answers 503 to the next `failures` requests (or to all)."""

    def __init__(self, upstream: tuple[str, int]):
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.upstream = upstream
        self.failures = 0
        self.always_fail = False
        self.fail_methods = {"GET", "HEAD", "PUT", "POST", "DELETE"}
        self.lock = threading.Lock()
        self.failed = 0


class _ProxyHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _forward(self):
        server: FlakyProxy = self.server  # type: ignore[assignment]
        body = self._read_body()
        with server.lock:
            fail = (server.always_fail or server.failures > 0) and self.command in server.fail_methods
            if fail:
                server.failures = max(0, server.failures - 1)
                server.failed += 1
        if fail:
            payload = b"<Error><Code>SlowDown</Code><Message>injected</Message></Error>"
            self.send_response(503)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":  # a HEAD answer has no body
                self.wfile.write(payload)
            return
        conn = http.client.HTTPConnection(*server.upstream, timeout=30)
        headers = {k: v for k, v in self.headers.items() if k.lower() != "transfer-encoding"}
        headers["Content-Length"] = str(len(body))
        conn.request(self.command, self.path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        self.send_response(response.status)
        for key, value in response.getheaders():
            if key.lower() not in ("content-length", "transfer-encoding", "connection", "server", "date"):
                self.send_header(key, value)
        # HEAD answers carry the object's size, not the (empty) body's.
        length = response.getheader("Content-Length") if self.command == "HEAD" else None
        self.send_header("Content-Length", length or str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        conn.close()

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _forward

    def log_message(self, *args):
        pass


@pytest.fixture
def s3(monkeypatch):
    import logging

    from moto.server import ThreadedMotoServer
    import s3fs

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's per-request access log
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    proxy = FlakyProxy(server.get_host_and_port())
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{proxy.server_address[1]}")
    s3fs.S3FileSystem.clear_instance_cache()
    fs = s3fs.S3FileSystem()
    if fs.exists("news"):  # moto keeps its state per process, across server instances
        fs.rm("news", recursive=True)
    fs.mkdir("news")
    yield fs, proxy
    proxy.shutdown()
    server.stop()
    s3fs.S3FileSystem.clear_instance_cache()


def land(fs, day: date, names: list[str]) -> None:
    for name in names:
        fs.pipe_file(f"news/landing/{day.isoformat()}/{name}", (RAW / name).read_bytes())


def read_s3_table(fs, name: str) -> pa.Table:
    part = ds.partitioning(pa.schema([("ingest_date", pa.date32())]), flavor="hive")
    arrow = pa.fs.PyFileSystem(pa.fs.FSSpecHandler(fs))
    return ds.dataset(f"news/tables/{name}", format="parquet", partitioning=part, filesystem=arrow).to_table()


def test_landing_and_tables_on_s3_with_credentials_kept_out_of_logs(prefect_harness, s3):
    import logging

    from flows.ingest import ingest

    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(self.format(record))

    handler = Collect()
    for name in ("prefect", ""):
        logging.getLogger(name).addHandler(handler)
    fs, _ = s3
    land(fs, D1, ["000_ff8034573ac0bc45.txt", "wire-2026-11.jsonl"])
    land(fs, D2, ["2026-city-budget.html"])
    summary = ingest(input_dir="s3://news/landing", output_dir="s3://news/tables", workers=0)

    assert summary["ingest_dates"] == [D1.isoformat(), D2.isoformat()] and summary["published"] == 4
    assert summary["tables"]["articles"] == "s3://news/tables/articles"
    articles = read_s3_table(fs, "articles").to_pylist()
    assert sorted((a["ingest_date"], a["source_path"]) for a in articles)[:2] == [
        (D1, "2026-10-01/000_ff8034573ac0bc45.txt"), (D1, "2026-10-01/wire-2026-11.jsonl")]
    assert fs.exists("news/tables/_validation/data_docs/index.html")
    assert not fs.find("news/tables/_staging") and not fs.find("news/tables/_locks")  # cleaned up, unlocked

    again = ingest(input_dir="s3://news/landing", output_dir="s3://news/tables", workers=0)
    assert again["published"] == 0 and read_s3_table(fs, "articles").num_rows == 4

    # The credentials used appear nowhere: not in log records, not in any stored object, not
    # in Prefect's database (flow-run parameters, artifacts and the run logs it stores).
    from prefect.settings import get_current_settings

    logged = "\n".join(records)
    assert "Finished in state Completed" in logged  # the handler did see the run's logs
    assert SECRET_KEY not in logged and ACCESS_KEY not in logged
    for key in fs.find("news"):
        assert SECRET_KEY.encode() not in fs.cat_file(key), key
    database = get_current_settings().server.database.connection_url.get_secret_value()
    db_file = Path(database.split("///", 1)[-1])
    assert db_file.is_file() and SECRET_KEY.encode() not in db_file.read_bytes()
    for name in ("prefect", ""):
        logging.getLogger(name).removeHandler(handler)


def test_transient_s3_errors_are_retried_and_the_run_succeeds(prefect_harness, s3):
    from flows.ingest import ingest

    fs, proxy = s3
    land(fs, D1, ["000_ff8034573ac0bc45.txt"])
    proxy.failures = 6  # the next six requests get 503 SlowDown
    summary = ingest(input_dir="s3://news/landing", output_dir="s3://news/tables", workers=0)
    assert proxy.failed == 6
    assert summary["published"] == 1 and read_s3_table(fs, "articles").num_rows == 1


def test_a_permanent_s3_error_fails_the_run_and_leaves_published_data_untouched(prefect_harness, s3,
                                                                                monkeypatch):
    import s3fs

    from flows.ingest import ingest

    # Fewer client-side retries, so that "permanent" is reached in seconds, not minutes.
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "2")
    monkeypatch.setattr(s3fs.S3FileSystem, "retries", 1)
    s3fs.S3FileSystem.clear_instance_cache()
    fs, proxy = s3
    land(fs, D1, ["000_ff8034573ac0bc45.txt"])
    ingest(input_dir="s3://news/landing", output_dir="s3://news/tables", workers=0)
    before = {key: fs.cat_file(key) for key in fs.find("news/tables") if "/ingest_date=" in key}

    land(fs, D1, ["003_bfd91599a705c2b0.txt"])
    proxy.fail_methods = {"PUT", "POST", "DELETE"}  # reads work, every write is refused
    proxy.always_fail = True
    with pytest.raises(Exception) as failure:
        ingest(input_dir="s3://news/landing", output_dir="s3://news/tables", workers=0)
    proxy.always_fail = False
    assert "injected" in str(failure.value)  # the storage server's own message reaches the user
    after = {key: fs.cat_file(key) for key in fs.find("news/tables") if "/ingest_date=" in key}
    assert {k: v for k, v in after.items() if "/runs/" not in k} == {k: v for k, v in before.items()
                                                                    if "/runs/" not in k}


@pytest.mark.parametrize("location", ["s3://no-such-bucket/landing", "s3://news/no-such-prefix"])
def test_a_missing_bucket_or_prefix_is_a_usage_error_before_any_work(s3, capsys, location):
    from flows.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["run", location, "--output", "s3://news/tables"])
    assert exited.value.code == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line == f"newsetl: error: input location not found: {location}"
    fs, _ = s3
    assert not fs.exists("news/tables")  # nothing written, not even the run record
