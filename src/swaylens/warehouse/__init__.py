"""Storage: the embedded DuckDB warehouse in the canonical schema."""

from swaylens.warehouse.core import (
    DEFAULT_DB,
    ENV_DB,
    FileReport,
    IngestReport,
    Warehouse,
    default_db_path,
)

__all__ = ["DEFAULT_DB", "ENV_DB", "FileReport", "IngestReport", "Warehouse", "default_db_path"]
