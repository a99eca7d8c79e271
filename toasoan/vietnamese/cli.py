"""`toasoan text ...`: the Vietnamese text tools on stdin/stdout, one line out per line in."""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Iterator

BATCH = 128


def _lines(stream) -> Iterator[str]:
    for line in stream:
        yield line.rstrip("\n").rstrip("\r")


def _batches(stream) -> Iterator[list[str]]:
    """Lines in batches (restoration is faster in batches); one by one on a terminal."""
    lines = _lines(stream)
    size = 1 if stream.isatty() else BATCH
    while batch := list(itertools.islice(lines, size)):
        yield batch


def _write(text: str) -> None:
    sys.stdout.write(text + "\n")


def cmd_normalize(args) -> int:
    from .normalize import normalize

    for line in _lines(sys.stdin):
        _write(normalize(line, style=args.style))
    return 0


def cmd_fold(args) -> int:
    from .normalize import fold

    for line in _lines(sys.stdin):
        _write(fold(line))
    return 0


def cmd_restore(args) -> int:
    from .lm import load_model
    from .restore import restore_many

    model = load_model(args.model) if args.model else None
    for batch in _batches(sys.stdin):
        for out in restore_many(batch, model=model, beam=args.beam):
            _write(out)
        sys.stdout.flush()
    return 0


def cmd_proofread(args) -> int:
    from .lm import load_model
    from .proofread import proofread

    model = load_model(args.model) if args.model else None
    for line in _lines(sys.stdin):
        flags = proofread(line, model=model)
        if args.json:
            _write(json.dumps([f.as_dict() for f in flags], ensure_ascii=False))
        else:
            _write(
                "; ".join(
                    f"{f.start}-{f.end} «{f.text}» → «{f.suggestion or '?'}» ({f.message})"
                    for f in flags
                )
            )
    return 0


def cmd_repair(args) -> int:
    from .legacy import decode_bytes

    data = sys.stdin.buffer.read()
    result = decode_bytes(data)
    sys.stdout.write(result.text)
    print(
        f"mã hóa: {result.encoding}, độ tin cậy: {result.confidence:.2f}",
        file=sys.stderr,
    )
    return 0


def cmd_train_lm(args) -> int:
    from pathlib import Path

    from .lm import train

    missing = [p for p in args.corpus if not Path(p).exists()]
    if missing:
        print(f"Không tìm thấy tệp ngữ liệu: {', '.join(missing)}", file=sys.stderr)
        return 2
    min_counts = (
        [int(x) for x in args.min_counts.split(",")] if args.min_counts else None
    )
    if min_counts is not None and len(min_counts) != args.order:
        print(f"--min-counts cần {args.order} số, ví dụ 1,2,3,4", file=sys.stderr)
        return 2
    from collections import Counter

    fixes: Counter = Counter()
    stats = train(
        args.corpus, args.out, order=args.order, min_counts=min_counts,
        workers=args.workers, progress=not args.quiet, clean=not args.no_clean,
        report=fixes,
    )  # fmt: skip
    if args.report:
        with open(args.report, "w", encoding="utf-8") as fh:
            fh.write("lỗi\tsửa thành\tsố lần\n")
            for (typo, right), count in fixes.most_common():
                fh.write(f"{typo}\t{right}\t{count}\n")
    size = Path(args.out).stat().st_size
    print(json.dumps(stats | {"bytes": size}, ensure_ascii=False))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="toasoan text", description="Công cụ văn bản tiếng Việt"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("normalize", help="chuẩn hóa (NFC, vị trí dấu thanh)")
    p.add_argument("--style", choices=["traditional", "modern"], default="traditional")
    p.set_defaults(func=cmd_normalize)
    sub.add_parser("fold", help="bỏ dấu, chữ thường (khóa tìm kiếm)").set_defaults(
        func=cmd_fold
    )
    p = sub.add_parser("restore", help="khôi phục dấu cho văn bản gõ không dấu")
    p.add_argument("--model")
    p.add_argument("--beam", type=int, default=8)
    p.set_defaults(func=cmd_restore)
    p = sub.add_parser("proofread", help="soát lỗi dấu")
    p.add_argument("--json", action="store_true")
    p.add_argument("--model")
    p.set_defaults(func=cmd_proofread)
    sub.add_parser(
        "repair", help="nhận diện và chuyển bảng mã cũ (TCVN3, VNI, VISCII, VIQR...)"
    ).set_defaults(func=cmd_repair)
    p = sub.add_parser("train-lm", help="huấn luyện mô hình ngôn ngữ từ tệp JSONL")
    p.add_argument(
        "--corpus", nargs="+", required=True, help="tệp .jsonl hoặc .jsonl.xz"
    )
    p.add_argument("--out", required=True)
    p.add_argument("--order", type=int, default=4)
    p.add_argument("--min-counts", help="ngưỡng đếm mỗi bậc, ví dụ 1,2,3,4")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument(
        "--no-clean", action="store_true", help="không sửa lỗi dấu của ngữ liệu trước"
    )
    p.add_argument("--report", help="ghi các lỗi đã sửa trong ngữ liệu ra tệp TSV")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_train_lm)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        return 0
    except ValueError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
