"""The register printed: 部门职责登记表 and 公共服务事项登记表 in the official layout."""

from __future__ import annotations

import datetime

from cdpf.pdf import document_store, render_pdf


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


def edition_label(version, unpublished: bool) -> str:
    """Which copy this is: a published version, or the current register (published or not),
    so kept copies of different versions never share a title."""
    if version is not None:
        return f"第{version.number}版"
    return "现行清单，含未发布的修改" if unpublished else "现行清单"


def register_document(*, actor, snapshot: dict, region, date: datetime.date, version):
    """Render the register and keep the printed copy as a numbered document."""
    unpublished = False
    if version is None:
        from duties.selectors import latest_version

        latest = latest_version(region)
        unpublished = latest is None or latest.snapshot != snapshot
    content = render_pdf(
        "pdf/duty_register.html",
        register_context(snapshot, date=date, version=version, unpublished=unpublished),
    )
    title = f"{snapshot['region']['name']}残疾人联合会责任清单（{edition_label(version, unpublished)}，{date:%Y-%m-%d}）"
    return document_store(
        actor=actor,
        kind="duty_register",
        title=title,
        content=content,
        region=region,
        obj=version,
        prefix="ZZQD",
    )
