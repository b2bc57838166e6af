// "In bài": shows the print button (a page without scripts prints from the browser's menu)
// and puts the print date in the printout's header, whichever way printing starts.
(function () {
  "use strict";
  var dateLine = document.querySelector("[data-print-date]");
  var pad = function (n) { return String(n).padStart(2, "0"); };

  function stampDate() {
    if (!dateLine) { return; }
    var now = new Date();
    dateLine.querySelector("span").textContent =
      pad(now.getDate()) + "/" + pad(now.getMonth() + 1) + "/" + now.getFullYear() +
      " " + pad(now.getHours()) + ":" + pad(now.getMinutes());
    dateLine.hidden = false;
  }

  window.addEventListener("beforeprint", stampDate);
  var print = window.matchMedia && window.matchMedia("print");
  if (print && print.addEventListener) {
    print.addEventListener("change", function (event) { if (event.matches) { stampDate(); } });
  }
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      stampDate();
      window.print();
    });
  });
}());
