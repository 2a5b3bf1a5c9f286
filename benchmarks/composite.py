"""Hard test pages built from real pieces and labelled by construction.

The three dev pages are easy (one clean block of long paragraphs each), so this module
builds harder ones the way the design asks ("What makes real pages hard"):

* a real ANT article (short ones too: about a third have at most 120 words) is the body;
  its gold is the article's ``metadata.title`` plus its ``text``;
* only articles with **none** of the ANT boilerplate families are used (see
  ``_families.py``: BBC app prompt, Al Arabiya disclaimer, ``للمزيد`` lines, ``اقرأ أيضاً``
  lines and blocks, CNN disclaimers, ``-----`` rules, agency-credit and reprint lines),
  so that the corpus text can serve as gold as it stands; articles with a short
  "click here / follow / watch also" line (boilerplate without a known family) or with a
  paragraph of 8+ words held twice (an ambiguous gold) are skipped too; short repeated
  lines such as ranked lists stay, since they are content a repeat filter must not eat;
* the article sits inside chrome taken from the dev pages (their raw text minus the gold
  lines and the title: menus, tickers, weather, comment widgets, footers), mixed with
  synthetic chrome written here: a breadcrumb that repeats the title, a byline and date,
  share bars, an inline related-links box that splits the article, captions with agency
  credits (``(رويترز)``, ``(أ ف ب)``, ``© REUTERS``; some full sentences, some with only
  an image file name beside them) before and inside the body, an ad marker, a video
  module, a tags line, the title repeated after the body with a site-name suffix, most-read
  lists, and a long, well-punctuated comment-rules / terms / privacy / about block (the
  kind of text that outscores a short article).

Everything is drawn from ``random.Random(seed)``: the same seed gives the same pages.
The pages are built in memory; ``python benchmarks/composite.py -o benchmarks/out/composite``
writes them out (``benchmarks/out/`` is git-ignored: the text is third-party and is never
committed).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import ANT, SHARED
from _families import family_lines

from arcleaner.keys import match_key

DEV = SHARED / "corpus" / "pages-dev"
SHORT_WORDS = 120  # an article this short or shorter counts as "short"
SHORT_SHARE = 0.35
_UNSURE = re.compile("اضغط|انقر|لمتابعة|تابعونا|للاطلاع على|شاهد أيضا|شاهد ايضا")


@dataclass(frozen=True, slots=True)
class Page:
    """One composite page: the raw text a scraper would produce, and its gold.

    ``labels`` has one entry per line of ``raw``: 1 for a line of the article (the title
    once and the body), 0 for chrome, None for a blank line. ``chrome`` names the dev
    pages whose chrome the page carries (a leave-one-site-out run must not train on it
    when it scores that site).
    """

    name: str
    raw: str
    gold: str
    article_id: str
    source: str
    words: int
    labels: tuple[int | None, ...] = ()
    chrome: str = ""


class _Gold(str):
    """A line of the article (so the assembled page knows its labels)."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class _Article:
    id: str
    title: str
    lines: tuple[str, ...]
    source: str
    author: str
    words: int


# ---------------------------------------------------------------------------- sources


def _first_sentence(text: str) -> str:
    """The first sentence of an article (a full-sentence caption or video blurb)."""
    first = text.split("\n", 1)[0]
    words = first.split(". ", 1)[0].split()
    return " ".join(words[:28]).rstrip(".") + "."


def _load_ant(path: Path = ANT) -> tuple[list[dict], list[str]]:
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: third-party corpus lives in ../shared")
    docs, titles = [], []
    with gzip.open(path, "rt", encoding="utf-8", newline="\n") as fh:
        for line in fh:
            doc = json.loads(line)
            docs.append(doc)
            title = (doc["metadata"].get("title") or "").strip()
            if title:
                titles.append(title)
    return docs, titles


def _clean_article(doc: dict) -> _Article | None:
    """The article as gold, or None when it is unusable (boilerplate family, no title...)."""
    meta = doc["metadata"]
    title = (meta.get("title") or "").strip()
    lines = [ln.strip() for ln in doc["text"].split("\n") if ln.strip()]
    if not title or not lines or family_lines(lines):
        return None
    if any(_UNSURE.search(ln) and len(ln.split()) < 15 for ln in lines):
        return None  # a short "click here / follow" line: boilerplate we have no family for
    long_keys = [match_key(ln) for ln in lines if len(ln.split()) >= 8]
    if len(set(long_keys)) < len(long_keys):
        return None  # a paragraph the corpus holds twice: the gold would be ambiguous
    words = sum(len(ln.split()) for ln in lines)
    if words < 20 or words > 1200:
        return None
    return _Article(
        doc["id"], title, tuple(lines), meta.get("source", ""), meta.get("author") or "", words
    )


DEV_SITES = {"001": "cnnarabic", "002": "assabah", "003": "lbcgroup"}


