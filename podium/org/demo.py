"""Demo step: the organisation (Harbour & Pine Hotels) and its executives, with bios and photos.

Size 1 is the leadership team a visitor meets: six chiefs and two regional presidents. Each
further size adds eight more senior leaders (presidents, vice presidents, general managers,
executive chefs) across the group's regions and hotels.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import slugify

from podium.lib.avatars import colour_for, initials_avatar, initials_of, monogram_logo
from podium.lib.demo import BATCH, DemoContext
from podium.org.models import Organisation, Person

LABEL = "organisation and executives"

COMPANY = "Harbour & Pine Hotels"
MONOGRAM = "H&P"
DOMAIN = "harbourpine.example"
BRAND_COLOUR = "#0f5e63"
HQ_TIMEZONE = "Europe/London"
HOTELS, COUNTRIES, FOUNDED = 42, 14, 1998


@dataclass(frozen=True)
class Place:
    city: str
    region: str
    timezone: str


PLACES = (
    Place("London", "Europe", "Europe/London"),
    Place("Edinburgh", "Europe", "Europe/London"),
    Place("Lisbon", "Europe", "Europe/Lisbon"),
    Place("Barcelona", "Europe", "Europe/Madrid"),
    Place("Paris", "Europe", "Europe/Paris"),
    Place("Amsterdam", "Europe", "Europe/Amsterdam"),
    Place("Copenhagen", "Europe", "Europe/Copenhagen"),
    Place("Vienna", "Europe", "Europe/Vienna"),
    Place("Dubrovnik", "Europe", "Europe/Zagreb"),
    Place("Dubai", "Middle East & Africa", "Asia/Dubai"),
    Place("Cape Town", "Middle East & Africa", "Africa/Johannesburg"),
    Place("Marrakech", "Middle East & Africa", "Africa/Casablanca"),
    Place("Zanzibar", "Middle East & Africa", "Africa/Dar_es_Salaam"),
    Place("New York", "Americas", "America/New_York"),
    Place("Chicago", "Americas", "America/Chicago"),
    Place("Miami", "Americas", "America/New_York"),
    Place("San Francisco", "Americas", "America/Los_Angeles"),
    Place("Vancouver", "Americas", "America/Vancouver"),
    Place("Mexico City", "Americas", "America/Mexico_City"),
    Place("Cartagena", "Americas", "America/Bogota"),
    Place("Singapore", "Asia Pacific", "Asia/Singapore"),
    Place("Tokyo", "Asia Pacific", "Asia/Tokyo"),
    Place("Kyoto", "Asia Pacific", "Asia/Tokyo"),
    Place("Sydney", "Asia Pacific", "Australia/Sydney"),
    Place("Bali", "Asia Pacific", "Asia/Makassar"),
    Place("Hong Kong", "Asia Pacific", "Asia/Hong_Kong"),
)
REGION_TIMEZONE = {
    "Europe": "Europe/Paris",
    "Middle East & Africa": "Asia/Dubai",
    "Americas": "America/New_York",
    "Asia Pacific": "Asia/Singapore",
}


@dataclass(frozen=True)
class Post:
    """A position on the leadership team and what its holder writes about."""

    title: str
    timezone: str
    opening: tuple[str, ...]  # first sentence variants, in the holder's own voice
    themes: str
    place: str = "London"


PRESIDENT_OPENINGS = (
    "I run our {region} hotels, from the flagships to the newest openings, and I spend more "
    "nights in them than at home.",
    "I lead Harbour & Pine in {region}: the hotels, the teams in them, and the openings on the "
    "way.",
)


def _president(region: str, named: str, *, place: str, travel: str = "travel in") -> Post:
    """A region's president: its time zone, and the presidents' openings worded for it."""
    return Post(
        f"President, {region}",
        REGION_TIMEZONE[region],
        tuple(s.format(region=named) for s in PRESIDENT_OPENINGS),
        f"{travel} {named} and the hotels we are opening there",
        place=place,
    )


# The leadership team at size 1, most senior first.
LEADERSHIP = (
    Post(
        "Chief Executive Officer",
        HQ_TIMEZONE,
        (
            f"I lead {COMPANY}: {HOTELS} hotels in {COUNTRIES} countries, and I still start most "
            "weeks on the floor of one of them.",
            f"I have led {COMPANY} since 2019, and my job is easy to say and hard to do: make "
            "every guest feel that someone was expecting them.",
        ),
        "leadership, travel and the people who make our hotels work",
    ),
    Post(
        "Chief Financial Officer",
        HQ_TIMEZONE,
        (
            "I look after the group's money: where we invest, how we pay for it, and how we "
            "stay steady when travel is not.",
            "As CFO I make sure every new hotel we open can still be standing, and profitable, "
            "in thirty years.",
        ),
        "capital allocation, sustainable finance and what the numbers say about travel",
    ),
    Post(
        "Chief Operating Officer",
        HQ_TIMEZONE,
        (
            "I am responsible for how our hotels run day to day, from housekeeping rotas to "
            "the breakfast that has to be ready at six.",
            "My team turns our promises to guests into checklists, rotas and habits in every "
            "one of our hotels.",
        ),
        "operations, service design and the unglamorous details guests notice",
    ),
    Post(
        "Chief Marketing Officer",
        HQ_TIMEZONE,
        (
            f"I look after the {COMPANY} brand and our loyalty programme, which means I spend "
            "my days listening to guests.",
            "I lead marketing, which at a hotel group mostly means earning the second stay, "
            "not buying the first.",
        ),
        "brand, loyalty and stories from our guests",
    ),
    Post(
        "Chief Technology Officer",
        "Europe/Dublin",
        (
            "I lead technology at the group: booking, check-in, the wifi everyone judges us "
            "by, and the data behind all of it.",
            "My job is to make our systems so quiet that our teams can spend their time on "
            "guests, not screens.",
        ),
        "guest technology, data and keeping systems out of the way",
        place="Dublin",
    ),
    Post(
        "Chief People Officer",
        HQ_TIMEZONE,
        (
            "I look after the 9,000 people who work at our hotels and offices: how we hire, "
            "train, pay and promote them.",
            "Hospitality is a people business before it is anything else, and my job is to "
            "make ours a place people stay.",
        ),
        "careers in hospitality, training and wellbeing at work",
    ),
    _president("Americas", "the Americas", place="New York"),
    _president("Asia Pacific", "Asia Pacific", place="Singapore", travel="travel across"),
)

# Beyond size 1: these senior posts first, then regional and hotel leaders drawn at random.
SENIOR = (
    _president("Europe", "Europe", place="Paris"),
    _president("Middle East & Africa", "the Middle East and Africa", place="Dubai"),
    Post(
        "Chief Commercial Officer",
        HQ_TIMEZONE,
        ("I lead sales, distribution and revenue: how guests find us and what they pay.",),
        "pricing, partnerships and how people book travel now",
    ),
    Post(
        "Chief Development Officer",
        HQ_TIMEZONE,
        ("I find our next hotels: the buildings, the owners and the cities we should be in.",),
        "new hotels, old buildings and the places we are going next",
    ),
    Post(
        "Chief Sustainability Officer",
        HQ_TIMEZONE,
        ("I lead our plan to run every hotel on renewable power and halve food waste by 2030.",),
        "energy, water, food waste and progress we can measure",
    ),
    Post(
        "General Counsel",
        HQ_TIMEZONE,
        ("I lead the legal team, which mostly means helping everyone else say yes safely.",),
        "governance, contracts and the law as it touches travel",
    ),
    Post(
        "Chief Guest Experience Officer",
        HQ_TIMEZONE,
        ("I listen to guests for a living: every review, every complaint, every thank-you note.",),
        "service, small gestures and what guests tell us",
    ),
    Post(
        "Chief Information Security Officer",
        "Europe/Dublin",
        ("I keep our guests' data and our systems safe, quietly, around the clock.",),
        "security, privacy and staying calm under pressure",
        place="Dublin",
    ),
)
FUNCTIONS = (
    "Revenue Management",
    "Sales",
    "Food & Beverage",
    "Development",
    "Sustainability",
    "Guest Experience",
    "Talent",
    "Brand",
    "Finance",
    "Digital",
    "Procurement",
    "Operations",
)
HOTEL_POSTS = ("General Manager", "Hotel Manager", "Executive Chef", "Director of Sales")
THEMES = {
    "Revenue Management": "pricing, demand and why hotel rates move",
    "Sales": "events, partnerships and the business of business travel",
    "Food & Beverage": "restaurants, suppliers and what guests order at midnight",
    "Development": "new hotels, old buildings and the places we are going next",
    "Sustainability": "energy, water, food waste and progress we can measure",
    "Guest Experience": "service, small gestures and what guests tell us",
    "Talent": "careers, training and the people behind the front desk",
    "Brand": "design, storytelling and the feel of a Harbour & Pine stay",
    "Finance": "investment, performance and the economics of hospitality",
    "Digital": "booking, apps and technology that stays out of the way",
    "Procurement": "suppliers, local sourcing and buying well at scale",
    "Operations": "service, standards and the details guests notice",
}
FUNCTION_OPENINGS = (
    "I lead {function} across our hotels in {where}, which keeps me on the road and close to "
    "the teams doing the real work.",
    "I am responsible for {function} in {where}: the plans, the people and the results.",
)
# How a region reads inside a sentence.
REGION_PHRASE = {
    "Europe": "Europe",
    "Middle East & Africa": "the Middle East and Africa",
    "Americas": "the Americas",
    "Asia Pacific": "Asia Pacific",
}
HOTEL_OPENINGS = {
    "General Manager": "I run Harbour & Pine {city}, and I know most of our regulars by name.",
    "Hotel Manager": "I manage the day-to-day at Harbour & Pine {city}, from the lobby to "
    "the loading dock.",
    "Executive Chef": "I run the kitchens at Harbour & Pine {city}, and I still cook the "
    "Sunday lunch service myself.",
    "Director of Sales": "I fill Harbour & Pine {city} with meetings, weddings and the "
    "occasional film crew.",
}
HOTEL_THEMES = {
    "General Manager": "life in a busy hotel and the city of {city}",
    "Hotel Manager": "service, teams and a hotel's working day",
    "Executive Chef": "seasonal cooking, local producers and our restaurants",
    "Director of Sales": "events, groups and what brings people to {city}",
}
CAREERS = (
    "Before joining Harbour & Pine I spent {years} years at {previous}, most of them in {city}.",
    "I started as a {first_job} in {city} and have worked my way through most departments since.",
    "I came to hospitality from {previous}, and {years} years later I am still glad I did.",
    "I joined the group in {joined} after {years} years at {previous}.",
    "My first job in hotels was as a {first_job} in {city}; I have never wanted to leave "
    "the industry since.",
    "I spent the first {years} years of my career at {previous}, in {city} and beyond.",
)
PREVIOUS = (
    "an airline",
    "a boutique hotel group",
    "a global consultancy",
    "a family-run resort business",
    "a luxury retailer",
    "a cruise line",
    "a restaurant group",
    "a travel start-up",
    "an investment bank",
    "a city tourism board",
)
FIRST_JOBS = ("night auditor", "receptionist", "commis chef", "concierge", "waiter", "porter")
PERSONAL = (
    "Outside work I am usually {hobby}, or planning the next trip with my family.",
    "I am a keen {hobby_noun} and a reluctant early riser.",
    "Ask me about {topic}: I will happily talk for far too long.",
    "At weekends you will find me {hobby}, phone firmly off.",
)
HOBBIES = (
    "swimming in cold water",
    "on a bike somewhere hilly",
    "baking bread",
    "walking the dog",
    "in the garden",
    "at a football match",
    "sailing",
    "playing the piano badly",
)
HOBBY_NOUNS = (
    "marathon runner",
    "film photographer",
    "birdwatcher",
    "amateur baker",
    "chess player",
    "climber",
    "jazz fan",
    "gardener",
)
TOPICS = (
    "natural wine",
    "hotel architecture",
    "the perfect hotel breakfast",
    "sourdough",
    "railway journeys",
    "design hotels of the 1960s",
    "local coffee roasters",
    "football",
)
POSTING = (
    "Here I write about {themes}.",
    "I post about {themes}, and I answer the replies myself.",
    "Follow along for {themes}.",
    "On here you will mostly find {themes}.",
)


def populate(ctx: DemoContext) -> None:
    ctx.email_domain = DOMAIN
    org = Organisation(
        name=COMPANY, timezone=HQ_TIMEZONE, brand_colour=BRAND_COLOUR, require_two_factor=False
    )
    org.logo.name = ctx.save_file("org/demo-logo.png", monogram_logo(MONOGRAM, colour=BRAND_COLOUR))
    org.save()
    ctx.organisation = org

    writer = BioWriter(ctx)
    # Colour follows the initials, so large sizes draw each (initials, colour) picture once.
    pictures: dict[str, bytes] = {}
    total = 8 * ctx.size
    people: list[Person] = []
    slugs: set[str] = set()
    for index in range(total):
        name = ctx.new_name()
        title, timezone, bio = writer.post(index)
        slug = _unique(slugify(name), slugs)
        initials = initials_of(name)
        if initials not in pictures:
            pictures[initials] = initials_avatar(name, colour=colour_for(initials))
        photo = ctx.save_file(f"people/demo/{slug}.png", pictures[initials])
        people.append(
            Person(name=name, slug=slug, title=title, bio=bio, timezone=timezone, photo=photo)
        )
        ctx.progress("executives and photos", index + 1, total)
    ctx.people = Person.objects.bulk_create(people, batch_size=BATCH)
    ctx.report(f"    {org.name}: {len(ctx.people):,} executives")


def _unique(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


class BioWriter:
    """Titles, time zones and first-person bios; phrases are dealt from decks so that
    the leadership team's bios do not repeat one another."""

    def __init__(self, ctx: DemoContext) -> None:
        self.rng = ctx.rng
        self.careers = ctx.deck(CAREERS)
        self.previous = ctx.deck(PREVIOUS)
        self.first_jobs = ctx.deck(FIRST_JOBS)
        self.cities = ctx.deck([place.city for place in PLACES])
        self.personal = ctx.deck(PERSONAL)
        self.hobbies = ctx.deck(HOBBIES)
        self.hobby_nouns = ctx.deck(HOBBY_NOUNS)
        self.topics = ctx.deck(TOPICS)
        self.posting = ctx.deck(POSTING)

    def post(self, index: int) -> tuple[str, str, str]:
        """(title, timezone, bio) of the index-th most senior executive."""
        rng = self.rng
        fixed = (*LEADERSHIP, *SENIOR)
        if index < len(fixed):
            post = fixed[index]
            return post.title, post.timezone, self.bio(rng.choice(post.opening), post.themes)

        place = rng.choice(PLACES)
        if rng.random() < 0.55:
            function = rng.choice(FUNCTIONS)
            senior = rng.choice(("Senior Vice President", "Vice President", "Vice President"))
            opening = rng.choice(FUNCTION_OPENINGS).format(
                function=function.lower().replace("& ", "and "), where=REGION_PHRASE[place.region]
            )
            return (
                f"{senior}, {function}, {place.region}",
                REGION_TIMEZONE[place.region],
                self.bio(opening, THEMES[function]),
            )
        job = rng.choice(HOTEL_POSTS)
        opening = HOTEL_OPENINGS[job].format(city=place.city)
        themes = HOTEL_THEMES[job].format(city=place.city)
        title = f"{job}, {COMPANY.removesuffix(' Hotels')} {place.city}"
        return title, place.timezone, self.bio(opening, themes)

    def bio(self, opening: str, themes: str) -> str:
        """Two to four sentences: the role, the path here, a life outside work, the posts."""
        rng = self.rng
        career = self.careers.draw().format(
            years=rng.randint(6, 19),
            previous=self.previous.draw(),
            city=self.cities.draw(),
            first_job=self.first_jobs.draw(),
            joined=rng.randint(2004, 2021),
        )
        sentences = [opening, career]
        if rng.random() < 0.7:
            sentences.append(
                self.personal.draw().format(
                    hobby=self.hobbies.draw(),
                    hobby_noun=self.hobby_nouns.draw(),
                    topic=self.topics.draw(),
                )
            )
        if rng.random() < 0.7:
            sentences.append(self.posting.draw().format(themes=themes))
        return " ".join(sentences)
