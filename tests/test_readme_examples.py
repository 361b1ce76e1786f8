"""The analyst examples in README.md run against a real run's output."""
import re
import shutil

import pytest

from tests.paths import RAW, REPO

pytestmark = pytest.mark.slow


def _python_blocks() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Reading the tables", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def test_readme_has_pandas_duckdb_and_polars_examples():
    code = "\n".join(_python_blocks())
    for library in ("import pandas", "import duckdb", "import polars"):
        assert library in code


def test_readme_examples_run_on_published_tables(prefect_harness, tmp_path, capsys):
    from flows.ingest import ingest

    shutil.copytree(RAW, tmp_path / "raw")
    ingest(input_dir=str(tmp_path / "raw"), output_dir=str(tmp_path / "out"))
    for block in _python_blocks():
        exec(compile(block, "README.md", "exec"), {"OUT": str(tmp_path / "out")})
    printed = capsys.readouterr().out
    assert "published" in printed  # the Polars status count
    assert "copyright" in printed  # the DuckDB audit-trail query