def _dev_chrome(dev: Path = DEV) -> list[tuple[str, list[str], list[str]]]:
    """(site, header, footer) chrome of each dev page: its raw lines minus gold lines and
    title."""
    out = []
    for num in ("001", "002", "003"):
        raw = (dev / f"{num}.raw.txt").read_text("utf-8").split("\n")
        meta = json.loads((dev / f"{num}.meta.json").read_text("utf-8"))
        keys = [match_key(ln) for ln in raw]
        title_key = match_key(meta.get("title", ""))
        gold_path = dev / f"{num}.gold.txt"
        if gold_path.exists():
            gold = {match_key(g) for g in gold_path.read_text("utf-8").split("\n")} - {""}
            body = [i for i, k in enumerate(keys) if k in gold]
            first, last = body[0], body[-1]
        else:
            # Snippet-only gold (002): the header ends at the title; the footer starts
            # at the first line after the last must-contain snippet that holds a
            # must-not-contain snippet (the comment widget).
            snip = json.loads((dev / f"{num}.gold_snippets.json").read_text("utf-8"))
            title_key = match_key(snip.get("title", ""))
            first = next(i for i, k in enumerate(keys) if k and k == title_key)
            inside = [match_key(s) for s in snip["must_contain"]]
            outside = [match_key(s) for s in snip["must_not_contain"]]
            last_in = max(i for i, k in enumerate(keys) if any(s in k for s in inside))
            last = next(
                i - 1 for i in range(last_in, len(keys)) if any(s in keys[i] for s in outside)
            )
            gold = set()
        skip = gold | {title_key}

        def keep(lines: list[str], ks: list[str], skip: set[str] = skip) -> list[str]:
            return [ln for ln, k in zip(lines, ks, strict=True) if k not in skip or not k]

        header, footer = keep(raw[:first], keys[:first]), keep(raw[last + 1 :], keys[last + 1 :])
        out.append((DEV_SITES[num], header, footer))
    return out


# ------------------------------------------------------------------- synthetic chrome

SITES = (
    "سكاي نيوز عربية",
    "العربية.نت",
    "فرانس 24",
    "بي بي سي عربي",
    "CNN بالعربية",
    "الشرق الأوسط",
    "الجزيرة نت",
    "اليوم السابع",
    "الخليج أونلاين",
    "النهار",
)
SECTIONS = (
    "أخبار",
    "سياسة",
    "اقتصاد",
    "رياضة",
    "منوعات",
    "العالم",
    "العالم العربي",
    "تكنولوجيا",
    "صحة",
    "ثقافة وفن",
    "فيديو",
    "مقالات الرأي",
    "تقارير",
    "علوم",
    "سيارات",
    "مال وأعمال",
    "الخليج",
    "مصر",
    "لبنان",
    "المغرب العربي",
)
HOMES = ("الرئيسية", "الصفحة الرئيسية", "Home")
CRUMB_SEPS = (" > ", " / ", " » ", " | ", " - ")
AGENCY_CREDITS = (
    "(رويترز)",
    "(أ ف ب)",
    "(أ.ف.ب)",
    "(أ ب)",
    "(وكالات)",
    "(غيتي)",
    "(الأناضول)",
    "(إي بي أيه)",
    "© REUTERS",
    "© AFP",
    "AFP",
    "Getty Images",
    "صورة: رويترز",
    "(صورة أرشيفية - رويترز)",
    "المصدر: أ ف ب",
)
CAPTION_LEADS = ("", "", "صورة أرشيفية: ", "صورة تعبيرية - ", "من المصدر: ", "لقطة من فيديو: ")
BOX_HEADERS = (
    "اقرأ أيضاً",
    "اقرأ أيضا:",
    "مواضيع ذات صلة",
    "قد يهمك أيضاً",
    "أخبار ذات صلة",
    "المزيد من الأخبار",
    "مقالات مقترحة",
    "ننصحك بقراءة",
)
LIST_HEADERS = (
    "الأكثر قراءة",
    "الأكثر مشاهدة",
    "آخر الأخبار",
    "اخترنا لكم",
    "أخبار متعلقة",
    "الأكثر تداولاً",
    "شريط الأخبار",
)
ADS = ("إعلان", "Advertisement", "تابع القراءة أدناه", "محتوى مدعوم", "اعلان", "إعلانات")
SHARE = (
    "شارك",
    "فيسبوك",
    "تويتر",
    "واتساب",
    "تيليغرام",
    "لينكد إن",
    "طباعة",
    "أرسل لصديق",
    "نسخ الرابط",
    "Share on Facebook",
    "Tweet",
    "شارك على فيسبوك",
    "شارك على تويتر",
)
CITIES = ("القاهرة", "الرياض", "دبي", "بيروت", "عمان", "الرباط", "تونس", "بغداد", "الكويت")
WEATHER = ("مشمس", "غائم جزئيا", "صاف", "ممطر", "غائم", "عواصف رملية")
DAYS = ("السبت", "الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة")
MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر")
COMMENT_WIDGET = (
    "التعليقات",
    "أضف تعليقك",
    "اسمك",
    "البريد الإلكتروني",
    "تعليقك *",
    "إرسال",
    "0 تعليق",
    "كن أول من يعلق على هذا الخبر",
    "عدد الأحرف المتبقية: 500",
    "تسجيل الدخول للتعليق",
)
FOOTER = (
    "من نحن | اتصل بنا | أعلن معنا | سياسة الخصوصية | شروط الاستخدام",
    "© {year} {site}. جميع الحقوق محفوظة",
    "All Rights Reserved © {year}",
    "تابعونا على",
    "فيسبوك",
    "يوتيوب",
    "إنستغرام",
    "حمّل تطبيق {site}",
    "Google Play",
    "App Store",
    "We use cookies to improve your experience on our website.",
    "موافق",
    "العودة للأعلى",
    "للتواصل: info@example.com",
    "خريطة الموقع",
    "الأرشيف",
    "RSS",
)

