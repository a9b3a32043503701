"""The demo organisation: `podium demo` fills an empty installation with a believable company.
This module is what each app's step uses; the runner is `podium.system.demo`.

The runner calls a list of *steps*, one module per app, in order. Each step exposes

    def populate(ctx: DemoContext) -> None

and reads what earlier steps made from `ctx` (the organisation, the people, the users by
role), then adds its own data. Everything comes from `ctx.rng`, a `random.Random` that the
runner seeds afresh for every step from the seed and the step's dotted path: the same seed
always gives the same company, and adding a step later changes nothing that earlier steps make.

Adding a later app's data (publishing, advocates, ideas, ROI, ...):

1. Write `podium/<app>/demo.py` with a `LABEL` (a few words for the progress line) and
   `populate(ctx)`. Use only `ctx.rng` for choices and `ctx.now` for "now" (never
   `timezone.now()` or the `random` module), so that runs stay deterministic.
2. Scale the volume with `ctx.size` (size 1 is the evaluation demo; benchmarks use 50 and more)
   and write rows with `bulk_create(..., batch_size=BATCH)`, never one `save()` per row.
   Call `ctx.progress(label, done, total)` inside long loops.
3. If a later step needs what yours made, add a typed field to `DemoContext` and fill it.
4. Append the dotted path to `STEPS` in `podium/system/demo.py` (the runner), after the
   steps whose data yours builds on.
5. Extend tests/test_demo.py with what a user would check in your data.

Steps do not write audit entries: the runner writes a single "demo.created" entry.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

if TYPE_CHECKING:  # the context names what the steps made; lib imports no app
    from podium.accounts.models import User
    from podium.accounts.roles import Role
    from podium.org.models import Organisation, Person

DEFAULT_SEED = 1
# Printed with the logins; a demo installation is for looking around, never for real data.
DEMO_PASSWORD = "podium-demo"  # noqa: S105
BATCH = 500

Reporter = Callable[[str], None]


def silent(message: str) -> None:
    return None


def words(text: str) -> tuple[str, ...]:
    """A word list written as one block of text: compact to read and to extend."""
    return tuple(text.split())


# Given names and family names from many places: an international hotel group's leadership.
FIRST_NAMES = words(
    """
    Amara Lena Jonah Mei Rafael Priya Tomás Ingrid Kwame Sofia Daniel Aisha Henrik Yuki
    Mateo Chloe Arjun Nadia Oliver Zara Felix Leila Samuel Hana Gabriel Freya Omar Clara
    Kenji Isabel Thomas Amina Lucas Elif Marcus Noor Julian Saanvi Elliot Marta Dmitri Grace
    Hugo Ines Adebayo Rosa Nikolai Maya Patrick Sunita Anders Camille Diego Eleanor Farid
    Greta Hiroshi Imogen Javier Keira Luca Malika Niall Olga Pedro Quinn Ravi Signe Tariq
    Ursula Victor Wen Ximena Yusuf Zoe Bianca Conor Dalia Emeka Fatima Gideon Helena Ibrahim
    Johanna Kofi Lucia Mikael Nia
    """
)
LAST_NAMES = words(
    """
    Okafor Hartmann Whitfield Tanaka Moreno Raman Lindqvist Mensah Costa Becker Haddad
    Nakamura Fernández Laurent Iyer Petrov Byrne Achterberg Silva Kowalski Osei Duval Chen
    Novak Eriksen Rahman Sullivan Yilmaz Marchetti Abiodun Castellanos Fischer Kapoor Larsen
    Mbeki Nguyen Oyelaran Park Quiroga Rossi Schneider Takahashi Ulrich Vasquez Walsh Xu
    Yamamoto Zielinski Adeyemi Brennan Carvalho Dubois Ekström Farouk Gallagher Holm Ibarra
    Jansen Kaur Lombardi Mwangi Navarro O'Neill Pereira Reyes Sato Thornton Visser Wójcik
    Al-Masri Bergström Delacroix Esposito Gupta Hayes Jovanović Kim Moretti Nordin Okoye
    Pham Sorensen Tembo Villanueva Weiss
    """
)


def ascii_slug(text: str, *, separator: str = "") -> str:
    """'Tomás O'Neill' -> 'tomasoneill' (or 'tomas.oneill' with separator '.')."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = ["".join(c for c in word if c.isalnum()) for word in plain.split()]
    return separator.join(w for w in words if w)


