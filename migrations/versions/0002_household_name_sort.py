"""household name_sort: Persian dictionary order for the households list

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

"""
import re

from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# The Persian dictionary-order key as it stood when this migration was written, copied here
# so the backfill stays what it was whatever the application's text helpers become later.
_PERSIAN_DIGITS = "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9"
_ARABIC_INDIC_DIGITS = "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
_ASCII_DIGITS = "0123456789"
_ZWNJ = "\u200c"
_STORAGE = str.maketrans({
    "\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9", "\u0640": None,
    **dict(zip(_ASCII_DIGITS, _PERSIAN_DIGITS)), **dict(zip(_ARABIC_INDIC_DIGITS, _PERSIAN_DIGITS)),
})
_GAP = re.compile(r"[\s\u200c]+")
_INVISIBLE = "\u200c\u200d\u200e\u200f\u061c\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_DIACRITICS = "".join(chr(c) for c in range(0x064B, 0x0660)) + "\u0670"
_FOLDS = {"\u06c0": "\u0647", "\u0629": "\u0647", "\u0623": "\u0627", "\u0625": "\u0627",
          "\u0671": "\u0627", "\u0624": "\u0648"}
_SORT = str.maketrans({**dict.fromkeys(_INVISIBLE + _DIACRITICS), **_FOLDS,
                       **dict(zip(_PERSIAN_DIGITS, _ASCII_DIGITS))})
_ALPHABET = ("\u0622\u0627\u0628\u067e\u062a\u062b\u062c\u0686\u062d\u062e\u062f\u0630\u0631\u0632"
             "\u0698\u0633\u0634\u0635\u0636\u0637\u0638\u0639\u063a\u0641\u0642\u06a9\u06af\u0644"
             "\u0645\u0646\u0648\u0647\u06cc\u0621\u0626")
_RANK = {" ": 0, **{d: 1 + i for i, d in enumerate(_ASCII_DIGITS)}, **{c: 20 + i for i, c in enumerate(_ALPHABET)}}


def _normalize(s):
    s = str(s).translate(_STORAGE)
    s = _GAP.sub(lambda m: _ZWNJ if set(m.group()) == {_ZWNJ} else " ", s)
    return s.strip(" " + _ZWNJ)


def _sort_column(s):
    """Return the household name_sort value of a name: four hex digits per character's rank."""
    if s is None:
        s = ""
    folded = " ".join(_normalize(s).replace("\u0627\u0653", "\u0622").translate(_SORT).casefold().split())
    return "".join(f"{min(_RANK.get(c, 100 + ord(c)), 0xFFFF):04x}" for c in folded)


def upgrade():
    # Added nullable: making it NOT NULL would make SQLite rebuild the table, which its foreign
    # keys forbid; every writer fills it through the model, and the rows below are backfilled.
    op.add_column('household', sa.Column('name_sort', sa.String(length=640), nullable=True))

    # Fill the column for existing rows, in chunks, with the key the models used at the time.
    household = sa.table('household', sa.column('id', sa.Integer), sa.column('name', sa.String),
                         sa.column('name_sort', sa.String))
    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.execute(sa.select(household.c.id, household.c.name).where(household.c.id > last)
                            .order_by(household.c.id).limit(1000)).all()
        if not rows:
            break
        for row in rows:
            conn.execute(household.update().where(household.c.id == row.id)
                         .values(name_sort=_sort_column(row.name)))
        last = rows[-1].id

    op.create_index('ix_household_district_sort', 'household', ['district_id', 'name_sort', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_household_district_sort', table_name='household')
    # Plain ALTER (SQLite 3.35+, PostgreSQL): a batch rebuild would trip over the foreign keys.
    op.execute('ALTER TABLE household DROP COLUMN name_sort')
