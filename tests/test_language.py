"""Language of a caption, one convention a row: (text, language, why)."""

import pytest

from captions.parsing.language import detect_language

LANGUAGES = [
    ("Firefighters work at the scene of a fire in the harbour.", "en", "English small words"),
    ("Жители города на площади во время праздника.", "ru", "Cyrillic"),
    ("Діти на площі під час свята.", "uk", "Cyrillic with Ukrainian letters"),
    ("مردم در میدان شهر جمع شدند", "fa", "Arabic script with Persian letters"),
    ("تجمع الناس في ساحة المدينة", "ar", "Arabic script"),
    ("市長が駅前で演説した", "ja", "kanji with a little kana"),
    ("市长在车站前发表讲话", "zh", "Chinese characters only"),
    ("시장이 역 앞에서 연설했다", "ko", "Hangul"),
    ("ဓာတ်ပုံ သတင်း", "my", "Myanmar script"),
    ("Mieszkańcy zebrali się na rynku, który był pełen ludzi.", "pl", "Polish small words"),
    ("Většina lidí je na náměstí během svátku.", "cs", "Czech small words"),
    ("Halk bu sabah meydanda bir araya geldi ve bekledi.", "tr", "Turkish small words"),
    ("Fólk safnaðist saman á torginu og beið.", "is", "Icelandic small words"),
    ("Folk samlet seg på torget etter kampen.", "no", "Norwegian beside Danish"),
    ("Folk samledes på torvet efter kampen, også børn.", "da", "Danish spellings"),
    ("12 34 56", "", "no letters"),
]


@pytest.mark.parametrize("text,lang,why", LANGUAGES, ids=[r[2] for r in LANGUAGES])
def test_detect_language(text, lang, why):
    assert detect_language(text) == lang, why
