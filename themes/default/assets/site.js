// Citation previews appear on hover and keyboard focus (pure CSS). WCAG 1.4.13 asks that such content can be
// dismissed without moving the pointer or focus: Escape hides the open previews until the pointer or focus leaves.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  for (const cite of document.querySelectorAll(".cite:hover, .cite:focus-within")) cite.classList.add("dismissed");
});
for (const type of ["mouseleave", "focusout"]) {
  document.addEventListener(type, (event) => {
    if (event.target instanceof Element && event.target.matches(".cite")) event.target.classList.remove("dismissed");
  }, true);
}

// "Print the brief" and "Print the full record" links set the fragment that chooses what the page prints (the print
// stylesheet reads it), then open the print dialog; without JavaScript they set the fragment and the reader prints.
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("a[data-print]")) setTimeout(() => window.print(), 0);
});
