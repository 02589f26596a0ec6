/* Draw every Plotly figure on the page.
 * A template emits the figure with {{ fig|json_script:"fig-id" }} and a container
 * <div class="chart" data-figure="fig-id"></div>; this script draws it (again after htmx swaps). */
(function () {
  function draw(root) {
    (root || document).querySelectorAll("[data-figure]").forEach(function (el) {
      if (el.dataset.drawn) return;
      var source = document.getElementById(el.dataset.figure);
      if (!source || !window.Plotly) return;
      var fig = JSON.parse(source.textContent);
      var config = Object.assign({responsive: true, displaylogo: false,
        toImageButtonOptions: {format: "png", filename: el.dataset.figure, scale: 2}}, fig.config || {});
      Plotly.newPlot(el, fig.data, fig.layout || {}, config);
      el.dataset.drawn = "1";
      el.dispatchEvent(new CustomEvent("qualitas:chart-drawn", {bubbles: true}));
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSwap", function (e) { draw(e.target); });
  window.qualitasDrawCharts = draw;
})();
