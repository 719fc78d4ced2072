// Installable and offline: registers the service worker the build generated (sw.js at the site root) where the
// browser allows one (HTTPS or localhost); a rebuilt site's new worker takes over only while no mock exam is
// open, so an exam in progress keeps the pages and bank it started with and the new version arrives on the
// next visit. On plain HTTP from another host the site works online and the practice pages say that offline
// use needs HTTPS. ES2020.
(function () {
  "use strict";
  var root = document.documentElement.getAttribute("data-content_root") || "./";
  var S = window.ZhifaStore;

  function examOpen() {
    var exam = S ? S.load().exam : null;
    return !!exam && !exam.submitted && Date.now() < exam.endsAt;
  }

  if (!/^https?:$/.test(window.location.protocol)) return;  // file://: no worker, nothing to say
  if (!window.isSecureContext || !("serviceWorker" in navigator)) {
    var app = document.querySelector(".zf-app, [data-zf-practice]");
    if (app) {
      var note = document.createElement("p");
      note.className = "zf-offline-note";
      note.setAttribute("role", "note");
      note.textContent = "本站通过 HTTP 打开：在线练习和考试不受影响；要安装到手机主屏幕并在没有网络时使用，需要通过 HTTPS（或在本机用 localhost）访问本站。";
      app.parentNode.insertBefore(note, app);
    }
    return;
  }

  // `zhifa serve`'s live preview reloads pages as sources change: no offline copy may stand in for them there
  if (document.querySelector("script[src*='/_zhifa/live']")) {
    navigator.serviceWorker.getRegistrations().then(function (regs) { regs.forEach(function (r) { r.unregister(); }); });
    return;
  }

  function offer(worker) {  // let a waiting new version take over unless an exam is in progress (in any tab)
    if (worker && !examOpen()) worker.postMessage({ type: "SKIP_WAITING" });
  }
  navigator.serviceWorker.register(root + "sw.js", { scope: root }).then(function (reg) {
    if (!reg) return;  // workers blocked by policy (an intranet's managed browser): the site still works online
    offer(reg.waiting);
    if (navigator.onLine) reg.update().catch(function () { /* offline or the server is down: later */ });  // a rebuilt site
    reg.addEventListener("updatefound", function () {
      var w = reg.installing;
      if (!w) return;
      w.addEventListener("statechange", function () { if (w.state === "installed" && navigator.serviceWorker.controller) offer(w); });
    });
    if (S) S.onChange(function () { offer(reg.waiting); });  // an exam handed in in another tab
    window.addEventListener("zhifa-exams", function () { offer(reg.waiting); });  // ... or in this one
  }, function () { /* not allowed here (e.g. private mode): the site still works online */ });
})();
