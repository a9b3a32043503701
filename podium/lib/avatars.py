"""Generated pictures: initials avatars for people and a monogram logo, as PNG bytes.

Everything here is a pure function of its arguments, so the same name gives the same bytes on
the same Pillow version. The font is the one Pillow ships (`ImageFont.load_default(size=...)`,
Pillow >= 10.1 with FreeType), so no system fonts are needed.
"""

from __future__ import annotations

import hashlib
import io
from functools import lru_cache
from typing import Literal

from PIL import Image, ImageDraw, ImageFont

Shape = Literal["circle", "rounded"]

# Muted, friendly colours that all keep white initials above 4.5:1 contrast.
PALETTE = (
    "#1d4ed8",  # blue
    "#0f766e",  # teal
    "#7c3aed",  # violet
    "#b45309",  # amber
    "#be123c",  # rose
    "#15803d",  # green
    "#0e7490",  # cyan
    "#9d174d",  # plum
    "#4338ca",  # indigo
    "#a16207",  # ochre
    "#334155",  # slate
    "#c2410c",  # orange
)

SUPERSAMPLE = 4  # drawn large then reduced, so circle edges and letters come out smooth


def initials_of(name: str) -> str:
    """'Ana María Ruiz' -> 'AR'; one word -> its first letter."""
    words = [w for w in name.split() if w[:1].isalpha()]
    if not words:
        return "?"
    picked = words[:1] + words[-1:] if len(words) > 1 else words
    return "".join(w[0] for w in picked).upper()


def colour_for(name: str) -> str:
    """A palette colour chosen by the name, stable across runs and machines."""
    digest = hashlib.sha256(name.strip().lower().encode()).digest()
    return PALETTE[digest[0] % len(PALETTE)]


def _rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"{colour!r} is not a colour like #1f6feb")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _mix(colour: tuple[int, int, int], other: tuple[int, int, int], share: float) -> tuple:
    return tuple(round(a + (b - a) * share) for a, b in zip(colour, other, strict=True))


@lru_cache(maxsize=16)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def _badge(text: str, colour: str, size: int, shape: Shape, text_share: float) -> Image.Image:
    """A filled shape with a soft vertical shade and `text` centred in white, `size` pixels wide.

    Only the shape's outline and the letters need smoothing, so only they are drawn large
    (SUPERSAMPLE times) and reduced; the shade is drawn at the final size.
    """
    big = size * SUPERSAMPLE
    mask = Image.new("L", (big, big), 0)
    mask_draw = ImageDraw.Draw(mask)
    if shape == "circle":
        mask_draw.ellipse((0, 0, big - 1, big - 1), fill=255)
    else:
        mask_draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 5, fill=255)

    letters = Image.new("L", (big, big), 0)
    letters_draw = ImageDraw.Draw(letters)
    font = _font(round(big * text_share))
    stroke = max(1, big // 120)  # the bundled font is regular weight: a hairline stroke bolds it
    left, upper, right, lower = letters_draw.textbbox((0, 0), text, font=font, stroke_width=stroke)
    x = (big - (right - left)) / 2 - left
    y = (big - (lower - upper)) / 2 - upper
    letters_draw.text((x, y), text, font=font, fill=255, stroke_width=stroke, stroke_fill=255)

    # Lighter at the top, the colour itself at the bottom.
    base = _rgb(colour)
    shade = Image.linear_gradient("L").resize((size, size))
    fill = Image.composite(
        Image.new("RGB", (size, size), base),
        Image.new("RGB", (size, size), _mix(base, (255, 255, 255), 0.18)),
        shade,
    )
    fill.paste((255, 255, 255), (0, 0), letters.reduce(SUPERSAMPLE))
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    image.paste(fill, (0, 0), mask.reduce(SUPERSAMPLE))
    return image


def initials_avatar(
    name: str, *, colour: str | None = None, size: int = 256, shape: Shape = "circle"
) -> bytes:
    """A PNG of the name's initials on a coloured circle (or rounded square)."""
    initials = initials_of(name)
    share = 0.42 if len(initials) < 3 else 0.34
    return _png(_badge(initials, colour or colour_for(name), size, shape, share))


def monogram_logo(letters: str, *, colour: str, size: int = 256) -> bytes:
    """A logo: up to three letters on a rounded square in the brand colour, with an inner rule."""
    letters = letters.strip()[:3] or "?"
    image = _badge(letters, colour, size, "rounded", 0.40 if len(letters) < 3 else 0.30)
    # The inner rule gives the mark a crest-like finish that a plain avatar lacks.
    draw = ImageDraw.Draw(image)
    inset = round(size * 0.07)
    draw.rounded_rectangle(
        (inset, inset, size - 1 - inset, size - 1 - inset),
        radius=round(size * 0.14),
        outline=(255, 255, 255, 150),
        width=max(1, size // 90),
    )
    return _png(image)
