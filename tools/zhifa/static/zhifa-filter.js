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
