"""A date found in the text, as a value: ISO text for a full date, resolved against the page's
date when the text leaves out the year, the month or the day; Solar Hijri dates converted.
"""

from __future__ import annotations

import datetime as dt


def iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def resolve_month_day(month: int, day: int, page_date: dt.date | None) -> str | None:
    if page_date is None:
        return None
    for year in (page_date.year, page_date.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= page_date:
            return candidate.isoformat()
    return None


def resolve_day(day: int, page_date: dt.date | None) -> str | None:
    """ "3日": the most recent 3rd of a month on or before the page date."""
    if page_date is None or not 1 <= day <= 31:
        return None
    year, month = page_date.year, page_date.month
    for _ in range(3):
        candidate = iso(year, month, day)
        if candidate and candidate <= page_date.isoformat():
            return candidate
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return None


def resolve_month(month: int, page_date: dt.date | None) -> str | None:
    if page_date is None:
        return None
    year = page_date.year if month <= page_date.month else page_date.year - 1
    return f"{year:04d}-{month:02d}" if year >= 1 else None


def resolve_weekday(weekday: int, page_date: dt.date | None) -> str | None:
    if page_date is None:
        return None
    return shift(page_date, (page_date.weekday() - weekday) % 7)


def shift(page_date: dt.date | None, days_back: int) -> str | None:
    """The day `days_back` days before the page date; None off the calendar's ends."""
    if page_date is None:
        return None
    try:
        return (page_date - dt.timedelta(days=days_back)).isoformat()
    except OverflowError:
        return None


def solar_hijri_to_iso(year: int, month: int, day: int) -> str | None:
    """A Solar Hijri (Jalali) date as ISO, by the usual day count over the 33-year leap cycle
    and the Gregorian 400/100/4-year cycles.  An impossible day ("31 Mehr") is no date."""
    if not (1 <= month <= 12 and 1 <= day <= (31 if month <= 6 else 30)):
        return None
    jy = year + 1595
    days = -355668 + 365 * jy + (jy // 33) * 8 + (jy % 33 + 3) // 4 + day
    days += (month - 1) * 31 if month < 7 else (month - 7) * 30 + 186
    gy = 400 * (days // 146097)
    days %= 146097
    if days > 36524:
        days -= 1
        gy += 100 * (days // 36524)
        days %= 36524
        if days >= 365:
            days += 1
    gy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        gy += (days - 1) // 365
        days = (days - 1) % 365
    try:
        return (dt.date(gy, 1, 1) + dt.timedelta(days=days)).isoformat()
    except (ValueError, OverflowError):
        return None
