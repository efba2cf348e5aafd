// The nianbao extension: it starts `nianbao server`, hands it plain-text, Markdown and nianbao-report
// documents, and keeps the server's settings in step with VS Code's. All analysis is done by the server.

import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { resolveServer, ServerBinary } from './server';
import { serverSettings } from './settings';

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
// Restarts are serialised so that two quick clicks never start two servers.
let pending: Promise<void> = Promise.resolve();

/** The languages the server is given; it ignores documents that are not reports. */
const LANGUAGES = ['plaintext', 'markdown', 'nianbao-report'];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('nianbao', { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('nianbao.restartServer', () => restart(context)),
    vscode.commands.registerCommand('nianbao.showOutput', () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('nianbao.server.path')) {
        // A different binary needs a new process.
        void restart(context);
      } else if (e.affectsConfiguration('nianbao')) {
        void sendSettings();
      }
    }),
  );
  await restart(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}

/** Stops the running client (if any) and starts a new one with the binary the settings name now. */
function restart(context: vscode.ExtensionContext): Promise<void> {
  pending = pending.then(async () => {
    try {
      await stop();
      await start(context);
    } catch (e) {
      // A failed restart must not block the next one.
      output.appendLine(`nianbao: restarting the server failed: ${String(e)}`);
    }
  });
  return pending;
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const server = await resolveServer(context, output);
  if (!server.ok) {
    output.appendLine(server.detail);
    // Not awaited: the notification stays until the user answers, and a restart must not wait for it.
    void notifyUnusable(server.detail);
    return;
  }
  output.appendLine(`nianbao: using ${server.path} (${server.version}, ${server.source})`);
  client = createClient(server);
  try {
    await client.start();
  } catch (e) {
    output.appendLine(`nianbao: the server did not start: ${String(e)}`);
    void vscode.window.showErrorMessage(
      `nianbao 服务无法启动：${String(e)} / The nianbao server did not start: ${String(e)}`,
    );
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop(5000);
    } catch (e) {
      output.appendLine(`nianbao: stopping the server failed: ${String(e)}`);
    }
    await c.dispose().catch(() => undefined);
  }
}

function createClient(server: Extract<ServerBinary, { ok: true }>): LanguageClient {
  const run = {
    command: server.path,
    args: ['server'],
    // The server logs to stderr at the level of NIANBAO_LOG (default warn); it shows in the output.
    transport: TransportKind.stdio,
  };
  const serverOptions: ServerOptions = { run, debug: run };
  const documentSelector = LANGUAGES.flatMap((language) => [
    { scheme: 'file', language },
    { scheme: 'untitled', language },
  ]);
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    initializationOptions: serverSettings(),
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
  };
  // The id `nianbao` makes the client read `nianbao.trace.server` by itself.
  return new LanguageClient('nianbao', 'nianbao', serverOptions, clientOptions);
}

/** Pushes the current `nianbao` settings to the running server; they apply without a restart. */
async function sendSettings(): Promise<void> {
  const c = client;
  if (!c || !c.isRunning()) {
    return;
  }
  const settings = serverSettings();
  output.appendLine(`nianbao: settings changed: ${JSON.stringify(settings)}`);
  try {
    await c.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { nianbao: settings },
    });
  } catch (e) {
    output.appendLine(`nianbao: sending the settings failed: ${String(e)}`);
  }
}

async function notifyUnusable(detail: string): Promise<void> {
  const openSettings = '打开设置 / Open Settings';
  const showOutput = '查看输出 / Show Output';
  const choice = await vscode.window.showErrorMessage(
    '未找到可用的 nianbao 程序：请在设置 “nianbao.server.path” 中填写 nianbao 可执行文件的路径' +
      '（可从源码用 cargo build --release -p nianbao 构建），或安装内置该程序的对应平台扩展包（.vsix）。' +
      ' / No usable nianbao binary: set “nianbao.server.path” to the nianbao executable (built with ' +
      'cargo build --release -p nianbao), or install the .vsix for your platform, which bundles it. ' +
      detail,
    openSettings,
    showOutput,
  );
  if (choice === openSettings) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'nianbao.server.path');
  } else if (choice === showOutput) {
    output.show(true);
  }
}
