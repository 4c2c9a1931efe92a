// gradviz step player: the play / pause button and the speed menu of both pages (the viewer's
// backward stepper and the training replay), inlined before the page's own script. The page
// says where the steps are: whether the last is shown, how to go back to the first, how to
// show the next.
(function (root) {
  "use strict";
  /// Plays steps at the speed menu's interval (milliseconds) until the last, from the first
  /// again when started at the last. `button` toggles; changing `speed` while playing restarts
  /// the timer at the new interval.
  function Player(button, speed, steps) {
    let timer = null;
    function pause() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      button.textContent = "▶ play";
      button.setAttribute("aria-pressed", "false");
    }
    function play() {
      if (steps.atEnd()) steps.restart();
      button.textContent = "❚❚ pause";
      button.setAttribute("aria-pressed", "true");
      timer = setInterval(function () {
        if (steps.atEnd()) { pause(); return; }
        steps.advance();
      }, Number(speed.value));
    }
    function toggle() { if (timer !== null) pause(); else play(); }
    button.addEventListener("click", toggle);
    speed.addEventListener("change", function () { if (timer !== null) { pause(); play(); } });
    return { play: play, pause: pause, toggle: toggle, isPlaying: function () { return timer !== null; } };
  }
  root.GradvizPlayer = Player;
})(typeof window !== "undefined" ? window : globalThis);
