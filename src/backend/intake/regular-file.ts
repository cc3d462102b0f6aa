import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { err, ok } from '../../shared/result';
import type { Result } from '../../shared/result';
import { visibleText } from '../../shared/visible-text';

/** What a path that is not a regular file is, in words. */
function whatItIs(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Reads a path only when it is a regular file of at most `maxBytes`, checked on the open file before
 * a byte is read: a named pipe would block the reader forever, `/dev/zero` would grow memory
 * without end, and a file too large is refused without loading it. The file is opened without
 * blocking (a FIFO with no writer would otherwise hang in `open`), then judged by `fstat` of that
 * very descriptor, so it cannot be swapped between the check and the read.
 */
export function readRegularFile(path: string, maxBytes: number): Result<Buffer> {
  const shown = visibleText(path);
  let fd: number;
  try {
    // O_NONBLOCK does not exist on Windows, where there are no FIFOs to open by path either.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return err('DOCUMENT.NOT_FOUND', `${shown} does not exist.`);
    if (code === 'EISDIR') return err('DOCUMENT.NOT_A_FILE', `${shown} is a folder, not a file; name the files in it.`);
    return err('DOCUMENT.NOT_FOUND', `${shown} cannot be opened (${code ?? (error instanceof Error ? error.message : String(error))}).`);
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return err('DOCUMENT.NOT_A_FILE', `${shown} is ${whatItIs(info)}, not a regular file; only files are read.`);
    if (info.size > maxBytes) {
      return err('DOCUMENT.TOO_LARGE', `${shown} is ${(info.size / 2 ** 20).toFixed(1)} MB; files up to ${(maxBytes / 2 ** 20).toFixed(0)} MB are accepted.`);
    }
    // Read what the size said, no more: a file still being written is read as it was when opened.
    const buffer = Buffer.alloc(info.size);
    let at = 0;
    while (at < info.size) {
      const n = readSync(fd, buffer, at, info.size - at, at);
      if (n === 0) break;
      at += n;
    }
    return ok(at === info.size ? buffer : buffer.subarray(0, at));
  } catch (error) {
    return err('DOCUMENT.NOT_FOUND', `${shown} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  } finally {
    closeSync(fd);
  }
}
