# Run without the option or ini setting: only marked tests check responses.
import pytest

from conftest import INVALID


def test_pass_unmarked_tests_are_not_checked(flask_client, starlette_client):
    flask_client.get("/invalid")
    starlette_client.get("/invalid")


@pytest.mark.flexml
def test_fail_a_bare_marker_opts_in(flask_client):
    flask_client.get("/invalid")


@pytest.mark.flexml(allow=["FX4"])
def test_pass_a_marker_with_only_allow_does_not_opt_in(flask_client):
    flask_client.get("/invalid")


@pytest.mark.flexml(check_responses=True)
class TestMarkedClass:
    def test_fail_in_a_marked_class(self, starlette_client):
        starlette_client.get("/invalid")


def test_fail_fixture_without_the_mode(flexml):
    flexml(INVALID)
