#!/usr/bin/env node
/**
 * The `zkvault` command: `zkvault vectors [--suite NAME] [--json] [--slow]`,
 * `zkvault vault verify <path>`,
 * `zkvault --help`, `zkvault --version`. Bad flags print the usage and exit 2.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

const USAGE = `usage: zkvault <command> [options]

commands:
  vectors [--suite NAME] [--json] [--slow]   check every shipped test vector (RFC, Wycheproof, Insomnia, ours)
  vault verify <path>                        check a vault file and print counts (never contents);
                                             with ZKVAULT_VAULT_PASSPHRASE set, authenticate every record
options:
  --help, -h       this text
  --version, -v    print the version`;

/**
 * The package root: the nearest folder above this file with a package.json. dist/cli.js sits one
 * level below it, a bundle of scripts/run-ts.mjs (.tmp/run-ts/main-XXXXXX/main.mjs) three.
 */
function packageRoot(): URL {
  let dir = new URL('../', import.meta.url);
  while (!existsSync(new URL('package.json', dir))) {
    const up = new URL('../', dir);
    if (up.href === dir.href) return new URL('../', import.meta.url); // the file system's root: none found
    dir = up;
  }
  return dir;
}

const ROOT = packageRoot();

function version(): string {
  return (JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { version: string }).version;
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        suite: { type: 'string' },
        json: { type: 'boolean' },
        slow: { type: 'boolean' },
      },
    });
  } catch (e) {
    process.stderr.write(`zkvault: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (command === 'vectors' && rest.length === 0) {
    const json = values.json ?? false;
    // Loaded here, not at the top: --help, --version and usage errors then start without the whole
    // library (about 170 ms less CPU per call).
    const { runVectors } = await import('./vectors.js');
    return runVectors({
      ...(values.suite === undefined ? {} : { suite: values.suite }),
      json,
      slow: values.slow ?? false,
      readText: (file) => readFile(new URL(file, new URL('vectors/', ROOT)), 'utf8'),
      out: (l) => process.stdout.write(`${l}\n`),
      progress: (l) => {
        if (!json) process.stderr.write(`${l}\n`);
      },
    });
  }
  // The demo needs the reference server, an example: the published CLI does not ship it (docs/decisions.md).
  if (command === 'demo') {
    process.stderr.write('zkvault: the demo is not part of the package; in a clone of the repository run `npm run demo` (examples/demo/main.ts)\n');
    return 2;
  }
  if (command === 'vault' && rest[0] === 'verify' && rest.length === 2 && values.suite === undefined) {
    const { runVaultVerify } = await import('./vault-verify.js');
    return runVaultVerify(rest[1]!, process.env['ZKVAULT_VAULT_PASSPHRASE'], (l) => process.stdout.write(`${l}\n`));
  }
  process.stderr.write(`${command === undefined ? 'zkvault: missing command' : `zkvault: unknown command "${positionals.join(' ')}"`}\n${USAGE}\n`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
