"""The photo date finder, one convention a row: (description, page date, date, released, why)."""

import datetime as dt
import re
import time
from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from captions.parsing import calendar_words, date_mentions, date_patterns, date_rules
from captions.parsing.calendar_words import CalendarWords
from captions.parsing.dates import find_photo_dates

PAGE = dt.date(2024, 3, 14)  # a Thursday
MONDAY = dt.date(2024, 4, 15)

DATES = [
    # languages with month names
    ("Vecinos limpian la plaza de Cádiz el 5 de marzo de 2024.", None, "2024-03-05", None, "Spanish 'de' date"),
    ("Участники акции у здания мэрии 5 марта 2024 года.", None, "2024-03-05", None, "Russian genitive month"),
    ("Мешканці прибирають вулицю 12 січня 2023 року.", None, "2023-01-12", None, "Ukrainian genitive month"),
    ("Rolnicy protestują w Lublinie 7 lutego 2024 r.", None, "2024-02-07", None, "Polish genitive month"),
    ("Taraftarlar 5 Mart 2024 tarihinde Bursa'da toplandı.", None, "2024-03-05", None, "Turkish month"),
    ("Mielenosoittajat Tampereella 3. toukokuuta 2022.", None, "2022-05-03", None, "Finnish partitive month"),
    ("Die Feuerwehr am 5. März 2024 in Kassel.", None, "2024-03-05", None, "German dotted day"),
    ("Tifosi a Bari il 9 aprile 2021.", None, "2021-04-09", None, "Italian"),
    ("Betogers in Utrecht op 2 mei 2019.", None, "2019-05-02", None, "Dutch"),
    ("Ouvriers à Lyon, 3 déc. 2020.", None, "2020-12-03", None, "French abbreviated month"),
    ("Zwei Fischer am Hafen, März 2024.", None, "2024-03", None, "German month and year"),
    ("Una feria en Sevilla en mayo de 2023.", None, "2023-05", None, "Spanish month 'de' year"),
    ("Troops train in the desert in late July, 2020.", None, "2020-07", None, "month, comma, year"),
    ("Pengunjung di Bandung, 17 Agustus 2023.", None, "2023-08-17", None, "Indonesian"),
    ("Ünnepség Pécsen, 2024. március 15.", None, "2024-03-15", None, "Hungarian year-first"),
    ("متظاهرون في بغداد، ١٥ مارس ٢٠٢٤", None, "2024-03-15", None, "Arabic month name, Arabic-Indic digits"),
    ("مراسم در اصفهان، ۲۲ بهمن ۱۴۰۱", None, "2023-02-11", None, "Solar Hijri date, converted"),
    ("عکس: ۱۴۰۲/۰۱/۰۱ شیراز", None, "2023-03-21", None, "Solar Hijri year-first numeric: Nowruz 1402"),
    ("مراسم در اصفهان، ۳۱ مهر ۱۴۰۱", None, None, None, "Mehr has 30 days: no date"),
    # numeric forms
    ("01.11.2023, Hamburg: Ein Schiff läuft aus.", None, "2023-11-01", None, "European dotted day-month-year"),
    ("A parade in Dayton, Ohio, 3/5/2024.", None, "2024-03-05", None, "US slashes in English: month first"),
    ("Un desfile en Quito el 3/5/2024.", None, "2024-05-03", None, "slashes outside English: day first"),
    ("Fans in Leeds, 25/12/2023.", None, "2023-12-25", None, "a first number over 12 can only be the day"),
    ("SPAIN - 2021/04/09: A logo on a phone.", None, "2021-04-09", None, "year-first slashes"),
    ("시민들이 광장에 모여 있다. 2022.8.15", None, "2022-08-15", None, "Korean dotted dateline"),
    ("Người dân đi bộ ở Huế ngày 5/3/2024.", None, "2024-03-05", None, "Vietnamese ngày d/m/y"),
    ("Nông dân gặt lúa ngày 9 tháng 6.", dt.date(2024, 6, 20), "2024-06-09", None, "Vietnamese ngày d tháng m"),
    (
        "Thủ tướng đón khách trưa 27/2 tại Hà Nội.",
        dt.date(2024, 3, 1),
        "2024-02-27",
        None,
        "Vietnamese day word before day/month, no year",
    ),
    ("Runners at the start line, 2023-10-08.", None, "2023-10-08", None, "ISO"),
    # CJK
    ("2024年3月5日、東京で撮影。", None, "2024-03-05", None, "Japanese full date"),
    ("令和6年3月5日、大阪で開かれた式典。", None, "2024-03-05", None, "Japanese era year (Reiwa 6 is 2024)"),
    ("平成元年5月1日の東京駅。", None, "1989-05-01", None, "first year of an era written 元"),
    (
        "大会で手を振る選手（名古屋で、３日）",
        dt.date(2024, 6, 10),
        "2024-06-03",
        None,
        "full-width day number resolved against the page",
    ),
    (
        "式典に出席する首相＝２８日",
        dt.date(2024, 7, 2),
        "2024-06-28",
        None,
        "a day after the page's day belongs to the month before",
    ),
    ("2月9日，工人在杭州检修电网。", dt.date(2024, 2, 12), "2024-02-09", None, "Chinese month and day"),
    (
        "标题一行\n\n  6月3日，农民在田间收割。",
        dt.date(2024, 6, 5),
        "2024-06-03",
        None,
        "a Chinese item's title line then the dated caption",
    ),
    ("2023년 11월 2일 부산항에서 선박이 출항하고 있다.", None, "2023-11-02", None, "Korean full date with spaces"),
    ("대통령이 14일 청주의 공장을 방문했다.", dt.date(2024, 5, 20), "2024-05-14", None, "Korean day of month"),
    ("1985년 서울 거리의 모습.", None, "1985", None, "Korean year alone"),
    ("1980년대 거리의 모습.", None, None, None, "a decade is left alone"),
    ("Fashion of the 1980s on show in Milan. (AP)", None, None, None, "an English decade is left alone"),
    (
        "노동신문이 8일 보도한 사진.",
        dt.date(2024, 5, 9),
        "2024-05-08",
        "2024-05-08",
        "Korean 'reported on the 8th': the release date, and the only date",
    ),
    (
        "시장이 공장을 둘러보고 있다. 조선중앙통신은 시험(3일) 이후의 모습을 11일 공개했다.",
        dt.date(2024, 5, 12),
        "2024-05-11",
        "2024-05-11",
        "a day in brackets glued to a noun dates that thing",
    ),
    (
        "主席は10~12日、湖南省を視察した。写真は11日、長沙市で説明を聞く主席。",
        dt.date(2024, 5, 13),
        "2024-05-11",
        None,
        "the sentence that says it shows the photo wins",
    ),
    (
        "北京で会談する両首脳（2024年5月3日撮影、同4日公開）",
        None,
        "2024-05-03",
        "2024-05-04",
        "the same month written 同",
    ),
    ("3日間の大会が始まった。", dt.date(2024, 5, 13), None, None, "three days long is not a date"),
    (
        "시민들이 모였다. 경찰은 9일 집회를 허가했다. 사진은 시청 앞 광장의 모습으로 신문이 지난 7일 보도.",
        dt.date(2024, 5, 10),
        "2024-05-07",
        "2024-05-07",
        "Korean sentences end at '. ' before Hangul",
    ),
    # sentences
    (
        "County schools Supt. Mara Velez greets pupils on Sept. 3, 2019. (Kai Oduya / Valley Times)",
        None,
        "2019-09-03",
        None,
        "a title abbreviation does not end the first sentence",
    ),
    ("Cheering crowds in Porto in May. (AP)", dt.date(2024, 7, 1), "2024-05", None, "English 'in <Month>'"),
    # weekdays and relative days
    (
        "Die Ministerin traf sich am Samstagabend mit Beratern.",
        MONDAY,
        "2024-04-13",
        None,
        "German weekday with the part of the day",
    ),
    ("Politie zoekt zondagmiddag in het park.", MONDAY, "2024-04-14", None, "Dutch weekday compound"),
    ("Жители на площади в субботу.", MONDAY, "2024-04-13", None, "Russian weekday (accusative)"),
    ("Mieszkańcy w sobotę na rynku.", MONDAY, "2024-04-13", None, "Polish weekday (accusative)"),
    ("Los bomberos trabajan ayer en Murcia.", PAGE, "2024-03-13", None, "Spanish 'yesterday'"),
    ("Вчера в Омске прошёл парад.", PAGE, "2024-03-13", None, "Russian 'yesterday'"),
    ("昨日、札幌で行われた祭り。", PAGE, "2024-03-13", None, "Japanese 'yesterday' inside a sentence"),
    ("어제 광주에서 열린 행사.", PAGE, "2024-03-13", None, "Korean 'yesterday'"),
    ("市民在公园散步，土曜日ではない。", None, None, None, "no page date: a weekday stays unknown"),
    # years and context
    ("Workers paint a mural in Leipzig in 1991. (AP)", None, "1991", None, "a year closing the first sentence"),
    ("A church built in 1920. (AP)", None, None, None, "a building's year is not the photo's"),
    ("1999: Dancers perform on a stage. Picture: Olga Ivanova / Kremlin", None, "1999", None, "year label first"),
    ("Pupils pose in a picture from the 1975 Maple High yearbook.", None, "1975", None, "the year of a named event"),
    (
        "At the 2019 City Marathon, runners pass a bridge, Oct. 6, 2019.",
        None,
        "2019-10-06",
        None,
        "a full date beats an event's year",
    ),
    # other events
    (
        "Lena har varit borta sedan den 3 februari. Foto: Polisen",
        PAGE,
        None,
        None,
        "Swedish 'since' a date is not the photo's date",
    ),
    ("Die Ausstellung ist seit dem 2. Februar geöffnet.", PAGE, None, None, "German 'since'"),
    ("The host speaks in an interview set to air Sunday.", PAGE, None, None, "a broadcast day is not the photo's"),
    # weekdays and months inside longer words and between brackets
    ("Fans feiern am Samstagabend in Leipzig.", PAGE, "2024-03-09", None, "a weekday with the part of the day"),
    ("Moradores protestam na segunda-feira em Recife.", PAGE, "2024-03-11", None, "a hyphenated weekday"),
    ("Crowds gather on Monday's holiday in Leeds.", PAGE, "2024-03-11", None, "a weekday in the possessive"),
    ("Riders in the Sonntag-Montag relay near Bonn.", PAGE, None, None, "two weekdays joined are no day"),
    ("Travellers wait at Gate 5 June 6, 2023 in Oslo.", None, "2023-06-06", None, "a number before the month"),
    ("(Berlin; 5 March 2024) Workers repair a bridge.", None, "2024-03-05", None, "a dateline in brackets"),
    ("Workers repair a bridge (Berlin, March 5, 2024; pool).", None, "2024-03-05", None, "a date before a ';'"),
    ("Straßenfest in München am 3. Mai 2022.", None, "2022-05-03", None, "'ß' folds to two letters"),
    ("Children play in a park; no date is given.", PAGE, None, None, "no month, no weekday, no number"),
]


