import json
import subprocess
import sys


def run(*args, stdin: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "toasoan", "text", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_normalize_and_fold_line_by_line():
    assert (
        run("normalize", stdin="Thanh Hoá\nthuỷ lợi\n").stdout
        == "Thanh Hóa\nthủy lợi\n"
    )
    assert run("fold", stdin="Đà Nẵng\nThanh Hóa\n").stdout == "da nang\nthanh hoa\n"


def test_restore_one_line_out_per_line_in():
    out = run("restore", stdin="toi yeu Viet Nam\n\nhoi nghi giao ban\n").stdout.split(
        "\n"
    )
    assert out[:3] == ["tôi yêu Việt Nam", "", "hội nghị giao ban"]


def test_proofread_json():
    out = run(
        "proofread", "--json", stdin="trình Thủ tưởng Chính phủ\nkhông có lỗi\n"
    ).stdout.splitlines()
    first, second = (json.loads(line) for line in out)
    assert second == []
    assert (
        first[0]["suggestion"] == "tướng"
        and "trình Thủ tưởng"[first[0]["start"] : first[0]["end"]] == "tưởng"
    )


def test_train_lm_reports_missing_corpus(tmp_path):
    result = run(
        "train-lm",
        "--corpus",
        str(tmp_path / "khong-co.jsonl"),
        "--out",
        str(tmp_path / "m.npz"),
        stdin="",
    )
    assert result.returncode == 2 and "Không tìm thấy tệp ngữ liệu" in result.stderr


def test_train_lm_lists_the_typos_it_corrected(tmp_path):
    corpus = tmp_path / "bao.jsonl"
    lines = ["Phó Thủ tướng Chính phủ thăm Thanh Hóa."] * 30 + [
        "Phó Thủ tưởng Chính phủ thăm Thanh Hóa."
    ]
    corpus.write_text(
        "\n".join(json.dumps({"title": t}, ensure_ascii=False) for t in lines) + "\n",
        encoding="utf-8",
    )
    result = run(
        "train-lm", "--corpus", str(corpus), "--out", str(tmp_path / "m.npz"),
        "--order", "3", "--workers", "1", "--quiet",
        "--report", str(tmp_path / "sua.tsv"),
        stdin="",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["corrected"] == 1
    rows = (tmp_path / "sua.tsv").read_text(encoding="utf-8").splitlines()
    assert rows == ["lỗi\tsửa thành\tsố lần", "tưởng\ttướng\t1"]
