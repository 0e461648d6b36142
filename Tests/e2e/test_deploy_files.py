"""The deploy files as shipped: the systemd unit passes `systemd-analyze verify`, `.env.example` lists every setting the
server reads, and the nginx file passes `nginx -t` (test_nginx_drain.py runs it for real)."""
import pathlib
import re
import shutil
import subprocess
import tempfile

import pytest

from conftest import ROOT, binary

DEPLOY = ROOT / "deploy"


def settings_read_by_the_server() -> set:
    names = set()
    for source in (ROOT / "Sources" / "Eloquent" / "Config").glob("*.swift"):
        names.update(re.findall(r'env\.[a-zA-Z]+\("([A-Z][A-Z0-9_]+)"', source.read_text()))
    assert len(names) > 40, names
    return names


def test_env_example_lists_every_setting():
    text = (DEPLOY / ".env.example").read_text()
    listed = set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", text, re.M))
    missing = settings_read_by_the_server() - listed
    assert not missing, f"deploy/.env.example does not list {sorted(missing)}"
    for plan in ("STARTER", "PRO", "UNLIMITED", "ENTERPRISE"):
        assert f"STRIPE_PRICE_{plan}" in listed and f"STRIPE_PRICE_{plan}_YEARLY" in listed


def test_systemd_unit_verifies():
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.fail("systemd-analyze is not installed (Debian's systemd package)")
    with tempfile.TemporaryDirectory() as directory:
        unit = pathlib.Path(directory) / "eloquent-server.service"
        # The unit as shipped, with the binary where this build put it.
        unit.write_text((DEPLOY / "eloquent-server.service").read_text().replace("/usr/local/bin/eloquent-server", binary()))
        result = subprocess.run([analyze, "verify", str(unit)], capture_output=True, text=True)
        assert result.returncode == 0 and result.stderr.strip() == "", result.stderr
    text = (DEPLOY / "eloquent-server.service").read_text()
    for hardening in ("NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes", "StateDirectory=eloquent"):
        assert hardening in text
