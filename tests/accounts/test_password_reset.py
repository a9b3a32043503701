import re
from urllib.parse import urlsplit

from django.core import mail
from django.test import Client
from django.urls import reverse

from podium.governance.models import AuditEntry
from tests.accounts.conftest import sign_in

NEW_PASSWORD = "violet tractor harbour"


def emailed_link(message: mail.EmailMessage) -> str:
    """The path of the set-password link in an email."""
    url = re.search(r"https?://\S+/accounts/password/reset/key/\S+", message.body).group(0)
    return urlsplit(url).path


def choose_password(client: Client, link: str, password: str = NEW_PASSWORD):
    """Follow the link (allauth moves the key into the session) and submit the form."""
    response = client.get(link, follow=True)
    assert "Choose a password" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    return client.post(form_url, {"password1": password, "password2": password})


def test_it_emails_a_working_reset_link(client, erin):
    response = client.post(reverse("account_reset_password"), {"email": "erin@example.com"})
    assert response.url == reverse("account_reset_password_done")
    assert "Check your email" in client.get(response.url).content.decode()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["erin@example.com"]
    assert message.subject == "Choose a new Podium password for Meridian Hotels"

    response = choose_password(client, emailed_link(message))
    assert response.url == reverse("account_reset_password_from_key_done")
    assert "Your password is saved" in client.get(response.url).content.decode()
    assert sign_in(Client(), "erin@example.com", NEW_PASSWORD).status_code == 302
    assert AuditEntry.objects.filter(action="user.password_reset", target_id=str(erin.pk)).exists()


def test_a_used_link_no_longer_works(client, erin):
    client.post(reverse("account_reset_password"), {"email": "erin@example.com"})
    link = emailed_link(mail.outbox[0])
    choose_password(client, link)
    page = Client().get(link, follow=True).content.decode()
    assert "This link no longer works" in page
    assert "Send me a new link" in page


def test_a_weak_password_is_refused_with_the_reason(client, erin):
    client.post(reverse("account_reset_password"), {"email": "erin@example.com"})
    response = choose_password(client, emailed_link(mail.outbox[0]), "short")
    assert response.status_code == 200
    assert "at least 10 characters" in response.content.decode()


def test_an_unknown_address_gets_the_same_answer(client, organisation):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    assert response.url == reverse("account_reset_password_done")


def test_a_malformed_address_is_refused_with_a_message(client, organisation):
    response = client.post(reverse("account_reset_password"), {"email": "not an email"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "is-invalid" in page
    assert 'value="not an email"' in page
    assert not mail.outbox
