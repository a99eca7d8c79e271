"""Issue 27: "Đọc nhiều" counted at the edge. Through a real Varnish with the project's
VCL, the view beacon is answered by the cache (the app never sees it) and
`toasoan view-counter` counts it from Varnish's log with the same rules."""

from __future__ import annotations

import time

import pytest

from tests.processes import Commands, wait_until
from toasoan.articles import readership
from toasoan.articles.models import ArticleViews

pytestmark = [
    pytest.mark.server,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PHONE = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126 Mobile"


@pytest.fixture
def counter(front, tmp_path):
    commands = Commands(tmp_path)
    # varnishncsa reads the log from when it starts: a first beacon tells it is ready.
    yield commands.start(
        "view-counter", "--varnish-name", front.name, "--flush-seconds", "0.2"
    )
    commands.stop_all()


def views(article) -> int:
    row = ArticleViews.objects.filter(article=article).first()
    return row.views if row else 0


def test_the_beacon_is_answered_by_the_cache_and_counted_from_its_log(
    front, counter, make_article
):
    article = make_article(title="Bài được đọc qua bộ đệm")
    other = make_article(title="Bài để chờ bộ đếm sẵn sàng")
    before = dict(readership._pending)

    def beacon(target, **headers):
        status, _, body, answer = front.get(
            f"/xem/{target.pk}", {"User-Agent": PHONE, **headers}, method="POST"
        )
        assert (status, body) == (204, "")
        return answer

    # The counter attaches to the log shortly after it starts: beacon until it counts.
    wait_until(lambda: beacon(other) and views(other) > 0, 30)

    # The reader's address as the TLS front passes it (X-Real-IP from 127.0.0.1).
    reader = {"X-Real-IP": "198.51.100.20"}
    answer = beacon(article, **reader)
    assert answer.getheader("Cache-Control") == "no-store"
    beacon(article, **reader)  # the same reader again within half an hour: one view
    beacon(article, **{"X-Real-IP": "198.51.100.21", "User-Agent": "curl/8.0"})
    beacon(article, **{"X-Real-IP": "198.51.100.22", "Origin": "https://khac.example"})
    wait_until(lambda: views(article) >= 1, 15)
    beacon(other, **{"X-Real-IP": "198.51.100.23"})  # one more, after the others
    wait_until(lambda: views(other) == 2, 15)
    assert views(article) == 1  # the tool and the other site's page were not counted
    assert dict(readership._pending) == before  # the app never saw a beacon

    counter.terminate()  # a stop writes what it holds
    assert counter.wait(30) == 0


def test_the_readers_front_answers_the_beacon_and_sends_it_to_the_counter(
    front, make_article, tmp_path
):
    """Behind the readers' front (nginx) the beacon goes no further: the front answers it
    and sends its line to the counter's socket, counted with the same rules; the
    reader's address is the one the front saw, never one a client wrote."""
    socket_path = front.files.root / "run" / "views.sock"
    commands = Commands(tmp_path)
    counter = commands.start(
        "view-counter", "--varnish-name", front.name, "--listen", str(socket_path),
        "--flush-seconds", "0.2",
    )  # fmt: skip
    try:
        article = make_article(title="Bài được đọc qua nginx phía trước")
        other = make_article(title="Bài để chờ ổ cắm sẵn sàng")

        def beacon(target, **headers):
            status, _, body, answer = front.edge.get(
                f"/xem/{target.pk}",
                {"User-Agent": PHONE, "Content-Length": "0", **headers},
                method="POST",
            )
            assert (status, body) == (204, "")
            assert answer.getheader("Cache-Control") == "no-store"

        wait_until(lambda: beacon(other) or views(other) > 0, 30)
        # Each rule on an article of its own (every beacon here comes from 127.0.0.1,
        # so on one article the half-hour rule alone would refuse them all).
        tool, elsewhere, got = (make_article(title=f"Bài thử {n}") for n in range(3))
        beacon(tool, **{"User-Agent": "curl/8.0"})
        beacon(elsewhere, Origin="https://khac.example")
        assert front.edge.get(f"/xem/{got.pk}", {"User-Agent": PHONE})[0] == 405
        beacon(article, Origin=f"http://127.0.0.1:{front.edge.port}")
        # An address the client wrote itself is not taken: the same reader again.
        beacon(article, **{"X-Real-IP": "198.51.100.30"})
        wait_until(lambda: views(article) >= 1, 15)
        time.sleep(1)  # the counter writes every 0.2 s: the others would be in
        assert views(article) == 1
        assert (views(tool), views(elsewhere), views(got)) == (0, 0, 0)
    finally:
        counter.terminate()
        assert counter.wait(30) == 0
        commands.stop_all()


def test_the_counters_socket_counts_only_what_the_front_sent(tmp_path):
    """The socket is writable by nginx's workers, and so by any local user: each line
    comes with its sender's user from the kernel, and only the front's are counted."""
    import os
    import socket

    from toasoan.articles.management.commands import view_counter

    readership.forget()
    path = tmp_path / "views.sock"
    server = view_counter.open_socket(path)
    assert oct(path.stat().st_mode & 0o777) == "0o622"
    line = (
        f"<190>Dec  7 14:54:22 toasoan_views: 203.0.113.7\t{PHONE}\t-\t"
        "baothanhhoa.example\t/xem/42"
    )
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as client:
        client.sendto(line.encode(), str(path))
        client.sendto(line.replace("203.0.113.7", "203.0.113.8").encode(), str(path))
    message, uid = view_counter.receive(server)
    assert uid == os.getuid()  # from the kernel, not from the message
    assert not view_counter.take(message, uid, allowed={uid + 1})
    assert readership._pending == {}
    message, uid = view_counter.receive(server)
    assert view_counter.take(message, uid, allowed=view_counter.senders())
    assert sum(readership._pending.values()) == 1
    readership.forget()
    server.close()
