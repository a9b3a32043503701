"""Demo step: a year of blog articles per executive, in their voice, with readers' comments.

Each executive gets a few published articles spread over the last year (the leadership team
four to six, later leaders two or three); some were drafted by their assistant and approved by
them. The CEO also has a draft from their assistant waiting for approval. Articles carry
approved comments from readers, and the newest ones a few comments still waiting for moderation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.text import slugify

from podium.accounts.models import User
from podium.blog import markdown
from podium.blog.models import Article, Comment
from podium.blog.notifications import notify_article_awaiting_approval
from podium.lib.demo import BATCH, FIRST_NAMES, LAST_NAMES, DemoContext, ascii_slug
from podium.org.models import Delegation, Person

LABEL = "blog articles and comments"
COMPANY = "Harbour & Pine"
CITIES = (
    "Lisbon", "Copenhagen", "Cape Town", "Kyoto", "Vancouver", "Marrakech", "Edinburgh",
    "Singapore", "Mexico City", "Dubrovnik", "Chicago", "Bali",
)  # fmt: skip


@dataclass(frozen=True)
class Topic:
    title: str
    summary: str
    opening: str


# What each part of the leadership writes about: topics (title, summary, opening paragraph)
# and middle paragraphs in that person's voice. {city} and {company} are filled in per article.
VOICES: dict[str, tuple[tuple[Topic, ...], tuple[str, ...]]] = {
    "Executive": (
        (
            Topic(
                "What I learnt working a night shift in {city}",
                "Eight hours on the front desk taught me more than a quarter of board papers.",
                "Twice a year I work a full shift in one of our hotels. Last month it was the "
                "night shift in {city}, and I have been thinking about it ever since.",
            ),
            Topic(
                "Why we still answer the phone",
                "Guests who call want a person. We decided to keep giving them one.",
                "Every few months someone shows me a plan to route our hotel phones to a "
                "central line. Every time, I ask the same question: who picks up?",
            ),
            Topic(
                "Twenty-five years of {company}, and the next twenty-five",
                "What has changed since our first hotel, and what we refuse to change.",
                "Our first hotel had eleven rooms, a leaking roof and a founder who cooked "
                "breakfast himself. Much has changed since; the important things have not.",
            ),
            Topic(
                "The guest who wrote to me about a lost teddy bear",
                "A small story about what service really means.",
                "Some letters I keep on my desk. This one came from a seven-year-old, and it "
                "says more about our company than any annual report.",
            ),
            Topic(
                "Growing without becoming a chain",
                "How we open new hotels and keep each one its own place.",
                "We will open six hotels this year. The question I get most is whether we can "
                "grow this fast and still feel like {company}. I think we can, if we are strict "
                "about a few things.",
            ),
            Topic(
                "What travellers told us this year",
                "A year of reviews, letters and conversations, boiled down to five lessons.",
                "I read guest feedback every Sunday evening. Here is what a year of it taught me.",
            ),
        ),
        (
            "The people who make a hotel work are rarely the ones in the photographs. They are "
            "the night porter who remembers a guest's name, the housekeeper who notices a "
            "birthday card and leaves a note, the chef who stays late for a delayed flight.",
            "We measure a lot of things: occupancy, rate, scores on every review site. But the "
            "number I watch most closely is how many of our colleagues would recommend us as a "
            "place to work. When that number moves, everything else follows a year later.",
            "> A hotel is a promise that someone was expecting you.\n\nI wrote that line on a "
            "whiteboard in 2019, and it is still the best summary of our strategy I have.",
            "It would be easy to run a hotel group from spreadsheets. We try hard not to. Every "
            "member of our executive team spends at least ten days a year working in a hotel, "
            "in a real role, on a real shift.",
            "Some decisions are simple once you say them out loud:\n\n- we do not charge for "
            "wifi;\n- we do not hide fees at checkout;\n- we always have a person at the door.\n\n"
            "None of these are free. All of them pay for themselves in guests who come back.",
            "Travel has changed more in the last five years than in the twenty before. Guests "
            "book later, stay longer and mix work with rest. Our hotels have to bend with "
            "them, without losing what made them worth visiting in the first place.",
        ),
    ),
    "Financial": (
        (
            Topic(
                "How we decide where to open next",
                "The four numbers I look at before we commit to a new hotel.",
                "Every new hotel is a thirty-year commitment. Here is how we decide whether "
                "{city} deserves one.",
            ),
            Topic(
                "Our first green bond, explained simply",
                "What we borrowed, what it pays for and how we report on it.",
                "This year we issued our first green bond. I want to explain, without jargon, "
                "what that means and why it matters.",
            ),
            Topic(
                "Why we invest when travel slows down",
                "Steady finances let us renovate when others cut back.",
                "When travel slows, many hotel groups stop investing. We try to do the "
                "opposite, and our balance sheet is built to let us.",
            ),
            Topic(
                "Reading a hotel's numbers like a guest",
                "Revenue per room tells you less than you think.",
                "Analysts love revenue per available room. I like it too, but it misses most of "
                "what makes a hotel healthy.",
            ),
            Topic(
                "The cost of a good night's sleep",
                "Where the money from a room night actually goes.",
                "Guests sometimes ask why a room in {city} costs what it does. It is a fair "
                "question, and the answer is more interesting than you might think.",
            ),
        ),
        (
            "A hotel earns its money slowly and spends it quickly. Roofs, lifts, kitchens and "
            "bedrooms all wear out on their own schedules, and a good finance team plans for "
            "every one of them years ahead.",
            "We keep our borrowing at a level we could carry through two bad years in a row. "
            "That sounds cautious, and it is. It is also why we could keep every colleague on "
            "full pay the last time travel stopped.",
            "| Where each 100 of a room night goes | Share |\n|---|---|\n| People | 38 |\n"
            "| Building and upkeep | 24 |\n| Energy and water | 9 |\n| Distribution | 12 |\n"
            "| Everything else, and profit | 17 |",
            "Sustainability and good finance point the same way more often than people expect. "
            "Heat pumps, better insulation and smarter laundry cut our bills as much as our "
            "emissions.",
            "I spend a surprising amount of time with hotel owners. Most of our buildings "
            "belong to families and investors who trust us to run them, and that trust is "
            "our most valuable asset.",
        ),
    ),
    "Operating": (
        (
            Topic(
                "Breakfast at six: the hardest promise we make",
                "Why the first hour of the day decides how a stay feels.",
                "If you want to know how well a hotel is run, eat breakfast there at six in "
                "the morning.",
            ),
            Topic(
                "Checklists are not the enemy of hospitality",
                "Standards free our teams to be warm, not robotic.",
                "People worry that checklists make service mechanical. In my experience they do "
                "the opposite.",
            ),
            Topic(
                "What housekeeping taught me about software",
                "Our room-status board started with a clipboard in {city}.",
                "The best tool we have built this year came from a housekeeping supervisor in "
                "{city} and a clipboard.",
            ),
            Topic(
                "Opening a hotel in ninety days",
                "The countdown behind every opening, from hiring to the first guest.",
                "Our newest hotel in {city} welcomed its first guests last week. Here is what "
                "the ninety days before that looked like.",
            ),
            Topic(
                "The quiet work of keeping a hotel safe",
                "Fire drills, night rounds and the habits guests never see.",
                "Nobody books a hotel because of its fire doors. Everybody relies on them.",
            ),
        ),
        (
            "Our standards fit on two pages. Anything longer and nobody reads it; anything "
            "shorter and it stops being useful. Each hotel adds its own page about what makes "
            "it different.",
            "The details guests notice are rarely the ones we spend money on. A working plug "
            "by the bed, a warm towel, a straight answer at reception: these decide reviews.",
            "## What changed this year\n\nWe moved housekeeping rotas to the teams themselves. "
            "Supervisors publish the week's rooms, colleagues choose their shifts, and "
            "absences fell by a third.",
            "Every hotel runs a fifteen-minute meeting at ten each morning. Who is arriving, "
            "who is celebrating, what broke overnight. It is the most valuable quarter of an "
            "hour in our day.",
            "When something goes wrong, and in a building full of people something always "
            "does, we fix it first and find out why second. The why matters, but not while a "
            "guest is waiting.",
        ),
    ),
    "Marketing": (
        (
            Topic(
                "Earning the second stay",
                "Why our marketing budget follows guests after they check out.",
                "Most hotel marketing is about the first booking. Ours is mostly about the second.",
            ),
            Topic(
                "What our loyalty members asked for (and what we built)",
                "Fewer points tables, more recognition at the door.",
                "Last spring we asked twenty thousand loyalty members what they wanted. The "
                "answers surprised us.",
            ),
            Topic(
                "A week of guest stories from {city}",
                "We asked guests to tell us about their stay in their own words.",
                "For one week we put a notebook on every pillow in {city} and asked guests to "
                "write us a line. Here are some of my favourites.",
            ),
            Topic(
                "Why we stopped using stock photos",
                "Every picture on our site is now of a real hotel and real colleagues.",
                "If you look at our website today, every photograph is of one of our hotels, "
                "taken by someone who works there.",
            ),
            Topic(
                "The brand is the breakfast",
                "What a brand means for a hotel group, in practice.",
                "People ask me what our brand is. My honest answer: it is what happens when a "
                "guest walks in tired and walks out rested.",
            ),
        ),
        (
            "A loyalty programme should make guests feel known, not tracked. We removed three "
            "tiers and most of the small print, and member bookings went up.",
            "Guests trust other guests far more than they trust us. So we listen: every review "
            "gets a reply from a person at the hotel, usually within a day.",
            "Our best campaign this year cost almost nothing: colleagues recommending their "
            "favourite cafés, walks and bookshops near their hotel.",
            "We measure brand health by one question: would you stay with us again, in "
            "another city? That number has risen four years in a row.",
            "Advertising can bring someone to the door once. Only the stay itself brings them "
            "back, and that is why marketing sits so close to operations here.",
        ),
    ),
    "Technology": (
        (
            Topic(
                "The wifi is the lobby now",
                "Why we rebuilt our networks before our websites.",
                "Guests judge a hotel's technology by one thing: does the wifi work in the room. "
                "So that is where we started.",
            ),
            Topic(
                "Check-in in under a minute, without a kiosk",
                "Technology that gives our front desk time back.",
                "We tried kiosks. Guests did not love them, and neither did our teams. Here is "
                "what we did instead.",
            ),
            Topic(
                "Keeping guest data boring",
                "How we collect less, keep it shorter and protect it better.",
                "The safest guest data is the data we never collect. That principle now shapes "
                "every system we buy or build.",
            ),
            Topic(
                "What we learnt moving {city} to the new booking system",
                "A migration story, with the mistakes left in.",
                "Moving a hotel's bookings to a new system while guests keep arriving is like "
                "changing a tyre on a moving car. Here is how {city} went.",
            ),
            Topic(
                "Screens in their place",
                "Technology should stay out of the way of hospitality.",
                "My goal for our systems is that colleagues barely notice them.",
            ),
        ),
        (
            "We run fewer systems than we did three years ago, and each one does its job "
            "better. Every tool we retire is one less password, one less training session, "
            "one less thing to break at two in the morning.",
            "Our engineers spend a week a year working in a hotel. Nothing improves software "
            "faster than watching someone use it at the front desk with a queue of guests.",
            "Privacy is part of hospitality. We delete passport scans after check-out and "
            "keep booking history only as long as guests want us to.",
            "## Three rules for new systems\n\n1. It must work on a bad connection.\n2. A new "
            "colleague must learn it in a shift.\n3. We must be able to leave it.",
            "Artificial intelligence is useful for us in quiet places: forecasting laundry, "
            "spotting a boiler about to fail, translating a guest's message at midnight.",
        ),
    ),
    "People": (
        (
            Topic(
                "From dishwasher to general manager",
                "Career paths in hospitality are real, and we want more of them.",
                "One of our general managers started in the kitchen at nineteen. I want her "
                "story to be ordinary at {company}, not exceptional.",
            ),
            Topic(
                "Why we publish our pay bands",
                "Transparency about pay, one year in.",
                "A year ago we published the pay band for every role in our hotels. Here is "
                "what happened.",
            ),
            Topic(
                "Training that happens on the floor",
                "Our academy moved out of the classroom and into the hotels.",
                "We used to train people in meeting rooms. Now most of our training happens "
                "where the work does.",
            ),
            Topic(
                "Rotas that respect people's lives",
                "Predictable shifts are a benefit worth more than a bonus.",
                "Ask anyone who has worked in a hotel what they want most and many will say the "
                "same thing: to know their shifts two weeks ahead.",
            ),
            Topic(
                "What we heard in {city}",
                "Listening sessions with colleagues, and what we are changing.",
                "I spent three days in {city} listening to colleagues. These are the things we "
                "are changing because of it.",
            ),
        ),
        (
            "Hospitality has a reputation for long hours and short careers. Some of that is "
            "earned, and we are working to change it: predictable rotas, paid training and a "
            "clear path from every entry-level role.",
            "This year 41% of our promotions went to people who started in an hourly role. "
            "Our goal is half.",
            "Wellbeing is not a fruit bowl. It is a manager who notices, a break that is "
            "really a break, and enough people on shift to make both possible.",
            "We ask every colleague the same short set of questions each quarter, and every "
            "general manager shares the results with their team, good and bad.",
            "The best recruiters we have are our own colleagues. Almost a third of new hires "
            "this year came through a friend who already works with us.",
        ),
    ),
    "President": (
        (
            Topic(
                "Notes from a week on the road in {city}",
                "Hotels, owners and teams: what I saw this week.",
                "I spent the week in {city} visiting our hotels and the people who run them.",
            ),
            Topic(
                "Our newest hotel opens its doors",
                "A converted building, a local team and a first night full of guests.",
                "This week we opened our newest hotel in {city}, and I was lucky enough to be "
                "at the door for the first guests.",
            ),
            Topic(
                "Travel in the region is changing",
                "Longer stays, later bookings and more guests who mix work and rest.",
                "The way guests travel in our region has changed a great deal in three years.",
            ),
            Topic(
                "Working with local owners",
                "Why our hotels belong to their cities.",
                "Most of our hotels are owned by local families and investors. We work for "
                "them as much as for our guests.",
            ),
        ),
        (
            "Each of our hotels buys most of its food within a day's drive. It is better for "
            "the guest, better for the town and, more often than not, cheaper.",
            "Regional teams are small on purpose. Decisions about a hotel are best made by the "
            "people who can walk its corridors.",
            "Our openings pipeline in the region has never been stronger: four hotels signed "
            "this year, two of them in buildings that have stood for over a century.",
            "The teams I met this week are the reason our guest scores keep rising. They "
            "solve problems before guests notice them.",
        ),
    ),
}
GENERIC = VOICES["President"]
CLOSINGS = (
    "If you have stayed with us recently, I would love to hear what we could do better. "
    "Leave a comment below.",
    "There is more to do, and I will write again about how it goes.",
    "As always, thank you to the colleagues who made this possible.",
    "I will report back in a few months with what worked and what did not.",
    "Questions are welcome in the comments; I read every one.",
)
COMMENTS = (
    "Stayed with you in March and can confirm: the breakfast team were wonderful.",
    "Thank you for writing this so plainly. More companies should explain their thinking.",
    "Interesting read. How do you measure whether this is working?",
    "As a former hotel night porter, this rang very true.",
    "We chose your hotel for our wedding guests partly because of posts like this.",
    "Would love to hear more about how the teams were involved.",
    "Great piece. Sharing it with my own team.",
    "I appreciate the honesty about what did not work the first time.",
    "Any plans to bring this to your other hotels?",
    "Useful perspective for anyone working in hospitality.",
    "This is why we keep coming back.",
)
PENDING_COMMENTS = (
    "Is the rooftop bar open in winter?",
    "Could you write about accessibility next? It matters a lot to our family.",
    "Disagree a little on the second point, but a good read.",
)


def voice_of(person: Person) -> tuple[tuple[Topic, ...], tuple[str, ...]]:
    for key, voice in VOICES.items():
        if key in person.title:
            return voice
    return GENERIC


def populate(ctx: DemoContext) -> None:
    assistants = {
        d.person_id: d.user
        for d in Delegation.objects.filter(
            person__in=ctx.people, kind=Delegation.Kind.ASSISTANT
        ).select_related("user")
    }
    articles: list[Article] = []
    for index, person in enumerate(ctx.people):
        topics, paragraphs = voice_of(person)
        count = min(len(topics), ctx.rng.randint(4, 6) if index < 8 else ctx.rng.randint(2, 3))
        days = sorted(ctx.rng.sample(range(4, 362), count), reverse=True)
        cities = ctx.deck(CITIES)
        for topic, days_ago in zip(ctx.rng.sample(topics, count), days, strict=True):
            city = cities.draw()
            published = ctx.now - dt.timedelta(
                days=days_ago, hours=ctx.rng.randint(0, 10), minutes=ctx.rng.randint(0, 59)
            )
            drafted_by = assistants.get(person.pk) if ctx.rng.random() < 0.3 else None
            articles.append(_article(ctx, person, topic, paragraphs, city, published, drafted_by))
        ctx.progress(LABEL, index + 1, len(ctx.people))
    if ctx.people and ctx.ceo.pk in assistants:  # something waiting on the CEO's approval
        topics, paragraphs = voice_of(ctx.ceo)
        draft = _article(
            ctx, ctx.ceo, topics[0], paragraphs, "Lisbon", None, assistants[ctx.ceo.pk]
        )
        draft.slug = f"{draft.slug}-draft"
        articles.append(draft)
    Article.objects.bulk_create(articles, batch_size=BATCH)
    for article in articles:  # auto_now fields were set on create: date them as published
        article.created_at = article.updated_at = article.published_at or ctx.now
    Article.objects.bulk_update(articles, ["created_at", "updated_at"], batch_size=BATCH)
    for article in articles:
        if article.needs_approval:  # the executive's bell counts what waits for them
            notify_article_awaiting_approval(article, email=False)
    _comments(ctx, [a for a in articles if a.is_published])


def _article(
    ctx: DemoContext,
    person: Person,
    topic: Topic,
    paragraphs: tuple[str, ...],
    city: str,
    published: dt.datetime | None,
    drafted_by: User | None,
) -> Article:
    def fill(text: str) -> str:
        return text.replace("{city}", city).replace("{company}", COMPANY)

    middle = ctx.rng.sample(paragraphs, min(len(paragraphs), ctx.rng.randint(2, 4)))
    body = "\n\n".join(fill(p) for p in [topic.opening, *middle, ctx.rng.choice(CLOSINGS)])
    title = fill(topic.title)
    executive = person.user
    return Article(
        person=person,
        title=title,
        slug=slugify(title)[:100],
        summary=fill(topic.summary),
        body=body,
        body_html=markdown.render(body),
        status=Article.Status.PUBLISHED if published else Article.Status.DRAFT,
        published_at=published,
        created_by=drafted_by or executive,
        edited_by=drafted_by or executive,
        approved_by=executive if drafted_by and published else None,
        approved_at=published - dt.timedelta(hours=3) if drafted_by and published else None,
    )


def _comments(ctx: DemoContext, articles: list[Article]) -> None:
    texts, pending = ctx.deck(COMMENTS), ctx.deck(PENDING_COMMENTS)
    # The newest article of each of the three most senior has a comment waiting.
    newest = {
        max((a for a in articles if a.person_id == p.pk), key=lambda a: a.published_at or ctx.now)
        for p in ctx.people[:3]
        if any(a.person_id == p.pk for a in articles)
    }
    comments: list[Comment] = []
    written_at: list[dt.datetime] = []
    for article in articles:
        assert article.published_at is not None
        statuses = [Comment.Status.APPROVED] * ctx.rng.randint(0, 4)
        if article in newest:
            statuses.append(Comment.Status.PENDING)
        for n, status in enumerate(statuses):
            first, last = ctx.rng.choice(FIRST_NAMES), ctx.rng.choice(LAST_NAMES)
            written = min(
                article.published_at + dt.timedelta(hours=2 + n * ctx.rng.randint(3, 30)), ctx.now
            )
            approved = status == Comment.Status.APPROVED
            written_at.append(written)
            comments.append(
                Comment(
                    article=article,
                    name=f"{first} {last}",
                    email=f"{ascii_slug(first + ' ' + last, separator='.')}@example.net",
                    text=(pending if status == Comment.Status.PENDING else texts).draw(),
                    status=status,
                    moderated_at=min(written + dt.timedelta(hours=1), ctx.now)
                    if approved
                    else None,
                    moderated_by=article.person.user if approved else None,
                )
            )
    Comment.objects.bulk_create(comments, batch_size=BATCH)
    for comment, written in zip(comments, written_at, strict=True):  # auto_now_add set "now"
        comment.created_at = written
    Comment.objects.bulk_update(comments, ["created_at"], batch_size=BATCH)