# Long, well-punctuated boilerplate (written for this project): comment rules, terms of
# use, privacy and cookies, about-us, newsletter. These are the texts that outscore a
# short article on length and punctuation alone.
LONG_BLOCKS: dict[str, tuple[str, ...]] = {
    "comment-rules": (
        "نرحب بتعليقاتكم على هذا الموضوع، ونرجو الالتزام بآداب الحوار وعدم استخدام ألفاظ "
        "نابية أو عبارات تسيء إلى الأشخاص أو الأديان أو المعتقدات. يحتفظ موقع {site} بحق "
        "حذف أي تعليق يخالف هذه القواعد دون إبداء الأسباب، كما أن التعليقات المنشورة تعبر "
        "عن آراء أصحابها ولا تعكس بالضرورة رأي الموقع أو سياسته التحريرية.",
        "قواعد التعليق: يجب أن يكون التعليق متعلقاً بموضوع المقال، وألا يتضمن روابط إعلانية "
        "أو أرقام هواتف أو عناوين بريد إلكتروني. لن يتم نشر التعليقات التي تحتوي على تحريض "
        "أو تشهير أو إساءة شخصية، ويخضع كل تعليق للمراجعة من قبل فريق التحرير قبل نشره، وقد "
        "يستغرق ذلك بعض الوقت.",
        "عزيزي القارئ، بإرسالك تعليقاً فإنك توافق على شروط الاستخدام الخاصة بالموقع، وتقر "
        "بأنك المسؤول الوحيد عن محتواه. نرجو منك احترام الرأي الآخر والابتعاد عن التعميم "
        "والسخرية، وتجنب كتابة التعليق بأحرف لاتينية، حتى يتمكن الجميع من المشاركة في نقاش "
        "مفيد وهادئ.",
        "تنبيه: الآراء الواردة في التعليقات لا تمثل وجهة نظر {site}، وإنما تعبر عن رأي "
        "كاتبها فقط. ونحيط القراء علماً بأن التعليقات التي تتجاوز {n} حرف أو تتكرر بشكل "
        "متعمد سيتم حذفها تلقائياً، كما أن الحسابات التي تخالف القواعد بشكل متكرر قد تمنع "
        "من التعليق نهائياً.",
    ),
    "terms": (
        "شروط الاستخدام: إن دخولك إلى هذا الموقع واستخدامك لخدماته يعني موافقتك الكاملة على "
        "الشروط والأحكام التالية. جميع المواد المنشورة على الموقع، بما في ذلك النصوص والصور "
        "ومقاطع الفيديو، محمية بموجب قوانين حقوق النشر والملكية الفكرية، ولا يجوز نسخها أو "
        "إعادة نشرها أو توزيعها دون إذن خطي مسبق من إدارة {site}.",
        "يحق لإدارة الموقع تعديل هذه الشروط في أي وقت دون إشعار مسبق، ويعد استمرارك في "
        "استخدام الموقع بعد نشر التعديلات قبولاً بها. لا يتحمل الموقع أي مسؤولية عن الأضرار "
        "المباشرة أو غير المباشرة الناتجة عن استخدام المعلومات المنشورة، كما لا يضمن دقة "
        "المحتوى الذي يقدمه المستخدمون أو الجهات الخارجية.",
        "يلتزم المستخدم بعدم استخدام الموقع لأي غرض مخالف للقانون أو للآداب العامة، وبعدم "
        "محاولة الوصول غير المصرح به إلى أنظمته أو تعطيلها. وفي حال مخالفة هذه الشروط يحق "
        "لإدارة {site} إيقاف حساب المستخدم واتخاذ الإجراءات القانونية اللازمة.",
    ),
    "privacy": (
        "سياسة الخصوصية: نحن في {site} نحترم خصوصيتك ونلتزم بحماية بياناتك الشخصية. نستخدم "
        "ملفات تعريف الارتباط (الكوكيز) لتحسين تجربة التصفح وتحليل حركة الزوار وعرض إعلانات "
        "تناسب اهتماماتك، ويمكنك تعطيلها من إعدادات المتصفح في أي وقت، علماً بأن ذلك قد يؤثر "
        "على عمل بعض خدمات الموقع.",
        "لن نقوم ببيع بياناتك أو مشاركتها مع أطراف ثالثة إلا في الحالات التي ينص عليها "
        "القانون، أو بعد الحصول على موافقتك الصريحة. وتشمل البيانات التي نجمعها عنوان "
        "بروتوكول الإنترنت ونوع المتصفح والصفحات التي تزورها ومدة الزيارة، ونستخدمها لأغراض "
        "إحصائية فقط.",
        "باستمرارك في تصفح هذا الموقع فإنك توافق على استخدامنا لملفات تعريف الارتباط وفقاً "
        "لسياسة الخصوصية المعتمدة لدينا. لمعرفة المزيد حول طريقة إدارة هذه الملفات أو "
        "حذفها، يرجى مراجعة صفحة الإعدادات أو التواصل مع فريق الدعم.",
    ),
    "about": (
        "{site} منصة إخبارية مستقلة انطلقت عام {year}، وتسعى إلى تقديم تغطية شاملة وموضوعية "
        "لأبرز الأحداث السياسية والاقتصادية والرياضية في العالم العربي والعالم، عبر شبكة "
        "واسعة من المراسلين والمحررين، مع الالتزام بمعايير المهنية والدقة والحياد في نقل "
        "الخبر.",
        "تأسست {site} لتكون نافذة القارئ العربي على ما يجري حوله، فهي تقدم الخبر العاجل "
        "والتقرير المعمق والتحليل والرأي، وتتيح لقرائها متابعة المستجدات لحظة بلحظة عبر "
        "موقعها الإلكتروني وتطبيقاتها على الهواتف الذكية وحساباتها على مواقع التواصل "
        "الاجتماعي.",
    ),
    "newsletter": (
        "اشترك في النشرة البريدية ليصلك أهم الأخبار والتحليلات يومياً إلى بريدك الإلكتروني، "
        "مجاناً ودون أي التزام. يمكنك إلغاء الاشتراك في أي وقت بالضغط على الرابط الموجود في "
        "أسفل كل رسالة، ولن نستخدم عنوانك لأي غرض آخر.",
        "سجل الآن في خدمة التنبيهات لتصلك الأخبار العاجلة فور وقوعها، واختر الموضوعات التي "
        "تهمك من السياسة والاقتصاد والرياضة والتكنولوجيا، وسنرسل لك ملخصاً أسبوعياً بأبرز ما "
        "نشر على الموقع.",
    ),
}