@pytest.mark.parametrize("text,page,date,released,why", DATES, ids=[d[4] for d in DATES])
def test_dates(text, page, date, released, why):
    found = find_photo_dates(text, page)
    assert (found.date, found.date_released) == (date, released), why


def _finishes(text: str, page=PAGE):
    start = time.perf_counter()
    found = find_photo_dates(text, page)
    return found, time.perf_counter() - start


@pytest.mark.parametrize(
    "text",
    [
        "“" * 50_000,  # unclosed quotes, each once scanned to the end
        "« a " * 12_500,
        "„x " * 16_000,
        "''a " * 12_500 + "'",
        "Monday " * 7_000,  # many weekday mentions
        "March 3, 2024 " * 3_500,  # many full dates
        "3日 " * 16_000,
        ". " * 25_000,
    ],
    ids=["open-quotes", "guillemets", "low-quotes", "two-apostrophes", "weekdays", "dates", "cjk-days", "sentences"],
)
def test_long_inputs_finish(text):
    found, seconds = _finishes(text)
    assert seconds < 10  # generous: quadratic versions took minutes here
    assert found.date is None or len(found.date) in (4, 7, 10)


def test_many_weekdays_keep_the_first_sentence():
    found = find_photo_dates("Crowds on Monday. " + "Tuesday " * 5000, PAGE)
    assert found.date == "2024-03-11"


