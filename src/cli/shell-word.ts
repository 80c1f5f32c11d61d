/**
 * A path as one word of a command line the toolkit suggests and the editor
 * copies ("my letters" was `cd my letters`, which cd refuses): quoted when
 * it holds anything but letters, digits and . _ / + - (in single quotes for
 * a POSIX shell and PowerShell, double quotes for Windows' cmd, which knows
 * no others).
 */
export function shellWord(path: string, platform: NodeJS.Platform = process.platform): string {
  if (/^[A-Za-z0-9._/+-]+$/.test(path)) return path;
  return platform === 'win32' ? `"${path}"` : `'${path.replaceAll("'", "'\\''")}'`;
}
