"""The throughput baseline: a bare Flask app returning one fixed page, served like the real one."""
from flask import Flask

PAGE = ("<!doctype html><html lang=\"fa\" dir=\"rtl\"><head><meta charset=\"utf-8\"><title>پیوند</title></head>"
        "<body><h1>پیوند</h1><p>صفحهٔ ثابت برای سنجش.</p></body></html>")

app = Flask(__name__)


@app.route("/")
def index():
    """Return the fixed page."""
    return PAGE
