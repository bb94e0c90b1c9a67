// Injected into `govinfo validate --format html` by tests/test_overview.py and run by headless Chromium.
// It reads the overview table as a person sees it, sorts it by the errors column (twice: descending,
// then ascending) through the header's button, opens each report's findings through its row's button,
// filters, and writes what it saw as JSON into a pre element (id overview-verdict) for --dump-dom.
(function () {
  function rows() {
    return Array.prototype.map.call(document.querySelectorAll("#overview tbody.report"), function (body) {
      var cells = body.querySelector("tr.row").cells;
      return { file: cells[8].textContent, errors: Number(cells[5].textContent),
               warnings: Number(cells[6].textContent), hidden: body.hidden };
    });
  }
  function header(name) {
    return document.querySelector('#overview thead th[data-key="' + name + '"] button');
  }
  var verdict = { initial: rows() };
  header("errors").click();
  verdict.errorsFirstClick = rows().map(function (r) { return r.errors; });
  header("errors").click();
  verdict.errorsSecondClick = rows().map(function (r) { return r.errors; });
  verdict.findings = {};
  document.querySelectorAll("#overview tbody.report").forEach(function (body) {
    var button = body.querySelector("button.open"), list = body.querySelector("tr.findings");
    var before = list.hidden;
    button.click();
    verdict.findings[body.querySelector("tr.row").cells[8].textContent] = {
      closedBefore: before, openAfter: !list.hidden, expanded: button.getAttribute("aria-expanded"),
      errors: list.querySelectorAll("li.error").length, warnings: list.querySelectorAll("li.warning").length };
  });
  var only = document.getElementById("with-errors");
  only.click();
  verdict.withErrorsShown = rows().filter(function (r) { return !r.hidden; }).map(function (r) { return r.file; });
  only.click();
  var filter = document.getElementById("filter");
  filter.value = "PINGTAN";
  filter.dispatchEvent(new Event("input"));
  verdict.filteredShown = rows().filter(function (r) { return !r.hidden; }).map(function (r) { return r.file; });
  verdict.scripts = document.querySelectorAll("script[src], link[href], img[src]").length;
  var pre = document.createElement("pre");
  pre.id = "overview-verdict";
  pre.textContent = JSON.stringify(verdict);
  document.body.appendChild(pre);
})();
