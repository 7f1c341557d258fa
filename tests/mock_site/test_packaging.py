"""The mock ships inside the wheel as autoreport.mock_site, templates and static files included."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SERVE_ONE_PAGE = """
import sys, urllib.request
import autoreport.mock_site as mock_site
assert mock_site.__file__.startswith(sys.argv[1]), mock_site.__file__
with mock_site.MockSite() as site:
    page = urllib.request.urlopen(site.url + "/login").read().decode()
    css = urllib.request.urlopen(site.url + "/static/site.css").read().decode()
assert 'id="fm-login-id"' in page and ".baxia-dialog" in css
print("served")
"""


def test_the_wheel_carries_a_working_mock_site(tmp_path: Path):
    # Build from a copy so the build leaves nothing behind in the working tree.
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", "tests",
        "autoreport-runs", "test-results", "bench"))
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                    "-w", str(wheels), str(source)], check=True, capture_output=True)
    [wheel] = wheels.glob("autoreport-*.whl")

    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(unpacked)
    packaged = REPO / "fixtures" / "mock_site"
    for folder in ("templates", "static"):  # with their subfolders (the IP Protection platform's templates)
        for path in (packaged / folder).rglob("*"):
            if path.is_file():
                assert f"autoreport/mock_site/{folder}/{path.relative_to(packaged / folder).as_posix()}" in names
    assert "autoreport/mock_site/__init__.py" in names
    # check-site's page templates, compared with the pages the mock serves, ship as well.
    stored = REPO / "src" / "autoreport" / "sites" / "page_templates"
    templates = {path.relative_to(stored).as_posix() for path in stored.glob("*/*.yaml")}
    assert {f"autoreport/sites/page_templates/{name}" for name in templates} <= names
    assert len(templates) == 11  # the article's 8 pages, and today's report centre and its 2 forms

    served = subprocess.run([sys.executable, "-c", SERVE_ONE_PAGE, str(unpacked)], env={"PYTHONPATH": str(unpacked)},
                            capture_output=True, text=True, timeout=60)
    assert served.returncode == 0, served.stderr
    assert served.stdout.strip() == "served"
