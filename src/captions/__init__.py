"""captions: read photo captions, judge their provenance, keep a catalogue.

The library API::

    from captions import parse_caption, find_captions
    record = parse_caption("Kim Jong Un waves. (KCNA via AP)")
    record.chain[0].name          # "KCNA"
    record.provenance.state_media  # True
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["parse_caption", "find_captions", "AgencyRegistry", "CaptionRecord", "__version__"]


def __getattr__(name):
    # Lazy, so that `captions --help` does not pay for the parser's vocabularies.
    if name in ("parse_caption", "CaptionRecord"):
        from .parsing import parse

        return getattr(parse, name)
    if name == "find_captions":
        from .parsing.find import find_captions

        return find_captions
    if name == "AgencyRegistry":
        from .organisations.registry import AgencyRegistry

        return AgencyRegistry
    raise AttributeError(name)
