// Tables with a filter: show only the rows of the chosen value (ES2020, no framework).
(function () {
  "use strict";
  document.querySelectorAll("select[data-zf-filter]").forEach(function (select) {
    var table = document.getElementById(select.getAttribute("data-zf-filter"));
    if (!table) return;
    select.addEventListener("change", function () {
      var v = select.value;
      table.querySelectorAll("tbody tr").forEach(function (row) {
        row.hidden = v !== "" && !row.classList.contains("zf-fv-" + v);
      });
    });
  });
})();

// Sortable tables: click a column heading to sort by it (again to reverse); numbers sort as numbers.
(function () {
  "use strict";
  document.querySelectorAll("table.zf-sortable").forEach(function (table) {
    var body = table.querySelector("tbody");
    table.querySelectorAll("thead th").forEach(function (th, col) {
      th.tabIndex = 0;
      th.setAttribute("role", "button");
      th.title = "点击排序";
      var dir = 1;
      function sort() {
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].textContent.trim(), y = b.cells[col].textContent.trim();
          var nx = parseFloat(x), ny = parseFloat(y);
          var cmp = !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y, "zh-CN");
          return cmp * dir;
        });
        rows.forEach(function (r) { body.appendChild(r); });
        table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
        dir = -dir;
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); sort(); } });
    });
  });
})();
