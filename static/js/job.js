// Polls a background job's status and updates the progress bar; reloads once it finishes.
(function () {
  // The bar's width is set here, not in a style attribute: the CSP allows no inline style.
  document.querySelectorAll(".progress-bar[data-percent]").forEach(function (el) {
    el.style.width = el.dataset.percent + "%";
  });
  var box = document.getElementById("job");
  // After the reload that shows the outcome, move focus to it so screen readers announce it.
  if (box && sessionStorage.getItem("cdpf-job-finished") === box.dataset.statusUrl) {
    sessionStorage.removeItem("cdpf-job-finished");
    var outcome = document.getElementById("job-outcome");
    if (outcome) { outcome.focus(); }
  }
  if (!box || box.dataset.finished === "1") { return; }
  var url = box.dataset.statusUrl;
  var bar = document.getElementById("job-progress");
  function tick() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        bar.setAttribute("aria-valuenow", s.percent);
        bar.firstElementChild.style.width = s.percent + "%";
        bar.firstElementChild.textContent = s.percent + "%";
        document.getElementById("job-status").textContent = s.status_label;
        document.getElementById("job-message").textContent = s.message ? "— " + s.message : "";
        if (s.finished) {
          sessionStorage.setItem("cdpf-job-finished", url);
          window.location.reload();
        } else { setTimeout(tick, 1000); }
      })
      .catch(function () { setTimeout(tick, 3000); });
  }
  setTimeout(tick, 500);
})();
