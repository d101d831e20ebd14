"""list indexes: the pages' orderings and the visit aggregate, chosen from the plans at city scale

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30

- feedback_item (district_id, received_on, id): the feedback list's order, newest first; without it
  the database sorts all of a district's items (45,000 in a city install) for every page.
- feedback_item (district_id, status, answered_on, id): the to-inform list, answered items by day.
- event (district_id, status, held_on): a district's done visits (the households' last visit, the
  dashboard's coverage) and its planned events without minutes, read from the index alone.
- household (district_id, neighborhood_id): a district's households per neighborhood (the
  dashboard's unvisited counts), instead of intersecting two single-column scans.
"""
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

INDEXES = {
    'ix_feedback_district_received': ('feedback_item', ['district_id', 'received_on', 'id']),
    'ix_feedback_district_status_answered': ('feedback_item', ['district_id', 'status', 'answered_on', 'id']),
    'ix_event_district_status_day': ('event', ['district_id', 'status', 'held_on']),
    'ix_household_district_neighborhood': ('household', ['district_id', 'neighborhood_id']),
}


def upgrade():
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)


def downgrade():
    for name, (table, _columns) in INDEXES.items():
        op.drop_index(name, table_name=table)
