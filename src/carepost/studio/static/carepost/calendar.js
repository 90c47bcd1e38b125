// Drag a scheduled post to another day: POST the new date through htmx (same service as the form).
document.addEventListener("DOMContentLoaded", () => {
  let dragged = null;
  document.querySelectorAll(".cal-post[draggable=true]").forEach((el) => {
    el.addEventListener("dragstart", (e) => { dragged = el; e.dataTransfer.setData("text/plain", el.dataset.reschedule); });
  });
  document.querySelectorAll("td.day").forEach((cell) => {
    cell.addEventListener("dragover", (e) => { if (dragged) { e.preventDefault(); cell.classList.add("drop"); } });
    cell.addEventListener("dragleave", () => cell.classList.remove("drop"));
    cell.addEventListener("drop", (e) => {
      e.preventDefault(); cell.classList.remove("drop");
      if (!dragged || !dragged.dataset.reschedule) return;
      htmx.ajax("POST", dragged.dataset.reschedule, { values: { date: cell.dataset.date }, target: "#flash", swap: "innerHTML" });
      dragged = null;
    });
  });
});
