"""Named Arabic and invisible code points, and the character classes built from them.

Every special character used anywhere in arcleaner is named here (house rule 5), so no
other module carries an invisible literal. Ranges are explicit tables, not Unicode
categories: ``\\p{Mn}`` also matches Latin accents and ``\\p{Script=Arabic}`` misses the
harakat (see ARABIC.md).
"""

from __future__ import annotations

TATWEEL = "\N{ARABIC TATWEEL}"
SHADDA = "\N{ARABIC SHADDA}"
ZWJ = "\N{ZERO WIDTH JOINER}"
ZWNJ = "\N{ZERO WIDTH NON-JOINER}"
BOM = "\N{ZERO WIDTH NO-BREAK SPACE}"
LINE_SEPARATOR = "\N{LINE SEPARATOR}"
PARAGRAPH_SEPARATOR = "\N{PARAGRAPH SEPARATOR}"
NEXT_LINE = "\x85"  # NEXT LINE (NEL); no \\N name in Python

ARABIC_COMMA = "\N{ARABIC COMMA}"
ARABIC_SEMICOLON = "\N{ARABIC SEMICOLON}"
ARABIC_QUESTION_MARK = "\N{ARABIC QUESTION MARK}"

# Harakat, tanween, shadda, sukun (U+064B-U+0652): the marks every peer strips.
HARAKAT = "\u064b-\u0652"
# Combining maddah / hamza above / hamza below: in decomposed text they are the hamza of
# أ إ آ ؤ ئ, so NFC composes them and leftovers are kept, never blindly stripped.
HAMZA_MARKS = "\u0653-\u0655"
# Other vowel signs (U+0656-U+065F), superscript alef (U+0670), honorific and small high
# signs (U+0610-U+061A), Quranic annotation marks and small waw/yeh (U+06D6-U+06ED minus
# the symbols below), and the Extended-A/B marks (open tanween etc.).
OTHER_MARKS = (
    "\u0610-\u061a\u0656-\u065f\u0670"
    "\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
    "\u0898-\u089f\u08ca-\u08e1\u08e3-\u08ff"
)
# Quranic symbols that are not marks on a letter: deleted outright.
QURANIC_SYMBOLS = "\u0600-\u0605\u06dd\u06de\u06e9\u08e2"

# Characters deleted by the unicode normalizer (never turned into a space: RLM sits inside
# decimals like 5.<RLM>7 and ZWSP inside words in real news).
INVISIBLE = "\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
BIDI_CONTROLS = "\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c"
# Odd spaces that become a plain space.
ODD_SPACES = "\u00a0\u2000-\u200a\u202f\u205f\u3000"

ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ASCII_DIGITS = "0123456789"
