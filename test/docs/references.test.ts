// Every reference the docs make resolves: repository paths (`src/…`, `test/…`, `docs/…`, …) and
// numbered or named sections of `docs/*.md` cited in the comments of src/ and in docs/*.md and
// README.md, and the relative Markdown links of those pages (file and #anchor).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const TOP = ['src', 'test', 'docs', 'examples', 'scripts', 'vectors', 'bench', 'stryker'];
/** Build outputs, not in the repository. */
const GENERATED = ['docs/api'];

function walk(dir: string, ext: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    return statSync(join(root, rel)).isDirectory() ? walk(rel, ext) : rel.endsWith(ext) ? [rel] : [];
  });
}

/** The comment text of a TypeScript file (block and line comments). */
export function commentsOf(source: string): string {
  return (source.match(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g) ?? []).map((c) => c.replace(/^\s*\*\s?/gm, ' ')).join('\n');
}

/** Repository paths cited in `text` (not inside URLs or package names). */
export function citedPaths(text: string): string[] {
  // A path followed by `*`, `<` or `{` is a pattern (`vectors/zkvault-*.json`), not a file.
  const re = new RegExp(`(?<![\\w/.@:-])((?:${TOP.join('|')})/[\\w./-]*\\w)(?![\\w./-]*[*<{])`, 'g');
  return [...text.matchAll(re)].map((m) => m[1]!).filter((p) => !GENERATED.some((g) => p === g || p.startsWith(`${g}/`)));
}

/** `docs/x.md` numbered sections ("section 3", "sections 2, 5 and 6", "section 5 of docs/x.md") and quoted section names cited in `text`. */
export function citedSections(text: string): { doc: string; section: string }[] {
  const flat = text.replace(/\s+/g, ' ');
  const out: { doc: string; section: string }[] = [];
  const nums = (list: string): string[] => list.split(/, | and /).map((n) => n.trim());
  for (const m of flat.matchAll(/\b(docs\/[\w-]+\.md),? sections? (\d+(?:(?:, | and )\d+)*)/g)) {
    for (const n of nums(m[2]!)) out.push({ doc: m[1]!, section: n });
  }
  for (const m of flat.matchAll(/\bsections? (\d+(?:(?:, | and )\d+)*) of (docs\/[\w-]+\.md)/g)) {
    for (const n of nums(m[1]!)) out.push({ doc: m[2]!, section: n });
  }
  for (const m of flat.matchAll(/\b(docs\/[\w-]+\.md)(?:\)|,|:)? (?:section )?"([^"]+)"/g)) out.push({ doc: m[1]!, section: m[2]! });
  return out;
}

/** The headings of a Markdown file, without the leading #s. */
function headings(doc: string): string[] {
  return [...readFileSync(join(root, doc), 'utf8').matchAll(/^#{1,6} +(.+?)\s*$/gm)].map((m) => m[1]!);
}

/** GitHub's anchor for a heading. */
function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/** @returns whether `doc` has the section: "3" matches "## 3. SRP"; a name matches a heading that starts with it. */
export function hasSection(doc: string, section: string): boolean {
  return headings(doc).some((h) => (/^\d+$/.test(section) ? h.startsWith(`${section}.`) : h.replace(/`/g, '').startsWith(section.replace(/`/g, ''))));
}

const sources = [
  ...walk('src', '.ts').map((f) => ({ file: f, text: commentsOf(readFileSync(join(root, f), 'utf8')) })),
  ...['README.md', ...walk('docs', '.md')].map((f) => ({ file: f, text: readFileSync(join(root, f), 'utf8') })),
];

describe('doc references', () => {
  it('finds references to check', () => {
    expect(sources.flatMap((s) => citedPaths(s.text)).length).toBeGreaterThan(50);
    expect(sources.flatMap((s) => citedSections(s.text)).length).toBeGreaterThan(20);
  });

  it('every cited repository path exists', () => {
    const missing = sources.flatMap(({ file, text }) => citedPaths(text).filter((p) => !existsSync(join(root, p))).map((p) => `${file}: ${p}`));
    expect([...new Set(missing)]).toEqual([]);
  });

  it('every Markdown file cited by bare name in src/ comments is in the repository root or docs/', () => {
    const missing = sources
      .filter((s) => s.file.startsWith('src/'))
      .flatMap(({ file, text }) => [...text.matchAll(/(?<![\w/.-])([A-Za-z][\w-]*\.md)\b/g)].map((m) => [file, m[1]!] as const))
      .filter(([, md]) => !existsSync(join(root, md)) && !existsSync(join(root, 'docs', md)))
      .map(([file, md]) => `${file}: ${md}`);
    expect([...new Set(missing)]).toEqual([]);
  });

  it('every cited docs/*.md section exists', () => {
    const missing = sources.flatMap(({ file, text }) =>
      citedSections(text)
        .filter(({ doc, section }) => !existsSync(join(root, doc)) || !hasSection(doc, section))
        .map(({ doc, section }) => `${file}: ${doc} "${section}"`),
    );
    expect([...new Set(missing)]).toEqual([]);
  });

  it('every relative Markdown link of README.md and docs/*.md resolves, anchors included', () => {
    const missing: string[] = [];
    for (const { file, text } of sources.filter((s) => s.file.endsWith('.md'))) {
      for (const m of text.matchAll(/\]\(((?![a-z]+:)[^)#\s]*)(#[^)\s]*)?\)/g)) {
        const target = m[1] === '' ? file : relative(root, join(root, dirname(file), m[1]!));
        if (!existsSync(join(root, target))) missing.push(`${file}: ${m[1]}`);
        else if (m[2] !== undefined && target.endsWith('.md') && !headings(target).map(slug).includes(m[2].slice(1))) missing.push(`${file}: ${m[1]}${m[2]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('the reference parsers', () => {
  it('read the citation forms the repository uses', () => {
    expect(citedSections('(docs/architecture.md sections 2, 5 and 6) and section 4 of docs/hpke.md; docs/protocol.md, "Identity"')).toEqual([
      { doc: 'docs/architecture.md', section: '2' },
      { doc: 'docs/architecture.md', section: '5' },
      { doc: 'docs/architecture.md', section: '6' },
      { doc: 'docs/hpke.md', section: '4' },
      { doc: 'docs/protocol.md', section: 'Identity' },
    ]);
    expect(citedPaths('see src/errors.ts. https://x.org/src/no.ts @noble/hashes/src/x.js test/helpers/backends.ts vectors/zkvault-*.json src/backend/node/<family>.ts')).toEqual([
      'src/errors.ts',
      'test/helpers/backends.ts',
    ]);
    expect(hasSection('docs/architecture.md', '3')).toBe(true);
    expect(hasSection('docs/architecture.md', '42')).toBe(false);
  });
});
