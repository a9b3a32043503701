"""Every error is JSON a person can act on: {"detail": ..., "errors": {field: message}}."""

from __future__ import annotations

import pytest

from podium.accounts.models import User


def assert_error_shape(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert isinstance(body["detail"], str) and body["detail"]
    return body


def test_it_names_each_missing_field(api, alice):
    body = assert_error_shape(api(alice).post("/api/users", {}), 422)

    assert body["errors"] == {
        "email": "This field is required.",
        "full_name": "This field is required.",
    }
    assert body["detail"] == "2 fields need fixing (email, full_name): see errors for each one."


def test_it_puts_a_single_problem_in_the_detail(api, alice):
    body = assert_error_shape(
        api(alice).post("/api/users", {"email": "dana@example.com", "full_name": ""}), 422
    )

    assert body == {
        "detail": "full_name: This cannot be empty.",
        "errors": {"full_name": "This cannot be empty."},
    }


def test_it_refuses_an_unknown_field_rather_than_ignoring_it(api, alice, carol):
    body = assert_error_shape(api(alice).patch(f"/api/users/{carol.pk}", {"fullname": "C"}), 422)

    assert body["errors"] == {
        "fullname": "Podium does not know this field: check its spelling or leave it out."
    }


def test_it_names_the_length_limit(api, carol):
    body = assert_error_shape(api(carol).post("/api/tokens", {"name": "x" * 81}), 422)

    assert body["errors"] == {"name": "Use at most 80 characters."}


def test_it_names_a_wrong_type(api, alice, carol):
    body = assert_error_shape(
        api(alice).patch(f"/api/users/{carol.pk}", {"require_two_factor": "sometimes"}), 422
    )

    assert body["errors"] == {"require_two_factor": "Send true or false."}


def test_it_names_a_bad_query_parameter(api, alice):
    body = assert_error_shape(api(alice).get("/api/users?page_size=1000"), 422)

    assert body["errors"] == {"page_size": "Send a number of at most 200."}


def test_it_refuses_nul_characters_in_bodies_and_filters(api, alice, carol):
    body = assert_error_shape(api(carol).post("/api/tokens", {"name": "a\x00b"}), 422)
    assert body["errors"] == {"name": "Remove the NUL character (\\0) from this text."}

    body = assert_error_shape(api(alice).get("/api/audit?q=a%00b"), 422)
    assert set(body["errors"]) == {"q"}


def test_it_names_a_bad_path_parameter(api, alice):
    body = assert_error_shape(api(alice).patch("/api/users/0", {"full_name": "x"}), 422)

    assert body["errors"] == {"user_id": "Send a number of at least 1."}


def test_it_maps_an_actions_validation_error_to_field_messages(api, alice):
    body = assert_error_shape(
        api(alice).post("/api/users", {"email": "not-an-address", "full_name": "Dana"}), 422
    )

    assert body["errors"] == {"email": "Enter an email address such as ana@example.com."}
    assert not User.objects.filter(full_name="Dana").exists()


def test_it_explains_a_body_that_is_not_json(api, alice):
    client = api(alice)
    response = client.client.post(
        "/api/users", "{not json", content_type="application/json", headers=client.headers
    )

    body = assert_error_shape(response, 400)
    assert body["detail"] == "The request body is not valid JSON: send a JSON object."


def test_it_explains_a_missing_body(api, alice):
    client = api(alice)
    response = client.client.post(
        "/api/users", "", content_type="application/json", headers=client.headers
    )

    body = assert_error_shape(response, 422)

    assert body["errors"] == {"body": "Send a JSON object in the request body."}


def test_it_explains_a_body_that_is_not_an_object(api, alice):
    body = assert_error_shape(api(alice).post("/api/users", ["dana@example.com"]), 422)

    assert body["errors"] == {"body": "Send a JSON object."}


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", "/api/users"), ("post", "/api/people"), ("get", "/api/audit")],
)
def test_it_answers_403_with_the_role_needed(api, erin, method, url):
    client = api(erin)
    response = client.get(url) if method == "get" else client.post(url, {"name": "x", "title": "y"})

    body = assert_error_shape(response, 403)
    assert "role; yours is Executive. Ask an administrator if you need it." in body["detail"]


def test_it_answers_404_as_json(api, carol):
    body = assert_error_shape(api(carol).get("/api/people/nobody"), 404)

    assert body["errors"] == {}


def test_it_answers_401_as_json(db):
    from django.test import Client

    assert_error_shape(Client().get("/api/people"), 401)


def test_an_address_the_api_does_not_have_answers_json(client):
    response = client.get("/api/no-such-thing/42")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"] == (
        "The API has no address /api/no-such-thing/42: see /api/docs for the ones it has."
    )
    assert response.json()["errors"] == {}
