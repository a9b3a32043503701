"""Audit filters out of the years 1900-2200 are refused with the field's name (were 500s)."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD

RANGE = "choose a date from 1900-01-01 to 2200-12-31"


@pytest.fixture
def signed_in(client, alice):
    assert client.login(email=alice.email, password=PASSWORD)
    return client


def test_the_page_names_each_date_out_of_range(signed_in):
    response = signed_in.get("/audit/", {"date_from": "0001-01-01", "date_to": "9999-12-31"})

    assert response.status_code == 200
    html = response.content.decode()
    assert f"The start date (0001-01-01) is out of range: {RANGE}." in html
    assert f"The end date (9999-12-31) is out of range: {RANGE}." in html


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_export_says_why_nothing_was_exported(signed_in, fmt):
    response = signed_in.get(
        f"/audit/export.{fmt}", {"date_from": "0001-01-01", "date_to": "9999-12-31"}
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert "nothing was exported" in text
    assert f"date_to: The end date (9999-12-31) is out of range: {RANGE}." in text


def test_the_last_day_allowed_still_filters(signed_in):
    response = signed_in.get("/audit/", {"date_from": "1900-01-01", "date_to": "2200-12-31"})

    assert response.status_code == 200
    assert "out of range" not in response.content.decode()
