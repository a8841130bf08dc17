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
 * - A "... is writing" notice goes when that person's message arrives, or 4 s after their
 *   last typing event.
 * - The socket's element carries data-live-state="open" or "closed"; the page's
 *   "Reload to see new messages" notices (data-live-fallback) show only while it is closed.
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

  function setFallback(visible) {
    document.querySelectorAll("[data-live-fallback]").forEach(function (el) {
      el.hidden = !visible;
    });
  }

  function stopTyping(userId) {
    var typing = document.getElementById("typing");
    if (!typing) {
      return;
    }
    typing.querySelectorAll("[data-typing-user]").forEach(function (el) {
      if (userId === null || el.getAttribute("data-typing-user") === userId) {
        el.remove();
      }
    });
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
        setFallback(false);
      } else if (name === "htmx:wsClose") {
        socket = null;
        evt.target.setAttribute("data-live-state", "closed");
        setFallback(true);
      } else if (name === "htmx:wsAfterMessage") {
        var message = evt.detail && evt.detail.message;
        if (typeof message === "string" && message.indexOf("data-typing-user") !== -1) {
          clearTimeout(typingTimer);
          typingTimer = setTimeout(function () { stopTyping(null); }, 4000);
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
      template.content.querySelectorAll("[data-author]").forEach(function (message) {
        stopTyping(message.getAttribute("data-author"));  // their message is here
      });
      template.content.querySelectorAll("[data-live-new]").forEach(function (wrapper) {
        if (document.getElementById(wrapper.getAttribute("data-live-new"))) {
          wrapper.remove();
        }
      });
      return template.innerHTML;
    },
  });
})();
