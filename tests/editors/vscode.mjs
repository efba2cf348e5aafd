// Drives code-server (started by vscode.sh with the nianbao .vsix installed) in Debian's chromium
// through playwright-core: seed 002 opens and the Problems panel lists its diagnostics with their Chinese
// messages (as many as `nianbao check` finds), squiggled; on the example report the hover of a wrong
// total and the completion of a deleted row are shown (the README's screenshots); a *.nianbao.txt file
// gets the nianbao-report language; a settings change switches the messages to English without a
// restart; the restart and show-output commands work; an unusable nianbao.server.path is reported in a
// notification and clearing it brings the bundled server back. Every step waits for a condition with a
// timeout; nothing sleeps for a fixed time.
// Environment: CS_URL (the server), CS_WS (the workspace folder), CS_RUN (where the screenshots and the
// user settings are), CS_EXPECTED_002 (how many diagnostics `nianbao check` finds in seed 002).

import { chromium } from 'playwright-core';
import * as fs from 'node:fs';
import * as path from 'node:path';

const url = must('CS_URL');
const ws = must('CS_WS');
const run = must('CS_RUN');
const shots = path.join(run, 'screenshots');
const settingsFile = path.join(run, 'user', 'User', 'settings.json');

const REPORT = 'report-002.txt';
const EXAMPLE = 'example-report-2021.txt';
const NIANBAO_FILE = '年报.nianbao.txt';
const expected002 = Number(must('CS_EXPECTED_002'));
const TOTAL_ZH = '（五）2.重复申请·总计 应为 2（自然人、法人或其他组织各列之和';
const TYPO_ZH = '行名称“政处罚”与年度报告格式不一致，应为“行政处罚”';
const TYPO_EN = 'row label “1.属于国家密秘” differs from the format; it should be “1.属于国家秘密”';
const HEADING_ZH = '标题“二、行政机关主动公开政府信息情况”使用了较长的表述';

function must(name) {
  const v = process.env[name];
  if (!v) {
    throw new Error(`${name} is not set`);
  }
  return v;
}

let step = 'start';
function say(line) {
  console.log(`[vscode] ${line}`);
}
async function check(what, fn) {
  step = what;
  const t0 = Date.now();
  await fn();
  say(`ok   ${what} (${Date.now() - t0} ms)`);
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
page.setDefaultTimeout(30000);
const consoleErrors = [];
page.on('console', (m) => {
  if (m.type() === 'error') {
    consoleErrors.push(m.text());
  }
});

async function shot(name) {
  await page.screenshot({ path: path.join(shots, name) });
  say(`screenshot ${path.join(shots, name)}`);
}

const editor = page.locator('.editor-instance .monaco-editor').first();
const problems = page.locator('.markers-panel');

/** Moves the cursor to a 1-based line (Ctrl+G) and waits until the status bar shows it. */
async function gotoLine(line) {
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await page
    .locator('#status\\.editor\\.selection')
    .filter({ hasText: new RegExp(`Ln ${line}, Col 1\\b`) })
    .waitFor();
}

/** Opens a file of the workspace from the Explorer and waits for its editor. */
async function openFile(name) {
  await check(`${name} opens from the Explorer`, async () => {
    const row = page.locator('.explorer-folders-view .monaco-list-row').filter({ hasText: name });
    await row.first().waitFor({ timeout: 60000 });
    await row.first().click();
    await page.locator('.tabs-container .tab.active').filter({ hasText: name }).first().waitFor();
    await editor.locator('.view-lines').waitFor();
  });
}

/** Runs a command by its title through the command palette. */
async function runCommand(title) {
  await editor.locator('.view-lines').click();
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Changes the user settings as a user does: settings.json opened from the palette, edited, saved. */
async function editSettings(change) {
  const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
  change(settings);
  await runCommand('Preferences: Open User Settings (JSON)');
  await page.locator('.tabs-container .tab.active').filter({ hasText: 'settings.json' }).first().waitFor();
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+A');
  // One line, so that no newline is auto-indented; the test profile turns auto-closing off.
  const text = JSON.stringify(settings);
  await page.keyboard.insertText(text);
  await page.keyboard.press('Control+S');
  await waitFor(() => {
    try {
      return JSON.stringify(JSON.parse(fs.readFileSync(settingsFile, 'utf8'))) === text;
    } catch {
      return false;
    }
  }, 'settings.json saved');
}

/** Polls a condition every 100 ms until it holds, or fails after `ms`. */
async function waitFor(cond, what, ms = 30000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** How often `needle` occurs in the nianbao output channel's log files. */
function countInLog(needle) {
  let n = 0;
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        walk(p);
      } else if (e.name === 'nianbao.log') {
        n += fs.readFileSync(p, 'utf8').split(needle).length - 1;
      }
    }
  };
  walk(path.join(run, 'user', 'logs'));
  return n;
}

