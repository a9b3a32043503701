from tests.api.conftest import api  # noqa: F401 - fixtures are found by name
