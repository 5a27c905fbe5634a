/* Ask before a destructive form is sent: <form data-confirm="确定删除该指标？">.
   A static file, not an onsubmit attribute, so the Content-Security-Policy can forbid inline scripts. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();
