// Builds the platform .vsix: builds the release `nianbao` binary with cargo (a no-op when it is up to
// date), copies it to server/, and runs `vsce package --target <platform>` (which type-checks and bundles
// the extension through `vscode:prepublish`).
//
// Environment: NIANBAO_BIN=<path> bundles that binary instead of building one; NIANBAO_TARGET overrides the
// VS Code platform target (default: this machine's, e.g. linux-x64).

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const repo = path.resolve(here, '..', '..');
const exe = process.platform === 'win32' ? 'nianbao.exe' : 'nianbao';
const target = process.env.NIANBAO_TARGET || `${process.platform}-${process.arch}`;

function run(cmd, args, cwd) {
  console.log(`package: ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { cwd, stdio: 'inherit' });
}

let binary = process.env.NIANBAO_BIN;
if (!binary) {
  binary = path.join(repo, 'target', 'release', exe);
  run('cargo', ['build', '--release', '-p', 'nianbao', '--locked'], repo);
}
if (!fs.existsSync(binary)) {
  console.error(`package: ${binary} does not exist`);
  process.exit(1);
}
fs.rmSync(path.join(here, 'server'), { recursive: true, force: true });
fs.mkdirSync(path.join(here, 'server'));
const dest = path.join(here, 'server', exe);
fs.copyFileSync(binary, dest);
fs.chmodSync(dest, 0o755);

const pkg = JSON.parse(fs.readFileSync(path.join(here, 'package.json'), 'utf8'));
const out = path.join(here, `${pkg.name}-${target}-${pkg.version}.vsix`);
const vsce = path.join(here, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
run(vsce, ['package', '--target', target, '--no-dependencies', '--out', out], here);
console.log(`package: wrote ${out}`);
