"""A held publication says what it waits for as data (`hold`) instead of a sentence.

The old sentences are read once, here: "Waiting for <name>'s approval", "<Network> account needs
reconnecting: …", "<Network> account is disconnected: …", a demo account's note. A publication
scheduled again because the network never got it keeps that as its error_kind `not_found`.
"""

from django.db import migrations, models

HELD, SCHEDULED = "held", "scheduled"
APPROVAL, RECONNECT, DISCONNECTED, DEMO = (
    "executive_approval",
    "account_reconnect",
    "account_disconnected",
    "demo_account",
)
BY_ACCOUNT_STATUS = {"needs_reconnect": RECONNECT, "disconnected": DISCONNECTED, "demo": DEMO}
NETWORKS = {"mastodon": "Mastodon", "bluesky": "Bluesky", "x": "X", "linkedin": "LinkedIn"}


def hold_of(sentence: str, account_status: str) -> str:
    if sentence.startswith("Waiting for "):
        return APPROVAL
    if " account needs reconnecting" in sentence:
        return RECONNECT
    if " account is disconnected" in sentence:
        return DISCONNECTED
    # "Held for approval." was the page's word for an empty reason.
    return BY_ACCOUNT_STATUS.get(account_status, APPROVAL)


def sentences_to_holds(apps, schema_editor):
    Publication = apps.get_model("publishing", "Publication")
    held = Publication.objects.filter(state=HELD).select_related("channel_account")
    for publication in held.iterator():
        publication.hold = hold_of(publication.waiting_reason, publication.channel_account.status)
        publication.save(update_fields=["hold"])
    Publication.objects.filter(
        state=SCHEDULED, error_kind="", waiting_reason__contains="never got the post"
    ).update(error_kind="not_found")


def holds_to_sentences(apps, schema_editor):
    Publication = apps.get_model("publishing", "Publication")
    held = Publication.objects.filter(state=HELD).select_related("channel_account", "post__person")
    for publication in held.iterator():
        account = publication.channel_account
        network = NETWORKS.get(account.network, account.network)
        publication.waiting_reason = {
            APPROVAL: f"Waiting for {publication.post.person.name}'s approval",
            RECONNECT: f"{network} account needs reconnecting: {account.status_reason}",
            DISCONNECTED: f"{network} account is disconnected: connect it again to send.",
        }.get(publication.hold, account.status_reason)[:300]
        publication.save(update_fields=["waiting_reason"])


class Migration(migrations.Migration):
    dependencies = [("publishing", "0006_nudge_moves_to_notifications")]

    operations = [
        migrations.AddField(
            model_name="publication",
            name="hold",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Nothing"),
                    ("executive_approval", "The executive's approval"),
                    ("approval_step", "An approval step"),
                    ("account_reconnect", "The account to be reconnected"),
                    ("account_disconnected", "The account to be connected again"),
                    ("demo_account", "Nothing: a demo account never sends"),
                    ("paused", "Publishing to resume"),
                ],
                max_length=24,
            ),
        ),
        migrations.RunPython(sentences_to_holds, holds_to_sentences),
        migrations.RemoveField(model_name="publication", name="waiting_reason"),
    ]
