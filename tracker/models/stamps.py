"""Each district's data stamp: a new random value whenever a commit writes any of the district's records."""
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.models.base import Base


class DataStamp(Base):
    """What a kept page part or count is keyed by: it changes in the same commit as the district's data."""

    __tablename__ = "data_stamp"
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id", ondelete="CASCADE"), primary_key=True)
    stamp: Mapped[str] = mapped_column(String(32))
