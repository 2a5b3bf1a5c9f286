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
