"""Every package imports on its own, first: an import cycle shows only when a package is imported
before the module that happens to break it, which the rest of the suite (importing in one order)
never does."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import importlib, pkgutil, sys
packages = []
for top in ("bot", "handlers"):
    module = importlib.import_module(top)
    packages += [top] + [i.name for i in pkgutil.walk_packages(module.__path__, top + ".") if i.ispkg]
failed = []
for name in packages:
    for loaded in [k for k in sys.modules if k.split(".")[0] in ("bot", "handlers")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as exc:
        failed.append(f"{name}: {exc!r}")
print(len(packages))
print("\\n".join(failed))
"""


def test_every_package_imports_first_without_a_cycle():
    command = [sys.executable, "-c", PROBE]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    count, *failed = result.stdout.strip().split("\n")
    assert int(count) > 20
    assert [f for f in failed if f] == []
