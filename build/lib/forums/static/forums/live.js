/*
 * Live pages (lms.live protocol) on top of htmx's ws extension: hx-ext="ws,live".
 *
 * - When the socket opens (and after every reconnect) it sends
 *   {"type": "resume", "after": N}, N being the data-seq of #live-cursor (the last item
 *   this page has): the server replays what is newer, then pushes.
 * - A fragment marked data-live-new="item-N" appends a new item; if this page already has
 *   it (e.g. its own post came back through htmx first) it replaces it instead.
 * - A fragment that deletes an item (hx-swap-oob="delete") is dropped when this page does
 *   not show that item (a topic new to this page, a post on another page): htmx would log
 *   htmx:oobErrorNoTarget for it.
 * - A socket the server closed on purpose (4403: no access) is not reopened.
 * - The socket's element carries data-live-state="open" or "closed".
 * - After an action on a post (helpful, accept, delete, moderate), focus stays on its button
 *   (htmx refocuses the element with the same id); when that button is gone, it moves to the
 *   post, or to the list of posts when the post is gone too. A pushed fragment that replaces
 *   the focused control gives focus to its replacement.
 */
(function () {
  "use strict";

  function cursor() {
    var el = document.getElementById("live-cursor");
    var seq = el ? parseInt(el.getAttribute("data-seq") || "0", 10) : 0;
    return isNaN(seq) ? 0 : seq;
  }

  var focusedId = "";

  function focusable(el) {
    if (el && !el.hasAttribute("tabindex")) {
      el.setAttribute("tabindex", "-1");
    }
    return el;
  }

  document.addEventListener("htmx:afterRequest", function (evt) {
    var active = document.activeElement;
    if (active && active !== document.body) {
      return;  // focus is still on a control (or its swapped-in replacement)
    }
    var target = evt.detail && evt.detail.target;
    var id = target && target.id;
    if (!id || id.indexOf("post-") !== 0) {
      return;
    }
    var landing = document.getElementById(id) || focusable(document.getElementById("posts"));
    if (landing) {
      landing.focus({ preventScroll: true });
    }
  });

  htmx.defineExtension("live", {
    onEvent: function (name, evt) {
      if (name === "htmx:wsOpen") {
        evt.detail.socketWrapper.send(JSON.stringify({ type: "resume", after: cursor() }));
        evt.target.setAttribute("data-live-state", "open");
      } else if (name === "htmx:wsClose") {
        evt.target.setAttribute("data-live-state", "closed");
      } else if (name === "htmx:wsBeforeMessage") {
        var active = document.activeElement;
        focusedId = active && active !== document.body ? active.id : "";
      } else if (name === "htmx:wsAfterMessage") {
        // A pushed post replaced the one holding focus: focus its replacement, as htmx
        // does for its own swaps.
        var again = focusedId && document.getElementById(focusedId);
        if (again && document.activeElement !== again && !again.contains(document.activeElement)) {
          again.focus({ preventScroll: true });
        }
        focusedId = "";
      }
      return true;
    },
    transformResponse: function (text) {
      if (text.indexOf("data-live-new") === -1 && text.indexOf('hx-swap-oob="delete"') === -1) {
        return text;
      }
      var template = document.createElement("template");
      template.innerHTML = text;
      template.content.querySelectorAll('[hx-swap-oob="delete"][id]').forEach(function (gone) {
        if (!document.getElementById(gone.id)) {
          gone.remove();
        }
      });
      template.content.querySelectorAll("[data-live-new]").forEach(function (wrapper) {
        if (!document.getElementById(wrapper.getAttribute("data-live-new"))) {
          return;
        }
        var article = wrapper.querySelector("article[id]");
        if (article) {
          article.setAttribute("hx-swap-oob", "true");
          wrapper.replaceWith(article);
        } else {
          wrapper.remove();
        }
      });
      return template.innerHTML;
    },
  });
})();
