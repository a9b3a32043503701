"""Objectives: what the program is for, measured by a KPI against a baseline and a target.

Nothing about progress is stored: `podium.governance.progress` computes it from the data each
time, so an objective can never say more than Podium measured. The rules that make an
objective meaningful (an end after its start, a target that differs from the baseline in the
KPI's good direction, a KPI Podium measures) are checked in `clean()`, which the pages, the API
and the actions all reach through `full_clean()`.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from podium.lib.bounds import day_problem
from podium.lib.kpis import KPI, Direction

# Monthly points for five years at most: longer is almost always a typo.
LONGEST = dt.timedelta(days=5 * 366)


class Objective(models.Model):
    name = models.CharField(max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="objectives"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    kpi = models.CharField(max_length=64, help_text="A key of the KPI registry.")
    baseline = models.DecimalField(max_digits=12, decimal_places=2)
    target = models.DecimalField(max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(default=timezone.now)
    # What serves it, tagged in compose, the article's form, the API and the CSV import
    # (objective_tags.py).
    posts = models.ManyToManyField("publishing.Post", related_name="objectives", blank=True)
    articles = models.ManyToManyField("blog.Article", related_name="objectives", blank=True)

    class Meta:
        app_label = "governance"
        ordering = ["ends_on", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def measure(self) -> KPI | None:
        from podium.governance.kpis import registry

        return registry().get(self.kpi)

    def period(self, zone: zoneinfo.ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
        """From the start day's midnight to the midnight after the end day, in `zone`."""
        return (
            dt.datetime.combine(self.starts_on, dt.time.min, tzinfo=zone),
            dt.datetime.combine(self.ends_on + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
        )

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for name, what in (("starts_on", "The start"), ("ends_on", "The end")):
            if (day := getattr(self, name)) and (problem := day_problem(day, what)):
                errors[name] = problem
        if self.starts_on and self.ends_on and not errors:
            if self.ends_on < self.starts_on:
                errors["ends_on"] = (
                    f"The end ({self.ends_on:%d %b %Y}) is before the start "
                    f"({self.starts_on:%d %b %Y}): choose an end on or after the start."
                )
            elif self.ends_on - self.starts_on > LONGEST:
                errors["ends_on"] = "An objective spans at most five years: choose an earlier end."
        kpi = self.measure if self.kpi else None
        if self.kpi and kpi is None:
            errors["kpi"] = "Podium measures no such KPI: choose one from the list."
        if self.baseline is not None and self.target is not None:
            if self.target == self.baseline:
                errors["target"] = (
                    "The target equals the baseline, so there is nothing to achieve: "
                    "set the value you want to reach."
                )
            elif kpi is not None and not kpi.better(float(self.target), float(self.baseline)):
                better = "higher" if kpi.direction is Direction.HIGHER else "lower"
                errors["target"] = (
                    f"For {kpi.label.lower()}, {better} is better: set a target "
                    f"{'above' if better == 'higher' else 'below'} the baseline "
                    f"({self.baseline.normalize():f})."
                )
        if errors:
            raise ValidationError(errors)
