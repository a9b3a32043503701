"""The REST API: one NinjaAPI; each app adds its router."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Podium API",
    version="1",
    description="Everything the Podium UI does, over HTTP. Authenticate with a personal API "
    "token: `Authorization: Bearer pdm_…` (create one under Settings → API tokens).",
)
