// Progressive enhancement: a "Copy" button for read-only citation boxes.
document.querySelectorAll(".copy-button").forEach(function (button) {
  var target = document.getElementById(button.dataset.copyTarget);
  var status = button.parentElement.querySelector(".copy-status");
  if (!target || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(target.value).then(
      function () { status.textContent = "Citation copied."; },
      function () { target.select(); status.textContent = "Select the text and copy it."; }
    );
  });
});
