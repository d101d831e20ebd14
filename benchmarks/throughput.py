"""Page throughput under gunicorn (2 workers, loopback) measured by wrk, against a bare Flask page."""
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2
CONNECTIONS = 4

# (label, path, demo account); the city dashboard is a slot until the page exists.
PAGES = [
    ("event list", "/events/", "pr"),
    ("household list", "/households/", "pr"),
    ("feedback inbox", "/feedback/inbox", "manager"),
    ("dashboard", "/", "pr"),
    ("city dashboard", "/city/", "city"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(app_spec: str, env: dict, chdir: Path = ROOT):
    """Run gunicorn with two sync workers on a free loopback port; yield its base URL."""
    port = _free_port()
    command = [sys.executable, "-m", "gunicorn", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}",
               "--timeout", "600", "--chdir", str(chdir), app_spec]
    server = subprocess.Popen(command, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError as error:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start: {server.stderr.read()[-2000:]}") from error
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def sign_in(base: str, username: str, password: str) -> str | None:
    """Sign in through the login form and return the Cookie header, or None if refused."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/auth/login", timeout=120).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    form = {"username": username, "password": password, **({"csrf_token": token[1]} if token else {})}
    opener.open(f"{base}/auth/login", urllib.parse.urlencode(form).encode(), timeout=120).read()
    cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
    return cookies if any(c.name == "session" for c in jar) else None


def fetch_status(url: str, cookie: str | None) -> int:
    """Return the HTTP status of one GET without following redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=600) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wrk(url: str, seconds: float, cookie: str | None = None) -> dict:
    """Load url with wrk for seconds and return requests/s and the count of failed responses."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed (Debian package wrk)")
    command = ["wrk", f"-t{WORKERS}", f"-c{CONNECTIONS}", f"-d{max(1, round(seconds))}s", "--timeout", "120s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*?timeout (\d+)", out)
    return {"rps": rate, "bad": int(bad[1]) if bad else 0, "timeouts": int(errors[1]) if errors else 0}


def measure(database_url: str, password: str, seconds: float, warm: float, instance: str) -> list[dict]:
    """Return one row per page: its requests/s, the bare page's around it and the ratio."""
    env = {"TRACKER_DATABASE_URL": database_url, "TRACKER_SECRET_KEY": "bench-secret",
           "TRACKER_INSTANCE_PATH": instance}
    results = []
    with gunicorn("bare_app:app", {}, chdir=ROOT / "benchmarks") as bare, gunicorn("app:app", env) as site:
        wrk(f"{bare}/", warm)
        # The bare page is measured between the pages: each page is compared with the runs on
        # either side of it, so a burst of load from elsewhere skews both sides alike.
        baseline = [wrk(f"{bare}/", seconds)["rps"]]
        cookies = {}
        for label, path, user in PAGES:
            if user not in cookies:
                cookies[user] = sign_in(site, user, password)
            cookie = cookies[user]
            began = time.perf_counter()
            status = fetch_status(site + path, cookie) if cookie else None
            first = time.perf_counter() - began
            if status != 200:
                note = "not built yet" if status in (None, 404) and label == "city dashboard" else f"HTTP {status}"
                results.append({"label": label, "note": note})
                continue
            wrk(site + path, warm, cookie)
            run = wrk(site + path, seconds, cookie)
            baseline.append(wrk(f"{bare}/", seconds)["rps"])
            bare_rps = (baseline[-2] + baseline[-1]) / 2
            results.append({"label": label, "path": path, "first_s": first, **run, "bare_rps": bare_rps,
                            "bare_runs": baseline[-2:], "ratio": run["rps"] / bare_rps})
    return results
