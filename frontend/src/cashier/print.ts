// Print local HTML (the offline receipt) through a hidden iframe.

function printFrame(setup: (frame: HTMLIFrameElement) => void): void {
  const frame = document.createElement("iframe");
  frame.setAttribute("aria-hidden", "true");
  frame.style.position = "fixed";
  frame.style.right = "0";
  frame.style.bottom = "0";
  frame.style.width = "0";
  frame.style.height = "0";
  frame.style.border = "0";
  frame.onload = () => {
    try {
      frame.contentWindow?.focus();
      frame.contentWindow?.print();
    } finally {
      // Keep it a while: some browsers print asynchronously from the frame.
      window.setTimeout(() => frame.remove(), 60_000);
    }
  };
  setup(frame);
  document.body.appendChild(frame);
}

/** Print a small HTML document (the offline receipt). */
export function printHtml(html: string): void {
  printFrame((frame) => (frame.srcdoc = html));
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}
