"""Check and compile the newsroom's Vietnamese for Wagtail's admin (run by hand after an
edit or a Wagtail upgrade; the .po and .mo files are committed).

Wagtail 7.4 ships a Vietnamese catalogue for ~15% of its admin: the rest (dashboard,
editor, blocks, schedule dialog, images, reports, relative times) stayed English.
toasoan/locale/vi/LC_MESSAGES/django.po and djangojs.po translate every msgid of Wagtail's
English catalogues; Django reads LOCALE_PATHS after the apps' own catalogues, so ours win.

This script fails (exit 1) when a msgid of ours is no longer in Wagtail's catalogues, when
one of Wagtail's is missing from ours (an upgrade added it), when a translation loses or
invents a placeholder or an HTML tag, or when text is not NFC; then compiles the .mo files.
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import django
import polib
import wagtail

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "toasoan" / "locale" / "vi" / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")
PLACEHOLDER_RE = re.compile(r"%\([a-z_]+\)[sd]|%[sd%]|\{[^}]*\}|<[^>]+>")


def catalogue_entries(root: Path, domain: str) -> dict[tuple, polib.POEntry]:
    """Every (msgctxt, msgid, msgid_plural) of the English catalogues under ``root``."""
    entries = {}
    for path in sorted(root.glob(f"**/locale/en/LC_MESSAGES/{domain}.po")):
        for entry in polib.pofile(str(path)):
            if not entry.obsolete:
                entries[(entry.msgctxt, entry.msgid, entry.msgid_plural or None)] = (
                    entry
                )
    return entries


def wagtail_entries(domain: str) -> dict[tuple, polib.POEntry]:
    return catalogue_entries(Path(wagtail.__file__).parent, domain)


def django_entries(domain: str) -> dict[tuple, polib.POEntry]:
    """Django's own strings that its Vietnamese catalogue leaves out (form errors,
    "5 phút" in relative times): ours may translate them too."""
    return catalogue_entries(Path(django.__file__).parent / "conf", domain)


def problems(domain: str) -> list[str]:
    ours = polib.pofile(str(LOCALE / f"{domain}.po"))
    theirs = wagtail_entries(domain)
    known = {**django_entries(domain), **theirs}
    found = []
    keys = set()
    for entry in ours:
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural or None)
        keys.add(key)
        text = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
        if key not in known:
            found.append(
                f"{domain}: not in Wagtail's or Django's catalogues: {entry.msgid!r}"
            )
        if not text.strip() and entry.msgid.strip():
            found.append(f"{domain}: untranslated: {entry.msgid!r}")
        if unicodedata.normalize("NFC", text) != text:
            found.append(f"{domain}: not NFC: {text!r}")
        allowed = set(PLACEHOLDER_RE.findall(entry.msgid)) | set(
            PLACEHOLDER_RE.findall(entry.msgid_plural or "")
        )
        needed = set(PLACEHOLDER_RE.findall(entry.msgid_plural or entry.msgid))
        have = set(PLACEHOLDER_RE.findall(text))
        if not have <= allowed or not needed <= have:
            found.append(f"{domain}: placeholders differ: {entry.msgid!r} -> {text!r}")
    for key in sorted(set(theirs) - keys, key=str):
        found.append(f"{domain}: Wagtail's msgid not translated: {key[1]!r}")
    return found


def main() -> None:
    found = [p for domain in DOMAINS for p in problems(domain)]
    for line in found:
        print(line)
    if found:
        sys.exit(1)
    for domain in DOMAINS:
        po = LOCALE / f"{domain}.po"
        subprocess.run(
            ["msgfmt", "-o", str(po.with_suffix(".mo")), str(po)], check=True
        )
    print(
        f"{sum(len(polib.pofile(str(LOCALE / f'{d}.po'))) for d in DOMAINS)} strings compiled"
    )


if __name__ == "__main__":
    main()
