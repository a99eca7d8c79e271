"""Newsroom accounts for tests: one staff member of a role."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group


def newsroom_user(role: str, username: str, **fields):
    user = get_user_model().objects.create_user(
        username, password="x", is_staff=True, **fields
    )
    user.groups.add(Group.objects.get(name=role))
    return user
