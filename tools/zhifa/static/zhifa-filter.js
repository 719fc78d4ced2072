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

// Sortable tables: click a column heading to sort by it (again to reverse); numbers sort as numbers and
// periods by their length ("24 小时" < "5 个工作日" < "15 日" < "3 个月" < "1 年").
(function () {
  "use strict";
  var DAYS = { "小时": 1 / 24, "日": 1, "天": 1, "工作日": 7 / 5, "个工作日": 7 / 5, "周": 7, "个月": 30, "月": 30, "年": 365 };
  function duration(text) {
    var m = /^(\d+(?:\.\d+)?)\s*(个工作日|工作日|小时|个月|月|日|天|周|年)/.exec(text);
    if (m) return parseFloat(m[1]) * DAYS[m[2]];
    return parseFloat(text);
  }
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
          var nx = duration(x), ny = duration(y);
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

// Flowcharts: 放大 / 缩小 / 适应宽度 buttons. A chart wider than the column scrolls inside its frame (swipe,
// drag with the mouse, or arrow keys); on a phone it opens at a readable size instead of shrunk to the width.
// The steps stay links to their sections.
(function () {
  "use strict";
  var READABLE = 0.8;  // scale at which the chart's 16 px labels read as about 13 px
  document.querySelectorAll(".zf-flowchart").forEach(function (frame, n) {
    var svg = frame.querySelector("svg");
    if (!svg || !svg.viewBox || !svg.viewBox.baseVal || !svg.viewBox.baseVal.width) return;
    var natural = svg.viewBox.baseVal.width, ratio = svg.viewBox.baseVal.height / natural;
    frame.classList.add("zf-zoomable");
    frame.tabIndex = 0;
    frame.setAttribute("role", "region");
    frame.setAttribute("aria-label", "流程图（可缩放、拖动；点击环节查看说明）");
    var tools = document.createElement("div");
    tools.className = "zf-chart-tools";
    tools.setAttribute("role", "group");
    tools.setAttribute("aria-label", "流程图缩放");
    function button(text, label, onClick) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = text;
      b.setAttribute("aria-label", label);
      b.addEventListener("click", onClick);
      tools.appendChild(b);
      return b;
    }
    var scale = 1;
    var out = button("－", "缩小", function () { zoom(scale / 1.25); });
    var shown = document.createElement("span");
    shown.className = "zf-chart-scale";
    shown.setAttribute("aria-live", "polite");
    tools.appendChild(shown);
    var inn = button("＋", "放大", function () { zoom(scale * 1.25); });
    button("适应宽度", "适应宽度", function () { zoom(fit()); });
    button("原始大小", "原始大小", function () { zoom(1); });
    var hint = document.createElement("span");
    hint.className = "zf-chart-hint";
    tools.appendChild(hint);
    frame.parentNode.insertBefore(tools, frame);
    function fit() { return Math.min(1, (frame.clientWidth - 2) / natural); }
    function zoom(to, keepCenter) {
      to = Math.max(fit(), Math.min(2, to));
      var cx = (frame.scrollLeft + frame.clientWidth / 2) / (natural * scale);
      var cy = (frame.scrollTop + frame.clientHeight / 2) / (natural * ratio * scale);
      scale = to;
      svg.style.width = Math.round(natural * scale) + "px";
      svg.style.height = Math.round(natural * ratio * scale) + "px";
      svg.style.maxWidth = "none";
      if (keepCenter !== false) {
        frame.scrollLeft = cx * natural * scale - frame.clientWidth / 2;
        frame.scrollTop = cy * natural * ratio * scale - frame.clientHeight / 2;
      }
      shown.textContent = Math.round(scale * 100) + "%";
      out.disabled = scale <= fit() + 0.001;
      inn.disabled = scale >= 2 - 0.001;
      hint.textContent = scale < 0.6 ? "字太小时点“＋”或双击图中某处放大，放大后可上下左右滑动查看；点击环节跳到说明。"
        : natural * scale > frame.clientWidth + 1 ? "上下左右滑动（或拖动）查看全图，点击环节跳到说明。" : "点击环节跳到说明。";
    }
    // legible from the start: the whole chart when that keeps the labels readable (a desktop column), otherwise
    // (a phone) at a readable size, scrolled to the chart's middle where the first steps are; 适应宽度 shows it whole
    zoom(fit() >= 0.6 ? fit() : READABLE, false);
    frame.scrollLeft = Math.max(0, (frame.scrollWidth - frame.clientWidth) / 2);
    frame.addEventListener("dblclick", function (ev) {
      ev.preventDefault();
      var r = frame.getBoundingClientRect(), px = ev.clientX - r.left + frame.scrollLeft, py = ev.clientY - r.top + frame.scrollTop;
      var before = scale, to = scale < READABLE - 0.01 ? READABLE : fit();
      zoom(to, false);
      frame.scrollLeft = px * (scale / before) - (ev.clientX - r.left);
      frame.scrollTop = py * (scale / before) - (ev.clientY - r.top);
    });
    // drag with the mouse (touch scrolls natively); a drag is not a click on a step
    var drag = null, moved = false;
    frame.addEventListener("pointerdown", function (ev) {
      if (ev.pointerType !== "mouse" || ev.button !== 0) return;
      drag = { x: ev.clientX, y: ev.clientY, left: frame.scrollLeft, top: frame.scrollTop };
      moved = false;
    });
    window.addEventListener("pointermove", function (ev) {
      if (!drag) return;
      var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (!moved && Math.abs(dx) + Math.abs(dy) < 6) return;
      moved = true;
      frame.classList.add("is-dragging");
      frame.scrollLeft = drag.left - dx;
      frame.scrollTop = drag.top - dy;
    });
    window.addEventListener("pointerup", function () { drag = null; frame.classList.remove("is-dragging"); });
    frame.addEventListener("click", function (ev) { if (moved) { ev.preventDefault(); ev.stopPropagation(); moved = false; } }, true);
    frame.addEventListener("keydown", function (ev) {
      if (ev.target !== frame) return;
      if (ev.key === "+" || ev.key === "=") { ev.preventDefault(); zoom(scale * 1.25); }
      else if (ev.key === "-") { ev.preventDefault(); zoom(scale / 1.25); }
    });
    var width = frame.clientWidth;
    window.addEventListener("resize", function () {
      if (frame.clientWidth === width) return;
      width = frame.clientWidth;
      zoom(scale);
    });
    frame.setAttribute("data-zf-chart", String(n));
  });
})();
