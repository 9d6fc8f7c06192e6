// README.md is for users and stays under 15 KB: figures go to docs/benchmarks.md, decisions to
// docs/design/. Run by scripts/test-all.sh as a check, so a README past the limit fails CI.
import { statSync } from 'node:fs';

const LIMIT_BYTES = 15_000;
const path = process.argv[2] ?? 'README.md';
const bytes = statSync(path).size;
const fmt = (n) => n.toLocaleString('en-US');
if (bytes > LIMIT_BYTES) {
  console.error(
    `${path} is ${fmt(bytes)} bytes, over the ${fmt(LIMIT_BYTES)}-byte limit: ` +
      'move figures to docs/benchmarks.md and design notes to docs/design/, keep a link.',
  );
  process.exit(1);
}
console.log(`${path}: ${fmt(bytes)} bytes (limit ${fmt(LIMIT_BYTES)})`);
