from models.text.normalize import normalize


def test_removes_zero_width_and_bidi_controls() -> None:
    text = "\ufeffمر\u200bحبا\u200c \u200eبالعالم\u200f \u202bنص\u202c \u2066x\u2069\u061c\u2060"
    assert normalize(text) == "مرحبا بالعالم نص x"


def test_keeps_diacritics_tatweel_and_arabic_digits() -> None:
    text = "وفقاً لِلمصادرِ، قالــت إن ٣٫٥٪ فقط"
    assert normalize(text) == text


def test_applies_nfc() -> None:
    # ALEF + HAMZA ABOVE composes to U+0623; e + combining acute to é.
    assert normalize("\u0627\u0654 e\u0301") == "\u0623 \u00e9"


def test_line_endings_spaces_and_paragraph_breaks() -> None:
    text = "first  line\t\twith   gaps   \r\nsecond\rthird \r\n\r\n\r\nnext para\u00a0 end"
    assert normalize(text) == "first line with gaps\nsecond\nthird\n\n\nnext para end"


def test_empty() -> None:
    assert normalize("") == ""
