"""Writes to governance's own data (objectives), each audited in the same transaction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from podium.accounts.models import User
from podium.accounts.permissions import require_role
from podium.accounts.roles import Role
from podium.blog.models import Article
from podium.governance import audit
from podium.governance.objectives import Objective
from podium.lib.text import check_one_line
from podium.publishing.models import Post

# Who sets the program's objectives; everyone signed in reads them.
OBJECTIVE_EDITORS = frozenset({Role.ADMIN, Role.COMMS})
CENT = Decimal("0.01")
OBJECTIVE_FIELDS = ("name", "owner", "starts_on", "ends_on", "kpi", "baseline", "target")


def _save(
    actor: User, objective: Objective, data: dict[str, Any], action: str, via: str
) -> Objective:
    """Set the objective's fields from `data`, check them and save, audited as `action`."""
    with audit.changing(objective, actor=actor, action=action, via=via):
        _apply(objective, data)
        objective.save()
    return objective


def _apply(objective: Objective, data: dict[str, Any]) -> None:
    check_one_line(data, ("name",))
    for field in OBJECTIVE_FIELDS:
        if field in data:
            setattr(objective, field, data[field])
    for field in ("baseline", "target"):  # kept to the cent, as the database keeps them
        value = getattr(objective, field)
        if isinstance(value, Decimal) and value.is_finite():
            setattr(objective, field, value.quantize(CENT))
    owner = data.get("owner")
    if owner is not None and not owner.is_active:
        raise ValidationError({"owner": f"{owner.email} is deactivated: choose an active user."})
    objective.full_clean()  # raises ValidationError naming each bad field


@transaction.atomic
def do_create_objective(actor: User, data: dict[str, Any], *, via: str = "web") -> Objective:
    require_role(actor, OBJECTIVE_EDITORS)
    return _save(actor, Objective(), data, "objective.created", via)


@transaction.atomic
def do_update_objective(
    actor: User, objective: Objective, data: dict[str, Any], *, via: str = "web"
) -> Objective:
    require_role(actor, OBJECTIVE_EDITORS)
    return _save(actor, objective, data, "objective.updated", via)


@transaction.atomic
def do_set_objectives(
    actor: User, thing: Post | Article, objectives: list[Objective], *, via: str = "web"
) -> None:
    """Tag a post or an article with the objectives it serves (replacing its tags), audited
    when they change. Whoever may write it may tag it: its own action checked that already."""
    before = sorted(o.pk for o in thing.objectives.all())
    after = sorted({o.pk for o in objectives})
    if before == after:
        return
    thing.objectives.set(after)
    names = dict(Objective.objects.filter(pk__in=before + after).values_list("pk", "name"))
    audit.record(
        actor=actor,
        action=f"{thing._meta.model_name}.objectives_set",
        target=thing,
        before={"objectives": [names[pk] for pk in before]},
        after={"objectives": [names[pk] for pk in after]},
        via=via,
    )
