"""The command line writes through the same services as the web, so each of its writes is an audit entry too."""
import pytest
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import AuditEntry, Holiday, Occasion, User


def _new_entries(since: int) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.id > since).order_by(AuditEntry.id)))


def _last_id() -> int:
    return db.session.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1)) or 0


@pytest.mark.parametrize("args,action,model", [
    (["create-user", "farzaneh", "--role", "pr_staff", "--password", "a-long-pass-phrase-9"], "create", User),
    (["holidays", "add", "1499/05/03", "روز آزمایش"], "create", Holiday),
    (["occasions", "add", "روز بوستان‌ها", "8", "20"], "create", Occasion),
    (["create-token", "pr_staff"], "create_token", User),
    (["seed-district", "--number", "21"], "seed_district", None),
])
def test_each_command_line_write_is_an_audit_entry_naming_its_record(runner, users, args, action, model):
    since = _last_id()
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    entries = [e for e in _new_entries(since) if e.action == action]
    assert entries, f"{args[0]} left no {action} entry: {[e.action for e in _new_entries(since)]}"
    assert entries[0].entity_id is not None and entries[0].at is not None
    if model is not None:
        assert db.session.get(model, entries[0].entity_id) is not None
    # No one is signed in at the command line: the entry names no user, and the page says so.
    assert entries[0].user_id is None


def test_revoking_tokens_from_the_command_line_names_the_tokens(runner, tokens, users):
    since = _last_id()
    assert runner.invoke(args=["revoke-tokens", "manager"]).exit_code == 0
    (entry,) = [e for e in _new_entries(since) if e.action == "revoke_token"]
    assert entry.entity_id == users["manager"].id and entry.after["token_ids"]
