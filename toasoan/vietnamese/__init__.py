"""The Vietnamese text core: pure Python (with numpy), no Django.

normalize -> fold -> syllables -> language model -> restoration and proofreading.
"""

from .legacy import Repair, decode_bytes, repair_encoding
from .marks import is_unaccented, marks_ratio
from .normalize import fold, normalize, strip_marks
from .proofread import Flag, proofread, proofread_many
from .restore import restore_diacritics
from .slug import vietnamese_slug
from .syllables import is_valid, parse

__all__ = [
    "Flag",
    "Repair",
    "decode_bytes",
    "fold",
    "is_unaccented",
    "is_valid",
    "marks_ratio",
    "normalize",
    "parse",
    "proofread",
    "proofread_many",
    "repair_encoding",
    "restore_diacritics",
    "strip_marks",
    "vietnamese_slug",
]
