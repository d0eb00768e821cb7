"""The catalogue: records stored in SQLite (or PostgreSQL) and read back.

schema.py      the tables            migrations.py  ordered, frozen steps that build them
db.py          shared helpers        open.py        Catalogue: open, migrate, read
writer.py      records -> rows       sql.py         the read queries as SQL text, filters
read.py        reads over the driver query.py       the same filters for SQLAlchemy (search, web)
"""

from .open import Catalogue
from .sql import Filters

__all__ = ["Catalogue", "Filters"]
