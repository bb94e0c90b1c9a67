"""The built wheel carries schemas/ and templates/: installed non-editable, run from elsewhere, it works."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SEED

from govinfo_cli.model.forms import load_form


@pytest.mark.slow
def test_wheel_installs_and_runs_outside_the_checkout(tmp_path):
    dist = tmp_path / "dist"
    # hatchling comes with the test extra: no isolated build environment to create (seconds saved)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", dist, ROOT],
                   check=True, capture_output=True, timeout=600)
    [wheel] = dist.glob("govinfo-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "govinfo_cli/schemas/form-2021.schema.json" in names
    assert "govinfo_cli/templates/report.toml.j2" in names
    assert "govinfo_cli/locale/zh_CN/LC_MESSAGES/govinfo.mo" in names

    # A fresh environment with only the wheel in it; its dependencies are borrowed from this
    # environment through a .pth file, so the test needs no network.
    env = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", env], check=True, timeout=120)
    python = env / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", wheel],
                   check=True, capture_output=True, timeout=300)
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "zz_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy(SEED, work / "seed.toml")
    where = subprocess.run([python, "-c", "import govinfo_cli; print(govinfo_cli.__file__)"],
                           capture_output=True, text=True, cwd=work, check=True).stdout
    assert where.startswith(str(env))
    validate = subprocess.run([env / "bin" / "govinfo", "validate", "seed.toml"],
                              capture_output=True, text=True, cwd=work, env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"})
    assert validate.returncode == 1, validate.stderr
    assert "L1" in validate.stdout
    new = subprocess.run([env / "bin" / "govinfo", "new", "--year", "2022", "-o", "new.toml"],
                         capture_output=True, text=True, cwd=work, env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"})
    assert new.returncode == 0, new.stderr
    rows = sum(cell.key == "natural_person" for cell in load_form("2021").cells.values())  # table 三's rows
    assert (work / "new.toml").read_text(encoding="utf-8").count("natural_person = 0") == rows
    # import reads each form's labels from schemas/import-labels.json, inside the installed package
    shutil.copy(ROOT / "tests" / "fixtures" / "sources" / "2022_fmt2021_pingtan.html", work / "page.html")
    imported = subprocess.run([env / "bin" / "govinfo", "import", "page.html", "-o", "imported.toml"],
                              capture_output=True, text=True, cwd=work, env={"LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"})
    assert imported.returncode in (0, 1), imported.stderr
    assert 'form = "2021"' in (work / "imported.toml").read_text(encoding="utf-8")
