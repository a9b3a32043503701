import csv
import io
import json

import pytest
from django.urls import reverse

from podium.governance import audit
from podium.governance.export import COLUMNS

CSV = reverse("governance-export-audit", args=["csv"])
JSON = reverse("governance-export-audit", args=["json"])


@pytest.fixture
def entries(alice, carol, erin):
    audit.record(actor=alice, action="user.created", target=carol, after={"role": "comms"})
    audit.record(
        actor=carol,
        action="person.updated",
        target=erin.person,
        before={"title": "CEO"},
        after={"title": "Chair"},
    )


def body(response) -> str:
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def test_it_exports_csv_with_a_header_and_one_row_per_entry(client, carol, entries):
    client.force_login(carol)
    response = client.get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="podium-audit-' in response["Content-Disposition"]
    table = list(csv.reader(io.StringIO(body(response))))
    assert table[0] == list(COLUMNS)
    assert len(table) == 3
    newest = dict(zip(table[0], table[1], strict=True))
    assert newest["action"] == "person.updated"
    assert newest["actor"] == "carol@example.com"
    assert newest["target_label"] == "Erin Executive"
    assert json.loads(newest["before"]) == {"title": "CEO"}
    assert json.loads(newest["after"]) == {"title": "Chair"}


def test_it_exports_json_objects_with_before_and_after(client, arthur, entries):
    client.force_login(arthur)
    response = client.get(JSON)
    assert response["Content-Type"] == "application/json"
    data = json.loads(body(response))
    assert [e["action"] for e in data] == ["person.updated", "user.created"]
    assert data[0]["before"] == {"title": "CEO"}
    assert data[0]["after"] == {"title": "Chair"}
    assert set(data[0]) == set(COLUMNS)


def test_exports_apply_the_same_filters_as_the_page(client, alice, entries):
    client.force_login(alice)
    data = json.loads(body(client.get(JSON, {"actor": "alice"})))
    assert [e["action"] for e in data] == ["user.created"]
    table = list(csv.reader(io.StringIO(body(client.get(CSV, {"action": "person"})))))
    assert [row[4] for row in table[1:]] == ["person.updated"]


def test_an_empty_export_is_still_valid(client, carol, entries):
    client.force_login(carol)
    assert json.loads(body(client.get(JSON, {"actor": "nobody"}))) == []
    assert body(client.get(CSV, {"actor": "nobody"})).splitlines() == [",".join(COLUMNS)]


def test_spreadsheet_formulas_in_labels_are_neutralised(client, carol):
    audit.record(actor=carol, action="x.y", target_label='=HYPERLINK("http://evil")')
    client.force_login(carol)
    table = list(csv.reader(io.StringIO(body(client.get(CSV)))))
    assert table[1][COLUMNS.index("target_label")] == '\'=HYPERLINK("http://evil")'


def test_bad_filters_are_a_clear_400(client, carol, entries):
    client.force_login(carol)
    response = client.get(CSV, {"date_to": "yesterday"})
    assert response.status_code == 400
    assert "The end date is not a date" in response.content.decode()


def test_an_unknown_format_is_a_404(client, carol):
    client.force_login(carol)
    assert client.get(reverse("governance-export-audit", args=["xlsx"])).status_code == 404


@pytest.mark.parametrize("url", [CSV, JSON])
def test_an_executive_cannot_export(client, erin, url):
    client.force_login(erin)
    assert client.get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(CSV)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
