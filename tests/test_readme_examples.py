"""The analyst examples in README.md run against a real run's output."""
import re
import shutil
from datetime import date

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
    ingest(input_dir=str(tmp_path / "raw"), output_dir=str(tmp_path / "out"), ingest_date=date(2026, 11, 5))
    names: dict = {"OUT": str(tmp_path / "out")}
    for block in _python_blocks():
        exec(compile(block, "README.md", "exec"), names)
    printed = capsys.readouterr().out
    assert "published" in printed  # the Polars status count
    assert "copyright" in printed  # the DuckDB audit-trail query
    # ingest_date is a date for each reader, as the README says.
    assert set(names["articles"]["ingest_date"]) == {date(2026, 11, 5)}
    assert str(names["docs"].collect_schema()["ingest_date"]) == "Date"
    import duckdb
    assert duckdb.sql(f"select distinct ingest_date from read_parquet('{tmp_path}/out/articles/*/*.parquet', "
                      "hive_partitioning = true)").fetchall() == [(date(2026, 11, 5),)]
