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
# Line breaks other than \n that become \n (str.splitlines() treats them as line ends
# too, so leaving them in would make line numbers disagree between tools).
LINE_BREAKS = "\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029"

ARABIC_COMMA = "\N{ARABIC COMMA}"
ARABIC_FULL_STOP = "\N{ARABIC FULL STOP}"  # U+06D4, the Urdu full stop
ARABIC_PERCENT = "\N{ARABIC PERCENT SIGN}"
ARABIC_DECIMAL_SEPARATOR = "\N{ARABIC DECIMAL SEPARATOR}"
ARABIC_THOUSANDS_SEPARATOR = "\N{ARABIC THOUSANDS SEPARATOR}"
LEFT_GUILLEMET = "\N{LEFT-POINTING DOUBLE ANGLE QUOTATION MARK}"
RIGHT_GUILLEMET = "\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}"
LEFT_DOUBLE_QUOTE = "\N{LEFT DOUBLE QUOTATION MARK}"
RIGHT_DOUBLE_QUOTE = "\N{RIGHT DOUBLE QUOTATION MARK}"

# Arabic letters proper (U+0621-U+063A, U+0641-U+064A, U+066E-U+06D3, U+06D5, U+06EE-U+06EF,
# U+06FA-U+06FC, U+06FF and the Supplement / Extended-A/B letters); tatweel excluded.
ARABIC_LETTERS = (
    "\u0620-\u063f\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef"
    "\u06fa-\u06fc\u06ff\u0750-\u077f\u0870-\u0887\u0889-\u088e\u08a0-\u08c8"
)
ARABIC_SEMICOLON = "\N{ARABIC SEMICOLON}"
ARABIC_QUESTION_MARK = "\N{ARABIC QUESTION MARK}"

# Harakat, tanween, shadda, sukun (U+064B-U+0652): the marks every peer strips.
HARAKAT = "\u064b-\u0652"
# Combining maddah / hamza above / hamza below: in decomposed text they are the hamza of
# أ إ آ ؤ ئ, so NFC composes them and leftovers are kept, never blindly stripped.
HAMZA_MARKS = "\u0653-\u0655"
HAMZA_MARK_CHARS = ("\N{ARABIC MADDAH ABOVE}", "\N{ARABIC HAMZA ABOVE}", "\N{ARABIC HAMZA BELOW}")
# Other vowel signs (U+0656-U+065F), superscript alef (U+0670), honorific and small high
# signs (U+0610-U+061A), Quranic annotation marks and small waw/yeh (U+06D6-U+06ED minus
# the symbols below), and the Extended-A/B marks (open tanween etc.).
OTHER_MARKS = (
    "\u0610-\u061a\u0656-\u065f\u0670"
    "\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
    "\u0898-\u089f\u08ca-\u08e1\u08e3-\u08ff"
)
# Quranic symbols and number signs that are not marks on a letter: deleted outright
# (U+0600-U+0605 and U+0890/U+0891 are prepended signs written over a number, U+06DD the
# end-of-ayah circle, U+08E2 the disputed end of ayah).
QURANIC_SYMBOLS = "\u0600-\u0605\u06dd\u08e2\u0890\u0891"
# Rub el hizb and place of sajdah stand between words in Quranic text: they become a space
# (deleting them would glue two words).
RUB_EL_HIZB = "\N{ARABIC START OF RUB EL HIZB}"
PLACE_OF_SAJDAH = "\N{ARABIC PLACE OF SAJDAH}"
QURANIC_SPACERS = RUB_EL_HIZB + PLACE_OF_SAJDAH

# Characters deleted by the unicode normalizer (never turned into a space: RLM sits inside
# decimals like 5.<RLM>7 and ZWSP inside words in real news).
INVISIBLE = "\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
# Control characters (category Cc) that are neither a line break above nor a blank that
# collapse-whitespace turns into a space (tab): NUL, BEL, ESC, DEL and the C1 block. They
# draw nothing and mean nothing in text; in news they come from forced Latin-1 decoding
# or JSON escapes, and a terminal may act on them.
CONTROLS = "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"
# UTF-16 surrogates: a str can hold them (JSON "\ud800" escapes), UTF-8 cannot.
SURROGATES = "\ud800-\udfff"
BIDI_CONTROLS = "\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c"
# Odd spaces that become a plain space.
# (Every character str.isspace() knows that is not a line break is here or in
# collapse-whitespace, so no line is left that looks blank to one tool and not another.)
ODD_SPACES = "\x1f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"

# Everything that is an Arabic mark (for "a mark must sit on a base letter").
ARABIC_MARKS = HARAKAT + HAMZA_MARKS + OTHER_MARKS

ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ASCII_DIGITS = "0123456789"
