"""Make the favicon, touch icon and logo (static/img) from the paper's mark: the letters
"TH" on the paper's red, in Noto Sans Bold (run by hand; the PNGs are committed)."""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "toasoan" / "static" / "img"
RED = (176, 23, 31)


def mark(size):
    img = Image.new("RGB", (size, size), RED)
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(
        "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf", int(size * 0.5)
    )
    d.text((size / 2, size / 2), "TH", font=font, fill="white", anchor="mm")
    return img


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name, size in (
        ("logo-512.png", 512),
        ("apple-touch-icon.png", 180),
        ("favicon-32.png", 32),
    ):
        mark(size).save(OUT / name, optimize=True)
        print(OUT / name)


if __name__ == "__main__":
    main()
