// Search suggestions: fills a <datalist> for every input marked data-suggest. Without
// JavaScript the search boxes work as plain searches.
(function () {
  "use strict";
  var list = document.getElementById("search-suggestions");
  if (!list || !window.fetch) return;
  var endpoint = list.getAttribute("data-endpoint");
  var timer = null;
  var last = "";
  function update(value) {
    if (value.length < 2 || value === last) return;
    last = value;
    fetch(endpoint + "?q=" + encodeURIComponent(value), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (data) {
        list.textContent = "";
        data.suggestions.forEach(function (label) {
          var option = document.createElement("option");
          option.value = label;
          list.appendChild(option);
        });
      })
      .catch(function () { /* suggestions are a comfort, never a requirement */ });
  }
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { update(input.value.trim()); }, 200);
    });
  });
})();