try {
  await check('the workbench loads', async () => {
    await page.goto(`${url}/?folder=${encodeURIComponent(ws)}`, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  });

  await openFile(REPORT);

  await check('the Problems panel lists the Chinese diagnostics of the seed', async () => {
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+Shift+M');
    await problems.getByText(TYPO_ZH).first().waitFor({ timeout: 60000 });
    await problems.getByText(HEADING_ZH, { exact: false }).first().waitFor();
    const text = await problems.innerText();
    for (const part of ['nianbao', 'label-typo', '[Ln 78, Col 1]', 'heading-variant', '[Ln 34, Col 3]']) {
      if (!text.includes(part)) {
        throw new Error(`the Problems panel lacks ${part}:\n${text}`);
      }
    }
  });

  await check(`the Problems badge counts the ${expected002} diagnostics nianbao check finds`, async () => {
    const badge = page
      .locator('.action-item')
      .filter({ hasText: /problems/i })
      .locator('.badge-content')
      .first();
    await badge.filter({ hasText: new RegExp(`^${expected002}$`) }).waitFor();
  });

  await check('the label typo is underlined (line 78)', async () => {
    await gotoLine(78);
    await editor.locator('.squiggly-warning').first().waitFor();
  });
  await shot('vscode-seed-002.png');

  // The README's pictures: the example report, whose pipe tables show squiggles and inlay hints.
  await openFile(EXAMPLE);
  await check('the example report gets its errors (Problems panel)', async () => {
    await problems.getByText(TOTAL_ZH).first().waitFor({ timeout: 60000 });
  });
  await check('error squiggles show in table 三', async () => {
    // From line 1, Ctrl+G centres line 46: table 三 from its first rows to （七）总计 is in view.
    await gotoLine(46);
    await editor.locator('.squiggly-error').first().waitFor();
    await editor.locator('.view-line').filter({ hasText: /^2\.重复申请/ }).first().waitFor();
  });
  await shot('vscode-diagnostics.png');

  await check('hovering the wrong cell (line 49) shows the value that repairs the table', async () => {
    const line = editor.locator('.view-line').filter({ hasText: /^2\.重复申请/ }).first();
    const lineBox = await line.boundingBox();
    const squiggles = editor.locator('.squiggly-error');
    let target = null;
    for (let i = 0; i < (await squiggles.count()); i++) {
      const box = await squiggles.nth(i).boundingBox();
      if (box && lineBox && Math.abs(box.y + box.height / 2 - (lineBox.y + lineBox.height / 2)) < lineBox.height) {
        target = box;
      }
    }
    if (!target) {
      throw new Error('no error squiggle on the line of 2.重复申请');
    }
    await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2 - 4);
    await page.locator('.monaco-hover').filter({ hasText: '应为 2' }).first().waitFor({ state: 'visible' });
  });
  await shot('vscode-hover.png');

  await check('completion offers the deleted row 3.要求提供公开出版物 first (line 50)', async () => {
    await page.keyboard.press('Escape');
    await gotoLine(50);
    await page.keyboard.press('Control+Shift+K');
    await editor.locator('.view-line').filter({ hasText: /^4\.无正当理由/ }).first().waitFor();
    await gotoLine(49);
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+Space');
    const first = page.locator('.suggest-widget.visible .monaco-list-row[data-index="0"]');
    await first.filter({ hasText: '3.要求提供公开出版物' }).waitFor({ state: 'visible' });
    // A second Ctrl+Space opens the details of the selected item (its table, columns and basis);
    // they start closed in the fresh profile.
    const details = page.locator('.suggest-details-container .suggest-details');
    await page.keyboard.press('Control+Space');
    await details.filter({ hasText: '表三' }).first().waitFor({ state: 'visible' });
  });
  await shot('vscode-completion.png');
  await page.keyboard.press('Escape');

  await openFile(NIANBAO_FILE);
  await check(`${NIANBAO_FILE} gets the nianbao-report language and its diagnostics`, async () => {
    await page.locator('#status\\.editor\\.mode').filter({ hasText: 'Annual disclosure report (nianbao)' }).waitFor();
    // The other files' problems (with their related places) fill the panel: show this file's only, then
    // all again (the panel's filter box is shared with the output view).
    const filter = page.getByPlaceholder(/^Filter \(e\.g\./).first();
    await filter.fill(`**/${NIANBAO_FILE}`);
    await problems.locator('.monaco-list-row').filter({ hasText: NIANBAO_FILE }).first().waitFor();
    await problems.getByText(TOTAL_ZH).first().waitFor();
    await filter.fill('');
  });

  await check('a settings change switches the messages to English without a restart', async () => {
    await editSettings((settings) => {
      settings['nianbao.language'] = 'en';
    });
    await problems.getByText(TYPO_EN).first().waitFor({ timeout: 30000 });
  });

  await check('nianbao.restartServer starts a new server, which publishes again', async () => {
    await runCommand('Restart the nianbao server');
    await waitFor(() => countInLog('nianbao: using') >= 2, 'a second "nianbao: using" line in the log');
    await problems.getByText(TYPO_EN).first().waitFor({ timeout: 30000 });
  });

  await check('an unusable nianbao.server.path is reported in a notification', async () => {
    await editSettings((settings) => {
      settings['nianbao.server.path'] = '/nonexistent/nianbao';
    });
    const toast = page.locator('.notifications-toasts .notification-toast').filter({ hasText: 'nianbao.server.path' });
    await toast.filter({ hasText: '未找到可用的 nianbao 程序' }).first().waitFor();
    await toast.filter({ hasText: 'No usable nianbao binary' }).first().waitFor();
  });
  await shot('vscode-no-binary.png');

  await check('clearing nianbao.server.path brings the bundled server back', async () => {
    const before = countInLog('nianbao: using');
    await editSettings((settings) => {
      delete settings['nianbao.server.path'];
    });
    await waitFor(() => countInLog('nianbao: using') > before, 'another "nianbao: using" line in the log');
    await problems.getByText(TYPO_EN).first().waitFor({ timeout: 30000 });
  });

  await check('nianbao.showOutput shows the nianbao output', async () => {
    await runCommand('Show the nianbao output');
    await page.locator('.output-view, .panel .output').getByText('nianbao: using').first().waitFor();
  });
} catch (e) {
  say(`FAIL ${step}: ${e instanceof Error ? e.stack : String(e)}`);
  await shot('failure.png').catch(() => undefined);
  if (consoleErrors.length) {
    say(`browser console errors:\n  ${consoleErrors.slice(-10).join('\n  ')}`);
  }
  await browser.close();
  process.exit(1);
}
await browser.close();
say('PASS');
