"""deploy/: the nginx site passes `nginx -t` as rendered, gunicorn loads its config, and the systemd
units start commands that exist."""

from __future__ import annotations

import configparser
import datetime as dt
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.management import CommandError, call_command, get_commands

ROOT = Path(settings.BASE_DIR)
DEPLOY = ROOT / "deploy"
CI = os.environ.get("CI") == "true"


def find_nginx() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/sbin/nginx") if Path(p).exists()), None)


def self_signed(directory: Path, host: str) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


def render_site(tmp_path: Path, **extra: str) -> str:
    cert, key = self_signed(tmp_path, "warta.example.go.id")
    site = tmp_path / "warta.conf"
    args = ["--server-name", "warta.example.go.id", "--certificate", str(cert), "--certificate-key", str(key)]
    for flag, value in extra.items():
        args += [f"--{flag.replace('_', '-')}", value]
    call_command("nginx_site", *args, "--output", str(site))
    return site.read_text()


def test_nginx_accepts_the_rendered_site(tmp_path, settings):
    nginx = find_nginx()
    if nginx is None:
        message = "nginx is not installed (apt-get install nginx)"
        if CI:
            pytest.fail(f"The nginx site must be checked under CI: {message}")
        pytest.skip(message)
    settings.WARTA_MAX_UPLOAD_MB = 20
    text = render_site(tmp_path)
    assert re.search(r"^\s*client_max_body_size 61m;$", text, re.M)  # 3 files of 20 MB and the form
    for directive in (
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "proxy_set_header X-Forwarded-Proto $scheme;",
        "return 301 https://$host$request_uri;",
        f"ssl_certificate {tmp_path / 'cert.pem'};",
    ):
        assert directive in text
    temp = tmp_path / "temp"
    temp.mkdir()
    wrapper = tmp_path / "wrapper.conf"
    wrapper.write_text(
        f"""
error_log {tmp_path}/error.log;
pid {tmp_path}/nginx.pid;
events {{}}
http {{
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {tmp_path}/warta.conf;
}}
"""
    )
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(wrapper)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_nginx_site_follows_the_upload_limit(tmp_path, settings):
    settings.WARTA_MAX_UPLOAD_MB = 50
    assert "client_max_body_size 151m;" in render_site(tmp_path)
    assert "client_max_body_size 51m;" in render_site(tmp_path, files_per_form="1")


def test_nginx_site_defaults_to_lets_encrypt_and_refuses_odd_values(capsys):
    call_command("nginx_site", "--server-name", "Warta.Example.go.id")
    text = capsys.readouterr().out
    assert "server_name warta.example.go.id;" in text
    assert "ssl_certificate /etc/letsencrypt/live/warta.example.go.id/fullchain.pem;" in text
    assert "@" not in re.sub(r"#.*", "", text)  # every value was filled
    with pytest.raises(CommandError, match="--server-name"):
        call_command("nginx_site", "--server-name", "warta.example.go.id; include /etc/passwd")
    with pytest.raises(CommandError, match="--certificate"):
        call_command("nginx_site", "--server-name", "warta.example.go.id", "--certificate", "cert.pem")
    with pytest.raises(CommandError, match="--upstream"):
        call_command("nginx_site", "--server-name", "warta.example.go.id", "--upstream", "x; y")


def test_gunicorn_loads_its_config(tmp_path):
    from gunicorn.app.base import Application
    from gunicorn.config import Config

    namespace = Application.get_config_from_filename(None, str(DEPLOY / "gunicorn.conf.py"))  # type: ignore[arg-type]
    config = Config()
    for name, value in namespace.items():
        if name in config.settings:
            config.set(name, value)
    assert config.bind == ["127.0.0.1:8000"]
    assert 2 <= config.workers <= 8
    assert config.forwarded_allow_ips == ["127.0.0.1", "::1"]
    assert config.timeout == 60 and config.preload_app

    # gunicorn itself checks the file and imports the app with the production settings.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "warta.settings",
        "WARTA_VAR_DIR": str(tmp_path),
        "WEB_CONCURRENCY": "3",
    }
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "--check-config", "-c", "deploy/gunicorn.conf.py", "warta.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def units() -> list[Path]:
    return sorted((DEPLOY / "systemd").glob("*.service"))


def exec_lines(unit: Path, commented: bool = False) -> list[list[str]]:
    pattern = r"^#ExecStart=(.*)$" if commented else r"^ExecStart=(.*)$"
    return [shlex.split(m) for m in re.findall(pattern, unit.read_text(), re.M)]


def test_systemd_units_start_what_exists():
    names = {unit.name for unit in units()}
    assert {"warta-web.service", "warta-worker.service", "warta-timers.service"} <= names
    commands = get_commands()
    seen = set()
    for unit in units():
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.read_string(unit.read_text())
        assert parser["Service"]["User"] == "warta", unit.name
        assert parser["Service"]["EnvironmentFile"] == "/etc/warta/warta.env", unit.name
        for argv in exec_lines(unit):
            if argv[0].endswith("/gunicorn"):
                assert argv[1:] == ["-c", "deploy/gunicorn.conf.py", "warta.wsgi"]
                seen.add("gunicorn")
            elif "manage.py" in argv:
                command = argv[argv.index("manage.py") + 1]
                assert command in commands, f"{unit.name}: manage.py {command} does not exist"
                seen.add(command)
            elif argv[0] == "/bin/sh":
                command = re.search(r"manage\.py (\w+)", argv[-1])
                assert command and command[1] in commands, unit.name
                seen.add(command[1])
    assert {"gunicorn", "db_worker", "run_timers", "backup", "anonymise_contacts"} <= seen
    # The RQ alternative is written out, commented, in the worker's unit.
    assert exec_lines(DEPLOY / "systemd" / "warta-worker.service", commented=True) == [
        ["/srv/warta/.venv/bin/python", "manage.py", "rqworker", "default"]
    ]


def test_ci_installs_nginx():
    apt = [line for line in (ROOT / ".ci" / "run").read_text().splitlines() if "apt-get install" in line]
    assert any(re.search(r"\snginx(\s|$)", line) for line in apt)
