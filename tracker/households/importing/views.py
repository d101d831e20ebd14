"""Views of the household import: upload, choose the columns, dry run, import, download the report."""
import io
import os

from flask import Blueprint, Response, abort, current_app, flash, make_response, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from tracker.auth.access import WRITERS, roles_required
from tracker.households.importing import files, service, store
from tracker.households.importing.columns import FIELDS
from tracker.households.importing.forms import RunForm, UploadForm, mapping_form
from tracker.households.importing.report import STATUSES, Report, write_report_xlsx
from tracker.lists import choices
from tracker.persian.dates import today_tehran
from tracker.persian.digits import to_persian_digits as fa

bp = Blueprint("household_import", __name__, url_prefix="/households/import")

# The report page lists this many rows needing attention; the XLSX download has every row.
SHOWN_ROWS = 500
SAMPLE_ROWS = 3
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GONE = "فایل بارگذاری‌شده دیگر در دسترس نیست (درون‌ریزی شده یا بیش از یک روز گذشته است)؛ دوباره بارگذاری کنید."


@bp.after_request
def no_store(response: Response) -> Response:
    """Keep the pages and the report, which show families' personal data, out of every cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """Show the upload page again with the size limit beside the file field."""
    if not current_user.is_authenticated or current_user.role not in WRITERS:
        return error
    form = UploadForm(formdata=None)
    megabytes = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    form.file.errors = [f"حجم فایل بیش از {fa(megabytes)} مگابایت است؛ آن را به چند فایل کوچک‌تر بخش کنید."]
    return _upload_page(form), 413


def _upload_page(form: UploadForm) -> str:
    megabytes = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    return render_template("households/import_upload.html", form=form, max_megabytes=megabytes,
                           max_rows=files.MAX_ROWS)


def _upload(token: str) -> store.Upload:
    upload = store.load(token, current_user)
    if upload is None:
        abort(404)
    return upload


def _sheet(upload: store.Upload) -> files.Sheet | None:
    """Read the kept file again, or flash why it cannot be (it expired) and return None."""
    try:
        return files.read_sheet(store.read(upload), upload.filename)
    except (store.UploadGone, files.ImportFileError):
        flash(GONE, "warning")
        return None


@bp.route("/", methods=["GET", "POST"])
@roles_required(*WRITERS)
def upload():
    """Take a CSV or XLSX list of households and keep it for the column choice."""
    form = UploadForm()
    if form.validate_on_submit():
        sent = form.file.data
        data = sent.read()
        filename = os.path.basename(sent.filename or "")[:200]
        try:
            files.read_sheet(data, filename)
        except files.ImportFileError as error:
            form.file.errors.append(str(error))
        else:
            kept = store.save(data, filename, current_user)
            return redirect(url_for(".mapping", token=kept.token))
    return _upload_page(form)


@bp.route("/template.csv")
@roles_required(*WRITERS)
def template():
    """Send an empty list with the column names the import recognizes (UTF-8 with BOM, for Excel)."""
    text = "\ufeff" + ",".join(FIELDS.values()) + "\r\n"
    response = make_response(text.encode("utf-8"))
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = 'attachment; filename="households-template.csv"'
    return response


@bp.route("/<token>", methods=["GET", "POST"])
@roles_required(*WRITERS)
def mapping(token: str):
    """Let the user confirm or change which column is which; on submit, run the dry run."""
    upload = _upload(token)
    if upload.imported:
        return redirect(url_for(".report", token=token))
    sheet = _sheet(upload)
    if sheet is None:
        return redirect(url_for(".upload"))
    form = mapping_form(sheet.headers, upload.column_mapping() or sheet.mapping,
                        choices.neighborhoods(current_user.district_id), saved=upload.defaults)
    if form.validate_on_submit():
        options = form.options()
        report = service.dry_run(sheet, form.mapping(), options, current_user.district_id)
        upload.mapping = {str(index): name for index, name in form.mapping().items()}
        upload.defaults = {"neighborhood_id": options.neighborhood_id, "category": options.category}
        upload.report = report.to_dict()
        store.update(upload)
        return redirect(url_for(".report", token=token))
    samples = [cells for _, cells in sheet.rows[:SAMPLE_ROWS]]
    return render_template("households/import_mapping.html", form=form, sheet=sheet, samples=samples,
                           upload=upload)


@bp.route("/<token>/report")
@roles_required(*WRITERS)
def report(token: str):
    """Show the dry run's (or the import's) report, with the import button after a dry run."""
    upload = _upload(token)
    if upload.report is None:
        return redirect(url_for(".mapping", token=token))
    result = Report.from_dict(upload.report)
    attention = result.attention()
    interrupted = upload.landed if not upload.imported else None
    return render_template("households/import_report.html", upload=upload, report=result, form=RunForm(),
                           interrupted=interrupted,
                           counts=result.counts(), statuses=STATUSES, fields=FIELDS,
                           rows=attention[:SHOWN_ROWS], hidden=max(len(attention) - SHOWN_ROWS, 0))


@bp.route("/<token>/run", methods=["POST"])
@roles_required(*WRITERS)
def run(token: str):
    """Import the checked file in batches, then show the import's report."""
    upload = _upload(token)
    form = RunForm()
    if upload.imported or upload.report is None or not form.validate_on_submit():
        flash("این فایل پیش‌تر درون‌ریزی شده است." if upload.imported else "نخست ستون‌ها را تأیید کنید.", "warning")
        return redirect(url_for(".report", token=token))
    try:
        data = store.claim(upload)
    except store.UploadGone:
        flash(GONE, "warning")
        return redirect(url_for(".report", token=token))

    def landed(last_row: int, stored: int) -> None:
        upload.landed = {"last_row": last_row, "stored": stored}
        store.update(upload)

    # A worker killed mid-import leaves the file claimed and `landed` saying how far it got.
    sheet = files.read_sheet(data, upload.filename)
    result = service.run_import(sheet, upload.column_mapping(), form.options(upload.defaults), current_user,
                                landed=landed, upload=token)
    store.finish(upload)
    upload.imported, upload.report, upload.landed = True, result.to_dict(), None
    store.update(upload)
    counts = result.counts()
    skipped = len(result.rows) - counts["stored"]
    flash(f"{fa(counts['stored'])} خانوار ثبت شد" + (f"؛ {fa(skipped)} ردیف ثبت نشد (دلیل هر یک در گزارش است)."
                                                     if skipped else "."),
          "danger" if result.failure else "success")
    return redirect(url_for(".report", token=token))


@bp.route("/<token>/report.xlsx")
@roles_required(*WRITERS)
def download(token: str):
    """Send the report, every row with its status, reason and values, as an XLSX file."""
    upload = _upload(token)
    if upload.report is None:
        abort(404)
    buffer = io.BytesIO()
    write_report_xlsx(Report.from_dict(upload.report), buffer)
    response = make_response(buffer.getvalue())
    response.headers["Content-Type"] = XLSX_MIMETYPE
    kind = "dry-run" if upload.report["dry_run"] else "import"
    response.headers["Content-Disposition"] = (f'attachment; filename="household-{kind}-'
                                               f'{today_tehran():%Y%m%d}.xlsx"')
    return response
