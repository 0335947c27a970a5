"""Staff pages of 通办: intake at the residence, each side's steps, delivery, ratings.

One module per part of the work (decision 0250); every view is re-exported here for urls.py.
The public pages (lookup and rating by the applicant) are tongban/public_views.py."""

from tongban.views.after_delivery import (
    LEVELS,
    case_rate,
    follow_up,
    follow_ups,
    rating_cases,
    ratings,
)
from tongban.views.casework import (
    RESIDENCE_SIMPLE,
    case_assess,
    case_detail,
    case_dispatch,
    case_handover,
    case_missing,
    case_post,
    case_receipt,
    case_step,
    cases,
    intake,
)
from tongban.views.common import DASHBOARD, WORKERS

__all__ = [
    "DASHBOARD",
    "LEVELS",
    "RESIDENCE_SIMPLE",
    "WORKERS",
    "case_assess",
    "case_detail",
    "case_dispatch",
    "case_handover",
    "case_missing",
    "case_post",
    "case_rate",
    "case_receipt",
    "case_step",
    "cases",
    "follow_up",
    "follow_ups",
    "intake",
    "rating_cases",
    "ratings",
]
