"""Views of supervision: thin — permission (the role table of supervision.rules), form,
service, redirect. One module per part of the work."""

from supervision.views.complaints import *  # noqa: F401,F403
from supervision.views.inspections import *  # noqa: F401,F403
from supervision.views.measures import *  # noqa: F401,F403
from supervision.views.plans import *  # noqa: F401,F403
from supervision.views.police import *  # noqa: F401,F403
