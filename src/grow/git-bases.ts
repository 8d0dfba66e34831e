import { execa } from 'execa';
import { hashContent } from '../core/manifest.js';

/**
 * A project made by 0.1.0 records only the hash of each generated file. The files it first
 * wrote are in the project's git history (create makes the first commit): this finds, among
 * the blobs git ever stored at a recorded path, those whose sha256 the manifest records.
 * Without git or history, the map is empty and those files count as changed with no base.
 */
export async function basesFromGit(root: string, files: Record<string, string>): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const wanted = new Set(Object.values(files));
  const git = (args: string[], input?: string) =>
    execa('git', args, { cwd: root, reject: false, input, stripFinalNewline: false, encoding: input === undefined ? 'utf8' : 'buffer', maxBuffer: 1 << 30 });
  const prefix = await git(['rev-parse', '--show-prefix']);
  if (prefix.exitCode !== 0) return found;
  const inProject = String(prefix.stdout).trim();
  const objects = await git(['rev-list', '--all', '--objects']);
  if (objects.exitCode !== 0) return found;
  const blobs = new Set<string>();
  for (const line of String(objects.stdout).split('\n')) {
    const space = line.indexOf(' ');
    if (space < 0) continue;
    const path = line.slice(space + 1);
    if (path.startsWith(inProject) && Object.hasOwn(files, path.slice(inProject.length))) blobs.add(line.slice(0, space));
  }
  if (blobs.size === 0) return found;
  const batch = await git(['cat-file', '--batch'], `${[...blobs].join('\n')}\n`);
  if (batch.exitCode !== 0) return found;
  // Each answer is "<id> <type> <size>\n<content>\n".
  const out = batch.stdout as unknown as Uint8Array;
  const buffer = Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  for (let at = 0; at < buffer.length; ) {
    const headerEnd = buffer.indexOf(10, at);
    if (headerEnd < 0) break;
    const [, type, size] = buffer.subarray(at, headerEnd).toString('utf8').split(' ');
    const length = Number(size);
    if (type === undefined || Number.isNaN(length)) {
      at = headerEnd + 1;
      continue;
    }
    const text = buffer.subarray(headerEnd + 1, headerEnd + 1 + length).toString('utf8');
    const hash = hashContent(text);
    if (type === 'blob' && wanted.has(hash)) found.set(hash, text);
    at = headerEnd + 1 + length + 1;
  }
  return found;
}
