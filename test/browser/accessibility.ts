/**
 * Accessibility basics checked in the browser, on whatever page is open:
 * - every form control has an accessible name (a label, aria-label or aria-labelledby);
 * - every visible control can be reached with the Tab key;
 * - text contrast against its background is at least 4.5:1 (WCAG 2.x AA for body text;
 *   3:1 for large text, 24 px, or 18.66 px bold), in whichever theme the page shows.
 */
import type { Page } from "playwright-core";

export interface AccessibilityReport {
  unlabelled: string[];
  unreachable: string[];
  lowContrast: string[];
}

/** Runs in the page: the three checks, each as a list of offending elements. */
function audit(): { unlabelled: string[]; controls: string[]; lowContrast: string[] } {
  const describe = (el: Element) => {
    const text = (el.getAttribute("aria-label") ?? el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${text ? ` "${text}"` : ""}`;
  };
  const visible = (el: Element) => {
    const box = (el as HTMLElement).getBoundingClientRect();
    const style = getComputedStyle(el);
    // A closed <details> hides all but its summary (Chromium still lays the rest out).
    const closed = el.closest("details:not([open])");
    const folded = closed !== null && el.closest("summary")?.parentElement !== closed;
    return !folded && box.width > 0 && box.height > 0 && style.visibility !== "hidden" && style.display !== "none";
  };
  const controls = [...document.querySelectorAll("a[href], button, input, select, textarea, summary, audio[controls], [tabindex]:not([tabindex='-1'])")].filter(
    (el) => visible(el) && !(el as HTMLButtonElement).disabled && !el.closest("[inert]") && !el.closest(".u-wrap"),
  );
  const unlabelled = [...document.querySelectorAll("input:not([type=hidden]), select, textarea")]
    .filter((el) => {
      const input = el as HTMLInputElement;
      if (input.labels && input.labels.length > 0) return false;
      if (el.getAttribute("aria-label")?.trim()) return false;
      const by = el.getAttribute("aria-labelledby");
      return !(by && by.split(/\s+/).every((id) => document.getElementById(id)?.textContent?.trim()));
    })
    .map(describe);

  // sRGB relative luminance and contrast ratio, as WCAG 2.x defines them.
  const parse = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
  const luminance = ([r, g, b]: number[]) => {
    const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const background = (el: Element | null): number[] => {
    for (let e = el; e; e = e.parentElement) {
      const rgba = parse(getComputedStyle(e).backgroundColor);
      if (rgba.length >= 3 && (rgba.length === 3 || rgba[3] > 0.5)) return rgba.slice(0, 3);
    }
    return parse(getComputedStyle(document.body).backgroundColor).slice(0, 3);
  };
  const lowContrast: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set<Element>();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || seen.has(el) || !node.textContent?.trim() || !visible(el) || el.closest(".katex, .u-wrap, svg, .cm-editor")) continue;
    seen.add(el);
    const style = getComputedStyle(el);
    const fg = parse(style.color);
    const alpha = (fg[3] ?? 1) * Number(style.opacity);
    if (alpha < 0.5) continue;
    const [l1, l2] = [luminance(fg), luminance(background(el))].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) lowContrast.push(`${describe(el)}: ${ratio.toFixed(2)}:1`);
  }
  return { unlabelled, controls: controls.map(describe), lowContrast };
}

/** Tabs through the page and returns what never took the focus. */
async function unreachableByTab(page: Page, controls: string[]): Promise<string[]> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.locator("body").focus();
  const reached = new Set<string>();
  for (let i = 0; i < controls.length + 30; i++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const text = (el.getAttribute("aria-label") ?? el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${text ? ` "${text}"` : ""}`;
    });
    if (focused) reached.add(focused);
    if (controls.every((c) => reached.has(c))) break;
  }
  return controls.filter((c) => !reached.has(c));
}

/** The accessibility basics of the page as it is now. */
export async function checkAccessibility(page: Page): Promise<AccessibilityReport> {
  const found = await page.evaluate(audit);
  return { unlabelled: found.unlabelled, unreachable: await unreachableByTab(page, found.controls), lowContrast: found.lowContrast };
}
