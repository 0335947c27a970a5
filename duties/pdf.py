"""The register printed: 部门职责登记表 and 公共服务事项登记表 in the official layout.

A duty whose items run onto the next page is printed there again with its number and text
marked （续）, as a printed official table does: the merged cells of a split row group would
otherwise leave the top of the page without a 序号. Where the page breaks is only known after
layout, so the table is laid out, split at the page breaks, and laid out again."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.template.loader import render_to_string

from cdpf.pdf import (
    _stylesheet_and_fonts,  # the same stylesheet and fonts as the print
    render_and_store,
)
from duties.selectors import latest_version

TEMPLATE = "pdf/duty_register.html"
MAX_LAYOUTS = 4  # a split never moves a break backwards; two or three passes settle it


def register_context(
    snapshot: dict,
    *,
    date: datetime.date,
    version,
    unpublished: bool = False,
    breaks: frozenset = frozenset(),
) -> dict:
    """The rows of the duty table; `breaks` are the row indexes that start a new page, where
    a duty that goes on is repeated with （续）."""
    rows = []
    for duty in snapshot["duties"]:
        group_start = len(rows)
        for index, item in enumerate(duty["items"]):
            position = len(rows)
            starts_group = index == 0 or position in breaks
            if starts_group and index:
                group_start = position
            rows.append(
                {
                    "duty": duty,
                    "item": item,
                    "first": starts_group,
                    "continued": starts_group and index > 0,
                    "group": group_start,
                    "index": position,
                }
            )
    for row in rows:
        row["span"] = sum(1 for other in rows if other["group"] == row["group"])
    return {
        "register": snapshot,
        "rows": rows,
        "date": date,
        "version": version,
        "unpublished": unpublished,
    }


def _rows_by_page(markup: str) -> list[set[int]]:
    """For each laid-out page, the indexes of the duty rows (id="row-N") that start on it."""
    from weasyprint import HTML  # noqa: PLC0415  (heavy: WeasyPrint loads only where a PDF is laid out)


    stylesheet, fonts = _stylesheet_and_fonts()
    document = HTML(string=markup, base_url=str(settings.BASE_DIR)).render(
        stylesheets=[stylesheet], font_config=fonts
    )
    pages, seen = [], set()
    for page in document.pages:
        found = set()
        for box in page._page_box.descendants():
            element_id = (getattr(box, "element", None) is not None) and box.element.get("id")
            if element_id and element_id.startswith("row-"):
                index = int(element_id[4:])
                if index not in seen:
                    seen.add(index)
                    found.add(index)
        pages.append(found)
    return pages


def register_layout(snapshot: dict, **context) -> dict:
    """The register's context with every page break of the duty table marked."""
    breaks: frozenset = frozenset()
    layout = register_context(snapshot, **context)
    for _attempt in range(MAX_LAYOUTS):
        pages = [rows for rows in _rows_by_page(render_to_string(TEMPLATE, layout)) if rows]
        new_breaks = frozenset(min(rows) for rows in pages[1:]) | breaks
        if new_breaks == breaks:
            break
        breaks = new_breaks
        layout = register_context(snapshot, breaks=breaks, **context)
    return layout


def register_markup(snapshot: dict, **context) -> str:
    """The register's HTML with every page break of the duty table marked."""
    return render_to_string(TEMPLATE, register_layout(snapshot, **context))


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
        latest = latest_version(region)
        unpublished = latest is None or latest.snapshot != snapshot
    region_name = snapshot["region"]["name"]
    edition = edition_label(version, unpublished)
    title = f"{region_name}残疾人联合会责任清单（{edition}，{date:%Y-%m-%d}）"
    return render_and_store(
        TEMPLATE,
        register_layout(snapshot, date=date, version=version, unpublished=unpublished),
        actor=actor,
        kind="duty_register",
        title=title,
        region=region,
        obj=version,
        prefix="ZZQD",
    )
