import pytest


@pytest.fixture
def places(paper):
    from toasoan.places.load import places_load, read_fixture

    return places_load(read_fixture())


@pytest.fixture
def unit():
    from toasoan.articles.models import Locality

    def get(name, current=True):
        qs = Locality.objects.filter(name=name).exclude(key=None)
        return (
            qs.get(valid_to=None)
            if current
            else qs.exclude(valid_to=None).order_by("-valid_to").first()
        )

    return get
