/* The request form: caption counters per platform as the user types (limits from the server). */
(function () {
  "use strict";

  function number(n) {
    return n.toLocaleString(document.documentElement.lang || "id");
  }

  function show(element, text, over) {
    // Write only what changed: a needless write makes the browser lay the page out again.
    if (element.textContent !== text) element.textContent = text;
    if (element.classList.contains("over") !== over) element.classList.toggle("over", over);
  }

  function counterFor(textarea) {
    var counter = document.createElement("p");
    counter.className = "counter small";
    counter.id = textarea.id + "_counter";
    counter.setAttribute("aria-live", "polite");
    textarea.insertAdjacentElement("afterend", counter);
    var described = textarea.getAttribute("aria-describedby");
    textarea.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    return counter;
  }

  function setup(form) {
    var over = form.getAttribute("data-over") || "";
    var caption = form.querySelector("textarea[data-caption-limits]");
    if (!caption) return;
    var limits = JSON.parse(caption.getAttribute("data-caption-limits"));
    var general = counterFor(caption);
    var own = {};
    form.querySelectorAll("textarea[data-platform][data-limit]").forEach(function (box) {
      own[box.getAttribute("data-platform")] = { box: box, counter: counterFor(box) };
    });

    function labelOf(platform) {
      var box = form.querySelector('input[name$="platforms"][value="' + platform + '"]');
      var label = box && box.id ? form.querySelector('label[for="' + box.id + '"]') : null;
      return { chosen: !!(box && box.checked), name: label ? label.textContent.trim() : platform };
    }

    function update() {
      var parts = [];
      var anyOver = false;
      var chosen = Object.keys(limits).filter(function (p) { return labelOf(p).chosen; });
      var shown = chosen.length ? chosen : Object.keys(limits);
      shown.forEach(function (platform) {
        var specific = own[platform] ? own[platform].box.value : "";
        var length = (specific || caption.value).length;
        var tooLong = length > limits[platform];
        anyOver = anyOver || (tooLong && chosen.length > 0);
        parts.push(labelOf(platform).name + ": " + number(length) + "/" + number(limits[platform]) + (tooLong ? " (" + over + ")" : ""));
      });
      show(general, parts.join(" · "), anyOver);
      Object.keys(own).forEach(function (platform) {
        var item = own[platform];
        var length = item.box.value.length;
        var limit = Number(item.box.getAttribute("data-limit"));
        show(item.counter, number(length) + "/" + number(limit) + (length > limit ? " (" + over + ")" : ""), length > limit);
      });
    }

    form.addEventListener("input", function (event) {
      if (event.target.tagName === "TEXTAREA") update();
    });
    form.addEventListener("change", function (event) {
      if (/platforms$/.test(event.target.name || "")) update();
    });
    update();
  }

  function ready() {
    document.querySelectorAll("form[data-caption-form]").forEach(setup);
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
