import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.(ts|mjs|js)$/.test(e.name) ? [join(dir, e.name)] : []));
}

/** The package a bare specifier names: `@scope/name/sub` → `@scope/name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

/** Every package the toolkit loads at run time: static imports, dynamic imports and require() in src/, bin/ and scripts/. */
function runtimeImports(): Map<string, string> {
  const found = new Map<string, string>();
  const files = [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'bin')), ...sourceFiles(join(root, 'scripts'))];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)['"]([^'".][^'"]*)['"]/g)) {
      const spec = m[1] as string;
      if (spec.startsWith('node:') || builtinModules.includes(spec) || !/^(@[a-z0-9._-]+\/)?[a-z0-9._-]+(\/[\w./-]*)?$/.test(spec)) continue;
      found.set(packageOf(spec), file);
    }
  }
  return found;
}

describe('package.json', () => {
  it('lists every package the toolkit loads at run time under dependencies', () => {
    const imports = runtimeImports();
    expect(imports.size).toBeGreaterThan(3); // saxon-js, xmllint-wasm, typst, fast-xml-parser at least
    for (const [name, file] of imports) expect(pkg.dependencies[name], `${name} (imported by ${file})`).toBeDefined();
  });

  it('keeps test-only packages (citation-js, citeproc and what they pull in) out of dependencies', () => {
    const imports = runtimeImports();
    for (const name of Object.keys(pkg.dependencies)) expect(imports.has(name) || name === 'xslt3', `${name} is in dependencies but nothing at run time loads it`).toBe(true);
    expect(Object.keys(pkg.dependencies).filter((n) => n.startsWith('@citation-js/'))).toEqual([]);
    expect(Object.keys(pkg.devDependencies).filter((n) => n.startsWith('@citation-js/')).length).toBe(4);
  });

  it('keeps package-lock.json in step with package.json', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dependencies?: Record<string, string>; devDependencies?: Record<string, string>; dev?: boolean }> };
    expect(lock.packages['']?.dependencies).toEqual(pkg.dependencies);
    expect(lock.packages['']?.devDependencies).toEqual(pkg.devDependencies);
    for (const name of Object.keys(pkg.devDependencies).filter((n) => n.startsWith('@citation-js/'))) expect(lock.packages[`node_modules/${name}`]?.dev).toBe(true);
  });
});
