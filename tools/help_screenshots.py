"""Take the help page's screenshots from the demo district and save them under tracker/static/help/.

Usage:  python tools/help_screenshots.py [--chromium /usr/bin/chromium]

Builds a scratch SQLite database with District 21 and its demo data (as `flask seed-demo` does),
serves it on loopback, and drives Chromium through the office's day as the demo accounts: the
dashboard, a campaign, a visit with its feedback, the manager's inbox, the contact form, the
campaign report and an import's dry run. Run it again after the pages change; the PNGs are
committed with the app.
"""
import argparse
import csv
import io
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "tracker" / "static" / "help"
WIDTH, HEIGHT = 1280, 800
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


def _demo_app(folder: str):
    """Return an app on a fresh SQLite database holding the demo district, and the ids the shots open."""
    os.environ["TRACKER_INSTANCE_PATH"] = folder
    from sqlalchemy import func, select

    from tracker import create_app
    from tracker.database import upgrade_to_head
    from tracker.extensions import db
    from tracker.models import Campaign, Event, FeedbackItem, Neighborhood
    from tracker.persian.dates import today_tehran
    from tracker.seeds.demo import seed_demo
    from tracker.seeds.district import seed_district

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/help.sqlite3", "SECRET_KEY": "help-shots"})
    with app.app_context():
        upgrade_to_head()
        district = seed_district(21)
        seed_demo(district, today_tehran())
        db.session.commit()
        campaign = db.session.scalar(select(Campaign.id).order_by(Campaign.id))
        # The visit with the most feedback shows the referred rows best.
        visit = db.session.execute(select(Event.id).join(FeedbackItem, FeedbackItem.event_id == Event.id)
                                   .group_by(Event.id).order_by(func.count().desc(), Event.id)).scalars().first()
        answered = db.session.scalar(select(FeedbackItem.id).where(FeedbackItem.status == "answered")
                                     .order_by(FeedbackItem.id))
        hoods = list(db.session.scalars(select(Neighborhood.name).where(Neighborhood.district_id == district.id)))
    return app, {"campaign": campaign, "visit": visit, "answered": answered, "hoods": hoods}


def _list_csv(hoods: list[str]) -> bytes:
    """Return a small household list with a new family, a repeated one and two invalid rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["نام و نام خانوادگی", "نام شهید", "محله", "موبایل", "کد ملی", "دسته"])
    writer.writerows([
        ["خانواده صادقی", "محمد صادقی", hoods[0], "09121110000", "0013542419", "خانواده شهید"],
        ["حاج رضا موسوی", "", hoods[1], "09351234000", "", "معتمد محل"],
        ["حاج رضا موسوي", "", hoods[1], "09351234000", "", "معتمد محل"],
        ["خانواده کریمی", "", "نارمک", "", "", "شهروند"],
        ["خانواده نیک‌نام", "", hoods[2], "0912", "", "شهروند"],
    ])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _serve(app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def _sign_in(page, base, username):
    from tracker.seeds.demo import DEMO_PASSWORD

    page.context.clear_cookies()
    page.goto(base + "/auth/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def _save(page, name, selector=None):
    """Save the screen (or one element, scrolled into view) as name.png."""
    path = OUT / f"{name}.png"
    if selector:
        page.locator(selector).first.screenshot(path=str(path))
    else:
        page.screenshot(path=str(path))
    print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = tempfile.mkdtemp(prefix="peyvand-help-")
    app, ids = _demo_app(folder)
    server, base = _serve(app)
    OUT.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="fa-IR").new_page()
            page.set_default_timeout(20_000)
            _sign_in(page, base, "pr")
            page.goto(base + "/")
            _save(page, "dashboard")
            page.goto(f"{base}/campaigns/{ids['campaign']}")
            _save(page, "campaign")
            page.goto(f"{base}/events/{ids['visit']}")
            _save(page, "visit", "#feedback")
            page.goto(f"{base}/feedback/{ids['answered']}#action-contact")
            _save(page, "contact")
            page.goto(f"{base}/reports/campaign/{ids['campaign']}")
            _save(page, "reports")
            page.goto(base + "/households/import/")
            page.set_input_files("input[name=file]", files=[
                {"name": "فهرست خانواده‌ها.csv", "mimeType": "text/csv", "buffer": _list_csv(ids["hoods"])}])
            page.click("#upload-form button[type=submit]")
            page.click("#mapping-form button[type=submit]")
            page.wait_for_url("**/report")
            _save(page, "import")
            _sign_in(page, base, "manager")
            page.goto(base + "/feedback/inbox")
            _save(page, "inbox")
            browser.close()
    finally:
        server.shutdown()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
