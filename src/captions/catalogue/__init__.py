"""The catalogue: records stored in SQLite (or PostgreSQL) and read back.

schema.py      the tables            migrations.py  ordered, frozen steps that build them
db.py          shared helpers        open.py        Catalogue: open, migrate, read
writer.py      records -> rows       query.py       filters -> SQL, rows -> fields, counts
"""

from .open import Catalogue
from .query import Filters

__all__ = ["Catalogue", "Filters"]
