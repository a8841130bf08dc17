/*
 * The header's notification bell, live (lms.live protocol) on top of htmx's ws extension:
 * hx-ext="ws,notificationslive" on the element carrying ws-connect and data-cursor.
 *
 * - On open (and every reconnect) sends {"type": "resume", "after": N}, N being the
 *   data-seq of the cursor element: the server sends the current bell if it changed since.
 * - Pushed bells replace the header's bell out of band (hx-swap-oob), with a new cursor.
 * - The socket's element carries data-bell-state="open" or "closed" (not data-live-state:
 * that names the page's own live stream).
 * Without JavaScript the bell is a plain link whose count is right on each page load.
 */
(function () {
  "use strict";

  function cursor(el) {
    var id = (el && el.getAttribute("data-cursor")) || "notifications-cursor";
    var c = document.getElementById(id);
    var seq = c ? parseInt(c.getAttribute("data-seq") || "0", 10) : 0;
    return isNaN(seq) ? 0 : seq;
  }

  htmx.defineExtension("notificationslive", {
    onEvent: function (name, evt) {
      if (name === "htmx:wsOpen") {
        evt.detail.socketWrapper.send(JSON.stringify({ type: "resume", after: cursor(evt.target) }));
        evt.target.setAttribute("data-bell-state", "open");
      } else if (name === "htmx:wsClose") {
        evt.target.setAttribute("data-bell-state", "closed");
      }
      return true;
    },
  });
})();
