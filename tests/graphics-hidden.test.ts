/**
 * Images from hidden places and images that are not what their names say. `<graphic url="../.git/direct.png"/>`
 * published dist/web/images/.git/direct.png (a token inside): images follow xi:include's rule now (no hidden file
 * or folder, no node_modules, by the path written or where a link leads). A raster image whose bytes do not begin
 * as its format's (img/fake.png holding HTML) was published as it is: it is left out with a warning too.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { graphicsOf, rasterFormatOf } from '../src/load/graphics.js';
import { loadText } from '../src/load/source.js';
import { runCli } from './cli.js';

const root = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'graphics-hidden-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const PNG = readFileSync(join(root, 'tests/fixtures/hostile/graphics/images/seal.png'));
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0]);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([26, 0, 0, 0]), Buffer.from('WEBPVP8L'), Buffer.alloc(14)]);
// An ftyp box whose major brand is mif1 and whose compatible brands name avif.
const AVIF = Buffer.concat([Buffer.from([0, 0, 0, 28]), Buffer.from('ftypmif1'), Buffer.from([0, 0, 0, 0]), Buffer.from('mif1avifmiaf'), Buffer.alloc(8)]);
const HTML = Buffer.from('<html><script>alert(document.domain)</script></html>');

describe('images from hidden places, and images that are not their format', () => {
  it('are left out with a warning; ordinary images of every format are kept', async () => {
    const p = join(work, 'unit');
    for (const d of ['tei', 'img', '.git', '.hidden', 'node_modules/pkg']) mkdirSync(join(p, d), { recursive: true });
    const files: Record<string, Buffer> = {
      '.git/direct.png': PNG, '.hidden/h.png': PNG, 'img/.dot.png': PNG, '.env.png': PNG, 'node_modules/pkg/i.png': PNG,
      'img/fake.png': HTML, 'img/photo.png': JPEG, 'img/empty.gif': Buffer.alloc(0),
      'img/ok.png': PNG, 'img/ok.jpg': JPEG, 'img/ok.jpeg': JPEG, 'img/ok.gif': GIF, 'img/ok.webp': WEBP, 'img/ok.avif': AVIF,
    };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(p, name), bytes);
    symlinkSync('../.hidden/h.png', join(p, 'img/x.png'));
    const urls = ['../.git/direct.png', '../.hidden/h.png', '../img/.dot.png', '../.env.png', '../node_modules/pkg/i.png', '../img/x.png', '../img/fake.png', '../img/photo.png', '../img/empty.gif', '../img/ok.png', '../img/ok.jpg', '../img/ok.jpeg', '../img/ok.gif', '../img/ok.webp', '../img/ok.avif', '../img/./../.git/direct.png'];
    const text = `<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>\n${urls.map((u) => `<p><graphic url="${u}"/></p>`).join('\n')}\n</body></text></TEI>`;
    const g = await graphicsOf(loadText(join(p, 'tei', 'letter.xml'), text).source!, p);
    expect(g.findings.map((d) => `${d.line} ${d.rule} ${d.message.replace(/^<graphic url="[^"]*">: /, '').replace(/; the image is left out of the web edition$/, '')}`)).toEqual([
      '2 graphic-hidden the file lies in a hidden file or folder (.git), which is not part of the edition',
      '3 graphic-hidden the file lies in a hidden file or folder (.hidden), which is not part of the edition',
      '4 graphic-hidden the file lies in a hidden file or folder (.dot.png), which is not part of the edition',
      '5 graphic-hidden the file lies in a hidden file or folder (.env.png), which is not part of the edition',
      '6 graphic-hidden the file lies in node_modules, which is not part of the edition',
      // A link of an ordinary name that leads into a hidden folder.
      '7 graphic-hidden the file lies in a hidden file or folder (.hidden), which is not part of the edition',
      '8 graphic-type its name says PNG, but its bytes do not begin as an image\'s',
      '9 graphic-type its name says PNG, but its bytes are a JPEG image\'s',
      '10 graphic-type its name says GIF, but its bytes do not begin as an image\'s',
      '17 graphic-hidden the file lies in a hidden file or folder (.git), which is not part of the edition',
    ]);
    expect([...g.files.keys()].sort()).toEqual(['web/images/img/ok.avif', 'web/images/img/ok.gif', 'web/images/img/ok.jpeg', 'web/images/img/ok.jpg', 'web/images/img/ok.png', 'web/images/img/ok.webp']);
    expect(rasterFormatOf(new Uint8Array(PNG.subarray(0, 7)))).toBeUndefined();
  });

  it('a build publishes none of them (the tester\'s case: .git/direct.png with a token)', async () => {
    const p = join(work, 'build');
    cpSync(join(root, 'tests/fixtures/hostile/graphics'), join(p, 'tei'), { recursive: true });
    mkdirSync(join(p, '.git'));
    writeFileSync(join(p, '.git/direct.png'), Buffer.concat([PNG, Buffer.from('ghp_secretToken')]));
    writeFileSync(join(p, 'tei/images/fake.png'), HTML);
    const file = join(p, 'tei/letter.xml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('<body>', '<body><p><graphic url="../.git/direct.png"/><graphic url="images/fake.png"/></p>'));
    const r = await runCli(p, 'build', '--no-schema', '--no-rules', '--no-xref', '--only', 'web');
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/tei\/letter\.xml:\d+:\d+ warning graphic-hidden <graphic url="\.\.\/\.git\/direct\.png">/);
    expect(r.stdout).toMatch(/tei\/letter\.xml:\d+:\d+ warning graphic-type <graphic url="images\/fake\.png">: its name says PNG/);
    expect(existsSync(join(p, 'dist/web/images/.git'))).toBe(false);
    expect(existsSync(join(p, 'dist/web/images/tei/images/fake.png'))).toBe(false);
    expect(existsSync(join(p, 'dist/web/images/tei/images/seal.png'))).toBe(true);
  });
});
