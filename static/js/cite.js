// The Cite box's copy buttons (templates/articles/article_detail.html). Without JavaScript the
// buttons stay hidden and the citations are plain selectable text.
document.addEventListener("DOMContentLoaded", () => {
  if (!navigator.clipboard) return;
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.copy);
      try {
        await navigator.clipboard.writeText(source.dataset.text || source.textContent);
        button.textContent = "Copied";
      } catch {
        button.textContent = "Select the text to copy";
      }
      setTimeout(() => { button.textContent = label; }, 2000);
    });
  }
});
