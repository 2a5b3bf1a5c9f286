"""A generated multi-site news corpus with planted chrome and planted recurring content.

Our own text, made from word lists: every article's prose is unique, so whatever
repeats across documents was planted here, and the tests know which is which.

Per site (400 articles each):

- ``alpha``: a byline prefix ``مكتب العاصمة - <name>:`` opening half of the articles
  (a start template with a variable name), and a disclaimer line closing 30% of them;
- ``beta``: one-line articles (paragraphs joined by ``". "``) with a contact sentence
  glued at the end of 40%, and an ``المصدر الأصلي: <title>`` trailer on 30%;
- ``gamma``: a service line heading 25% of the articles.

Recurring but real (must be kept): a wire formula that every site carries in 5% of its
articles (syndicated copy), and a background paragraph that eight follow-up stories of
``alpha`` share.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

SUBJECTS = [
    "الوزارة",
    "الحكومة",
    "البلدية",
    "الشركة",
    "اللجنة",
    "الجامعة",
    "المحكمة",
    "الهيئة",
    "المجلس",
    "الاتحاد",
    "المصرف",
    "المستشفى",
    "الجمعية",
    "الإدارة",
    "المؤسسة",
    "النقابة",
]
VERBS = [
    "أعلنت",
    "ناقشت",
    "أطلقت",
    "رفضت",
    "درست",
    "اعتمدت",
    "أقرت",
    "بحثت",
    "استعرضت",
    "تابعت",
    "قررت",
    "أكدت",
    "نفت",
    "طرحت",
    "أجلت",
    "وسعت",
]
OBJECTS = [
    "خطة",
    "مشروع",
    "برنامج",
    "قرار",
    "تقرير",
    "اتفاق",
    "مبادرة",
    "ميزانية",
    "دراسة",
    "حملة",
    "مسابقة",
    "منحة",
    "شبكة",
    "منصة",
    "خريطة",
    "لائحة",
]
TOPICS = [
    "النقل العام",
    "المياه",
    "التعليم",
    "الصحة",
    "الإسكان",
    "الطاقة الشمسية",
    "الزراعة",
    "السياحة",
    "الرياضة المدرسية",
    "التجارة الإلكترونية",
    "الطرق",
    "البيئة",
    "الثقافة",
    "الاتصالات",
    "الصناعة",
    "الموانئ",
    "المكتبات",
    "الحدائق",
]
PLACES = [
    "في المنطقة الشرقية",
    "في العاصمة",
    "في المدن الساحلية",
    "في القرى الجبلية",
    "في الأحياء الجديدة",
    "في المحافظات الشمالية",
    "على مستوى البلاد",
    "في الجنوب",
]
TAILS = [
    "خلال الأسابيع المقبلة",
    "بعد مشاورات طويلة",
    "وسط ترحيب واسع",
    "رغم اعتراضات عدة",
    "بتكلفة كبيرة",
    "على مراحل متتالية",
    "بمشاركة خبراء",
    "قبل نهاية العام",
]
NAMES = [
    f"{a} {b}"
    for a in ("سامي", "ليلى", "خالد", "منى", "عمر", "هدى")
    for b in ("الحسن", "يوسف", "الشريف", "النجار", "العلي")
]

ALPHA_BYLINE = "مكتب العاصمة - {name}: "
ALPHA_DISCLAIMER = "هذه الزاوية تصدر كل أسبوع بالتعاون مع دار النشر الوطنية"
BETA_CONTACT = "للتواصل مع فريق التحرير راسلونا عبر البريد الإلكتروني للموقع."
BETA_TRAILER = "المصدر الأصلي: {title}"
GAMMA_SERVICE = "خدمة الأخبار العاجلة متاحة على مدار الساعة"
WIRE_FORMULA = "ولم يتسن التحقق من هذه المعلومات من مصدر مستقل حتى الآن."
FOLLOW_UP = (
    "وكانت الأزمة قد بدأت قبل ثلاثة أشهر حين توقفت أعمال البناء في المشروع بعد خلاف "
    "بين المقاول والجهات المشرفة حول كلفة المرحلة الثانية وموعد تسليمها للسكان الذين "
    "ينتظرون منذ سنوات طويلة."
)

PLANTED_CHROME = (ALPHA_DISCLAIMER, BETA_CONTACT, GAMMA_SERVICE)
PLANTED_CONTENT = (WIRE_FORMULA, FOLLOW_UP)


def _sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)} {rng.choice(OBJECTS)} "
        f"{rng.choice(TOPICS)} {rng.choice(PLACES)} {rng.choice(TAILS)} "
        f"بعد {rng.randint(2, 90)} يوما من العمل رقم {rng.randint(100, 99999)}."
    )


def _title(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TOPICS)}"


def article(site: str, n: int, rng: random.Random) -> str:
    """One article of ``site`` (its ``n``-th), with whatever is planted there."""
    title = _title(rng)
    paragraphs = [
        " ".join(_sentence(rng) for _ in range(rng.randint(2, 3))) for _ in range(rng.randint(3, 5))
    ]
    if rng.random() < 0.05:  # syndicated wire copy, every site
        paragraphs[1] += " " + WIRE_FORMULA
    if site == "alpha":
        if n < 8:  # eight follow-up stories share a background paragraph
            paragraphs.insert(2, FOLLOW_UP)
        if rng.random() < 0.5:
            paragraphs[0] = ALPHA_BYLINE.format(name=rng.choice(NAMES)) + paragraphs[0]
        lines = [title, *paragraphs]
        if rng.random() < 0.3:
            lines.append(ALPHA_DISCLAIMER)
        return "\n".join(lines)
    if site == "beta":
        body = ". ".join(p.rstrip(".") for p in paragraphs) + "."
        if rng.random() < 0.4:
            body += " " + BETA_CONTACT
        if rng.random() < 0.3:
            body += " " + BETA_TRAILER.format(title=_title(rng))
        return body
    lines = [title, *paragraphs]
    if rng.random() < 0.25:
        lines.insert(0, GAMMA_SERVICE)
    return "\n".join(lines)


def records(per_site: int = 400, seed: int = 0) -> list[dict]:
    """The corpus as JSONL records in the datatrove shape, sites interleaved."""
    rng = random.Random(seed)
    out = []
    for n in range(per_site):
        for site in ("alpha", "beta", "gamma"):
            text = article(site, n, rng)
            out.append({"id": f"{site}-{n}", "text": text, "metadata": {"source": site}})
    return out


def write_jsonl(path: Path, recs: list[dict]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for r in recs:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def write_tree(root: Path, recs: list[dict]) -> Path:
    """One text file per article under ``root/SITE/``."""
    for r in recs:
        site = r["metadata"]["source"]
        (root / site).mkdir(parents=True, exist_ok=True)
        (root / site / f"{r['id']}.txt").write_text(r["text"] + "\n", "utf-8")
    return root
