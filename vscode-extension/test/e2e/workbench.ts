// Driving the VS Code workbench in the browser: views by name, their rows, the command
// palette, quick inputs and webview frames. Every wait has a timeout.

import type { Frame, Locator, Page } from 'playwright-core';

export const timeout = 30_000;

export class Workbench {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url, { waitUntil: 'domcontentloaded', timeout });
    await this.page.waitForSelector('.monaco-workbench .activitybar', { timeout: 60_000 });
  }

  async openContainer(title: string): Promise<void> {
    await this.page.locator(`.activitybar [aria-label^="${title}"]`).first().click({ timeout });
  }

  /** The pane of a view, found by its header's title. */
  view(name: string): Locator {
    return this.page.locator('.pane').filter({ has: this.page.locator(`.pane-header h3.title:text-is("${name}")`) });
  }

  /** What a view shows when it has no rows (package.json viewsWelcome). */
  welcome(view: string): Locator {
    return this.view(view).locator('.welcome-view-content');
  }

  /** A row of a view whose text contains `text` (expectRows or reveal scroll it into sight). */
  row(view: string, text: string): Locator {
    return this.view(view).locator('.monaco-list-row').filter({ hasText: text }).first();
  }

  /** The row of a view whose text starts with `label` (its label, then its description). */
  labelledRow(view: string, label: string): Locator {
    const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return this.view(view).locator('.monaco-list-row').filter({ hasText: new RegExp(`^${escaped}`) }).first();
  }

  /** Waits until the view shows a row containing each of `texts`, scrolling to rows below the fold. */
  async expectRows(view: string, texts: string[]): Promise<void> {
    for (const text of texts) await this.reveal(view, text);
  }

  /**
   * The row containing `text`, scrolled into the view. Lists draw only the rows in sight, so the
   * view is scrolled down, then back up, until it shows.
   */
  async reveal(view: string, text: string): Promise<Locator> {
    const row = this.row(view, text);
    const list = this.view(view).locator('.monaco-list').first();
    const deadline = Date.now() + timeout;
    let step = 120;
    let last = '';
    let scrolled = false;
    while (!(await row.isVisible())) {
      if (Date.now() > deadline) throw new Error(`${view} shows no row with "${text}" within ${timeout / 1000} s`);
      if (await list.isVisible()) {
        await list.hover({ timeout });
        await this.page.mouse.wheel(0, step);
        scrolled = true;
        await this.page.waitForTimeout(150);
        const shown = (await this.view(view).locator('.monaco-list-row').allInnerTexts()).join('\n');
        // At an end of the list: turn round.
        if (shown === last) step = -step;
        last = shown;
      } else {
        await this.page.waitForTimeout(250);
      }
    }
    // A click while the list still moves can land on the row beside.
    if (scrolled) await this.page.waitForTimeout(300);
    return row;
  }

  /** Every row of a view, top to bottom, scrolling through it (rows are drawn only in sight). */
  async allRows(view: string): Promise<string[]> {
    const list = this.view(view).locator('.monaco-list').first();
    const rows = new Map<number, string>();
    await list.hover({ timeout });
    await this.page.mouse.wheel(0, -100_000);
    for (let seen = -1; rows.size !== seen; ) {
      seen = rows.size;
      await this.page.waitForTimeout(150);
      for (const row of await this.view(view).locator('.monaco-list-row').all()) {
        rows.set(Number(await row.getAttribute('data-index')), await row.innerText());
      }
      await this.page.mouse.wheel(0, 120);
    }
    return [...rows].sort(([a], [b]) => a - b).map(([, text]) => text);
  }

  /** Clicks an inline action (by its title) on a row: hover first, as the actions show on hover. */
  async rowAction(view: string, text: string, action: string): Promise<void> {
    const row = this.row(view, text);
    await row.hover({ timeout });
    await row.locator(`.action-label[aria-label="${action}"]`).click({ timeout });
  }

  /**
   * Opens a row's context menu (right click) and clicks one of its items by title. On a loaded
   * machine the menu sometimes drops a click that comes soon after it opened, and stays open with
   * the item highlighted (and over the whole window, so nothing else can be hovered): Enter then
   * chooses the highlighted item.
   */
  async rowMenu(view: string, text: string, item: string): Promise<void> {
    await this.row(view, text).click({ button: 'right', timeout });
    const menu = this.page.locator('.monaco-menu').first();
    const entry = menu.locator('.action-item').filter({ hasText: item }).first();
    await entry.hover({ timeout });
    await entry.click({ timeout });
    try {
      await menu.waitFor({ state: 'hidden', timeout: 3_000 });
    } catch {
      console.log(`     (the context menu kept "${item}" open after the click: chosen with Enter)`);
      await entry.hover({ timeout });
      await this.page.keyboard.press('Enter');
      await menu.waitFor({ state: 'hidden', timeout });
    }
  }

  /** Clicks an action (by its title) in a view's header; hover first, as the actions show on hover. */
  async viewAction(view: string, action: string): Promise<void> {
    const header = this.view(view).locator('.pane-header');
    await header.hover({ timeout });
    await header.locator(`.action-label[aria-label="${action}"]`).click({ timeout });
  }

  /**
   * Runs a command from the palette by its full title ("Tessera: Commit"). Opened from the title
   * bar's command center, which works wherever the focus is; tried again when the palette closes
   * before it is used (a webview that takes the focus as it loads closes it).
   */
  async command(title: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    for (let attempt = 1; ; attempt++) {
      try {
        await this.page.locator('.command-center .command-center-center').first().click({ timeout });
        await widget.waitFor({ state: 'visible', timeout: 10_000 });
        await widget.locator('.quick-input-box input').fill(`>${title}`, { timeout: 10_000 });
        await widget.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first().waitFor({ timeout: 10_000 });
        break;
      } catch (error) {
        if (attempt === 3) throw error;
        await this.page.keyboard.press('Escape');
      }
    }
    await this.page.keyboard.press('Enter');
    await this.page.mouse.move(700, 900); // away from the command center's tooltip
  }

  /**
   * Answers the quick input that asks `question` (its prompt or placeholder) with `text`; when
   * `pick` is given, waits for that item to be listed before accepting.
   */
  async answer(text: string, question: string, pick?: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    const asked = widget.locator(`input[placeholder*="${question}"]`).or(widget.locator('.quick-input-message', { hasText: question }));
    await asked.first().waitFor({ state: 'visible', timeout });
    await widget.locator('.quick-input-box input').fill(text, { timeout });
    if (pick) await widget.locator('.quick-input-list .monaco-list-row').filter({ hasText: pick }).first().waitFor({ timeout });
    await this.page.keyboard.press('Enter');
    await asked.first().waitFor({ state: 'hidden', timeout });
  }

  /** The webview frame holding `selector` (webviews are nested iframes). */
  async webviewFrame(selector: string): Promise<Frame> {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      for (const frame of this.page.frames()) {
        if (await frame.locator(selector).count().catch(() => 0)) return frame;
      }
      await this.page.waitForTimeout(250);
    }
    throw new Error(`no webview shows ${selector} within ${timeout / 1000} s`);
  }
}
