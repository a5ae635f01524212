"""Read-side queries of the archive: parsed filters in, plain dataclasses out."""
