"""Register newsetl's deployments (prefect.yaml) with a Prefect server, by module path.

Why not `prefect deploy --all`: in Prefect 3.8 the CLI only takes file-path entrypoints
(`flows/ingest.py:ingest`). A worker then loads that file as a script module named `ingest`,
not as `flows.ingest`, so:
- every task pickled for a Dask worker names the module `ingest`, which no Dask worker can
  import (`ModuleNotFoundError: No module named 'ingest'`);
- the deployment is bound to the absolute folder it was deployed from.

Registered here with `EntrypointType.MODULE_PATH` (`flows.ingest.ingest`), a flow run imports
the installed `newsetl` package wherever the worker runs it (the process worker runs it in a
temporary folder), and Dask workers unpickle its tasks by the same module names.

prefect.yaml stays the one place that says which deployments exist (names, parameters,
schedules, concurrency, work pool); its entrypoints are written in module form
(`flows.ingest:ingest`). Relative local paths in its parameters are resolved against the
folder `newsetl deploy` runs from, since a flow run's own working folder is temporary.

    newsetl deploy                                  # every deployment of ./prefect.yaml
    newsetl deploy --dask tcp://scheduler:8786 --input s3://news/landing --output s3://news/tables
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storage.fs import is_remote
from storage.locations import LocationError, check_cluster_locations, redact

DEFAULT_SPEC = "prefect.yaml"
LOCATION_PARAMETERS = ("input_dir", "output_dir")


@dataclass
class DeploymentSpec:
    """One entry of prefect.yaml's `deployments`, as registered."""

    name: str
    flow: Any  # the prefect Flow object
    parameters: dict[str, Any]
    description: str | None = None
    tags: list[str] | None = None
    schedules: list[dict[str, Any]] | None = None
    concurrency_limit: int | None = None
    work_pool: str | None = None


def import_entrypoint(entrypoint: str) -> Any:
    """`flows.ingest:ingest` (or `flows.ingest.ingest`) -> the flow object. A file path
    (`flows/ingest.py:ingest`) is refused: that is the form that breaks Dask workers."""
    if entrypoint.split(":")[0].endswith(".py") or "/" in entrypoint:
        raise ValueError(f"entrypoint {entrypoint!r} is a file path: write it as a module path "
                         "(flows.ingest:ingest), so flow runs and Dask workers import the installed package")
    module, _, name = entrypoint.rpartition(":") if ":" in entrypoint else entrypoint.rpartition(".")
    return getattr(importlib.import_module(module), name)


def resolve_location(value: Any, base: Path) -> Any:
    """A relative local path against `base` (the deploying folder); URLs and absolute paths as given."""
    if not isinstance(value, str) or is_remote(value) or os.path.isabs(value):
        return value
    return str((base / value).resolve())


def load_specs(path: str | os.PathLike[str] = DEFAULT_SPEC, base: Path | None = None,
               overrides: dict[str, Any] | None = None) -> list[DeploymentSpec]:
    """The deployments of a prefect.yaml, with `overrides` (e.g. dask_address, input_dir)
    applied to every deployment's parameters and relative locations made absolute."""
    import yaml

    spec_path = Path(path)
    document = yaml.safe_load(spec_path.read_text(encoding="utf-8")) or {}
    base = base or Path.cwd()
    specs = []
    for entry in document.get("deployments") or []:
        flow = import_entrypoint(entry["entrypoint"])
        parameters = {**(entry.get("parameters") or {}), **{k: v for k, v in (overrides or {}).items()
                                                             if v is not None}}
        for key in LOCATION_PARAMETERS:
            if key in parameters:
                parameters[key] = resolve_location(parameters[key], base)
        pool = entry.get("work_pool") or {}
        specs.append(DeploymentSpec(
            name=entry["name"], flow=flow, parameters=parameters, description=entry.get("description"),
            tags=entry.get("tags"), schedules=entry.get("schedules"), concurrency_limit=entry.get("concurrency_limit"),
            work_pool=pool.get("name") if isinstance(pool, dict) else pool))
    return specs


