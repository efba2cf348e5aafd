// Finding the `nianbao` binary: the `nianbao.server.path` setting, else the binary bundled in the
// extension (`server/nianbao`), else `nianbao` on the PATH. A candidate is usable when it runs and
// answers `--version`.

import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

export type ServerBinary =
  | { ok: true; path: string; version: string; source: 'setting' | 'bundled' | 'PATH' }
  | { ok: false; detail: string };

const EXE = process.platform === 'win32' ? 'nianbao.exe' : 'nianbao';

export async function resolveServer(
  context: vscode.ExtensionContext,
  output: vscode.OutputChannel,
): Promise<ServerBinary> {
  const configured = vscode.workspace.getConfiguration('nianbao').get<string>('server.path', '').trim();
  if (configured) {
    // An explicit setting is never silently replaced by another binary.
    const p = expand(configured);
    const version = await probe(p, output);
    return version.ok
      ? { ok: true, path: p, version: version.text, source: 'setting' }
      : { ok: false, detail: `nianbao.server.path = ${configured}: ${version.text}` };
  }

  const bundled = context.asAbsolutePath(path.join('server', EXE));
  const reasons: string[] = [];
  if (fs.existsSync(bundled)) {
    makeExecutable(bundled, output);
    const version = await probe(bundled, output);
    if (version.ok) {
      return { ok: true, path: bundled, version: version.text, source: 'bundled' };
    }
    reasons.push(`${bundled}: ${version.text}`);
  } else {
    reasons.push(`${bundled}: not bundled in this package`);
  }

  const onPath = findOnPath(EXE);
  if (onPath) {
    const version = await probe(onPath, output);
    if (version.ok) {
      return { ok: true, path: onPath, version: version.text, source: 'PATH' };
    }
    reasons.push(`${onPath}: ${version.text}`);
  } else {
    reasons.push(`${EXE}: not on the PATH`);
  }
  return { ok: false, detail: `(${reasons.join('; ')})` };
}

/** Expands `~` and `${workspaceFolder}`, and resolves a relative path against the first workspace folder. */
function expand(p: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  let out = p.replace(/^~(?=$|[\\/])/, os.homedir());
  if (folder) {
    out = out.replace(/\$\{workspaceFolder\}/g, folder);
  }
  if (!path.isAbsolute(out) && folder && /[\\/]/.test(out)) {
    out = path.resolve(folder, out);
  } else if (!path.isAbsolute(out)) {
    // A bare name such as `nianbao` is looked up on the PATH.
    out = findOnPath(out) ?? out;
  }
  return out;
}

/** Some unzip paths lose the executable bit of the bundled binary; it is restored here. */
function makeExecutable(p: string, output: vscode.OutputChannel): void {
  if (process.platform === 'win32') {
    return;
  }
  try {
    fs.accessSync(p, fs.constants.X_OK);
  } catch {
    try {
      fs.chmodSync(p, 0o755);
    } catch (e) {
      output.appendLine(`nianbao: cannot make ${p} executable: ${String(e)}`);
    }
  }
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) {
      continue;
    }
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) {
        return candidate;
      }
    } catch {
      // Not here; try the next folder.
    }
  }
  return undefined;
}

/** Runs `<p> --version`; the answer is the version line, or why the binary is not usable. */
function probe(p: string, output: vscode.OutputChannel): Promise<{ ok: boolean; text: string }> {
  return new Promise((resolve) => {
    execFile(p, ['--version'], { timeout: 10000 }, (err, stdout, stderr) => {
      if (err) {
        const text = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(err.message);
        output.appendLine(`nianbao: ${p} --version failed: ${text} ${stderr}`.trim());
        resolve({ ok: false, text });
      } else {
        resolve({ ok: true, text: stdout.trim() });
      }
    });
  });
}
