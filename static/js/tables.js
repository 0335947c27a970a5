// Wide tables scroll inside their own box on a narrow screen instead of squeezing their
// columns to one character a line or pushing the page sideways (decision 0110). A table
// already inside .table-responsive is left alone; the box can take keyboard focus so it can
// be scrolled without a mouse.
document.querySelectorAll("main table").forEach((table) => {
  if (table.closest(".table-responsive")) return;
  const box = document.createElement("div");
  box.className = "table-responsive table-scroll";
  box.tabIndex = 0;
  box.setAttribute("role", "region");
  const caption = table.querySelector("caption");
  const heading = table.getAttribute("aria-label") || (caption && caption.innerText.trim());
  box.setAttribute("aria-label", heading || document.getElementById("main").dataset.tableLabel);
  table.parentNode.insertBefore(box, table);
  box.appendChild(table);
});