@pytest.mark.parametrize("page", [dt.date(1, 1, 1), dt.date(9999, 12, 31)], ids=["first day", "last day"])
@pytest.mark.parametrize("text", ["on Monday", "yesterday", "5日", "3月5日", "in April", "Feb. 29"])
def test_page_dates_at_the_calendars_ends(text, page):
    found = find_photo_dates(text, page)
    assert found.date is None or "0001-01-01" <= found.date <= "9999-12-31"


year_pieces = st.lists(
    st.sampled_from(["in", "In", "the", "THE", "x", " ", "  ", "\n", "1989", "2024", "19", ".", "(", "A"])
)


@settings(max_examples=300, deadline=None)
@given(year_pieces.map("".join))
def test_years_after_a_word_are_found_from_the_years_as_by_a_full_scan(text):
    years = [m.start() for m in date_patterns.YEAR.finditer(text)]
    patterns = date_patterns.PATTERNS
    for pattern, word in (
        (patterns["year_closing"], "in"),
        (patterns["year_event"], "the"),
        (date_patterns.IN_YEAR, "in"),
    ):
        scanned = [m.span() for m in pattern.finditer(text)]
        assert [m.span() for m in date_rules._word_before_year(text, pattern, years, len(word))] == scanned


# words and numbers with the marks between them that the month rules read across
month_words = st.sampled_from(
    ["Tuesday", "segunda-feira", "Nov", "may", "marzo", "de", "Room", "in", "In", "April", "5", "2024"]
)
month_marks = st.sampled_from([" ", ", ", ". ", "-", " ("])
month_texts = st.lists(st.tuples(month_words, month_marks), max_size=7).map(lambda ps: "".join(w + m for w, m in ps))


