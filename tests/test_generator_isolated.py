"""The sample generator is a test-data tool: a scheduled run must not load it (STYLE.md)."""

from __future__ import annotations

import json
import subprocess
import sys

from pipelines import config

# Run in a fresh interpreter, where no test has imported the generator yet. Building the parser
# and parsing a run's command line is what `refusals run` does before it calls the pipeline.
PROBE = """
import json
import sys

from pipelines import cli, evaluate, pipeline


def generator_modules():
    return sorted(name for name in sys.modules
                  if name == "pipelines.sample" or name.startswith("pipelines.sample."))


cli.build_parser().parse_args(["run", "--input", "."])
loaded_for_a_run = generator_modules()
import pipelines.sample
print(json.dumps({"run": loaded_for_a_run, "after_importing_it": generator_modules()}))
"""


def test_a_scheduled_run_does_not_import_the_generator() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=config.PROJECT_ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["run"] == []
    # The probe does see the generator once it is imported, so the first check is not vacuous.
    assert "pipelines.sample" in loaded["after_importing_it"]
