/*
 * The header's notification bell, live (lms.live protocol), in plain JavaScript: the
 * element with data-notifications-socket="/ws/..." and data-cursor="<cursor id>" holds the
 * bell and the cursor.
 *
 * - On open (and every reconnect, with growing, jittered delays) sends
 *   {"type": "resume", "after": N}, N being the data-seq of the cursor element: the server
 *   sends the current bell if the inbox changed since, then pushes every change.
 * - Each message holds elements with ids (the bell, the cursor): they replace the page's.
 * - A socket the server closed on purpose (4403: no access) is not reopened.
 * - The element carries data-bell-state="open" or "closed".
 * Without JavaScript the bell is a plain link whose count is right on each page load.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-notifications-socket]");
  if (!root || !window.WebSocket) {
    return;
  }
  var path = root.getAttribute("data-notifications-socket");
  var delay = 1000;

  function cursor() {
    var c = document.getElementById(root.getAttribute("data-cursor") || "notifications-cursor");
    var seq = c ? parseInt(c.getAttribute("data-seq") || "0", 10) : 0;
    return isNaN(seq) ? 0 : seq;
  }

  function apply(text) {
    var template = document.createElement("template");
    template.innerHTML = text;
    Array.prototype.slice.call(template.content.children).forEach(function (fresh) {
      var current = fresh.id ? document.getElementById(fresh.id) : null;
      if (current) {
        fresh.removeAttribute("hx-swap-oob");
        current.replaceWith(fresh);
      }
    });
  }

  function open() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + path);
    socket.onopen = function () {
      delay = 1000;
      root.setAttribute("data-bell-state", "open");
      socket.send(JSON.stringify({ type: "resume", after: cursor() }));
    };
    socket.onmessage = function (evt) {
      apply(evt.data);
    };
    socket.onclose = function (evt) {
      root.setAttribute("data-bell-state", "closed");
      if (evt.code === 4403) {
        return;
      }
      window.setTimeout(open, delay * (0.5 + Math.random()));
      delay = Math.min(delay * 2, 30000);
    };
  }

  open();
})();