@settings(max_examples=400, deadline=None)
@given(month_texts)
@example("Room 5 in In April, Tuesday, Nov 5, 2024")
@example("segunda-feira, 5 de marzo de 2024 in April")
@example("Seen in April, on Tuesday")
@example("Seen Tuesday, Nov 5, 2024")
@example("Seen segunda-feira, 5 de marzo de 2024")
def test_month_rules_read_from_the_first_number_find_what_a_whole_scan_finds(text):
    found = find_photo_dates(text, PAGE)
    everywhere = CalendarWords(True, None, True, None)  # no months placed: every rule reads the whole text
    with mock.patch.object(date_mentions, "calendar_words", lambda _: everywhere):
        assert find_photo_dates(text, PAGE) == found


digit_texts = st.lists(st.sampled_from(["1", "20", "2024", "19890", "۱۴۰۲", "-", ".", "/", " ", "a", "x-", "12."])).map(
    "".join
)


@settings(max_examples=200, deadline=None)
@given(digit_texts, st.integers(0, 12), st.integers(0, 12))
def test_digit_runs_answer_as_the_searches_they_replace(text, start, length):
    runs = date_patterns.DigitRuns(text)
    assert runs.joined("-./", 4) == bool(date_patterns.YEAR_FIRST.search(text))
    assert runs.joined("./") == bool(date_patterns.DAY_SEP.search(text))
    assert runs.joined("/") == bool(date_patterns.DAY_SLASH.search(text))
    assert runs.years() == [m.start() for m in date_patterns.YEAR.finditer(text)]
    digit = date_patterns.DIGIT.search(text, start, start + length)
    assert runs.first(start, start + length) == (digit.start() if digit else None)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["Wednesday", "x" * 30, "de", "-", " ", ", ", ".", "(", "5"])).map("".join))
def test_two_words_before_a_digit_are_read_from_a_window_as_from_the_whole_text(text):
    whole = date_rules._TWO_WORDS_REVERSED.match(text[::-1])
    assert date_rules._two_words_before(text, 0, len(text)) == (whole.end() if whole else 0)


number_texts = st.lists(
    st.sampled_from(["Sept", "March", "de", "2024", "16", "5", "123", ".", ",", " ", "  ", "\n", "th", "x_", "²"])
).map("".join)


@settings(max_examples=200, deadline=None)
@given(number_texts)
@example("Sept. 16, 2025")
@example("16. März 2024 and July, 2020 and 2024. március 5.")
def test_the_month_rules_numbers_are_in_every_text_they_match(text):
    """The month rules run only where the digit runs have their shape: never where they match."""
    runs = date_patterns.DigitRuns(text)
    patterns = date_patterns.PATTERNS
    assert runs.day_after_word() or not patterns["mdy"].search(text)
    assert runs.day_before_word() or not patterns["dmy"].search(text)
    assert runs.year_after_word() or not patterns["my"].search(text)
    assert runs.year_dot() == bool(date_patterns.YEAR_DOT.search(text))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["since", "BY", "seit dem", "x", "5", ",", " ", "\n", "ſince", "(", "é"])).map("".join),
    st.integers(0, 40),
)
def test_a_word_that_excludes_a_date_is_searched_for_only_where_one_can_end(text, start):
    excluded = date_patterns.word_patterns()["excluded_before"]
    start = min(start, len(text))
    expected = excluded.search(text, max(0, start - 16), start) is not None
    assert date_mentions._excluded(text, start, excluded) == expected


def test_a_letter_is_what_the_patterns_read_as_one():
    letter = re.compile(r"[^\W\d_]")
    chars = [chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000]
    assert [c for c in chars if calendar_words._is_letter(c)] == [c for c in chars if letter.match(c)]
