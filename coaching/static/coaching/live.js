/*
 * Live coaching pages (lms.live protocol) on top of htmx's ws extension:
 * hx-ext="ws,coachinglive" with data-cursor naming the cursor element.
 *
 * - On open (and every reconnect) sends {"type": "resume", "after": N}, N being the
 *   data-seq of the cursor element: the server replays what is newer, then pushes.
 * - A fragment marked data-live-new="ID" is dropped when the page already has ID
 *   (e.g. the sender's own message came back through htmx first): never shown twice.
 * - On a thread page (data-presence) it then sends {"type": "here"}: the others see
 *   "your coach is here" (not stored).
 * - While the message box is being written in, sends {"type": "typing"} (at most every 2 s).
 * - A "is writing" notice is cleared after 4 s.
 * - The socket's element carries data-live-state="open" or "closed".
 */
(function () {
  "use strict";

  var socket = null;
  var typedAt = 0;
  var typingTimer = null;

  function cursor(el) {
    var id = (el && el.getAttribute("data-cursor")) || "live-cursor";
    var c = document.getElementById(id);
    var seq = c ? parseInt(c.getAttribute("data-seq") || "0", 10) : 0;
    return isNaN(seq) ? 0 : seq;
  }

  document.addEventListener("input", function (evt) {
    if (!socket || !evt.target || evt.target.name !== "body") {
      return;
    }
    var now = Date.now();
    if (now - typedAt > 2000) {
      typedAt = now;
      try { socket.send(JSON.stringify({ type: "typing" })); } catch (e) { /* closed */ }
    }
  });

  htmx.defineExtension("coachinglive", {
    onEvent: function (name, evt) {
      if (name === "htmx:wsOpen") {
        socket = evt.detail.socketWrapper;
        socket.send(JSON.stringify({ type: "resume", after: cursor(evt.target) }));
        if (evt.target.hasAttribute("data-presence")) {
          socket.send(JSON.stringify({ type: "here" }));
        }
        evt.target.setAttribute("data-live-state", "open");
      } else if (name === "htmx:wsClose") {
        socket = null;
        evt.target.setAttribute("data-live-state", "closed");
      } else if (name === "htmx:wsAfterMessage") {
        var typing = document.getElementById("typing");
        if (typing && typing.getAttribute("data-typing") === "on") {
          clearTimeout(typingTimer);
          typingTimer = setTimeout(function () {
            typing.textContent = "";
            typing.removeAttribute("data-typing");
          }, 4000);
        }
      }
      return true;
    },
    transformResponse: function (text) {
      if (text.indexOf("data-live-new") === -1) {
        return text;
      }
      var template = document.createElement("template");
      template.innerHTML = text;
      template.content.querySelectorAll("[data-live-new]").forEach(function (wrapper) {
        if (document.getElementById(wrapper.getAttribute("data-live-new"))) {
          wrapper.remove();
        }
      });
      return template.innerHTML;
    },
  });
})();