# Lists of other stories after the article: headers, then titles bare, bulleted, timed
# or cut short (the shapes real pages show).
STORY_HEADERS = (
    # Written for this project, not taken from the pages it is scored on (pages-real's
    # own headers would leak into a leave-one-site-out score through training).
    "مواضيع مشابهة",
    "قد يهمك أيضا",
    "أخبار ذات صلة",
    "اخترنا لك",
    "موضوعات مقترحة",
    "الأكثر مشاهدة",
    "Trending Now",
    "الأكثر قراءة الأكثر مشاركة",
    "أخبار متعلقة:",
    "المزيد من الأخبار",
    "آخر الأخبار",
    "",  # no header at all
)
# Comment rules as a bulleted list of full sentences (written for this project).
RULES_HEADERS = ("قواعد التعليق", "شروط التعليق", "إرشادات المجتمع", "سياسة التعليقات")
RULES_ITEMS = (
    "يرجى الالتزام بموضوع الخبر وعدم الخروج عنه في التعليقات.",
    "لا يسمح بنشر أي تعليق يتضمن إساءة أو تجريحاً للأشخاص أو الهيئات.",
    "تحتفظ إدارة الموقع بحق حذف التعليقات المخالفة دون الرجوع إلى أصحابها.",
    "التعليقات المنشورة تعبر عن آراء أصحابها ولا تعبر بالضرورة عن رأي الموقع.",
    "يمنع نشر الروابط الإعلانية وأرقام الهواتف في خانة التعليقات.",
    "يرجى كتابة التعليق باللغة العربية الفصحى قدر الإمكان.",
    "سيتم نشر تعليقك بعد مراجعته من قبل فريق التحرير.",
    "الحد الأقصى لعدد الأحرف في التعليق 500 حرف.",
)
LOGIN_LINES = (
    "تسجيل الدخول",
    "اسم المستخدم أو البريد الإلكتروني",
    "كلمة المرور",
    "تذكرني",
    "نسيت كلمة المرور؟",
    "ليس لديك حساب؟ أنشئ حساباً جديداً",
    "Username",
    "Password",
    "Remember Me",
    "Lost your password?",
    "Log In",
    "أو سجل الدخول عبر",
)
MASTHEAD = (
    "رئيس التحرير: {name}",
    "المدير العام: {name}",
    "مدير التحرير: {name}",
    "الناشر: شركة {site} للإعلام",
    "هاتف: 00962 6 5{n}",
    "البريد الإلكتروني: info@example.com",
)
NAMES = ("محمد عبد الله", "سامي يوسف", "آية دعبس", "خالد الحسن", "ريم سعيد", "عمر الخطيب")
LEVANT_MONTHS = ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب")
POLL = ("استطلاع رأي", "هل تؤيد القرار؟", "نعم", "لا", "لا أعرف", "صوت الآن", "النتائج")


