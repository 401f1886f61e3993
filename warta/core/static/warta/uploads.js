// A file over the upload limit is refused as soon as it is chosen, before it is sent (the server
// stops reading it at the limit anyway). Inputs made by warta.core.uploads.UploadInput carry the
// limit (data-max-bytes) and the message in the page's language (data-too-large).
(function () {
  "use strict";

  function check(input) {
    var max = parseInt(input.dataset.maxBytes, 10);
    var files = Array.prototype.slice.call(input.files || []);
    var tooLarge = files.some(function (file) { return file.size > max; });
    var id = input.id + "_size_error";
    var note = document.getElementById(id);
    if (tooLarge) {
      input.value = "";
      if (!note) {
        note = document.createElement("p");
        note.id = id;
        note.className = "error";
        note.setAttribute("role", "alert");
        input.insertAdjacentElement("afterend", note);
      }
      note.textContent = input.dataset.tooLarge;
      input.setAttribute("aria-invalid", "true");
    } else if (note) {
      note.remove();
      input.removeAttribute("aria-invalid");
    }
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.type === "file" && target.dataset.maxBytes) {
      check(target);
    }
  });
})();
