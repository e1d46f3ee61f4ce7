"""Reading a parsed doc's token attributes as arrays (``Doc.to_array``), for scans that need no Token per word."""

from __future__ import annotations

from collections.abc import Iterable

import numpy


def string_id_array(string_ids: Iterable[int]) -> numpy.ndarray:
    """String ids as a doc's arrays hold them: unsigned 64-bit (a signed or mixed array would compare in floats,
    and two ids could then look equal)."""
    return numpy.array(list(string_ids), dtype=numpy.uint64)