T = TypeVar("T")


class Deck(Generic[T]):
    """Draws from `items` without repeating one until all have been drawn, like dealing cards.

    Eight bios written from one deck of phrases share none while the deck lasts.
    """

    def __init__(self, rng: random.Random, items: Sequence[T]) -> None:
        if not items:
            raise ValueError("A deck needs at least one item")
        self._rng, self._items, self._left = rng, list(items), list[T]()

    def draw(self) -> T:
        if not self._left:
            self._left = self._items[:]
            self._rng.shuffle(self._left)
        return self._left.pop()


@dataclass(frozen=True)
class Login:
    """A sign-in printed at the end: what the person does, who they are, how to sign in."""

    role: str
    name: str
    email: str


@dataclass
class DemoContext:
    """What every step receives: the seeded randomness, the scale, and what earlier steps made."""

    seed: int
    size: int
    now: dt.datetime
    report: Reporter = silent
    rng: random.Random = field(default_factory=random.Random)

    # Filled by podium.org.demo
    organisation: Organisation | None = None
    email_domain: str = ""
    people: list[Person] = field(default_factory=list)  # most senior first; CEO is people[0]
    # Filled by podium.accounts.demo
    users_by_role: dict[Role, list[User]] = field(default_factory=dict)
    assistants: list[User] = field(default_factory=list)  # executive-role users acting for others
    executive_users: list[User] = field(default_factory=list)  # people[i] signs in as [i]
    logins: list[Login] = field(default_factory=list)  # the sign-ins printed at the end

    _names_taken: set[str] = field(default_factory=set)
    _parts_taken: set[str] = field(default_factory=set)
    _emails_taken: set[str] = field(default_factory=set)
    _password_hash: str = ""

    @property
    def ceo(self) -> Person:
        return self.people[0]

    @property
    def password_hash(self) -> str:
        """DEMO_PASSWORD hashed once: hashing is deliberately slow, so never once per user."""
        if not self._password_hash:
            self._password_hash = make_password(DEMO_PASSWORD)
        return self._password_hash

    def deck(self, items: Sequence[T]) -> Deck[T]:
        return Deck(self.rng, items)

    def new_name(self) -> str:
        """A full name nobody else in the demo has; while it can, sharing no first or last name."""
        name = ""
        for attempt in range(24):
            first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
            name = f"{first} {last}"
            fresh = attempt >= 16 or (
                first not in self._parts_taken and last not in self._parts_taken
            )
            if fresh and name not in self._names_taken:
                break
        while name in self._names_taken:  # many thousands of people: add a middle initial
            first, last = name.split(" ", 1)
            name = f"{first} {self.rng.choice('ABCDEFGHJKLMNPRSTVW')}. {last}"
        self._names_taken.add(name)
        self._parts_taken.update((name.split(" ")[0], name.split(" ")[-1]))
        return name

    def new_email(self, name: str) -> str:
        """first.last@<the company's domain>, numbered when two people share a name's letters."""
        local = ascii_slug(" ".join([name.split()[0], name.split()[-1]]), separator=".")
        email, n = f"{local}@{self.email_domain}", 2
        while email in self._emails_taken:
            email, n = f"{local}{n}@{self.email_domain}", n + 1
        self._emails_taken.add(email)
        return email

    def save_file(self, name: str, content: bytes) -> str:
        """Store generated media under `name`, replacing an older file, and return the name."""
        if default_storage.exists(name):
            default_storage.delete(name)
        return default_storage.save(name, ContentFile(content))

    def progress(self, label: str, done: int, total: int) -> None:
        """Report long loops at each quarter; short ones stay quiet."""
        if total >= 400 and done and (done == total or done % max(1, total // 4) == 0):
            self.report(f"    {label}: {done:,}/{total:,}")
