"""People, not machines: who asked for a short link.

Everyone is redirected; only people are counted. Off the redirect's path (the worker that
stores clicks classifies them), with one answer per user agent remembered, since crawlerdetect
takes about half a millisecond a call and misses the link-preview fetchers named below.
"""

from __future__ import annotations

import re
from functools import lru_cache

from crawlerdetect import CrawlerDetect

from podium.links.models import Click

Kind = Click.Kind

# Fetchers that read a link to draw its preview card, by network or app. Each Mastodon (and
# Pleroma, Misskey...) server fetches a link itself, so a post makes hundreds of these at once.
PREVIEW_FETCHERS = re.compile(
    r"Mastodon/|Pleroma|Akkoma|Misskey|GoToSocial|Friendica|Pixelfed|"
    r"Cardyb|Bluesky|"
    r"Slackbot|Slack-ImgProxy|Discordbot|TelegramBot|WhatsApp/|"
    r"Applebot|facebookexternalhit|Facebot|meta-externalagent|LinkedInBot|Twitterbot|"
    r"Iframely|Embedly|redditbot|SkypeUriPreview|Google-PageRenderer|vkShare|Snapchat",
    re.IGNORECASE,
)
_detector = CrawlerDetect()


@lru_cache(maxsize=4096)
def by_agent(user_agent: str) -> str:
    """human, bot or preview for a user agent (remembered: a few thousand agents a day)."""
    agent = user_agent.strip()
    if PREVIEW_FETCHERS.search(agent):
        return Kind.PREVIEW
    if not agent or _detector.isCrawler(agent):
        return Kind.BOT
    return Kind.HUMAN


def is_prefetch(method: str, purpose: str) -> bool:
    """A HEAD request, or a browser's prefetch (`Purpose: prefetch`, `Sec-Purpose: prefetch`)."""
    return method.upper() == "HEAD" or "prefetch" in purpose.lower()


def classify(method: str, user_agent: str, purpose: str = "") -> str:
    if is_prefetch(method, purpose):
        return Kind.HEAD_PREFETCH
    return by_agent(user_agent[:500])
