// Search page: Pagefind UI, pre-filled from ?q= (the sidebar search box submits here).
(function () {
  "use strict";
  var ui = new PagefindUI({
    element: "#zf-search",
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    translations: { placeholder: "搜索条款、术语、文书……", zero_results: "没有找到“[SEARCH_TERM]”的结果" }
  });
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) { ui.triggerSearch(q); }
})();
