// The composer's live check: number every request to the check panel and never let an answer
// that arrives late replace a newer one. The server echoes the number (X-Check-Seq); typing is
// debounced by the panel's hx-trigger ("input delay:400ms") and a new request aborts the one in
// flight (hx-sync), but the fix and adapt buttons send their own requests, so the number decides.
(function () {
  "use strict";
  let sent = 0;
  let shown = 0;

  function isCheck(detail) {
    const path = (detail && (detail.path || (detail.requestConfig && detail.requestConfig.path))) || "";
    return /\/check\/$/.test(path);
  }

  document.addEventListener("htmx:configRequest", function (event) {
    if (!isCheck(event.detail)) return;
    sent += 1;
    event.detail.parameters.seq = String(sent);
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    const xhr = event.detail.xhr;
    const seq = parseInt((xhr && xhr.getResponseHeader("X-Check-Seq")) || "", 10);
    if (Number.isNaN(seq)) return;
    if (seq < shown) {
      event.detail.shouldSwap = false; // a newer answer is already on screen
      return;
    }
    shown = seq;
  });

  window.carepostCheckSeq = function () {
    return { sent: sent, shown: shown };
  };
})();
