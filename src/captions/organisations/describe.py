"""What the tool believes about one organisation, as rows and sentences for people."""

from __future__ import annotations

from .registry import CONTROL_CLASSES, Agency


def source_row(agency: Agency) -> dict:
    """One registry entry with every fact and where it came from."""
    return {
        "name": agency.name,
        "country": agency.country,
        "country_name": agency.country_name,
        "kind": agency.kind,
        "control": agency.control,
        "control_meaning": CONTROL_CLASSES.get(agency.control, ""),
        "aliases": list(agency.aliases),
        "tier": agency.tier,
        "as_of": agency.as_of,
        "source": agency.source,
        "note": agency.note,
        "defined_in": agency.defined_in,
    }


def source_rows(
    registry, control: str | None = None, country: str | None = None, kind: str | None = None
) -> list[dict]:
    """The registry's entries by name, those of one control class, country or kind if asked."""
    return [
        source_row(a)
        for a in sorted(registry, key=lambda a: a.name.casefold())
        if (not control or a.control == control)
        and (not country or a.country == country.upper())
        and (not kind or a.kind == kind)
    ]


def verdict(agency: Agency) -> str:
    """What an image that originates here is flagged, in one sentence."""
    if agency.state_controlled:
        return (
            "images that originate here are flagged state_media and unverifiable: "
            "their content cannot be independently verified"
        )
    if agency.government:
        return "images that originate here are flagged handout: a party to the story supplied them"
    return "images from here are not flagged for their origin"
