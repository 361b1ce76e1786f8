from schemas import TABLES
from schemas.dictionary import render
from tests.paths import REPO


def test_data_dictionary_is_generated_from_the_current_schemas():
    committed = (REPO / "docs" / "DATA_DICTIONARY.md").read_text(encoding="utf-8")
    assert committed == render(), "docs/DATA_DICTIONARY.md is stale: run `make dictionary`"


def test_dictionary_documents_every_column_of_every_table():
    text = render()
    for contract in TABLES.values():
        assert f"## `{contract.name}`" in text
        for column in contract.columns:
            assert column.description and f"| `{column.name}` |" in text