def check_spec(spec: DeploymentSpec) -> None:
    """A deployment that would send local paths to a remote Dask cluster is refused at deploy
    time, not at 02:15 (see `storage.locations.check_cluster_locations`)."""
    params = spec.parameters
    check_cluster_locations(params.get("input_dir", ""), params.get("output_dir", ""), params.get("dask_address"))


def to_runner_deployment(spec: DeploymentSpec):
    """The Prefect `RunnerDeployment` of one spec, with a module-path entrypoint."""
    from prefect.schedules import Cron, Interval
    from prefect.types.entrypoint import EntrypointType

    schedules = []
    for item in spec.schedules or []:
        if "cron" in item:
            schedules.append(Cron(item["cron"], timezone=item.get("timezone"), active=item.get("active", True),
                                  parameters=item.get("parameters") or {}))
        elif "interval" in item:
            schedules.append(Interval(item["interval"], timezone=item.get("timezone"),
                                      active=item.get("active", True), parameters=item.get("parameters") or {}))
        else:
            raise ValueError(f"deployment {spec.name}: only cron and interval schedules are supported: {item}")
    return spec.flow.to_deployment(
        name=spec.name, description=spec.description, tags=spec.tags, parameters=spec.parameters,
        schedules=schedules or None, concurrency_limit=spec.concurrency_limit, work_pool_name=spec.work_pool,
        entrypoint_type=EntrypointType.MODULE_PATH)


def ensure_work_pool(name: str) -> None:
    """Create the process work pool `name` when the server does not have it yet."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(name)
        except ObjectNotFound:
            client.create_work_pool(WorkPoolCreate(name=name, type="process"))


def deploy(path: str | os.PathLike[str] = DEFAULT_SPEC, overrides: dict[str, Any] | None = None,
           work_pool: str | None = None, names: list[str] | None = None) -> list[str]:
    """Register the deployments of `path` (all, or those in `names`); returns "flow/deployment" names."""
    specs = [s for s in load_specs(path, overrides=overrides) if not names or s.name in names]
    if names and {s.name for s in specs} != set(names):
        raise ValueError(f"no such deployment in {path}: {', '.join(sorted(set(names) - {s.name for s in specs}))}")
    for spec in specs:
        spec.work_pool = work_pool or spec.work_pool
        if not spec.work_pool:
            raise ValueError(f"deployment {spec.name}: no work pool (set work_pool in {path} or --pool)")
        check_spec(spec)
    registered = []
    for pool in dict.fromkeys(s.work_pool for s in specs):
        ensure_work_pool(pool)
    for spec in specs:
        deployment = to_runner_deployment(spec)
        deployment.apply(work_pool_name=spec.work_pool)
        registered.append(f"{spec.flow.name}/{spec.name}")
    return registered


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--file", default=DEFAULT_SPEC, metavar="PATH",
                        help="the deployments to register (default: ./prefect.yaml)")
    parser.add_argument("--name", action="append", default=None, metavar="DEPLOYMENT",
                        help="register only this deployment (repeatable; default: all)")
    parser.add_argument("--pool", default=None, metavar="WORK_POOL",
                        help="work pool for every deployment (default: the one prefect.yaml names); created as "
                             "a process pool when missing")
    parser.add_argument("--dask", default=None, metavar="ADDRESS",
                        help="default dask_address of the runs: a scheduler address (tcp://host:8786); input and "
                             "output must then be object storage")
    parser.add_argument("--input", default=None, metavar="INPUT", help="default input_dir of the runs")
    parser.add_argument("--output", "-o", default=None, metavar="OUT", help="default output_dir of the runs")


def run(args: argparse.Namespace) -> int:
    """`newsetl deploy`: exit 0 when registered, 2 for a usage error, 1 when the server refused."""
    overrides = {"dask_address": args.dask, "input_dir": args.input, "output_dir": args.output}
    try:
        registered = deploy(args.file, overrides, args.pool, args.name)
    except (LocationError, ValueError, FileNotFoundError) as exc:
        print(f"newsetl: error: {redact(str(exc))}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - server unreachable, refused, ...
        print(f"newsetl: deploy failed: {type(exc).__name__}: {redact(str(exc))}", file=sys.stderr)
        return 1
    for name in registered:
        print(f"registered {name}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flows.deployments", description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
