// A form that takes a few seconds (generating a report) says so and cannot be sent twice.
document.addEventListener("submit", function (event) {
  var button = event.target.querySelector("button[data-busy]");
  if (!button) return;
  if (button.disabled) { event.preventDefault(); return; }
  button.disabled = true;
  button.textContent = button.getAttribute("data-busy");
  button.classList.add("busy");
});
