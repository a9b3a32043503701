"""The CSV import refuses what it cannot keep: NUL characters, and times out of range."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from podium.planning import csv_import
from podium.publishing.models import Post
from tests.publishing.composing import erin_accounts  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("erin_accounts")]
HEADER = "executive,networks,text,scheduled_at\n"


def test_it_refuses_nul_characters_naming_the_cell(carol):
    raw = (HEADER + "erin-executive,mastodon,Hello\x00world,2027-05-04 09:00\n").encode()

    with pytest.raises(ValidationError) as refused:
        csv_import.do_import(carol, raw)

    assert refused.value.messages == [
        "The file holds a NUL character (\\0) in row 2 (text): remove it, or save the file "
        "again from your spreadsheet as “CSV UTF-8”."
    ]
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (
            "9999-12-31 09:00",
            "scheduled_at (9999-12-31) is out of range: choose a date from 1900-01-01 to "
            "2200-12-31.",
        ),
        ("2150-01-01 09:00", "is more than two years ahead: choose a time up to"),
    ],
)
def test_it_refuses_times_beyond_what_can_be_scheduled(carol, when, message):
    raw = (HEADER + f"erin-executive,mastodon,Hello,{when}\n").encode()

    result = csv_import.do_import(carol, raw)

    assert result.posts == []
    assert len(result.errors) == 1 and result.errors[0].row == 2
    assert message in " ".join(result.errors[0].problems)
    assert not Post.objects.exists()
