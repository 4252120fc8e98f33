import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Every file under a folder, recursively, as paths relative to it, sorted (what a storage driver left behind). */
export async function filesUnder(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else out.push(path.slice(root.length + 1));
    }
  };
  await walk(root);
  return out.sort();
}
