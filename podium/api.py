"""The REST API: one NinjaAPI; each app adds its router.

Every endpoint needs authentication: a personal API token, or the browser's session (with the
CSRF token on writes) so that the UI and the interactive docs can call it too. Permissions are
the UI's: the same role sets and `access_*` helpers, and writes go through the same actions,
audited with via="api".
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.operation import Operation

from podium.accounts.api import router as accounts_router
from podium.accounts.api_auth import BearerToken, BrowserSession
from podium.advocates.api import router as advocates_router
from podium.blog.api import comments_router
from podium.blog.api import router as articles_router
from podium.governance.api import router as governance_router
from podium.governance.api_approvals import router as approvals_router
from podium.governance.api_objectives import router as objectives_router
from podium.ideas.api import router as ideas_router
from podium.lib.api import (
    install_error_handlers,
)
from podium.links.api import router as links_router
from podium.org.api import router as org_router
from podium.policy.api import router as policy_router
from podium.publishing.api import router as posts_router
from podium.system.api import router as system_router


class PodiumAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """Short ids (list_people, not podium_org_api_list_people) for generated clients."""
        return operation.view_func.__name__


api = PodiumAPI(
    title="Podium API",
    version="1",
    description=(
        "Everything the Podium UI does, over HTTP, with the same permissions.\n\n"
        "**Authenticate** with a personal API token: `Authorization: Bearer pdm_…` (create one "
        "under Settings → API tokens). In a browser where you are signed in, the session works "
        "too.\n\n"
        "**Errors** are JSON: `detail` says what went wrong and how to fix it; `errors` maps "
        "each field that needs fixing to a message. Lists are paginated with `page` and "
        "`page_size`."
    ),
    auth=[BearerToken(), BrowserSession()],
    urls_namespace="api",
)
install_error_handlers(api)

api.add_router("", accounts_router)
api.add_router("", org_router)
api.add_router("", posts_router)
api.add_router("", articles_router)
api.add_router("", comments_router)
api.add_router("", ideas_router)
api.add_router("", governance_router)
api.add_router("", objectives_router)
api.add_router("", approvals_router)
api.add_router("", advocates_router)
api.add_router("", policy_router)
api.add_router("", links_router)
api.add_router("", system_router)


def unknown_address(request: HttpRequest, rest: str) -> HttpResponse:
    """Below /api/, an address the API does not have answers in the API's error shape too."""
    return JsonResponse(
        {
            "detail": f"The API has no address /api/{rest}: see /api/docs for the ones it has.",
            "errors": {},
        },
        status=404,
    )
