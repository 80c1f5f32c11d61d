import { UsageError } from './main.js';

export async function buildCommand(_args: string[]): Promise<number> {
  throw new UsageError('build is not implemented yet');
}
