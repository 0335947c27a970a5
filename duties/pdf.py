"""The register printed: 部门职责登记表 and 公共服务事项登记表 in the official layout."""

from __future__ import annotations

import datetime

from cdpf.pdf import render_and_store


def register_context(
    snapshot: dict, *, date: datetime.date, version, unpublished: bool = False
) -> dict:
    rows = []
    for duty in snapshot["duties"]:
        for index, item in enumerate(duty["items"]):
            rows.append(
                {
                    "duty": duty,
                    "item": item,
                    "first": index == 0,
                    "span": len(duty["items"]),
                }
            )
    return {
        "register": snapshot,
        "rows": rows,
        "date": date,
        "version": version,
        "unpublished": unpublished,
    }


def register_document(*, actor, snapshot: dict, region, date: datetime.date, version):
    """Render the register and keep the printed copy as a numbered document."""
    unpublished = False
    if version is None:
        from duties.selectors import latest_version

        latest = latest_version(region)
        unpublished = latest is None or latest.snapshot != snapshot
    title = f"{snapshot['region']['name']}残疾人联合会责任清单（{date:%Y-%m-%d}）"
    return render_and_store(
        "pdf/duty_register.html",
        register_context(snapshot, date=date, version=version, unpublished=unpublished),
        actor=actor,
        kind="duty_register",
        title=title,
        region=region,
        obj=version,
        prefix="ZZQD",
    )
