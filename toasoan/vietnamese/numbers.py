"""Numbers as Vietnamese text writes them: a dot between thousands (1.000, 50.000.000).
Django's Vietnamese formats group no digits, so its number_format cannot do it."""


def thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")
