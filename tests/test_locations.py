"""Checks on a run's locations before any work, and credentials kept out of every location shown."""
from __future__ import annotations

import pytest

from storage.locations import LocationError, check_locations, redact


@pytest.mark.parametrize("location, shown", [
    ("s3://AKIA123:s3cr3t@bucket/landing", "s3://***@bucket/landing"),
    ("s3://AKIA123@bucket", "s3://***@bucket"),
    ("gcs://user:pw@b/p and s3://k:s@other/q", "gcs://***@b/p and s3://***@other/q"),
    ("https://host/obj?X-Amz-Signature=abc123&part=1", "https://host/obj?X-Amz-Signature=***&part=1"),
    ("s3://bucket/landing", "s3://bucket/landing"),
    ("/data/landing", "/data/landing"),
    ("/data/user@example.com/landing", "/data/user@example.com/landing"),  # no scheme: not a URL's userinfo
])
def test_redact_removes_credentials_from_every_url(location, shown):
    assert redact(location) == shown


def test_a_missing_input_is_refused(tmp_path):
    with pytest.raises(LocationError, match="input not found"):
        check_locations(str(tmp_path / "nope"), str(tmp_path / "out"))


def test_a_single_file_is_an_input_and_its_folder_may_hold_the_output(tmp_path):
    (tmp_path / "a.txt").write_text("words")
    check_locations(str(tmp_path / "a.txt"), str(tmp_path / "out"))  # no error
    assert (tmp_path / "out").is_dir() and not list((tmp_path / "out" / "_locks").iterdir())  # probe removed


def test_sibling_folders_with_a_common_prefix_are_not_nested(tmp_path):
    (tmp_path / "data").mkdir()
    check_locations(str(tmp_path / "data"), str(tmp_path / "data-out"))


def test_a_symlinked_output_into_the_input_is_refused(tmp_path):
    (tmp_path / "raw" / "tables").mkdir(parents=True)
    (tmp_path / "link").symlink_to(tmp_path / "raw" / "tables")
    with pytest.raises(LocationError, match="inside the input"):
        check_locations(str(tmp_path / "raw"), str(tmp_path / "link"))


def test_credentials_in_a_location_are_refused_without_being_repeated():
    with pytest.raises(LocationError) as refused:
        check_locations("s3://KEYID:SECRETVALUE@bucket/landing", "s3://bucket/tables")
    assert "SECRETVALUE" not in str(refused.value) and "KEYID" not in str(refused.value)


def test_a_remote_dask_cluster_refuses_local_paths_naming_each():
    from storage.locations import check_cluster_locations

    with pytest.raises(LocationError) as refused:
        check_cluster_locations("/data/landing", "s3://bucket/tables", "tcp://scheduler:8786")
    assert "local input /data/landing:" in str(refused.value) and "output" not in str(refused.value)
    with pytest.raises(LocationError, match="local input /in and output /out"):
        check_cluster_locations("/in", "/out", "tls://scheduler:8786")


@pytest.mark.parametrize("input_location, output_location, address", [
    ("s3://bucket/landing", "s3://bucket/tables", "tcp://scheduler:8786"),  # object storage: every machine reaches it
    ("/data/landing", "/data/tables", "local"),  # a LocalCluster runs on this machine
    ("/data/landing", "/data/tables", None),  # no cluster
])
def test_object_storage_or_a_local_cluster_is_accepted(input_location, output_location, address):
    from storage.locations import check_cluster_locations

    check_cluster_locations(input_location, output_location, address)  # raises on refusal
