"""Navigation shown in the page header, built from the user's roles and the links the apps
registered (cdpf/navigation.py)."""

from cdpf import roles
from cdpf.navigation import links_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.region_id is None:
        return {"nav_links": []}
    links = links_for(user)  # each app registers its own link (cdpf/navigation.py)
    current = request.path
    return {
        "nav_links": [
            {
                "label": label,
                "url": url,
                "current": current == url or (url != "/" and current.startswith(url)),
            }
            for label, url in links
        ],
        "user_roles": [roles.ROLE_LABELS[r] for r in roles.ALL_ROLES if user.has_role(r)],
    }
