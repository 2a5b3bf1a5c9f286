"""`arclean eval`: the real CLI scores cleaned files against gold (project-written text)."""

from __future__ import annotations

import json

from conftest import arclean

RAW = "الرئيسية | رياضة | اقتصاد\nأعلنت الوزارة اليوم نتائج المسابقة.\nلم تشترك بعد\n"
GOLD = "أعلنت الوزارة اليوم نتائج المسابقة.\n"


def _files(tmp_path):
    raw, gold = tmp_path / "page.raw.txt", tmp_path / "page.gold.txt"
    raw.write_text(RAW, "utf-8")
    gold.write_text(GOLD, "utf-8")
    return raw, gold


def test_eval_scores_cleaned_page(tmp_path):
    raw, gold = _files(tmp_path)
    proc = arclean("eval", str(raw), "--gold", str(gold), "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    # Cleaning drops the breadcrumb menu and the paywall line: P = R = 1.
    (page,) = out["pages"]
    assert page["recall"] == 1.0
    assert page["precision"] == 1.0
    assert out["mean"]["pages"] == 1 and out["mean"]["lost_share"] == 0.0


def test_eval_as_is_scores_the_raw_text(tmp_path):
    raw, gold = _files(tmp_path)
    proc = arclean("eval", "--as-is", str(raw), "--gold", str(gold), "--json")
    page = json.loads(proc.stdout)["pages"][0]
    assert abs(page["precision"] - 5 / 11) < 1e-9  # the 3 paywall tokens count now


def test_eval_text_table_and_snippets(tmp_path):
    raw, gold = _files(tmp_path)
    snip = tmp_path / "page.json"
    snip.write_text(
        json.dumps({"must_contain": ["نتائج المسابقة"], "must_not_contain": ["لم تشترك بعد"]}),
        "utf-8",
    )
    proc = arclean("eval", str(raw), str(raw), "--gold", str(gold), "--gold", str(snip))
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout.decode("utf-8")
    assert "snippets 2/2" in text
    assert "mean" in text and "recall < 0.95 on 0" in text


def test_eval_mismatched_gold_count_is_a_usage_error(tmp_path):
    raw, gold = _files(tmp_path)
    proc = arclean("eval", str(raw), str(raw), "--gold", str(gold))
    assert proc.returncode == 2
    err = proc.stderr.decode("utf-8")
    assert err.startswith("arclean: error:") and err.count("\n") == 1


def test_eval_missing_file_is_one_line_error(tmp_path):
    _, gold = _files(tmp_path)
    proc = arclean("eval", str(tmp_path / "nope.txt"), "--gold", str(gold))
    assert proc.returncode == 2
    assert b"Traceback" not in proc.stderr and b"nope.txt" in proc.stderr


def test_eval_a_folder_pairs_pages_by_name(tmp_path):
    pages = tmp_path / "pages"
    (pages / "site-b").mkdir(parents=True)
    (pages / "one.raw.txt").write_text(RAW, "utf-8")
    (pages / "one.gold.txt").write_text(GOLD, "utf-8")
    (pages / "site-b" / "two.raw.txt").write_text(RAW, "utf-8")
    snippets = {"must_contain": ["نتائج المسابقة"], "must_not_contain": ["لم تشترك بعد"]}
    (pages / "site-b" / "two.gold.json").write_text(json.dumps(snippets), "utf-8")
    (pages / "unlabelled.raw.txt").write_text(RAW, "utf-8")
    flags = ("--diacritics", "keep", "--preset", "safe", "--disable", "drop-subscription-prompts")
    proc = arclean("eval", str(pages), "--json", *flags)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert [r["page"] for r in out["pages"]] == ["one", "site-b/two"]
    assert out["pages"][1]["passed"] == 1 and out["mean"]["pages"] == 1
    # The cleaning flags apply: with the prompt filter off, the paywall line stays.
    assert out["pages"][0]["recall"] == 1.0 and out["pages"][0]["precision"] < 1.0
    assert out["pages"][1]["leaked"] == ["لم تشترك بعد"]
    assert "unlabelled.raw.txt: no gold beside it" in proc.stderr.decode()
    # A NAME.raw.txt file alone finds its gold beside it too.
    single = arclean("eval", str(pages / "one.raw.txt"), "--json")
    assert json.loads(single.stdout)["pages"][0]["precision"] == 1.0


def test_eval_without_gold_is_a_usage_error(tmp_path):
    raw = tmp_path / "page.txt"
    raw.write_text(RAW, "utf-8")
    proc = arclean("eval", str(raw))
    assert proc.returncode == 2 and "not NAME.raw.txt" in proc.stderr.decode()
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = arclean("eval", str(empty))
    assert proc.returncode == 2 and "no *.raw.txt page" in proc.stderr.decode()


def test_eval_table_is_aligned_with_a_short_page_name(tmp_path):
    (tmp_path / "w.raw.txt").write_text(RAW, "utf-8")
    (tmp_path / "w.gold.txt").write_text(GOLD, "utf-8")
    proc = arclean("eval", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().splitlines() == [
        "page  precision  recall  F1",
        "w         1.000   1.000  1.000",
        "mean      1.000   1.000  1.000  (1 page; recall < 0.95 on 0)",
    ]
    (tmp_path / "longer-name.raw.txt").write_text(RAW, "utf-8")
    (tmp_path / "longer-name.gold.txt").write_text(GOLD, "utf-8")
    lines = arclean("eval", str(tmp_path)).stdout.decode().splitlines()
    assert lines[0] == "page         precision  recall  F1"
    assert lines[-1] == "mean             1.000   1.000  1.000  (2 pages; recall < 0.95 on 0)"
