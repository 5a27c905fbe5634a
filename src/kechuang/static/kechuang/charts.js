/* Draw every chart on the page from its option, which the server renders with json_script.
   <div class="chart" data-option="ID"></div> + <script id="ID" type="application/json">…</script>
   ECharts is served from the project's own static files (vendor/echarts), never from a CDN.
   Every chart gets a 保存图片 button (ECharts' saveAsImage, a PNG named after the chart's label). */
(function () {
  "use strict";
  function draw() {
    if (typeof echarts === "undefined") { return; }
    var nodes = document.querySelectorAll("[data-option]");
    Array.prototype.forEach.call(nodes, function (node) {
      var source = document.getElementById(node.getAttribute("data-option"));
      if (!source) { return; }
      var chart = echarts.init(node, null, { renderer: "canvas" });
      var option = JSON.parse(source.textContent);
      option.backgroundColor = option.backgroundColor || "#ffffff";  // a PNG with a white, not clear, ground
      if (!option.toolbox) {
        option.toolbox = {
          right: 8,
          feature: {
            saveAsImage: {
              title: "保存图片",
              name: node.getAttribute("aria-label") || "图表",
              type: "png",
              pixelRatio: 2
            }
          }
        };
      }
      chart.setOption(option);
      node.setAttribute("data-rendered", "true");
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