def _cms_chrome_file() -> Path:
    """Where the CMS phrase table is: ``ARCLEAN_CMS_CHROME``, else ../shared/corpus/
    cms-chrome if it is there, else the user's cache (``~/.cache/arcleaner/cms-chrome``).
    The table is third-party text (UI translation files), so it is not in the project;
    without it the generator leaves out the blocks built from it."""
    named = os.environ.get("ARCLEAN_CMS_CHROME")
    if named:
        return Path(named)
    shared = SHARED / "corpus" / "cms-chrome" / "phrases.tsv"
    if shared.exists():
        return shared
    return Path.home() / ".cache" / "arcleaner" / "cms-chrome" / "phrases.tsv"


CMS_CHROME = _cms_chrome_file()
_PLACEHOLDER = re.compile(r"%\d*\$?[sd]|\{\{[^}]*\}\}|\{\s*\$?[^}]*\}|<[^>]+>|&[a-z]+;")


def _cms_phrases(path: Path = CMS_CHROME) -> dict[str, list[str]]:
    """The UI strings of content-management systems by family (:func:`_cms_chrome_file`:
    WordPress, Joomla, Ghost, comment and cookie widgets), placeholders and
    markup filled in the way a rendered page shows them; {} where the folder is absent."""
    if not path.exists():
        return {}
    out: dict[str, list[str]] = {}
    for row in path.read_text("utf-8").splitlines()[1:]:
        parts = row.split("\t")
        if len(parts) < 2:
            continue
        text = " ".join(_PLACEHOLDER.sub("", parts[1]).split())
        if text:
            out.setdefault(parts[0], []).append(text)
    return out


# ------------------------------------------------------------------------- assembly


