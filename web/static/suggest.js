// Suggestions as the shopper types: fills the search box's <datalist> from /api/v1/suggest.
// Progressive: without this script (or without fetch) the box is a plain text field.
(function () {
  "use strict";
  var list = document.getElementById("q-suggestions");
  var box = document.getElementById("q");
  if (!list || !box || !window.fetch || !list.replaceChildren) {
    return;
  }
  box.setAttribute("list", list.id);
  box.setAttribute("autocomplete", "off");
  var timer = null;
  var last = "";

  function option(suggestion) {
    var item = document.createElement("option");
    item.value = suggestion.text;
    return item;
  }

  function refresh() {
    var typed = box.value.trim();
    if (!typed || typed === last) {
      return;
    }
    last = typed;
    var url = new URL(list.getAttribute("data-source"), window.location.href);
    url.searchParams.set("q", typed);
    fetch(url.toString(), { headers: { Accept: "application/json" } })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (data) {
        if (data && box.value.trim() === typed) {
          list.replaceChildren.apply(list, data.suggestions.map(option));
        }
      })
      .catch(function () { /* no suggestions: the box still searches */ });
  }

  box.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 120);
  });
})();
