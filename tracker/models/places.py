"""Places: the district, its areas (ناحیه) and neighborhoods (محله)."""
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import Base, SoftDelete, searchable
from tracker.models.limits import DISTRICT_NUMBER, PLACE_NAME_MAX, between


@searchable(name_key="name")
class District(Base):
    """A municipal district (منطقه); every record is scoped to one."""

    __tablename__ = "district"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(String(PLACE_NAME_MAX))
    name_key: Mapped[str] = mapped_column(String(PLACE_NAME_MAX))
    # Python weekday() numbers of the weekly days off, e.g. "4" (Friday) or "3,4".
    weekend: Mapped[str] = mapped_column(String(20), default="4", server_default="4")

    areas: Mapped[list["Area"]] = relationship(back_populates="district", order_by="Area.name")

    __table_args__ = (CheckConstraint(between("number", DISTRICT_NUMBER), name="number_range"),)

    @property
    def weekend_days(self) -> frozenset[int]:
        return frozenset(int(x) for x in self.weekend.split(",") if x.strip())


@searchable(name_key="name")
class Area(SoftDelete, Base):
    """An area (ناحیه), a sub-division of a district."""

    __tablename__ = "area"
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"), index=True)
    name: Mapped[str] = mapped_column(String(PLACE_NAME_MAX))
    name_key: Mapped[str] = mapped_column(String(PLACE_NAME_MAX))

    district: Mapped[District] = relationship(back_populates="areas")
    neighborhoods: Mapped[list["Neighborhood"]] = relationship(back_populates="area")

    __table_args__ = (UniqueConstraint("district_id", "name_key", name="uq_area_district_name"),)


@searchable(name_key="name")
class Neighborhood(SoftDelete, Base):
    """A neighborhood (محله); coverage is counted per neighborhood."""

    __tablename__ = "neighborhood"
    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("district.id"))
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"), index=True)
    name: Mapped[str] = mapped_column(String(PLACE_NAME_MAX))
    name_key: Mapped[str] = mapped_column(String(PLACE_NAME_MAX))

    area: Mapped[Area] = relationship(back_populates="neighborhoods")
    district: Mapped[District] = relationship()

    __table_args__ = (
        UniqueConstraint("district_id", "name_key", name="uq_neighborhood_district_name"),
        Index("ix_neighborhood_district", "district_id", "deleted_at"),
    )
