// The settings the server reads, built from VS Code's `nianbao.*` configuration. The same object is sent
// as `initializationOptions` and, on every change, with `workspace/didChangeConfiguration` under a
// `nianbao` key. Editor-only settings (`server.path`, `trace.server`) are left out.

import * as vscode from 'vscode';

export interface ServerSettings {
  language: string;
  year: number | null;
  format: string;
  severity: Record<string, string>;
  diagnostics: { delayMs: number };
}

export function serverSettings(): ServerSettings {
  const c = vscode.workspace.getConfiguration('nianbao');
  const year = c.get<number | null>('year', null);
  return {
    language: c.get<string>('language', 'auto'),
    year: typeof year === 'number' && Number.isFinite(year) ? Math.trunc(year) : null,
    format: c.get<string>('format', 'auto'),
    // A plain copy: the configuration object is a proxy that does not serialise as such.
    severity: { ...c.get<Record<string, string>>('severity', {}) },
    diagnostics: { delayMs: Math.max(0, Math.trunc(c.get<number>('diagnostics.delayMs', 0))) },
  };
}
