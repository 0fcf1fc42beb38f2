// Scenario picker keyboard: number keys pick a tile, arrow keys move between tiles,
// "n" goes to the next requirement. Without this script the tiles are plain buttons.
(function () {
  function tiles() { return Array.from(document.querySelectorAll(".tiles .tile")); }
  function typing(event) {
    var el = event.target;
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
  }
  function columns(list) {
    if (list.length < 2) return 1;
    var top = list[0].offsetTop, n = 0;
    while (n < list.length && list[n].offsetTop === top) n++;
    return Math.max(n, 1);
  }
  document.addEventListener("keydown", function (event) {
    if (typing(event) || event.altKey || event.ctrlKey || event.metaKey) return;
    var list = tiles();
    if (event.key >= "1" && event.key <= "9" && list.length) {
      var tile = list[Number(event.key) - 1];
      if (tile) { event.preventDefault(); tile.click(); }
      return;
    }
    if (event.key === "n" || event.key === "N") {
      var next = document.getElementById("next-requirement");
      if (next) { event.preventDefault(); next.click(); }
      return;
    }
    var moves = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns(list), ArrowUp: -columns(list) };
    if (!(event.key in moves) || !list.length) return;
    var at = list.indexOf(document.activeElement);
    var to = at < 0 ? 0 : Math.min(Math.max(at + moves[event.key], 0), list.length - 1);
    event.preventDefault();
    list[to].focus();
  });
  // After a pick, focus the feedback's "Next" link so Enter moves on; on a new
  // requirement, focus the first tile so the arrow keys work at once.
  function settle() {
    var next = document.getElementById("next-requirement");
    if (next) { next.focus(); return; }
    var list = tiles();
    if (list.length && document.activeElement === document.body) list[0].focus({ preventScroll: true });
  }
  document.addEventListener("DOMContentLoaded", settle);
  document.addEventListener("htmx:afterSettle", settle);
})();
