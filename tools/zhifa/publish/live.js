// zhifa serve only (never in the built site): reload after a rebuild, show the problems of a broken edit.
(function () {
  "use strict";
  // the build this page was served from (the server writes it into the script's address)
  var seen = Number(new URL(document.currentScript.src).searchParams.get("v")) || null;
  var box = null;

  function show(problems, building) {
    if (!problems.length && !building) {
      if (box) box.remove();
      box = null;
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "zf-live";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:10000;max-height:50vh;overflow:auto;" +
        "padding:.75em 1em;font:14px/1.5 sans-serif;color:#fff;background:" + (problems.length ? "#b3261e" : "#333");
      document.body.appendChild(box);
    }
    box.style.background = problems.length ? "#b3261e" : "#333";
    box.textContent = "";
    var head = document.createElement("strong");
    head.textContent = problems.length ? "修改后无法构建，页面仍是上次成功构建的内容。请处理以下问题：" : "正在重新构建…";
    box.appendChild(head);
    if (problems.length) {
      var list = document.createElement("ul");
      list.style.margin = ".25em 0 0";
      problems.forEach(function (p) {
        var li = document.createElement("li");
        li.textContent = (p.where ? p.where + "：" : "") + p.text;  // text only: content never becomes markup
        list.appendChild(li);
      });
      box.appendChild(list);
    }
  }

  // the server holds each request until the build state changes (or ~20 s pass): news arrives at once
  function poll(after) {
    fetch("/_zhifa/live.json" + (after === null ? "" : "?after=" + after), { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (seen !== null && s.version !== seen) { location.reload(); return; }
        seen = s.version;
        show(s.problems, s.building);
        poll(s.serial);
      })
      .catch(function () { setTimeout(function () { poll(null); }, 1000); });  // the server stopped or restarts
  }
  poll(null);
})();
