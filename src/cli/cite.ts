import { UsageError } from './main.js';

// Replaced by the citations work (issue 5); until then the command says so.
export async function citeCommand(_args: string[]): Promise<number> {
  throw new UsageError('cite is not implemented yet');
}