class _Builder:
    def __init__(self, rng: random.Random, docs: list[dict], titles: list[str], chrome: list):
        self.rng = rng
        self.docs = docs
        self.titles = titles
        self.chrome = chrome
        self.cms = _cms_phrases()

    def other_titles(self, k: int, avoid: str) -> list[str]:
        out = []
        while len(out) < k:
            t = self.rng.choice(self.titles)
            if t != avoid and t not in out:
                out.append(t)
        return out

    def window(self, lines: list[str], lo: int, hi: int) -> list[str]:
        if not lines:
            return []
        size = min(len(lines), self.rng.randint(lo, hi))
        start = self.rng.randint(0, len(lines) - size)
        return lines[start : start + size]

    def date_line(self) -> str:
        r = self.rng
        d = f"{r.choice(DAYS)}، {r.randint(1, 28)} {r.choice(MONTHS)} 2018"
        t = f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}"
        day, month = r.randint(1, 28), r.randint(1, 9)
        ampm = r.choice(("صباحا", "مساء", "مساءً", "ص", "م"))
        levant = f"{r.choice(DAYS)} {day} {r.choice(LEVANT_MONTHS)} / {r.choice(MONTHS)} 2018"
        return r.choice(
            (
                f"نشر في: {d} - {t}",
                f"آخر تحديث: {d}، {t}",
                f"{d} {t} (GMT+0400)",
                f"2018-{month:02d}-{day:02d} | {t}",
                f"{d}",
                f"{day} {r.choice(MONTHS)}، 2018",
                f"{day:02d}/{month:02d}/2018 {t} {ampm}",
                f"تم نشره {levant} {t} {ampm}",
            )
        )

    def caption(self, avoid: str) -> list[str]:
        """A photo caption: a headline-like or full-sentence description, with an agency
        credit on the same line or the next, or (looking like a subheading) with no credit
        but an image file name beside it."""
        r = self.rng
        if r.random() < 0.35:
            desc = _first_sentence(r.choice(self.docs)["text"])  # a full sentence
        else:
            desc = r.choice(CAPTION_LEADS) + self.other_titles(1, avoid)[0]
        credit = r.choice(AGENCY_CREDITS)
        image = f"{r.choice(('IMG', 'photo', 'image', 'pic'))}_{r.randint(1000, 99999)}.jpg"
        style = r.random()
        if style < 0.2:
            return [image, desc]  # no credit: only the file name marks it
        out = [image] if r.random() < 0.3 else []
        if style < 0.5:
            return [*out, desc, credit]
        return [*out, f"{desc} {credit}"]

    def video(self, avoid: str) -> list[str]:
        """A video module: label, title, duration, sometimes a one-sentence blurb."""
        r = self.rng
        out = [r.choice(("فيديو", "شاهد", "بالفيديو")), self.other_titles(1, avoid)[0]]
        out.append(f"{r.randint(0, 9):02d}:{r.randint(0, 59):02d}")
        if r.random() < 0.5:
            out.append(_first_sentence(r.choice(self.docs)["text"]))
        return out

    def menu(self) -> list[str]:
        r = self.rng
        items = r.sample(SECTIONS, r.randint(5, 12))
        style = r.random()
        if style < 0.35:
            return [" | ".join(items)]
        if style < 0.7:
            return [f"* {i}" for i in items]
        return items

    def ticker(self, avoid: str) -> list[str]:
        r = self.rng
        heads = self.other_titles(r.randint(1, 3), avoid)
        if r.random() < 0.5:
            return ["عاجل", *heads]
        return [f"عاجل: {h}" for h in heads]

    def weather(self) -> list[str]:
        r = self.rng
        out = ["حالة الطقس"] if r.random() < 0.5 else []
        for city in r.sample(CITIES, r.randint(1, 4)):
            temp, cond = r.randint(8, 44), r.choice(WEATHER)
            if r.random() < 0.5:
                out += [city, f"{temp}°", cond]
            else:
                out.append(f"{city} {temp}° {cond}")
        return out

    def share(self) -> list[str]:
        r = self.rng
        items = r.sample(SHARE, r.randint(2, 6))
        return [" ".join(items)] if r.random() < 0.4 else items

    def link_list(self, header: str, avoid: str, lo: int, hi: int) -> list[str]:
        r = self.rng
        out = [header]
        for rank, title in enumerate(self.other_titles(r.randint(lo, hi), avoid), 1):
            if r.random() < 0.3:
                out.append(str(rank))
            if r.random() < 0.3:
                out.append(r.choice(SECTIONS))
            if r.random() < 0.3:
                out.append(r.choice((f"منذ {r.randint(2, 11)} ساعات", f"{r.randint(10, 23)}:15")))
            out.append(("• " if r.random() < 0.2 else "") + title)
        return out

    def long_block(self, site: str) -> list[str]:
        r = self.rng
        kind = r.choice(sorted(LONG_BLOCKS))
        paras = list(LONG_BLOCKS[kind])
        r.shuffle(paras)
        n = r.randint(1, len(paras))
        fill = {"site": site, "year": r.randint(1995, 2015), "n": r.choice((300, 500, 800))}
        return [p.format(**fill) for p in paras[:n]]

    def story_list(self, avoid: str) -> list[str]:
        """Other stories' titles after the article: a header (or none), then titles
        bare, bulleted, with a time in front or cut off with '...'; a bare '*' or a
        'more' link may close it."""
        r = self.rng
        header = r.choice(STORY_HEADERS)
        out = [header] if header else []
        style = r.choice(("bare", "bullet", "time", "cut"))
        for title in self.other_titles(r.randint(4, 12), avoid):
            if style == "bullet":
                title = f"* {title}"
            elif style == "time":
                title = f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d} {title}"
            elif style == "cut":
                words = title.split()
                title = " ".join(words[: max(3, len(words) * 2 // 3)]) + "..."
            out.append(title)
        if r.random() < 0.3:
            out.append(r.choice(("*", "المزيد ...", "عرض المزيد")))
        return out

    def rules_list(self) -> list[str]:
        """Comment rules as a bulleted list of full sentences, CMS wording mixed in."""
        r = self.rng
        items = list(RULES_ITEMS) + self.cms.get("comment-rules", [])
        picked = r.sample(items, r.randint(3, min(6, len(items))))
        return [r.choice(RULES_HEADERS), *(f"* {item}" for item in picked)]

    def login_form(self) -> list[str]:
        """A login or registration box: field labels and messages, some in English."""
        r = self.rng
        lines = list(LOGIN_LINES) + self.cms.get("login-register", [])
        return r.sample(lines, r.randint(4, 8))

    def cms_block(self, family: str, lo: int, hi: int) -> list[str]:
        """A few strings of one CMS family (a comment form, a cookie notice ...)."""
        lines = self.cms.get(family, [])
        if not lines:
            return []
        return self.rng.sample(lines, min(len(lines), self.rng.randint(lo, hi)))

    def masthead(self, site: str) -> list[str]:
        r = self.rng
        fill = {"name": r.choice(NAMES), "site": site, "n": r.randint(100000, 999999)}
        return [ln.format(**fill) for ln in r.sample(MASTHEAD, r.randint(2, 4))]

    def bullet_menu(self) -> list[str]:
        """A menu in the render's bullets: '* ' items with '+ ' sub-items."""
        r = self.rng
        out = []
        for item in r.sample(SECTIONS, r.randint(5, 10)):
            out.append(f"* {item}")
            if r.random() < 0.2:
                out += [f"+ {sub}" for sub in r.sample(SECTIONS, r.randint(2, 4))]
        return out

    def poll(self) -> list[str]:
        return list(POLL[: self.rng.randint(4, len(POLL))])

    def tags(self, title: str) -> list[str]:
        r = self.rng
        words = [w for w in title.split() if len(w) > 3][:6] or [r.choice(SECTIONS)]
        tags = r.sample(words, min(len(words), r.randint(2, 4)))
        label = r.choice(("الكلمات الدالة:", "وسوم:", "كلمات مفتاحية:", "الوسوم"))
        if label.endswith(":"):
            return [f"{label} {'، '.join(tags)}"]
        return [label, *tags]


def _split_body(lines: tuple[str, ...], rng: random.Random) -> list[str]:
    """Paragraphs of the article; a long single line is split at a sentence end so that
    an inline box can sit inside it (the gold tokens do not change)."""
    body = list(lines)
    if len(body) == 1 and len(body[0].split()) > 60:
        sentences = body[0].split(". ")
        if len(sentences) > 1:
            cut = rng.randint(1, len(sentences) - 1)
            body = [". ".join(sentences[:cut]) + ".", ". ".join(sentences[cut:])]
    return body


def _page(b: _Builder, art: _Article, name: str) -> Page:
    r = b.rng
    site = r.choice(SITES)
    chrome_site, header, footer = r.choice(b.chrome)
    blocks: list[list[str]] = []

    # Header: a window of a dev page's header chrome, then synthetic chrome; a menu
    # that the footer repeats.
    blocks.append(b.window([ln for ln in header if ln.strip()], 8, 40))
    menu = b.bullet_menu()
    twice = r.random() < 0.5
    if twice:
        blocks.append(menu)
    extra = [b.menu(), b.ticker(art.title), b.weather(), ["تسجيل الدخول", "اشترك"]]
    r.shuffle(extra)
    blocks += extra[: r.randint(1, len(extra))]
    rules_first = r.random() < 0.2
    if rules_first:
        blocks.append(b.long_block(site))
    crumbs = [r.choice(HOMES), *r.sample(SECTIONS, r.randint(1, 2)), art.title]
    blocks.append([r.choice(CRUMB_SEPS).join(crumbs)])
    if r.random() < 0.4:
        blocks.append([r.choice(SECTIONS)])
    head = [_Gold(art.title), b.date_line()]
    if art.author and r.random() < 0.6:
        head.append(r.choice(("", "بقلم: ", "كتب: ")) + art.author)
    blocks.append(head)
    if r.random() < 0.5:
        blocks.append(b.share())
    if r.random() < 0.15:
        blocks.append(b.poll())  # a widget between the headline and the body
    if r.random() < 0.7:
        blocks.append(b.caption(art.title))

    # Body, split by an inline related box, a caption and an ad marker.
    body = [_Gold(p) for p in _split_body(art.lines, r)]
    inserts: list[list[str]] = [
        b.link_list(r.choice(BOX_HEADERS), art.title, 2, 5),
        b.caption(art.title),
    ]
    if r.random() < 0.5:
        inserts.append([r.choice(ADS)])
    if r.random() < 0.3:
        inserts.append(b.video(art.title))
    sep = r.random() < 0.5  # blank lines between paragraphs, as an HTML render gives
    slots = sorted(r.randint(1, max(1, len(body) - 1)) for _ in inserts) if len(body) > 1 else []
    pieces: list[str] = []
    for i, para in enumerate(body):
        for slot, ins in zip(slots, inserts, strict=False):
            if slot == i:
                pieces += ["", *ins, ""]
        pieces += [para, ""] if sep else [para]
    if len(body) == 1:  # nowhere inside: the box and caption follow the article
        for ins in inserts:
            pieces += ["", *ins]
    blocks.append(pieces)

    # After the body: tags, the title again with a site name, share, lists, rules.
    if r.random() < 0.6:
        blocks.append(b.tags(art.title))
    again = r.choice((art.title, f"{art.title} - {site}", f"{art.title} | {site}"))
    blocks.append([again])
    if r.random() < 0.5:
        blocks.append(b.share())
    after: list[list[str]] = [b.story_list(art.title)]
    if r.random() < 0.5:
        after.append(b.link_list(r.choice(LIST_HEADERS), art.title, 3, 8))
    if r.random() < 0.6:
        after.append(list(r.sample(COMMENT_WIDGET, r.randint(3, 6))))
    if r.random() < 0.4:
        after.append(b.cms_block("comments", 3, 6))
    if r.random() < 0.3:
        after.append(b.rules_list())
    if r.random() < 0.3:
        after.append(b.login_form())
    if not rules_first:
        after.append(b.long_block(site))
    if r.random() < 0.5:
        after.append(b.story_list(art.title))
    if r.random() < 0.3:
        after.append(b.cms_block("cookie-ad", 1, 3))
    r.shuffle(after)
    blocks += after
    if twice:
        blocks.append(menu)
    if r.random() < 0.3:
        blocks.append(b.masthead(site))
    blocks.append(b.window([ln for ln in footer if ln.strip()], 6, 30))
    fill = {"site": site, "year": 2018}
    blocks.append([ln.format(**fill) for ln in r.sample(FOOTER, r.randint(3, 8))])

    return _assemble(blocks, art, name, chrome_site)


def _light_page(b: _Builder, art: _Article, name: str) -> Page:
    """A short scrape: the article with a little chrome (a date, a byline, a share bar,
    a caption, a few related titles or tags), or with none at all."""
    r = b.rng
    before: list[list[str]] = []
    after: list[list[str]] = []
    if r.random() < 0.3:
        before.append([r.choice(SECTIONS)])
    head: list[str] = [_Gold(art.title)]
    if r.random() < 0.5:
        head.append(b.date_line())
    if art.author and r.random() < 0.3:
        head.append(r.choice(("", "بقلم: ", "كتب: ")) + art.author)
    if r.random() < 0.3:
        before.append(b.share())
    if r.random() < 0.3:
        before.append(b.caption(art.title))
    if r.random() < 0.4:
        after.append(b.tags(art.title))
    if r.random() < 0.4:
        after.append(b.link_list(r.choice(BOX_HEADERS + LIST_HEADERS), art.title, 1, 3))
    if r.random() < 0.3:
        after.append(b.share())
    sep = r.random() < 0.5
    body: list[str] = []
    for para in art.lines:
        body += [_Gold(para), ""] if sep else [_Gold(para)]
    blocks = [head, *before, body, *after]
    return _assemble(blocks, art, name, "")


def _assemble(blocks: list[list[str]], art: _Article, name: str, chrome: str) -> Page:
    """Blocks of lines into a page: blank lines between blocks, runs of blank lines
    collapsed to one (as in the dev pages' rendering), labels from the article lines."""
    out: list[str] = []
    for block in blocks:
        if block:
            out += [*block, ""]
    lines: list[str] = []
    for line in out:
        if line.strip() or (lines and lines[-1].strip()):
            lines.append(line)
    while lines and not lines[-1].strip():
        lines.pop()
    raw = "\n".join(lines) + "\n"
    labels = tuple(int(isinstance(ln, _Gold)) if ln.strip() else None for ln in lines)
    gold = "\n".join([art.title, *art.lines]) + "\n"
    return Page(name, raw, gold, art.id, art.source, art.words, (*labels, None), chrome)


def generate(
    n: int = 100,
    seed: int = 0,
    docs: tuple[list[dict], list[str]] | None = None,
    *,
    light: bool = False,
):
    """``n`` composite pages, deterministic from ``seed`` (needs ../shared).

    ``docs`` lets a caller pass an already loaded ANT corpus (``_load_ant()``);
    ``light`` makes short scrapes with a little chrome instead (:func:`_light_page`).
    """
    rng = random.Random(seed)
    all_docs, titles = docs if docs is not None else _load_ant()
    builder = _Builder(rng, all_docs, titles, _dev_chrome())
    order = list(range(len(all_docs)))
    rng.shuffle(order)
    want_short = round(n * SHORT_SHARE)
    short: list[_Article] = []
    longer: list[_Article] = []
    for i in order:
        if len(short) >= want_short and len(longer) >= n - want_short:
            break
        art = _clean_article(all_docs[i])
        if art is None:
            continue
        bucket = short if art.words <= SHORT_WORDS else longer
        if len(bucket) < (want_short if bucket is short else n - want_short):
            bucket.append(art)
    arts = short + longer
    rng.shuffle(arts)
    make = _light_page if light else _page
    return [make(builder, art, f"c{i:03d}") for i, art in enumerate(arts, 1)]


# (beside this script, from whatever folder it runs: benchmarks/out/ is git-ignored)
OUT = Path(__file__).resolve().parent / "out"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=100, help="number of pages (default 100)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("-o", "--out", type=Path, default=OUT / "composite")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for page in generate(args.n, args.seed):
        (args.out / f"{page.name}.raw.txt").write_text(page.raw, "utf-8")
        (args.out / f"{page.name}.gold.txt").write_text(page.gold, "utf-8")
        meta = {"article_id": page.article_id, "source": page.source, "words": page.words}
        (args.out / f"{page.name}.meta.json").write_text(json.dumps(meta, ensure_ascii=False))
    print(f"wrote {args.n} pages to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
