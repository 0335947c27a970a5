// Wide tables scroll inside their own box on a narrow screen instead of squeezing their
// columns to one character a line or pushing the page sideways (decision 0110). A table
// without a box gets one; a box the template made (.table-responsive) is kept. Either way
// the box can take keyboard focus, so it can be scrolled without a mouse, and is named after
// its table (axe: scrollable-region-focusable).
document.querySelectorAll("main table").forEach((table) => {
  let box = table.closest(".table-responsive");
  if (!box) {
    box = document.createElement("div");
    box.className = "table-responsive";
    table.parentNode.insertBefore(box, table);
    box.appendChild(table);
  }
  if (box.classList.contains("table-scroll")) return;
  box.classList.add("table-scroll");
  box.tabIndex = 0;
  box.setAttribute("role", "region");
  const caption = table.querySelector("caption");
  const heading = table.getAttribute("aria-label") || (caption && caption.textContent.trim());
  box.setAttribute("aria-label", heading || document.getElementById("main").dataset.tableLabel);
});
