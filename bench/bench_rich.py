"""Rich articles on the production stack (issue 30): the e-magazine of the issue (3
chapters, 20 photos, a table, 2 embeds) beside the seed article.

- uncached render: the app's own process, nothing cached (Django's dummy cache, so no
  fragment is reused), median CPU of 20 renders each (bench/rich_pages.py);
- cached: through the readers' front, wrk at 16 connections, CPU of the serving
  processes per request;
- Lighthouse 12.2.3 (the npm registry; the last release that runs on Debian's Node 20),
  mobile preset (Moto G Power, simulated slow 4G), on Debian's Chromium: Performance,
  Accessibility, the largest paint, what the page requests and from whom before any tap.

    make bench-rich   (starts the stack with make prod-up)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_serving import (  # noqa: E402
    ROOT,
    SERVERS,
    cpu_seconds,
    fetch,
    in_django,
    load_env,
    wrk,
)

LIGHTHOUSE = (
    ROOT / "var" / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
)


def lighthouse(url: str) -> dict:
    """Scores and facts of one Lighthouse run (mobile, the default preset)."""
    out = Path(tempfile.mkdtemp(prefix="lh-")) / "report.json"
    chromium = next(
        p
        for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser")
        if Path(p).exists()
    )
    subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
         "--only-categories=performance,accessibility",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
        check=True, env=dict(os.environ, CHROME_PATH=chromium), timeout=300,
    )  # fmt: skip
    report = json.loads(out.read_text())
    audits = report["audits"]
    own = urlsplit(url).netloc
    requests = audits["network-requests"]["details"]["items"]
    foreign = [r["url"] for r in requests if urlsplit(r["url"]).netloc not in (own, "")]
    failed = [
        (audit["id"], audit["title"])
        for audit in audits.values()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") == "binary"
        and audit["id"] in {a["id"] for a in report["categories"]["accessibility"]["auditRefs"]}
    ]  # fmt: skip
    return {
        "performance": round(100 * report["categories"]["performance"]["score"]),
        "accessibility": round(100 * report["categories"]["accessibility"]["score"]),
        "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "requests": len(requests),
        "kb": sum(r.get("transferSize", 0) for r in requests) / 1024,
        "third_party": foreign,
        "accessibility_failed": failed,
    }


def main() -> None:
    env = load_env()
    front = f"http://127.0.0.1:{os.environ.get('FRONT_PORT', '8080')}"
    made = in_django(env, "import bench.rich_pages as r; r.main()")
    pages, renders = made["pages"], made["renders"]
    print("\nUncached render in the app's process (nothing cached), median of 20:")
    print(
        f"{'':12} {'CPU ms':>8} {'wall ms':>8} {'queries':>8} {'bytes':>8} {'x seed':>7}"
    )
    for name, r in renders.items():
        print(f"{name:12} {r['cpu_ms']:>8.1f} {r['wall_ms']:>8.1f} {r['queries']:>8} "
              f"{r['bytes']:>8} {r['cpu_ms'] / renders['seed']['cpu_ms']:>7.2f}")  # fmt: skip

    print("\nCached, through the readers' front (wrk, 16 connections, 5 s):")
    print(f"{'':12} {'req/s':>8} {'CPU ms/req':>10} {'x seed':>7} {'non-2xx':>8}")
    cached = {}
    for name, path in pages.items():
        for _ in range(3):
            fetch(front + path)
        before = cpu_seconds(SERVERS["front"] | SERVERS["varnish"] | SERVERS["app"])
        result = wrk(front + path, 16, 5)
        spent = (
            cpu_seconds(SERVERS["front"] | SERVERS["varnish"] | SERVERS["app"]) - before
        )
        cached[name] = (result, 1000 * spent / max(result["requests"], 1))
        time.sleep(0.5)
    for name, (result, cpu) in cached.items():
        print(f"{name:12} {result['rps']:>8.0f} {cpu:>10.3f} "
              f"{cpu / cached['seed'][1]:>7.2f} {result['errors']:>8}")  # fmt: skip

    if not LIGHTHOUSE.exists():
        print(
            f"\nLighthouse not installed ({LIGHTHOUSE}): make bench-rich installs it."
        )
        return
    print("\nLighthouse 12.2.3, mobile (simulated slow 4G, 4x CPU slowdown):")
    print(f"{'':12} {'perf':>5} {'a11y':>5} {'LCP s':>6} {'CLS':>6} {'TBT ms':>7} "
          f"{'requests':>8} {'KB':>6} {'3rd-party':>9}")  # fmt: skip
    for name, path in pages.items():
        r = lighthouse(front + path)
        print(f"{name:12} {r['performance']:>5} {r['accessibility']:>5} {r['lcp_s']:>6.2f} "
              f"{r['cls']:>6.3f} {r['tbt_ms']:>7.0f} {r['requests']:>8} {r['kb']:>6.0f} "
              f"{len(r['third_party']):>9}")  # fmt: skip
        for audit, title in r["accessibility_failed"]:
            print(f"{'':12}   accessibility: {audit} ({title})")
        for url in r["third_party"]:
            print(f"{'':12}   third party: {url}")


if __name__ == "__main__":
    main()
