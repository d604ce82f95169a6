// Tiny DOM helpers shared by the page's modules.

/** The element matching `sel`; a missing element is a bug in index.html, so it throws. */
export function $<T extends HTMLElement = HTMLElement>(sel: string): T {
  const el = document.querySelector(sel);
  if (el === null) throw new Error(`viewer: missing element ${sel}`);
  return el as T;
}

/** Shows problems in the error box (hides it when there are none). */
export function showErrors(problems: readonly string[]): void {
  const box = $('#errors');
  box.hidden = problems.length === 0;
  box.replaceChildren(...problems.map((p) => {
    const el = document.createElement('p');
    el.textContent = p;
    return el;
  }));
}
