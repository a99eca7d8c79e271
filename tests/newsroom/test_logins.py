"""Five wrong passwords lock the account from that address (never its owner elsewhere),
a spray from one address locks the address; the managing editor unlocks."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from toasoan.newsroom.roles import MANAGING_EDITOR, REPORTER

pytestmark = pytest.mark.django_db
LOGIN = "/quan-tri/login/"


@pytest.fixture
def staff(paper, django_user_model):
    def make(username, role):
        user = django_user_model.objects.create_user(
            username, password=f"{username}-dung-123"
        )
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


def login(address, username, password):
    client = Client(REMOTE_ADDR=address)
    return client, client.post(LOGIN, {"username": username, "password": password})


def test_wrong_passwords_lock_the_account_from_that_address_only(staff):
    staff("phongvien", REPORTER)
    staff("bientap2", REPORTER)
    for _ in range(4):
        _, response = login("198.51.100.7", "phongvien", "sai-mat-khau")
        assert response.status_code == 200  # the form again, with its error
    _, fifth = login("198.51.100.7", "phongvien", "sai-mat-khau")
    assert fifth.status_code == 429
    _, locked = login("198.51.100.7", "PhongVien ", "phongvien-dung-123")
    assert locked.status_code == 429  # the right password does not get through either
    assert (
        "Tạm khóa đăng nhập" in locked.content.decode()
        and "15 phút" in locked.content.decode()
    )
    # The owner, elsewhere, logs in while the stranger is locked out.
    assert login("203.0.113.9", "phongvien", "phongvien-dung-123")[1].status_code == 302
    # A colleague at the stranger's address (an office's one address) too.
    assert login("198.51.100.7", "bientap2", "bientap2-dung-123")[1].status_code == 302


def test_a_stranger_hammering_from_a_64_is_one_address(staff):
    staff("phongvien", REPORTER)
    for n in range(5):  # five addresses of one /64: one stranger
        login(f"2001:db8:66:1::{n + 1}", "phongvien", "sai")
    assert (
        login("2001:db8:66:1::99", "phongvien", "phongvien-dung-123")[1].status_code
        == 429
    )
    assert (
        login("2001:db8:77:1::1", "phongvien", "phongvien-dung-123")[1].status_code
        == 302
    )


def test_one_address_trying_many_accounts_is_stopped(staff):
    from toasoan.newsroom.logins import ADDRESS_FAILURE_LIMIT

    staff("bientap3", REPORTER)
    for n in range(ADDRESS_FAILURE_LIMIT):  # a spray: a few tries for each name
        login("192.0.2.200", f"nguoi{n // 3}", "123456")
    assert login("192.0.2.200", "bientap3", "bientap3-dung-123")[1].status_code == 429
    assert login("192.0.2.201", "bientap3", "bientap3-dung-123")[1].status_code == 302
    # The managing editor sees the address locked, and lifts it.
    client = Client()
    client.force_login(staff("thuky", MANAGING_EDITOR))
    page = client.get("/quan-tri/khoa-dang-nhap/").content.decode()
    assert "192.0.2.200 <strong>(địa chỉ đang khóa)</strong>" in page
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.filter(ip_address="192.0.2.200").first()
    client.post("/quan-tri/khoa-dang-nhap/", {"id": attempt.pk, "what": "ip"})
    assert login("192.0.2.200", "bientap3", "bientap3-dung-123")[1].status_code == 302


def test_the_managing_editor_lifts_a_lock_and_others_may_not(staff):
    chief = staff("thuky", MANAGING_EDITOR)
    staff("phongvien", REPORTER)
    for _ in range(5):
        login("198.51.100.8", "phongvien", "sai")
    client = Client()
    client.force_login(staff("phongvien2", REPORTER))
    assert client.get("/quan-tri/khoa-dang-nhap/")["Location"] == "/quan-tri/"
    client.force_login(chief)
    page = client.get("/quan-tri/khoa-dang-nhap/").content.decode()
    assert "phongvien" in page and "đang khóa" in page
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.get(username="phongvien")
    done = client.post(
        "/quan-tri/khoa-dang-nhap/", {"id": attempt.pk, "what": "username"}, follow=True
    )
    assert "Đã mở khóa tài khoản phongvien." in done.content.decode()
    assert (
        login("203.0.113.10", "phongvien", "phongvien-dung-123")[1].status_code == 302
    )
    assert (
        client.post("/quan-tri/khoa-dang-nhap/", {"id": "²", "what": "ip"}).status_code
        == 302
    )
